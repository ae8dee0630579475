"""The Qt-free HTML transforms for print: links as text, fitted images, page breaks, CSS."""

from __future__ import annotations

from handbook.printhtml import (
    PageBreak,
    apply_page_break,
    fit_images,
    links_as_text,
    load_print_stylesheet,
    print_stylesheet,
)
from tests.helpers import REAL_INDEX


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
