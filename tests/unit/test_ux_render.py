"""Build-time rendering for reading: values kept whole on a line, citations as links."""

from __future__ import annotations

import re

import pytest

from handbook.build.render import page_document, render_markdown, source_anchor
from handbook.nobreak import NBSP, WORD_JOINER, join_values, plain


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("platelets below 50 ×10⁹/L today", "50 ×10⁹/L"),
        ("an ANC < 0.5 ×10⁹/L", "< 0.5 ×10⁹/L"),
        ("5 mg/kg/day for 14 days", "5 mg/kg/day"),
        ("between 20–50 ×10⁹/L", "20–50 ×10⁹/L"),
        ("Hb 80 g/L or 8 g/dL", "8 g/dL"),
        ("a fever of 38 °C", "38 °C"),
        ("for 3 months", "3 months"),
    ],
)
def test_a_quantity_has_no_break_opportunity_inside(text: str, whole: str) -> None:
    joined = join_values(text)
    assert plain(joined) == text  # reads and copies exactly as written
    start = plain(joined).index(whole)
    # Map back to the joined text: find the same characters with joiners allowed.
    pattern = "\u2060?".join(re.escape(ch) if ch != " " else f"[ {NBSP}]" for ch in whole)
    inside = re.search(pattern, joined)
    assert inside is not None and start >= 0
    piece = inside.group(0)
    assert " " not in piece  # only no-break spaces
    for mark in ("/", "–"):
        for at in [m.start() for m in re.finditer(mark, piece)]:
            assert piece[at + 1] == WORD_JOINER, f"a line may break after {mark!r} in {piece!r}"


@pytest.mark.parametrize(
    "text", ["IL-6 and G-CSF", "CD59/CD55 and/or", "page 5 of 10", "in 2016 and 2024"]
)
def test_other_text_is_left_alone(text: str) -> None:
    assert join_values(text) == text


def test_the_index_gets_the_text_as_written() -> None:
    rendered = render_markdown("## Counts\n\nTransfuse below 10 ×10⁹/L [1].\n")
    assert "10 ×10⁹/L" in rendered.sections[-1].text
    assert WORD_JOINER not in rendered.sections[-1].text
    assert f"10{NBSP}×10⁹/{WORD_JOINER}L" in rendered.html


def test_citations_link_to_their_source() -> None:
    rendered = render_markdown(
        "Eculizumab reduced haemolysis [2]. Both agree [1, 3] and so do [4-5].\n\n"
        "A [link](pnh.md) and `code [2]` stay as they are.\n"
    )
    html = rendered.html
    assert f'<a class="cite" href="#{source_anchor(2)}">[2]</a>' in html
    assert f'[<a class="cite" href="#{source_anchor(1)}">1</a>, ' in html
    assert f'<a class="cite" href="#{source_anchor(3)}">3</a>]' in html
    assert (
        f'href="#{source_anchor(4)}">4</a>-' in html
        and f'href="#{source_anchor(5)}">5</a>]' in html
    )
    assert "<code>code [2]</code>" in html
    assert html.count('class="cite"') == 5
    # The text around the links is kept, in order.
    text = re.sub(r"<[^>]+>", "", html)
    assert "Eculizumab reduced haemolysis [2]. Both agree [1, 3] and so do [4-5]." in text
    page = page_document("T", "", "meta", html, ["One.", "Two.", "Three.", "Four.", "Five."], "D")
    for number in range(1, 6):
        assert f'<li><a name="{source_anchor(number)}"></a>' in page
