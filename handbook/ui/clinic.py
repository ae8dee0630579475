"""The clinic's details as printed on handouts: site file, user settings and the locale's number."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale

from handbook import paths
from handbook.emergency import default_number, region_of
from handbook.pagehtml import ClinicDetails
from handbook.userdata import Settings

if TYPE_CHECKING:  # loaded when a page first needs the clinic (the home page does not)
    from handbook.clinicprofile import ClinicProfile, Resolved
    from handbook.sitefile import SiteFile

# The site file is read again only when it changes: the window asks for the clinic's
# details every time it shows a page.
_cache: dict[str, Any] = {}


def system_region() -> str:
    """The workstation's country code (``GB``), from the system locale Qt reports."""
    return region_of(QLocale.system().name())


def locale_emergency_number() -> str:
    """The emergency number handouts print when the clinic has not typed one."""
    return default_number(system_region())


def current_site() -> SiteFile:
    from handbook.sitefile import read_site

    path = paths.site_file()
    try:
        info = os.stat(path)
        stamp = (str(path), info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = (str(path), -1, -1)
    cached = _cache.get("site")
    if cached is None or cached[0] != stamp:
        cached = (stamp, read_site(path))
        _cache["site"] = cached
    site: SiteFile = cached[1]
    return site


def resolved_profile(settings: Settings) -> Resolved:
    from handbook.clinicprofile import resolve

    return resolve(settings, current_site(), system_region())


def clinic_profile(settings: Settings) -> ClinicProfile:
    return resolved_profile(settings).profile


def clinic_details(settings: Settings) -> ClinicDetails:
    return clinic_profile(settings).details()
