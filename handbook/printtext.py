"""What a printed sheet says to its reader: patient wording, blanks to write in, the staff cover."""

from __future__ import annotations

import html
import re

from handbook import APP_NAME
from handbook.catalog import Catalog

PATIENT_DISCLAIMER = (
    "This sheet gives general information. It does not replace advice from your own care "
    "team. In an emergency, call {{emergency_number}}."
)
WRITE_IN = '<span class="write-in">____________________</span>'

# A "Sources differ" box compares guidelines for staff; the handout's own advice stands alone.
_SOURCES_DIFFER = re.compile(
    r'<table\b[^>]*class="[^"]*\bcallout\b[^"]*"[^>]*>\s*<tr>\s*<td>\s*'
    r'<p class="callout-title">Sources differ.*?</table>',
    re.S | re.I,
)
_DISCLAIMER = re.compile(r'<p class="disclaimer">.*?</p>', re.S)
_CLINIC_PHONE = re.compile(
    r'(?P<before>[^\s>]*)(?P<space>\s?)<span class="placeholder clinic-phone">'
    r"\{\{clinic_phone\}\}</span>"
)
_LABELLED = (":", "(", "on")  # "number: ___", "(___)", "tell your clinic on ___"


def for_patients(fragment: str) -> str:
    """A handout as patients should get it: no guideline comparisons, a disclaimer for them."""
    fragment = _SOURCES_DIFFER.sub("", fragment)
    return _DISCLAIMER.sub(f'<p class="disclaimer">{html.escape(PATIENT_DISCLAIMER)}</p>', fragment)


def write_in_clinic_phone(fragment: str) -> str:
    """Without a clinic number, each place that names it gets a blank line to write it on."""

    def blank(match: re.Match[str]) -> str:
        before, space = match.group("before"), match.group("space")
        if before.endswith(_LABELLED):
            return f"{before}{space}{WRITE_IN}"
        return f"{before}{space}your clinic on {WRITE_IN}"

    return _CLINIC_PHONE.sub(blank, fragment)


def staff_cover_html(
    catalog: Catalog, page_ids: list[str], clinic_name: str, first_pages: list[int] | None
) -> str:
    """The cover of a pack of clinician pages: what is inside, for clinic staff."""
    esc = html.escape
    rows = []
    for at, pid in enumerate(page_ids):
        page = catalog.page(pid)
        title = page.title if page else APP_NAME
        section = page.section_title if page else ""
        start = str(first_pages[at]) if first_pages and at < len(first_pages) else ""
        rows.append(
            f"<tr><td>{at + 1}.</td><td><b>{esc(title)}</b><br/>"
            f'<span class="meta">{esc(section)}</span></td>'
            f'<td align="right">{esc(start)}</td></tr>'
        )
    where = f" for {esc(clinic_name.strip())}" if clinic_name.strip() else ""
    return "\n".join(
        [
            "<h1>Clinician reference pages</h1>",
            f'<p class="summary">{len(page_ids)} pages from the {esc(APP_NAME)}, printed{where} '
            "for clinic staff. They are not patient handouts.</p>",
            "<h2>What is inside</h2>",
            '<table class="contents" width="100%" cellpadding="4"><thead><tr>'
            '<th align="left">No.</th><th align="left">Title</th>'
            f'<th align="right">Page</th></tr></thead><tbody>{"".join(rows)}</tbody></table>',
            f'<p class="meta">Content version {esc(catalog.content_version)}.</p>',
        ]
    )
