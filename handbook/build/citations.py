"""Citation numbers in the text ([3], [2, 5], [4-6]) must name an entry of the page's sources."""

from __future__ import annotations

import re

from handbook.build.problems import Problem
from handbook.build.sources import SourcePage

# [3], [2, 5], [4-6], [4–6]; not a Markdown link's text ("[text](target)").
_CITATION = re.compile(r"\[(\d+(?:\s*[,\u2013-]\s*\d+)*)\](?!\()")
_RANGE = re.compile(r"\s*[\u2013-]\s*")


def cited_numbers(text: str) -> set[int]:
    numbers: set[int] = set()
    for match in _CITATION.finditer(text):
        for part in match.group(1).split(","):
            ends = [int(n) for n in _RANGE.split(part.strip())]
            numbers.update(range(ends[0], ends[-1] + 1) if len(ends) == 2 else ends)
    return numbers


def check_citations(page: SourcePage, problems: list[Problem]) -> None:
    """A problem for each line citing a number the page's source list does not have."""
    count = len(page.sources)
    for offset, line in enumerate(page.body.splitlines()):
        wrong = sorted(n for n in cited_numbers(line) if not 1 <= n <= count)
        if wrong:
            listed = ", ".join(f"[{n}]" for n in wrong)
            problems.append(
                Problem(
                    page.shown_path,
                    page.body_line + offset,
                    f"cites {listed} but the page lists {count} source{'s' * (count != 1)}",
                )
            )
