"""The framed "for you" box printed on a handout's first page (or a pack's cover), Qt-free.

Plain words, the clinic's numbers, and a line to write on wherever a value was left empty,
so a printed sheet is always usable. Sizes come from the print stylesheet (``h2``, ``h3``,
``p``, ``td``), so large print enlarges the box with the rest of the sheet.
"""

from __future__ import annotations

import html
import re

from handbook.clinicprofile import ClinicProfile
from handbook.patient import PER_LITRE, Measure, PatientDetails
from handbook.textutil import readable_date

SHORT_LINE = "_" * 10
LONG_LINE = "_" * 36
# The box must not depend on a rebuilt index stylesheet: its frame is drawn inline.
_FRAME = "border: 3px solid #000000; background-color: #ffffff; padding: 10px;"
_PLAIN_CELL = "border: 0px solid #ffffff; padding: 2px;"
_OPENING = re.compile(
    r"^\s*<h1\b.*?</h1>\s*(?:<p class=\"meta\">.*?</p>\s*)?(?:<p class=\"summary\">.*?</p>\s*)?",
    re.S,
)


def _bold(text: str) -> str:
    return f"<b>{html.escape(text)}</b>"


def _measure(value: Measure | None, unit: str) -> str:
    return _bold(value.text()) if value else f"{SHORT_LINE} {html.escape(unit)}"


def _row(label: str, value: str) -> str:
    return (
        f'<tr><td style="{_PLAIN_CELL}">{html.escape(label)}</td>'
        f'<td style="{_PLAIN_CELL}">{value}</td></tr>'
    )


def _contact_lines(clinic: ClinicProfile, with_contacts: bool) -> list[str]:
    lines = []
    if with_contacts:
        urgent = _bold(clinic.urgent_phone) if clinic.urgent_phone else LONG_LINE
        lines.append(f"<p>Your clinic's urgent number, day or night: {urgent}</p>")
    if with_contacts and clinic.out_of_hours_phone:
        lines.append(f"<p>Out of hours: {_bold(clinic.out_of_hours_phone)}</p>")
    if clinic.emergency_number:
        lines.append(f"<p>In an emergency, call {_bold(clinic.emergency_number)}.</p>")
    return lines


def _counts_table(details: PatientDetails) -> str:
    """The three counts side by side: what each does, then today's value."""
    cells = [
        ("Haemoglobin (Hb)", "carries oxygen", _measure(details.hb, "g/dL")),
        ("Neutrophils", "fight infection", _measure(details.anc, PER_LITRE)),
        ("Platelets", "help blood to clot", _measure(details.plt, PER_LITRE)),
    ]
    heads = "".join(
        f'<td style="{_PLAIN_CELL}" width="33%"><b>{name}</b>, {what}:</td>'
        for name, what, _ in cells
    )
    values = "".join(f'<td style="{_PLAIN_CELL}">{value}</td>' for _, _, value in cells)
    table = '<table width="100%" cellpadding="2" cellspacing="0">'
    return f"{table}<tr>{heads}</tr><tr>{values}</tr></table>"


def patient_box_html(
    details: PatientDetails, clinic: ClinicProfile, with_contacts: bool = True
) -> str:
    """The box as print HTML (a one-cell table: Qt draws no border around a div).

    ``with_contacts=False`` leaves out the clinic's own numbers (a pack's cover shows them).
    """
    name = _bold(details.name) if details.name else LONG_LINE
    date = _bold(readable_date(details.date.isoformat())) if details.date else SHORT_LINE * 2
    temperature = details.call_temperature
    temperature_text = _bold(temperature.text()) if temperature else f"{SHORT_LINE} °C"
    appointment = _bold(details.next_appointment) if details.next_appointment else LONG_LINE
    parts = [
        "<h2>For you, from your clinic team</h2>",
        f"<p>Name: {name} &nbsp; Date: {date}</p>",
        "<p><b>Your blood counts</b> (the numbers and units on your blood test results)</p>",
        _counts_table(details),
        "<p><b>When to call us.</b> Call us straight away, day or night, if your temperature "
        f"is {temperature_text} or higher.</p>",
        "<p>Your team's platelet level for bleeding advice: below "
        f"{_measure(details.bleeding_platelets, PER_LITRE)}. When your platelets are below "
        "it, follow your team's advice on avoiding bleeding.</p>",
        *_contact_lines(clinic, with_contacts),
        f"<p><b>Your next appointment:</b> {appointment}</p>",
        "<p><b>Your medicines:</b></p>",
    ]
    if details.medicines:
        items = "".join(f"<li>{html.escape(m)}</li>" for m in details.medicines)
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.extend(f"<p>{LONG_LINE}</p>" for _ in range(2))
    if details.note:
        note = "<br/>".join(html.escape(line) for line in details.note.splitlines())
        parts.append(f"<p><b>A note from your team:</b> {note}</p>")
    else:
        parts.append(f"<p><b>A note from your team:</b> {LONG_LINE}</p>")
    return (
        '<table class="patient-box" width="100%" cellpadding="10" cellspacing="0">'
        f'<tr><td style="{_FRAME}">' + "\n".join(parts) + "</td></tr></table>"
    )


def with_patient_box(fragment: str, box: str) -> str:
    """The page with the box after its title, review line and summary (or first, if none)."""
    opening = _OPENING.match(fragment)
    at = opening.end() if opening else 0
    return fragment[:at] + box + "\n" + fragment[at:]
