"""The clinic's letterhead and the patient box in a print job: cover, first page, header logo.

Qt-free. :mod:`handbook.printjob` and :mod:`handbook.packcover` call these while composing a
job, so a job without a clinic profile or patient details prints exactly as before.
"""

from __future__ import annotations

import html
from pathlib import Path

from handbook.clinicprofile import ClinicProfile
from handbook.patient import PatientDetails
from handbook.patientbox import patient_box_html, with_patient_box

COVER_LOGO_BOX = (300.0, 110.0)  # CSS pixels: about 80 × 29 mm, a letterhead's size


def logo_src(path: Path) -> str:
    """The logo as an ``<img src>`` the print renderer reads from disk (a file URL)."""
    return html.escape(path.resolve().as_uri())


def logo_img(profile: ClinicProfile, box: tuple[float, float] = COVER_LOGO_BOX) -> str:
    logo = profile.logo
    if logo is None:
        return ""
    scale = min(box[0] / logo.width, box[1] / logo.height)
    width, height = max(1, round(logo.width * scale)), max(1, round(logo.height * scale))
    return f'<img src="{logo_src(logo.path)}" width="{width}" height="{height}" />'


def cover_letterhead(profile: ClinicProfile | None) -> str:
    """Logo, department and address above the cover's title (nothing without a profile)."""
    if profile is None:
        return ""
    lines = []
    if profile.logo is not None:
        lines.append(f"<p>{logo_img(profile)}</p>")
    if profile.department:
        lines.append(f"<p><b>{html.escape(profile.department)}</b></p>")
    if profile.address:
        address = "<br/>".join(html.escape(line) for line in profile.address.splitlines())
        lines.append(f"<p>{address}</p>")
    return "\n".join(lines)


def cover_contacts(profile: ClinicProfile | None) -> str:
    """The out-of-hours number, which the cover's urgent-number box does not show itself."""
    if profile is None or not profile.out_of_hours_phone:
        return ""
    phone = html.escape(profile.out_of_hours_phone)
    return f'<p class="cover-phone">Out of hours: <b class="phone">{phone}</b></p>'


def patient_box(
    patient: PatientDetails | None, profile: ClinicProfile | None, on_cover: bool = True
) -> str:
    """The box; on a pack's cover it leaves out the clinic's numbers, printed just above it."""
    if patient is None:
        return ""
    return patient_box_html(patient, profile or ClinicProfile(), with_contacts=not on_cover)


def first_page_with_box(
    fragment: str, patient: PatientDetails | None, profile: ClinicProfile | None
) -> str:
    box = patient_box(patient, profile, on_cover=False)
    return with_patient_box(fragment, box) if box else fragment


def header_logo(profile: ClinicProfile | None) -> str:
    """The logo file the running header draws, as a path string ('' for none)."""
    if profile is None or profile.logo is None:
        return ""
    return str(profile.logo.path)
