"""Abbreviations in page text link to their glossary entry, with the expansion on hover."""

from __future__ import annotations

import re

from handbook.build.render import GlossaryTerm, render_markdown
from tests.helpers import REAL_INDEX

TERMS = {
    "PNH": GlossaryTerm("pnh", "PNH: Paroxysmal nocturnal haemoglobinuria"),
    "G-CSF": GlossaryTerm("g-csf", "G-CSF: Granulocyte colony-stimulating factor"),
    "AA": GlossaryTerm("aa", "AA: Aplastic anaemia"),
}
LINK = re.compile(r'<a class="glossary" href="glossary.html#([\w-]+)" title="([^"]*)">([^<]*)</a>')


def links(markdown_text: str) -> list[tuple[str, str, str]]:
    return LINK.findall(render_markdown(markdown_text, TERMS).html)


def test_first_use_links_to_the_entry_with_its_expansion() -> None:
    found = links("PNH is rare. PNH clones are common in AA.\n\nMore about PNH.")
    assert found == [
        ("pnh", "PNH: Paroxysmal nocturnal haemoglobinuria", "PNH"),
        ("aa", "AA: Aplastic anaemia", "AA"),
    ]


def test_whole_words_only() -> None:
    assert links("GM-CSF and AAA and PNHx are other things.") == []
    assert [t for _, _, t in links("GM-CSF differs from G-CSF.")] == ["G-CSF"]


def test_not_in_headings_links_or_code() -> None:
    text = "## PNH in short\n\nSee [PNH](pnh.md) and `AA`.\n\n| G-CSF |\n|---|\n| dose |\n"
    assert links(text) == []


def test_text_around_a_link_is_kept() -> None:
    rendered = render_markdown("Before **bold AA after** and PNH end.", TERMS)
    plain = re.sub(r"<[^>]+>", "", rendered.html)
    assert plain == "Before bold AA after and PNH end."
    assert rendered.sections[0].text == "Before bold AA after and PNH end."


def test_real_pages_link_abbreviations_but_the_glossary_does_not() -> None:
    pnh = (REAL_INDEX / "pages" / "pnh.html").read_text(encoding="utf-8")
    assert ("pnh", "PNH: Paroxysmal nocturnal haemoglobinuria", "PNH") in LINK.findall(pnh)
    glossary = (REAL_INDEX / "pages" / "glossary.html").read_text(encoding="utf-8")
    assert 'class="glossary"' not in glossary
