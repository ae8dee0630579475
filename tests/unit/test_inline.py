"""Build-time rewrites of running text (handbook/build/inline.py): values whole, citations linked.

What the rendered page holds is checked in test_ux_render.py; these work on the element tree.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from handbook.build.inline import keep_values_whole, link_citations, source_anchor
from handbook.nobreak import NBSP, WORD_JOINER


def tree(html: str) -> etree.Element:
    return etree.fromstring(f"<div>{html}</div>")


def html_of(root: etree.Element) -> str:
    return etree.tostring(root, encoding="unicode")


def test_values_are_kept_whole_in_text_and_after_inline_markup() -> None:
    root = tree("<p>Give <b>5 mg</b> then 2 mg/kg daily.</p>")
    keep_values_whole(root)
    assert (
        html_of(root)
        == f"<div><p>Give <b>5{NBSP}mg</b> then 2{NBSP}mg/{WORD_JOINER}kg daily.</p></div>"
    )


def test_code_and_links_keep_their_characters_but_the_text_after_them_does_not() -> None:
    root = tree('<p><code>5 mg</code> and <a href="x">5 mg</a> and 5 mg</p>')
    keep_values_whole(root)
    assert html_of(root) == (
        f'<div><p><code>5 mg</code> and <a href="x">5 mg</a> and 5{NBSP}mg</p></div>'
    )


def test_a_citation_becomes_a_link_to_its_source() -> None:
    root = tree("<p>Haemolysis fell [2].</p>")
    link_citations(root)
    assert html_of(root) == (
        f'<div><p>Haemolysis fell <a class="cite" href="#{source_anchor(2)}">[2]</a>.</p></div>'
    )


def test_each_number_of_a_list_or_range_is_its_own_link() -> None:
    root = tree("<p>Agreed [1, 3] and [4-5].</p>")
    link_citations(root)
    links = [(a.get("href"), a.text) for a in root.iter("a")]
    assert links == [("#source-1", "1"), ("#source-3", "3"), ("#source-4", "4"), ("#source-5", "5")]
    assert "".join(root.itertext()) == "Agreed [1, 3] and [4-5]."


def test_a_citation_after_inline_markup_lands_in_place() -> None:
    root = tree("<p>See <b>this</b> [2] and <i>that</i> [1].</p>")
    link_citations(root)
    assert "".join(root.itertext()) == "See this [2] and that [1]."
    assert [child.tag for child in root[0]] == ["b", "a", "i", "a"]


def test_citations_in_code_or_links_are_left_as_they_are() -> None:
    page = '<p><code>[2]</code> <a href="pnh.md">[3]</a></p>'
    root = tree(page)
    link_citations(root)
    assert html_of(root) == f"<div>{page}</div>"


def test_the_anchor_of_a_source() -> None:
    assert source_anchor(7) == "source-7"
