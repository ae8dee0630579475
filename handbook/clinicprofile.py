"""The clinic profile printed on handouts: the site file's defaults and locks, then the user's own.

For each field: a locked field takes the site file's value; a field this user set to differ
from the site (``Settings.clinic_own``) or that the site file does not give takes the user's
value; otherwise the site's. ``source`` records which, for the dialog, ``handbook clinic
show`` and ``handbook check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handbook import paths
from handbook.emergency import emergency_number
from handbook.pagehtml import ClinicDetails
from handbook.sitefile import FIELDS, SPECS, LogoInfo, SiteFile, check_logo, logo_inside
from handbook.userdata import Settings

SITE_LOCKED, SITE, USER, DEFAULT = "site (locked)", "site", "you", "default"
_DEFAULTS = Settings()


@dataclass(frozen=True)
class ClinicProfile:
    """Everything about the clinic that a printed sheet shows; empty text means not given."""

    name: str = ""
    department: str = ""
    urgent_phone: str = ""
    out_of_hours_phone: str = ""
    emergency_number: str = ""  # resolved: the clinic's own number or the locale's
    address: str = ""
    logo: LogoInfo | None = None
    paper: str = "auto"
    large_print: bool = False

    def details(self) -> ClinicDetails:
        """The three values page placeholders are filled with."""
        return ClinicDetails(self.name, self.urgent_phone, self.emergency_number)

    def letterhead(self) -> str:
        """One line naming the clinic: ``Department · Clinic``, or what of it is given."""
        return " · ".join(part for part in (self.department, self.name) if part)


@dataclass
class Resolved:
    """A resolved profile with where each field came from and what went wrong on the way."""

    profile: ClinicProfile
    raw: dict[str, Any]  # the chosen value per field key, before the emergency number's fallback
    sources: dict[str, str]
    site: SiteFile
    problems: list[str] = field(default_factory=list)

    def locked(self, key: str) -> bool:
        return self.sources.get(key) == SITE_LOCKED

    def who_sets(self) -> str:
        """A sentence for users: who sets the locked fields and where."""
        who = self.site.managed_by or "your IT team"
        return f"Locked fields are set by {who} in {self.site.path}."


def user_value(settings: Settings, key: str) -> Any:
    return getattr(settings, SPECS[key].setting)


def is_default(key: str, value: Any) -> bool:
    return bool(value == getattr(_DEFAULTS, SPECS[key].setting))


def _user_logo(name: str, problems: list[str]) -> LogoInfo | None:
    try:
        return check_logo(logo_inside(paths.user_data_dir(), name))
    except ValueError as exc:
        problems.append(f"your clinic logo cannot be used: {exc}")
        return None


def resolve(settings: Settings, site: SiteFile, region: str) -> Resolved:
    """The profile handouts print on this workstation for this user."""
    own = {name for name in settings.clinic_own if isinstance(name, str)}
    raw: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for spec in FIELDS:
        mine = user_value(settings, spec.key)
        if spec.key in site.locked:
            raw[spec.key] = site.values.get(spec.key, getattr(_DEFAULTS, spec.setting))
            sources[spec.key] = SITE_LOCKED
        elif spec.key in site.values and spec.key not in own:
            raw[spec.key], sources[spec.key] = site.values[spec.key], SITE
        else:
            raw[spec.key] = mine
            sources[spec.key] = DEFAULT if is_default(spec.key, mine) else USER
    problems = list(site.problems)
    logo: LogoInfo | None = None
    if raw["logo"]:
        if sources["logo"] == USER:
            logo = _user_logo(raw["logo"], problems)
        else:
            try:  # checked when the file was read; it may have gone since
                logo = check_logo(logo_inside(site.path.parent, raw["logo"]))
            except ValueError as exc:
                problems.append(f"the site file's logo cannot be used: {exc}")
    profile = ClinicProfile(
        name=raw["name"].strip(),
        department=raw["department"].strip(),
        urgent_phone=raw["urgent_phone"].strip(),
        out_of_hours_phone=raw["out_of_hours_phone"].strip(),
        emergency_number=emergency_number(raw["emergency_number"], region),
        address=raw["address"].strip(),
        logo=logo,
        paper=raw["paper"],
        large_print=raw["large_print"],
    )
    return Resolved(profile, raw, sources, site, problems)


def own_fields(site: SiteFile, chosen: dict[str, Any]) -> list[str]:
    """The fields whose chosen value differs from the site's: they stay this user's own."""
    return [
        spec.key
        for spec in FIELDS
        if spec.key in chosen
        and spec.key in site.values
        and spec.key not in site.locked
        and chosen[spec.key] != site.values[spec.key]
    ]


def apply_user_choice(settings: Settings, site: SiteFile, chosen: dict[str, Any]) -> list[str]:
    """Put the chosen values in ``settings`` (locked ones are left alone); returns refused keys."""
    refused = [key for key in chosen if key in site.locked]
    for key, value in chosen.items():
        following_site = key in site.values and value == site.values[key]
        if key not in site.locked and not following_site:
            setattr(settings, SPECS[key].setting, value)
    kept = [key for key in settings.clinic_own if key not in chosen and key in SPECS]
    settings.clinic_own = sorted(set(kept) | set(own_fields(site, chosen)))
    return refused


def describe(resolved: Resolved) -> str:
    """Where the clinic details come from, in one line (``handbook check``)."""
    site = resolved.site
    used = sorted({resolved.sources[spec.key] for spec in FIELDS} - {DEFAULT})
    if not site.exists:
        origin = f"no site file at {site.path}"
    else:
        locked = ", ".join(SPECS[key].label.lower() for key in sorted(site.locked)) or "none"
        origin = f"site file {site.path} (locked: {locked})"
    parts = {SITE_LOCKED: "the site file", SITE: "the site file", USER: "your settings"}
    taken = sorted({parts[source] for source in used}) or ["built-in defaults"]
    return f"from {' and '.join(taken)}; {origin}"
