"""The print job: pages composed as print HTML with their header and footer, a pack's cover.

Qt-free. The File menu, the calculators, ``handbook export-pdf`` and ``handbook check`` all
compose a :class:`PrintJob` here and hand it to ``handbook.ui.printing.render_job``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from handbook import APP_NAME, letterhead
from handbook.catalog import Catalog, CatalogError, Page
from handbook.disclaimer import PRINTED_LINE
from handbook.history import HOME
from handbook.packcover import cover_html, staff_cover_html, staff_pack
from handbook.pagehtml import ClinicDetails, fill_placeholders, home_fragment
from handbook.printhtml import links_as_text, load_print_stylesheet
from handbook.printtext import for_patients, write_in_clinic_phone
from handbook.textutil import readable_date

if TYPE_CHECKING:
    from handbook.clinicprofile import ClinicProfile
    from handbook.patient import PatientDetails

MARGIN_MM = 18.0
US_LETTER_TERRITORIES = ("US", "CA")


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
    disclaimer: str = PRINTED_LINE
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
