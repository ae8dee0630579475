"""What a printed page says to its reader: a handout's own wording, blanks to write in (Qt-free)."""

from __future__ import annotations

import html
import re

from handbook.disclaimer import HANDOUT
from handbook.placeholders import CLINIC_PHONE, placeholder_span

WRITE_IN = '<span class="write-in">____________________</span>'

# A "Sources differ" box compares guidelines for staff; the handout's own advice stands alone.
_SOURCES_DIFFER = re.compile(
    r'<table\b[^>]*class="[^"]*\bcallout\b[^"]*"[^>]*>\s*<tr>\s*<td>\s*'
    r'<p class="callout-title">Sources differ.*?</table>',
    re.S | re.I,
)
_DISCLAIMER = re.compile(r'<p class="disclaimer">.*?</p>', re.S)
_CLINIC_PHONE = re.compile(
    r"(?P<before>[^\s>]*)(?P<space>\s?)" + re.escape(placeholder_span(CLINIC_PHONE))
)
_LABELLED = (":", "(", "on")  # "number: ___", "(___)", "tell your clinic on ___"


def for_patients(fragment: str) -> str:
    """A handout as patients should get it: no guideline comparisons, a disclaimer for them."""
    fragment = _SOURCES_DIFFER.sub("", fragment)
    return _DISCLAIMER.sub(f'<p class="disclaimer">{html.escape(HANDOUT)}</p>', fragment)


def write_in_clinic_phone(fragment: str) -> str:
    """Without a clinic number, each place that names it gets a blank line to write it on."""

    def blank(match: re.Match[str]) -> str:
        before, space = match.group("before"), match.group("space")
        if before.endswith(_LABELLED):
            return f"{before}{space}{WRITE_IN}"
        return f"{before}{space}your clinic on {WRITE_IN}"

    return _CLINIC_PHONE.sub(blank, fragment)
