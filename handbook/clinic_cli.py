"""``handbook clinic show|set|export|import``: IT sets the clinic's details once for everyone."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbook import paths
from handbook.clinicprofile import Resolved, apply_user_choice, is_default, resolve
from handbook.emergency import environment_region
from handbook.sitefile import (
    FIELDS,
    SPECS,
    SiteFile,
    check_logo,
    check_value,
    logo_inside,
    read_site,
    site_json,
    write_site,
)
from handbook.userdata import Settings
from handbook.userfiles import atomic_write

if TYPE_CHECKING:
    import argparse

USER_LOGO_STEM = "clinic-logo"
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


class ClinicCommandError(Exception):
    """Bad input or a file that cannot be written; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def register_clinic(sub: Any) -> None:
    keys = ", ".join(spec.key for spec in FIELDS)
    clinic = sub.add_parser(
        "clinic",
        help="the clinic's details printed on handouts (a site file for every user)",
        description=f"Fields: {keys}. The site file is {paths.site_file()}.",
    )
    actions = clinic.add_subparsers(dest="clinic_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="what handouts print, and where each value comes from")
    show.add_argument("--json", action="store_true", help="print JSON")
    change = actions.add_parser("set", help="set fields: FIELD=VALUE … (the site file by default)")
    change.add_argument("pairs", nargs="*", metavar="FIELD=VALUE")
    change.add_argument("--user", action="store_true", help="your own settings, not the site's")
    change.add_argument("--lock", nargs="+", default=[], metavar="FIELD", help="lock fields")
    change.add_argument("--unlock", nargs="+", default=[], metavar="FIELD", help="unlock fields")
    change.add_argument("--managed-by", metavar="TEXT", help="who users should ask (site file)")
    export = actions.add_parser("export", help="write the details as a site file to copy")
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    load = actions.add_parser("import", help="install a site file (or --user: take its values)")
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--user", action="store_true", help="into your own settings only")


def cmd_clinic(args: argparse.Namespace) -> int:
    commands = {"show": _show, "set": _set, "export": _export, "import": _import}
    try:
        return commands[args.clinic_action](args)
    except ClinicCommandError as exc:
        print(f"handbook clinic: {exc}", file=sys.stderr)
        return exc.code


def _resolved() -> tuple[Settings, Resolved]:
    settings = Settings.load()
    resolved = resolve(settings, read_site(), environment_region())
    resolved.problems[:0] = settings.problems
    return settings, resolved


def _show(args: argparse.Namespace) -> int:
    _settings, resolved = _resolved()
    site = resolved.site
    if args.json:
        data = {
            "site_file": str(site.path),
            "site_file_exists": site.exists,
            "managed_by": site.managed_by,
            "locked": sorted(site.locked),
            "fields": {
                key: {"value": resolved.raw[key], "source": resolved.sources[key]} for key in SPECS
            },
            "printed_emergency_number": resolved.profile.emergency_number,
            "problems": resolved.problems,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    state = "" if site.exists else " (none there)"
    print(f"Site file: {site.path}{state}")
    if site.managed_by:
        print(f"Managed by: {site.managed_by}")
    for spec in FIELDS:
        value = resolved.raw[spec.key]
        shown = json.dumps(value) if not isinstance(value, str) else value.replace("\n", " / ")
        if spec.key == "emergency_number" and not value:
            shown = f"(for this computer's country: {resolved.profile.emergency_number})"
        print(f"  {spec.key:<20} {shown or '-':<40} [{resolved.sources[spec.key]}]")
    for problem in resolved.problems:
        print(f"problem: {problem}")
    return 0


def parse_pairs(pairs: list[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` pairs checked like the site file; raises ClinicCommandError."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, equals, text = pair.partition("=")
        spec = SPECS.get(key.strip())
        if not equals or spec is None:
            known = ", ".join(SPECS)
            raise ClinicCommandError(f"{pair!r} is not FIELD=VALUE with a field among {known}")
        value: Any = text.strip()
        if spec.kind == "bool":
            if value.lower() not in _TRUE + _FALSE:
                raise ClinicCommandError(f"{spec.key} must be true or false, not {value!r}")
            value = value.lower() in _TRUE
        if spec.kind == "address":
            value = value.replace("\\n", "\n")
        problem = None if spec.kind == "logo" else check_value(spec, value)
        if problem:
            raise ClinicCommandError(f"{spec.label} ({spec.key}) {problem}")
        values[spec.key] = value
    return values


def _logo_source(value: str) -> Path | None:
    if not value:
        return None
    source = Path(value).expanduser()
    try:
        check_logo(source)
    except ValueError as exc:
        raise ClinicCommandError(str(exc)) from None
    return source


def _write_site(site: SiteFile, logo: Path | None) -> None:
    try:
        write_site(site.path, site, logo)
    except OSError as exc:
        raise ClinicCommandError(
            f"cannot write {site.path} ({exc.strerror or exc}): run this with the rights to "
            "change the installation, or use --user for your own settings",
            1,
        ) from None


def _save_user(settings: Settings, site: SiteFile, values: dict[str, Any]) -> None:
    locked = [key for key in values if key in site.locked]
    if locked:
        who = site.managed_by or "IT"
        raise ClinicCommandError(
            f"{', '.join(locked)} locked by the site file {site.path} (set by {who})"
        )
    source = _logo_source(values["logo"]) if values.get("logo") else None
    if source is not None:
        folder = paths.user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        values["logo"] = f"{USER_LOGO_STEM}{source.suffix.lower()}"
        shutil.copyfile(source, folder / values["logo"])
    apply_user_choice(settings, site, values)
    try:
        settings.save()
    except OSError as exc:
        raise ClinicCommandError(f"your settings could not be saved ({exc})", 1) from None


def _set(args: argparse.Namespace) -> int:
    values = parse_pairs(args.pairs)
    for key in args.lock + args.unlock:
        if key not in SPECS:
            raise ClinicCommandError(f"cannot lock {key!r}: the fields are {', '.join(SPECS)}")
    settings, resolved = _resolved()
    site = resolved.site
    if args.user:
        if args.lock or args.unlock or args.managed_by is not None:
            raise ClinicCommandError("--lock, --unlock and --managed-by change the site file")
        _save_user(settings, site, values)
        print(f"saved to your settings: {', '.join(values) or 'nothing'}")
        return 0
    for problem in site.problems:
        print(f"handbook clinic: {problem} (not kept)", file=sys.stderr)
    source = _logo_source(values["logo"]) if values.get("logo") else None
    if source is not None:
        values["logo"] = source.name
    site.values.update(values)
    site.locked = (site.locked | set(args.lock)) - set(args.unlock)
    if args.managed_by is not None:
        site.managed_by = args.managed_by.strip()
    _write_site(site, source)
    print(f"wrote {site.path}: {', '.join(values) or 'no values'} set")
    return 0


def _export(args: argparse.Namespace) -> int:
    _settings, resolved = _resolved()
    target: Path = args.file
    if target.exists() and not args.force:
        raise ClinicCommandError(f"{target} exists; add --force to replace it")
    values = {
        key: value
        for key, value in resolved.raw.items()
        if key != "logo" and not is_default(key, value)
    }
    logo = resolved.profile.logo
    if logo is not None:
        values["logo"] = logo.path.name
        if logo.path.resolve() != (target.parent / logo.path.name).resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(logo.path, target.parent / logo.path.name)
    site = resolved.site
    try:
        atomic_write(target, site_json(values, site.locked, site.managed_by))
    except OSError as exc:
        raise ClinicCommandError(f"cannot write {target} ({exc.strerror or exc})", 1) from None
    print(f"wrote {target}" + (f" and {logo.path.name} beside it" if logo else ""))
    return 0


def _import(args: argparse.Namespace) -> int:
    incoming = read_site(args.file)
    if not incoming.exists:
        raise ClinicCommandError(f"{args.file} does not exist")
    if incoming.problems:
        for problem in incoming.problems:
            print(f"handbook clinic: {problem}", file=sys.stderr)
        raise ClinicCommandError(f"{args.file} was not imported; nothing was changed")
    logo_name = incoming.values.get("logo", "")
    source = logo_inside(args.file.parent, logo_name) if logo_name else None
    settings, resolved = _resolved()
    if args.user:
        values = dict(incoming.values)
        if source is not None:
            values["logo"] = str(source)
        _save_user(settings, resolved.site, values)
        print(f"took {', '.join(values) or 'nothing'} from {args.file} into your settings")
        return 0
    installed = SiteFile(
        paths.site_file(),
        values=dict(incoming.values),
        locked=incoming.locked,
        managed_by=incoming.managed_by,
    )
    _write_site(installed, source)
    print(f"installed {args.file} as {installed.path}")
    return 0
