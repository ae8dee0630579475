"""Compose pages into print jobs: print HTML, the pack cover, header and footer text (Qt-free)."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from handbook import APP_NAME, letterhead
from handbook.catalog import Catalog, CatalogError, Page
from handbook.history import HOME
from handbook.pagehtml import ClinicDetails, fill_placeholders, home_fragment
from handbook.printtext import for_patients, staff_cover_html, write_in_clinic_phone
from handbook.textutil import readable_date

if TYPE_CHECKING:
    from handbook.clinicprofile import ClinicProfile
    from handbook.patient import PatientDetails

MARGIN_MM = 18.0
LARGE_PRINT_SCALE = 1.3  # 11 pt body text becomes 14.3 pt
US_LETTER_TERRITORIES = ("US", "CA")
DISCLAIMER_LINE = (
    "General information that supports, and does not replace, advice from your clinical team. "
    "In an emergency, call your local emergency number."
)
FALLBACK_CSS = "body { font-size: 11pt; color: #000000; }"

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.I)
_TAG = re.compile(r"<[^>]+>")
_EXTERNAL = re.compile(r"^(?:https?|mailto|ftp):", re.I)
_IMG = re.compile(r"<img\b([^>]*?)\s*/?>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']*)["']""", re.I)
_SIZE_ATTR = re.compile(r"""\s(?:width|height)\s*=\s*["']?[^"'\s>]*["']?""", re.I)
_POINT_SIZE = re.compile(r"(\d+(?:\.\d+)?)pt\b")
_BLOCK_TAG = re.compile(r"<(/?)(table|tr|thead|tbody|h[1-6])\b[^>]*>", re.I)
PAGE_BREAK_STYLE = "page-break-before: always"


@dataclass(frozen=True)
class PrintOptions:
    paper: str = "auto"  # "auto", "a4" or "letter"
    large_print: bool = False
    clinic: ClinicDetails = field(default_factory=ClinicDetails)
    cover: bool = True  # a pack of several pages opens with a cover sheet
    profile: ClinicProfile | None = None  # logo, department, address (handbook/letterhead.py)
    patient: PatientDetails | None = None  # this job only, never stored (handbook/patient.py)


@dataclass(frozen=True)
class PageFrame:
    """The running header and footer printed on every sheet of one part of a job."""

    title: str
    header_left: str
    header_right: str
    footer_left: str
    disclaimer: str = DISCLAIMER_LINE
    logo: str = ""  # the clinic logo's file, drawn in the header

    @staticmethod
    def page_label(number: int, total: int) -> str:
        return f"Page {number} of {total}"


@dataclass(frozen=True)
class PrintPart:
    """One page of the handbook (or the cover) as print HTML; it starts on a new sheet."""

    page_id: str
    title: str
    html: str
    frame: PageFrame


@dataclass(frozen=True)
class PrintJob:
    title: str
    parts: tuple[PrintPart, ...]
    page_ids: tuple[str, ...]
    options: PrintOptions
    has_cover: bool
    stylesheet: str

    def with_cover_page_numbers(self, catalog: Catalog, first_pages: list[int]) -> PrintJob:
        """The same job with the cover listing the sheet each page starts on."""
        if not self.has_cover:
            return self
        ids = list(self.page_ids)
        if staff_pack(catalog, ids):
            text = staff_cover_html(catalog, ids, self.options.clinic.name, first_pages)
        else:
            text = cover_html(catalog, ids, self.options, first_pages)
        return replace(self, parts=(replace(self.parts[0], html=text), *self.parts[1:]))


def resolve_paper(setting: str, territory_code: str) -> str:
    """``a4`` or ``letter``: the setting, or for ``auto`` Letter in the US and Canada, else A4."""
    if setting in ("a4", "letter"):
        return setting
    return "letter" if territory_code.upper() in US_LETTER_TERRITORIES else "a4"


def unknown_page_ids(catalog: Catalog, page_ids: Iterable[str]) -> list[str]:
    return [pid for pid in page_ids if pid != HOME and pid not in catalog.pages]


def patient_handouts(catalog: Catalog) -> list[Page]:
    return [p for p in catalog.ordered_pages() if p.audience == "patient"]


def links_as_text(fragment: str) -> str:
    """Unlink every link; external ones keep their address in brackets: ``text (https://…)``."""

    def unlink(match: re.Match[str]) -> str:
        attrs, inner = match.group(1), match.group(2)
        href = _HREF.search(attrs)
        if href is None:
            return match.group(0)  # a named anchor, not a link
        url = html.unescape(href.group(1))
        text = html.unescape(_TAG.sub("", inner)).strip()
        if not _EXTERNAL.match(url) or text in (url, url.split(":", 1)[-1].lstrip("/")):
            return inner
        return f'{inner} (<span class="url">{html.escape(url)}</span>)'

    return _LINK.sub(unlink, fragment)


def fit_images(
    fragment: str,
    max_width_px: float,
    max_height_px: float,
    natural_size: Callable[[str], tuple[float, float] | None],
) -> str:
    """Give every image an explicit size that fits the printable area (CSS pixels)."""

    def sized(match: re.Match[str]) -> str:
        attrs = match.group(1)
        src = _SRC.search(attrs)
        if src and src.group(1).startswith("file:"):
            return match.group(0)  # the clinic's logo, already sized (handbook/letterhead.py)
        size = natural_size(html.unescape(src.group(1))) if src else None
        if not size or size[0] <= 0 or size[1] <= 0:
            return match.group(0)
        scale = min(1.0, max_width_px / size[0], max_height_px / size[1])
        width, height = round(size[0] * scale), round(size[1] * scale)
        return f'<img{_SIZE_ATTR.sub("", attrs)} width="{width}" height="{height}">'

    return _IMG.sub(sized, fragment)


def image_sources(fragment: str) -> list[str]:
    return [
        html.unescape(s.group(1)) for m in _IMG.finditer(fragment) if (s := _SRC.search(m.group(1)))
    ]


@dataclass(frozen=True)
class PageBreak:
    """A sheet break the renderer asks for: before the n-th top-level heading or table,
    or inside the n-th top-level table before one of its rows (a split with the head repeated)."""

    kind: str  # "heading", "table" or "row"
    ordinal: int
    row: int = 0


def _break_before_tag(tag: str) -> str:
    if re.search(r"\sstyle\s*=", tag, re.I):
        return re.sub(
            r"""(\sstyle\s*=\s*["'])""", rf"\g<1>{PAGE_BREAK_STYLE}; ", tag, count=1, flags=re.I
        )
    return re.sub(r"^<(\w+)", rf'<\1 style="{PAGE_BREAK_STYLE}"', tag)


def _split_table(table_html: str, open_tag: str, row: int) -> str:
    rows = [
        m for m in _BLOCK_TAG.finditer(table_html) if m.group(2).lower() == "tr" and not m.group(1)
    ]
    if row <= 0 or row >= len(rows):
        return table_html
    cut = rows[row].start()
    head = re.search(r"<thead\b.*?</thead>", table_html, re.S | re.I)
    in_body = bool(re.search(r"<tbody\b", table_html[:cut], re.I))
    first = table_html[:cut] + ("</tbody>" if in_body else "") + "</table>"
    second = (
        _break_before_tag(open_tag)
        + (head.group(0) if head else "")
        + ("<tbody>" if in_body else "")
        + table_html[cut:]
    )
    return first + "\n" + second


def apply_page_break(fragment: str, page_break: PageBreak) -> str:
    """The fragment with one page break added (nested tables and their contents do not count)."""
    depth, headings, tables, table_start = 0, 0, 0, -1
    for match in _BLOCK_TAG.finditer(fragment):
        closing, name = bool(match.group(1)), match.group(2).lower()
        if name == "table" and not closing:
            if depth == 0:
                if page_break.kind == "table" and tables == page_break.ordinal:
                    tag = _break_before_tag(match.group(0))
                    return fragment[: match.start()] + tag + fragment[match.end() :]
                table_start = match.start()
                tables += 1
            depth += 1
        elif name == "table" and closing:
            depth = max(0, depth - 1)
            if (
                depth == 0
                and page_break.kind == "row"
                and tables - 1 == page_break.ordinal
                and table_start >= 0
            ):
                whole = fragment[table_start : match.end()]
                open_tag = _BLOCK_TAG.match(whole)
                assert open_tag is not None
                split = _split_table(whole, open_tag.group(0), page_break.row)
                return fragment[:table_start] + split + fragment[match.end() :]
        elif name.startswith("h") and not closing and depth == 0:
            if page_break.kind == "heading" and headings == page_break.ordinal:
                return (
                    fragment[: match.start()]
                    + _break_before_tag(match.group(0))
                    + fragment[match.end() :]
                )
            headings += 1
    return fragment


def print_stylesheet(base_css: str, large_print: bool) -> str:
    """The print stylesheet, with every point size scaled up for large print."""
    css = base_css or FALLBACK_CSS
    if not large_print:
        return css
    return _POINT_SIZE.sub(lambda m: f"{float(m.group(1)) * LARGE_PRINT_SCALE:.1f}pt", css)


def load_print_stylesheet(index_dir: Path, large_print: bool) -> str:
    try:
        base = (index_dir / "styles" / "print.css").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        base = ""  # a missing stylesheet still prints readable black text
    return print_stylesheet(base, large_print)


def clinic_line(clinic: ClinicDetails) -> str:
    name, phone = clinic.name.strip(), clinic.phone.strip()
    if name and phone:
        return f"{name} · {phone}"
    return name or (f"Urgent number: {phone}" if phone else "")


def frame_for(
    title: str, reviewed: str, content_version: str, clinic: ClinicDetails, logo: str = ""
) -> PageFrame:
    review = f" · Last reviewed {readable_date(reviewed)}" if reviewed else ""
    return PageFrame(
        title=title,
        header_left=APP_NAME,
        header_right=clinic_line(clinic),
        footer_left=f"Content version {content_version}{review}",
        logo=logo,
    )


def compose_part(catalog: Catalog, page_id: str, options: PrintOptions) -> PrintPart:
    """One page as print HTML with its header and footer text; raises CatalogError."""
    if page_id == HOME:
        fragment, title, reviewed = home_fragment(catalog), APP_NAME, catalog.content_version
    else:
        page = catalog.page(page_id)
        if page is None:
            raise CatalogError(f"no page with id {page_id!r}")
        fragment, title, reviewed = catalog.page_html(page_id), page.title, page.reviewed
        if page.audience == "patient":
            fragment = for_patients(fragment)
    if not options.clinic.phone.strip():
        fragment = write_in_clinic_phone(fragment)
    body = links_as_text(fill_placeholders(fragment, options.clinic))
    logo = letterhead.header_logo(options.profile)
    frame = frame_for(title, reviewed, catalog.content_version, options.clinic, logo)
    return PrintPart(page_id, title, body, frame)


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
        title = page.title if page else APP_NAME
        audience = (
            "For patients and families"
            if page and page.audience == "patient"
            else "For clinic staff"
        )
        start = str(first_pages[at]) if first_pages and at < len(first_pages) else ""
        rows.append(
            f"<tr><td>{at + 1}.</td><td><b>{esc(title)}</b><br/>"
            f'<span class="meta">{esc(audience)}</span></td>'
            f'<td align="right">{esc(start)}</td></tr>'
        )
    parts.append("<h2>What is inside</h2>")
    parts.append(
        '<table class="contents" width="100%" cellpadding="4"><thead><tr>'
        '<th align="left">No.</th><th align="left">Title</th>'
        f'<th align="right">Page</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    parts.append(
        f'<p class="meta">Printed {esc(readable_date(datetime.date.today().isoformat()))}. '
        f"Content version {esc(catalog.content_version)}.</p>"
    )
    return "\n".join(parts)


def compose_job(catalog: Catalog, page_ids: list[str], options: PrintOptions) -> PrintJob:
    """A print job: one page, or several as a pack that opens with a cover; raises CatalogError."""
    unique = list(dict.fromkeys(page_ids))
    missing = unknown_page_ids(catalog, unique)
    if missing or not unique:
        raise CatalogError(f"unknown page ids: {', '.join(missing) or '(none given)'}")
    parts = [compose_part(catalog, pid, options) for pid in unique]
    css = load_print_stylesheet(catalog.index_dir, options.large_print)
    staff = staff_pack(catalog, unique)
    if len(unique) == 1 or not options.cover or staff:
        # The patient box goes on the first sheet; a handout pack's cover carries it instead.
        first = letterhead.first_page_with_box(parts[0].html, options.patient, options.profile)
        parts[0] = replace(parts[0], html=first)
    if len(unique) == 1 or not options.cover:
        return PrintJob(parts[0].title, tuple(parts), tuple(unique), options, False, css)
    reviewed = max((p.reviewed for pid in unique if (p := catalog.page(pid))), default="")
    cover_title = "Clinician pages" if staff else "Handout pack"
    text = (
        staff_cover_html(catalog, unique, options.clinic.name, None)
        if staff
        else cover_html(catalog, unique, options)
    )
    logo = letterhead.header_logo(options.profile)
    frame = frame_for(cover_title, reviewed, catalog.content_version, options.clinic, logo)
    cover = PrintPart("cover", cover_title, text, frame)
    return PrintJob(cover_title, (cover, *parts), tuple(unique), options, True, css)


def staff_pack(catalog: Catalog, page_ids: list[str]) -> bool:
    """A pack with no patient handout in it is for clinic staff (and gets their cover)."""
    return not any((p := catalog.page(pid)) and p.audience == "patient" for pid in page_ids)
