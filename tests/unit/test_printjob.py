"""The Qt-free print job: pages composed with header and footer, packs and their covers."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from handbook import APP_NAME
from handbook.catalog import Catalog, CatalogError
from handbook.disclaimer import FULL, GENERAL, PRINTED_LINE
from handbook.pagehtml import ClinicDetails
from handbook.printjob import (
    PrintOptions,
    compose_job,
    compose_part,
    patient_handouts,
    resolve_paper,
    unknown_page_ids,
)
from handbook.textutil import MONTHS, readable_date
from tests.helpers import REAL_INDEX, ROOT
from tests.locale_helpers import GERMAN_LOCALES, GERMAN_MONTHS, german_month_names

CLINIC = ClinicDetails("St Elsewhere Haematology", "0161 496 0000")
URGENT = "handout-get-help-urgently"
ENGLISH_DATE = rf"\d{{1,2}} (?:{'|'.join(MONTHS)}) \d{{4}}"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(REAL_INDEX)


@pytest.mark.parametrize(
    "module",
    ["handbook.printjob", "handbook.printhtml", "handbook.packcover", "handbook.disclaimer"],
)
def test_module_imports_without_qt(module: str) -> None:
    code = f"import sys, {module}; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_urgent_handout_shows_the_clinic_number_where_the_patient_needs_it(
    catalog: Catalog,
) -> None:
    part = compose_part(catalog, URGENT, PrintOptions(clinic=CLINIC))
    assert "{{" not in part.html
    assert (
        part.html.count("0161 496 0000") >= 5
    )  # every "call … at once" and the write-it-down line
    assert (
        'My clinic\'s urgent number: <span class="placeholder clinic-phone">0161 496 0000'
        in part.html
    )
    assert part.frame.header_left == APP_NAME
    assert part.frame.header_right == "St Elsewhere Haematology · 0161 496 0000"
    assert part.frame.title == "When to get help urgently"
    assert (
        part.frame.footer_left
        == f"Content version {catalog.content_version} · Last reviewed "
        + readable_date(catalog.pages[URGENT].reviewed)
    )
    assert part.frame.page_label(2, 3) == "Page 2 of 3"


def test_every_sheet_carries_the_one_general_disclaimer(catalog: Catalog) -> None:
    part = compose_part(catalog, URGENT, PrintOptions())
    assert part.frame.disclaimer == PRINTED_LINE
    assert PRINTED_LINE.startswith(GENERAL) and FULL[0].startswith(GENERAL)


def test_without_clinic_details_the_default_text_is_printed(catalog: Catalog) -> None:
    part = compose_part(catalog, URGENT, PrintOptions())
    # No clinic number: a blank line to write it on, never words that name no number.
    text = re.sub(r"<[^>]+>", "", part.html)
    assert "Call your clinic on ____" in text and "{{" not in part.html
    assert "your clinic's urgent 24-hour number" not in part.html
    assert part.frame.header_right == ""


def test_pack_has_a_cover_listing_titles_and_clinic(catalog: Catalog) -> None:
    ids = [URGENT, "handout-pnh", "aa-severity-criteria", URGENT]
    job = compose_job(catalog, ids, PrintOptions(clinic=CLINIC))
    assert job.has_cover and job.page_ids == (URGENT, "handout-pnh", "aa-severity-criteria")
    assert [p.page_id for p in job.parts] == ["cover", *job.page_ids]
    cover = job.with_cover_page_numbers(catalog, [2, 5, 8]).parts[0].html
    for pid in job.page_ids:
        assert catalog.pages[pid].title.replace("'", "&#x27;") in cover
    assert "St Elsewhere Haematology" in cover and "0161 496 0000" in cover
    assert '<td align="right">5</td>' in cover


def test_single_page_has_no_cover_and_unknown_ids_are_refused(catalog: Catalog) -> None:
    assert not compose_job(catalog, ["aa-severity-criteria"], PrintOptions()).has_cover
    assert unknown_page_ids(catalog, ["aa-severity-criteria", "nope", "home"]) == ["nope"]
    with pytest.raises(CatalogError, match="nope"):
        compose_job(catalog, ["handout-pnh", "nope"], PrintOptions())


def test_patient_handouts_are_the_patient_pages(catalog: Catalog) -> None:
    handouts = patient_handouts(catalog)
    assert URGENT in [p.id for p in handouts]
    assert all(p.audience == "patient" for p in handouts)


@pytest.mark.parametrize(
    ("setting", "territory", "expected"),
    [
        ("auto", "US", "letter"),
        ("auto", "CA", "letter"),
        ("auto", "GB", "a4"),
        ("auto", "DE", "a4"),
        ("a4", "US", "a4"),
        ("letter", "GB", "letter"),
    ],
)
def test_paper_follows_setting_then_locale(setting: str, territory: str, expected: str) -> None:
    assert resolve_paper(setting, territory) == expected


@pytest.fixture(params=GERMAN_LOCALES)
def german_dates(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with german_month_names(request.param, monkeypatch):
        yield


@pytest.mark.usefixtures("german_dates")
def test_printed_dates_are_english_under_a_german_locale(catalog: Catalog) -> None:
    assert datetime.date(2026, 12, 2).strftime("%B") == "Dezember"  # the locale is German
    assert readable_date("2026-12-02") == "2 December 2026"
    footer = compose_part(catalog, URGENT, PrintOptions()).frame.footer_left
    assert re.search(rf"Last reviewed {ENGLISH_DATE}$", footer), footer
    cover = compose_job(catalog, [URGENT, "handout-pnh"], PrintOptions()).parts[0].html
    assert re.search(rf"Printed {ENGLISH_DATE}\.", cover)
    assert not any(month in footer + cover for month in GERMAN_MONTHS if month not in MONTHS)
