"""The Qt-free composition of printable pages, packs, headers and footers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from handbook import APP_NAME
from handbook.catalog import Catalog, CatalogError
from handbook.handout import (
    PageBreak,
    PrintOptions,
    apply_page_break,
    compose_job,
    compose_part,
    fit_images,
    links_as_text,
    load_print_stylesheet,
    patient_handouts,
    print_stylesheet,
    readable_date,
    resolve_paper,
    unknown_page_ids,
)
from handbook.pagehtml import ClinicDetails
from tests.conftest import REAL_INDEX, ROOT

CLINIC = ClinicDetails("St Elsewhere Haematology", "0161 496 0000")
URGENT = "handout-get-help-urgently"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(REAL_INDEX)


def test_module_imports_without_qt() -> None:
    code = "import sys, handbook.handout; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_external_links_print_their_address_and_internal_links_become_text() -> None:
    html = (
        '<a class="external" href="https://example.org/a">the guideline</a>; '
        '<a class="external" href="https://example.org/b">https://example.org/b</a>; '
        '<a href="aplastic-anaemia.html#x">aplastic anaemia</a> <a name="top"></a>'
    )
    printed = links_as_text(html)
    assert 'the guideline (<span class="url">https://example.org/a</span>)' in printed
    assert printed.count("https://example.org/b") == 1  # the address is not printed twice
    assert "href=" not in printed and "aplastic anaemia" in printed
    assert '<a name="top"></a>' in printed


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


def test_large_print_body_text_is_at_least_14_pt() -> None:
    css = load_print_stylesheet(REAL_INDEX, large_print=True)
    assert "p, li, dt, dd, td, th { font-size: 14.3pt; }" in css
    assert "color: #000000" in css and "background-color: #ffffff" in css
    assert print_stylesheet("", large_print=False).startswith("body")


def test_images_are_scaled_to_the_printable_area() -> None:
    html = '<img alt="tree" class="figure" src="images/tree.svg"><img src="images/missing.svg">'
    sized = fit_images(html, 600, 800, lambda src: (800.0, 540.0) if "tree" in src else None)
    assert 'src="images/tree.svg" width="600" height="405"' in sized
    assert '<img src="images/missing.svg">' in sized
    tall = fit_images(html, 600, 200, lambda src: (800.0, 540.0))
    assert 'width="296" height="200"' in tall


def test_page_breaks_split_tables_and_keep_headings() -> None:
    html = (
        '<h1>T</h1><h2>A</h2><table class="c"><thead><tr><th>h</th></tr></thead>'
        "<tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>"
        "<table><tr><td><h3>inside</h3></td></tr></table><h2>B</h2>"
    )
    split = apply_page_break(html, PageBreak("row", 0, 2))
    assert split.count("<thead>") == 2 and split.count("<table") == 3
    assert (
        '<table style="page-break-before: always" class="c"><thead><tr><th>h</th></tr></thead>'
        "<tbody><tr><td>2" in split
    )
    assert '<h2 style="page-break-before: always">B</h2>' in apply_page_break(
        html, PageBreak("heading", 2)
    )
    assert '<table style="page-break-before: always"><tr><td><h3>' in apply_page_break(
        html, PageBreak("table", 1)
    )
    assert apply_page_break(html, PageBreak("table", 9)) == html
