"""The cover sheet of a pack: for patients (clinic, urgent number, contents) or for staff."""

from __future__ import annotations

import datetime
import html
from typing import TYPE_CHECKING

from handbook import APP_NAME, letterhead
from handbook.catalog import Catalog
from handbook.textutil import readable_date

if TYPE_CHECKING:
    from handbook.printjob import PrintOptions


def staff_pack(catalog: Catalog, page_ids: list[str]) -> bool:
    """A pack with no patient handout in it is for clinic staff (and gets their cover)."""
    return not any((p := catalog.page(pid)) and p.audience == "patient" for pid in page_ids)


def _contents(rows: list[str]) -> str:
    return (
        '<table class="contents" width="100%" cellpadding="4"><thead><tr>'
        '<th align="left">No.</th><th align="left">Title</th>'
        f'<th align="right">Page</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _contents_row(at: int, title: str, meta: str, first_pages: list[int] | None) -> str:
    """One line of the contents: number, title, what it is, and the sheet it starts on."""
    esc = html.escape
    start = str(first_pages[at]) if first_pages and at < len(first_pages) else ""
    return (
        f"<tr><td>{at + 1}.</td><td><b>{esc(title)}</b><br/>"
        f'<span class="meta">{esc(meta)}</span></td>'
        f'<td align="right">{esc(start)}</td></tr>'
    )


def cover_html(
    catalog: Catalog,
    page_ids: list[str],
    options: PrintOptions,
    first_pages: list[int] | None = None,
) -> str:
    """The pack's cover: who it is from, how to reach them, and what is inside."""
    esc = html.escape
    name, phone = options.clinic.name.strip(), options.clinic.phone.strip()
    parts = [letterhead.cover_letterhead(options.profile)]
    parts.append(f"<h1>{esc('Information from ' + name if name else 'Your information pack')}</h1>")
    parts.append(
        f'<p class="summary">This pack holds {len(page_ids)} topics from the {esc(APP_NAME)}.</p>'
    )
    contact = []
    if name:
        contact.append(f"<p>Your clinic: <b>{esc(name)}</b></p>")
    if phone:
        contact.append(
            '<p class="cover-phone">Urgent number, day or night: <b '
            f'class="phone">{esc(phone)}</b></p>'
        )
    else:
        contact.append(
            '<p class="cover-phone">Your clinic\'s urgent number: ______________________</p>'
        )
    contact.append(letterhead.cover_contacts(options.profile))
    parts.append(
        '<table class="callout warning" width="100%" cellpadding="8"><tr><td>'
        + "".join(contact)
        + "</td></tr></table>"
    )
    parts.append(letterhead.patient_box(options.patient, options.profile))
    rows = []
    for at, pid in enumerate(page_ids):
        page = catalog.page(pid)
        audience = (
            "For patients and families"
            if page and page.audience == "patient"
            else "For clinic staff"
        )
        rows.append(_contents_row(at, page.title if page else APP_NAME, audience, first_pages))
    parts.append("<h2>What is inside</h2>")
    parts.append(_contents(rows))
    parts.append(
        f'<p class="meta">Printed {esc(readable_date(datetime.date.today().isoformat()))}. '
        f"Content version {esc(catalog.content_version)}.</p>"
    )
    return "\n".join(parts)


def staff_cover_html(
    catalog: Catalog, page_ids: list[str], clinic_name: str, first_pages: list[int] | None
) -> str:
    """The cover of a pack of clinician pages: what is inside, for clinic staff."""
    esc = html.escape
    rows = []
    for at, pid in enumerate(page_ids):
        page = catalog.page(pid)
        title, section = (page.title, page.section_title) if page else (APP_NAME, "")
        rows.append(_contents_row(at, title, section, first_pages))
    where = f" for {esc(clinic_name.strip())}" if clinic_name.strip() else ""
    return "\n".join(
        [
            "<h1>Clinician reference pages</h1>",
            f'<p class="summary">{len(page_ids)} pages from the {esc(APP_NAME)}, printed{where} '
            "for clinic staff. They are not patient handouts.</p>",
            "<h2>What is inside</h2>",
            _contents(rows),
            f'<p class="meta">Content version {esc(catalog.content_version)}.</p>',
        ]
    )
