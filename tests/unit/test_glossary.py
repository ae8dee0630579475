"""Reading resources/glossary.yml (handbook/build/glossary.py): entries, spellings, the page.

How glossary names reach search is in test_query.py and test_indexer.py; links from pages
to the glossary in test_glossary_links.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.build.glossary import Entry, Glossary, glossary_markdown, read_glossary
from handbook.build.problems import Problem
from handbook.build.render import GlossaryTerm, render_markdown
from tests.helpers import FIXTURE_RESOURCES

GOOD = """\
reviewed: 2026-11-03
sources: ["A source."]
entries:
"""


def read(tmp_path: Path, text: str) -> tuple[Glossary | None, list[str]]:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    glossary = read_glossary(path, tmp_path, problems)
    return glossary, [str(p) for p in problems]


@pytest.fixture(scope="module")
def fixture_glossary() -> Glossary:
    problems: list[Problem] = []
    glossary = read_glossary(FIXTURE_RESOURCES / "glossary.yml", FIXTURE_RESOURCES, problems)
    assert glossary is not None and problems == []
    return glossary


def test_entries_come_in_alphabetical_order_whatever_the_case(fixture_glossary: Glossary) -> None:
    terms = [entry.term for entry in fixture_glossary.entries]
    assert terms == sorted(terms, key=str.lower)
    assert fixture_glossary.title == "Glossary and abbreviations"
    assert fixture_glossary.reviewed == "2026-11-03"


def test_every_spelling_maps_to_the_us_form(fixture_glossary: Glossary) -> None:
    mapping = fixture_glossary.spelling_map()
    assert mapping["anaemia"] == mapping["anemia"] == "anemia"
    assert mapping["ciclosporin"] == mapping["cyclosporin"] == "cyclosporine"


def test_names_in_capitals_are_acronyms_kept_from_the_stemmer(fixture_glossary: Glossary) -> None:
    acronyms = fixture_glossary.acronyms()
    assert {"pnh", "hsct", "bmt"} <= acronyms
    assert "thrombocytopenia" not in acronyms


def test_abbreviations_carry_their_expansion_as_a_hint(fixture_glossary: Glossary) -> None:
    abbreviations = fixture_glossary.abbreviations()
    assert abbreviations["PNH"] == GlossaryTerm("pnh", "PNH: Paroxysmal nocturnal haemoglobinuria")
    assert "thrombocytopenia" not in abbreviations  # no expansion: not an abbreviation


def test_an_entry_is_known_by_its_term_expansion_and_synonyms() -> None:
    entry = Entry("HSCT", "Replacing the marrow.", 3, "Stem cell transplantation", ["BMT"])
    assert entry.names() == ["HSCT", "Stem cell transplantation", "BMT"]
    assert entry.anchor == "hsct"


def test_every_problem_is_reported_at_its_line_and_nothing_is_returned(tmp_path: Path) -> None:
    glossary, problems = read(
        tmp_path,
        "sources: []\n"
        "entries:\n"
        "  - term: ANC\n"
        "    definition: Neutrophil count.\n"
        "  - term: PNH\n"
        "  - term: anc\n"
        "    definition: Again.\n"
        "  - term: ATG\n"
        "    definition: Antithymocyte globulin.\n"
        "    synonyms: thymoglobulin\n",
    )
    assert glossary is None
    assert problems == [
        "glossary.yml:1: the glossary needs 'reviewed' as an ISO date",
        "glossary.yml:1: the glossary needs a non-empty 'sources' list",
        "glossary.yml:5: entry 'PNH' needs a 'definition'",
        "glossary.yml:6: duplicate glossary term 'anc' (also line 3)",
        "glossary.yml:8: entry 'ATG': synonyms and related must be lists of text",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- just a list\n", "glossary.yml:1: the glossary must be a mapping with 'entries'"),
        (GOOD, "glossary.yml:1: the glossary needs a non-empty 'entries' list"),
        (
            GOOD + "  - just text\n",
            "glossary.yml:1: each entry must be a mapping with term and definition",
        ),
        (
            GOOD + "  - term: X\n    definition: Y.\nspellings: [[one]]\n",
            "glossary.yml:1: 'spellings' must be a list of [british, us, ...] lists",
        ),
    ],
)
def test_a_badly_shaped_glossary_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    glossary, problems = read(tmp_path, text)
    assert glossary is None and problems == [problem]


def test_a_missing_glossary_is_a_problem(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert read_glossary(tmp_path / "glossary.yml", tmp_path, problems) is None
    assert [str(p) for p in problems] == ["glossary.yml:1: glossary file not found"]


def test_the_glossary_page_groups_entries_under_their_letter(fixture_glossary: Glossary) -> None:
    page = glossary_markdown(fixture_glossary, {"pnh": "Paroxysmal nocturnal haemoglobinuria"})
    assert "## P {#letter-p}" in page
    assert "### PNH — Paroxysmal nocturnal haemoglobinuria {#pnh}" in page
    assert "See [Paroxysmal nocturnal haemoglobinuria](pnh.md)." in page
    assert "Also: BMT, bone marrow transplant, stem cell transplant." in page
    assert "See [aplastic-anaemia](aplastic-anaemia.md)." in page  # an unknown title: the id


def test_markdown_in_glossary_text_is_shown_as_typed(tmp_path: Path) -> None:
    glossary, problems = read(
        tmp_path,
        GOOD + "  - term: '5q-'\n    definition: 'Loss of 5q [del(5q)] *not* <b>bold</b>.'\n",
    )
    assert glossary is not None, problems
    page = glossary_markdown(glossary, {})
    assert "## # {#letter-other}" in page  # a term starting with a digit
    shown = render_markdown(page).html
    assert "<p>Loss of 5q [del(5q)] *not* &lt;b&gt;bold&lt;/b&gt;.</p>" in shown
