"""Citation numbers must name an entry of the page's sources (handbook/build/citations.py).

The build refusing such a page, with its line, is checked in test_build_checks.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.build.citations import check_citations, cited_numbers
from handbook.build.problems import Problem
from handbook.build.sources import SourcePage


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Eculizumab reduced haemolysis [3].", {3}),
        ("Both agree [2, 5].", {2, 5}),
        ("Trials [4-6] and [7–8].", {4, 5, 6, 7, 8}),
        ("Spaced out [ 1 ] is not a citation, [1 ,2] is.", {1, 2}),
        ("See [the guideline](pnh.md) and [9](source.md).", set()),
        ("A [note] and [x] cite nothing.", set()),
    ],
)
def test_the_numbers_a_line_cites(text: str, numbers: set[int]) -> None:
    assert cited_numbers(text) == numbers


def page(body: str, sources: int) -> SourcePage:
    return SourcePage(
        id="pnh",
        path=Path("content/pnh.md"),
        shown_path="resources/content/pnh.md",
        order=1,
        title="PNH",
        audience="clinician",
        reviewed="2026-01-01",
        sources=[f"Source {n}." for n in range(1, sources + 1)],
        body=body,
        body_line=8,
    )


def test_each_line_citing_a_missing_source_is_a_problem_at_its_line() -> None:
    problems: list[Problem] = []
    check_citations(page("Fine [1].\n\nToo far [1, 3].\nWay off [0] and [4-5].\n", 2), problems)
    assert [str(p) for p in problems] == [
        "resources/content/pnh.md:10: cites [3] but the page lists 2 sources",
        "resources/content/pnh.md:11: cites [0], [4], [5] but the page lists 2 sources",
    ]


def test_a_page_with_one_source_says_source() -> None:
    problems: list[Problem] = []
    check_citations(page("As shown [2].", 1), problems)
    assert [p.message for p in problems] == ["cites [2] but the page lists 1 source"]


def test_citations_within_the_list_are_fine() -> None:
    problems: list[Problem] = []
    check_citations(page("One [1], both [1, 2], a range [1-2].", 2), problems)
    assert problems == []
