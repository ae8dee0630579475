"""The clinic's details as printed on handouts, with the emergency number for this locale."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from handbook.emergency import default_number, emergency_number, region_of
from handbook.pagehtml import ClinicDetails
from handbook.userdata import Settings


def system_region() -> str:
    """The workstation's country code (``GB``), from the system locale Qt reports."""
    return region_of(QLocale.system().name())


def locale_emergency_number() -> str:
    """The emergency number handouts print when the clinic has not typed one."""
    return default_number(system_region())


def clinic_details(settings: Settings) -> ClinicDetails:
    return ClinicDetails(
        settings.clinic_name,
        settings.clinic_phone,
        emergency_number(settings.emergency_number, system_region()),
    )
