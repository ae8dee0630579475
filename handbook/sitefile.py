"""The clinic's site file (``site.json`` in the install folder): read bounded, checked, written.

IT puts one file beside the executable (see :func:`handbook.paths.site_dir`) and every user
of that installation prints the same clinic details. The file may be damaged or hostile:
it is read with a size and depth cap, every value is checked on its own, and what is wrong
becomes a plain sentence in ``problems`` while the valid values are still used.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook import paths, safejson
from handbook.userdata import PAPER_SIZES
from handbook.userfiles import atomic_write

SITE_MAX_BYTES = 64 * 1024  # a clinic's details are a few hundred bytes
SITE_MAX_DEPTH = 3  # {"clinic": {...}, "locked": [...]}
LOGO_MAX_BYTES = 1 << 20
LOGO_MAX_PIXELS = 4096  # a side longer than this is not a letterhead logo
FORMAT = 1
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_SVG_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px|pt|mm|cm|in)?\s*$")
_UNIT_PX = {"px": 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the name in the site file and on the command line
    setting: str  # the Settings attribute a user's own value lives in
    label: str
    kind: str  # "text", "phone", "address", "logo", "paper" or "bool"
    max_length: int = 120


FIELDS = (
    FieldSpec("name", "clinic_name", "Clinic name", "text"),
    FieldSpec("department", "clinic_department", "Department", "text"),
    FieldSpec("urgent_phone", "clinic_phone", "Urgent phone (24 hours)", "phone", 40),
    FieldSpec("out_of_hours_phone", "clinic_out_of_hours", "Out-of-hours phone", "phone", 40),
    FieldSpec("emergency_number", "emergency_number", "Emergency number", "phone", 40),
    FieldSpec("address", "clinic_address", "Address", "address", 300),
    FieldSpec("logo", "clinic_logo", "Logo", "logo", 200),
    FieldSpec("paper", "paper", "Paper", "paper"),
    FieldSpec("large_print", "large_print", "Large print", "bool"),
)
SPECS = {spec.key: spec for spec in FIELDS}
_MANAGED_BY = FieldSpec("managed_by", "", "Managed by", "text", 200)


@dataclass
class SiteFile:
    """What a site file holds after checking; ``values`` has only the valid entries."""

    path: Path
    exists: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    managed_by: str = ""
    watch_folder: str = ""  # where IT drops content update packs (a local or mounted folder)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LogoInfo:
    path: Path
    kind: str  # "png" or "svg"
    width: float  # CSS pixels
    height: float


def check_value(spec: FieldSpec, value: Any) -> str | None:
    """Why ``value`` cannot be used for the field, or None when it can (logos: see check_logo)."""
    if spec.kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    if spec.kind == "paper":
        if value in PAPER_SIZES:
            return None
        return f"must be one of {', '.join(PAPER_SIZES)}, not {value!r}"
    if len(value) > spec.max_length:
        return f"is {len(value)} characters long; at most {spec.max_length} are allowed"
    allowed_breaks = value.replace("\n", " ") if spec.kind == "address" else value
    if _CONTROL.search(allowed_breaks) or (spec.kind != "address" and "\n" in value):
        return "holds control characters or line breaks"
    if spec.kind == "address" and value.count("\n") > 5:
        return "has more than 6 lines"
    if spec.kind == "phone" and value.strip() and not any(ch.isdigit() for ch in value):
        return f"{value!r} has no digits"
    return None


def _svg_length(text: str | None) -> float | None:
    match = _SVG_NUMBER.match(text or "")
    if not match:
        return None
    return float(match.group(1)) * _UNIT_PX[match.group(2) or "px"]


def _svg_size(data: bytes, path: Path) -> tuple[float, float]:
    import xml.etree.ElementTree as ElementTree

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not an SVG image (not UTF-8 text)") from None
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.I):
        # Entities can expand a small file into gigabytes, or pull in other files.
        raise ValueError(f"{path.name}: SVG logos may not declare a DOCTYPE or entities")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ValueError(f"{path.name} is not an SVG image ({exc})") from None
    if not root.tag.endswith("svg"):
        raise ValueError(f"{path.name} is not an SVG image (it holds <{root.tag}>)")
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] in ("script", "foreignObject"):
            raise ValueError(f"{path.name}: SVG logos may not hold scripts or foreign objects")
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] == "href" and not value.startswith(("#", "data:image/")):
                raise ValueError(f"{path.name}: the logo refers to another file ({value[:60]})")
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            width = width or (height * box_width / box_height if height else box_width)
            height = height or width * box_height / box_width
    return (width or 300.0, height or 100.0)


def check_logo(path: Path) -> LogoInfo:
    """The logo's kind and size; raises ValueError saying why it cannot be used."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise ValueError(f"{path.name}: a logo must be an SVG or PNG image")
    try:
        data = safejson.read_bytes(path, LOGO_MAX_BYTES)
    except FileNotFoundError:
        raise ValueError(f"the logo {path} is missing") from None
    except safejson.UserFileError as exc:
        raise ValueError(f"the logo {exc} (at most {LOGO_MAX_BYTES // 1024} KB)") from None
    if kind == "png":
        if not data.startswith(_PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 24:
            raise ValueError(f"{path.name} is not a PNG image")
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
    else:
        svg_width, svg_height = _svg_size(data, path)
        width, height = round(svg_width), round(svg_height)
    if not (0 < width <= LOGO_MAX_PIXELS and 0 < height <= LOGO_MAX_PIXELS):
        raise ValueError(
            f"{path.name} is {width}×{height} pixels; a logo must be 1 to {LOGO_MAX_PIXELS} a side"
        )
    return LogoInfo(path, kind, float(width), float(height))


def logo_inside(folder: Path, name: str) -> Path:
    """The logo a site file names, which must be a plain file inside ``folder``."""
    if not name or Path(name).is_absolute() or "\\" in name or ":" in name:
        raise ValueError(f"the logo {name!r} must be a file name in {folder}")
    target = (folder / name).resolve()
    if folder.resolve() not in target.parents:
        raise ValueError(f"the logo {name!r} is outside the install folder {folder}")
    return target


def read_site(path: Path | None = None) -> SiteFile:
    """The checked site file; a missing one is no problem, a damaged one is described."""
    path = path or paths.site_file()
    site = SiteFile(path)
    try:
        data = safejson.read_json(path, SITE_MAX_BYTES, SITE_MAX_DEPTH)
    except FileNotFoundError:
        return site
    except safejson.UserFileError as exc:
        site.exists = True
        site.problems.append(f"the site file {path} cannot be used: {exc.reason}")
        return site
    site.exists = True
    if not isinstance(data, dict):
        site.problems.append(f"the site file {path} does not hold an object of settings")
        return site
    _take_site(site, data)
    return site


def _take_site(site: SiteFile, data: dict[str, Any]) -> None:
    where = f"site file {site.path.name}"
    for key in data:
        if key not in ("format", "managed_by", "clinic", "locked", "watch_folder"):
            site.problems.append(f"{where}: unknown entry {str(key)[:40]!r} was ignored")
    managed_by = data.get("managed_by", "")
    if check_value(_MANAGED_BY, managed_by) is None:
        site.managed_by = managed_by.strip()
    else:
        site.problems.append(f"{where}: managed_by must be one line of text; it was ignored")
    watch = data.get("watch_folder", "")
    if check_value(_MANAGED_BY, watch) is None and (not watch or Path(watch).is_absolute()):
        site.watch_folder = watch.strip()
    else:
        site.problems.append(f"{where}: watch_folder must be one absolute folder path; ignored")
    clinic = data.get("clinic", {})
    if not isinstance(clinic, dict):
        site.problems.append(f"{where}: clinic must be an object of fields; it was ignored")
        clinic = {}
    for key, value in clinic.items():
        spec = SPECS.get(key)
        if spec is None:
            site.problems.append(f"{where}: unknown clinic field {str(key)[:40]!r} was ignored")
            continue
        problem = check_value(spec, value)
        if problem is None and spec.kind == "logo" and value:
            try:
                check_logo(logo_inside(site.path.parent, value))
            except ValueError as exc:
                problem = str(exc)
        if problem:
            site.problems.append(f"{where}: {spec.label} ({key}) {problem}; it was ignored")
            continue
        if isinstance(value, str) and not value.strip():
            continue  # an empty value gives no default (lock the field to keep it empty)
        site.values[key] = value.strip() if isinstance(value, str) else value
    locked = data.get("locked", [])
    if not isinstance(locked, list):
        site.problems.append(f"{where}: locked must be a list of field names; nothing is locked")
        locked = []
    good = set()
    for name in locked:
        if isinstance(name, str) and name in SPECS:
            good.add(name)
        else:
            site.problems.append(f"{where}: cannot lock unknown field {str(name)[:40]!r}")
    site.locked = frozenset(good)


def site_json(
    values: dict[str, Any],
    locked: set[str] | frozenset[str],
    managed_by: str,
    watch_folder: str = "",
) -> str:
    """The text of a site file holding these values, in the order the fields are listed."""
    data: dict[str, Any] = {"format": FORMAT}
    if managed_by:
        data["managed_by"] = managed_by
    if watch_folder:
        data["watch_folder"] = watch_folder
    data["clinic"] = {spec.key: values[spec.key] for spec in FIELDS if spec.key in values}
    data["locked"] = [spec.key for spec in FIELDS if spec.key in locked]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_site(path: Path, site: SiteFile, logo_source: Path | None = None) -> None:
    """Write ``site`` to ``path`` atomically, copying the logo beside it first; raises OSError."""
    if logo_source is not None:
        import shutil

        target = path.parent / logo_source.name
        if logo_source.resolve() != target.resolve():
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(logo_source, temp)
            os.replace(temp, target)
    atomic_write(path, site_json(site.values, site.locked, site.managed_by, site.watch_folder))
