"""Every section the search benchmark's judges named still exists in the shipped index.

A renamed heading changes its anchor; without this check the benchmark would silently
count a right answer as a miss.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.common import ROOT, load_queries
from handbook.indexlayout import DOCUMENTS_NAME

# Every judged file: the question files but the unjudged list they were split from.
JUDGED = [
    path.name
    for path in sorted((ROOT / "benchmarks").glob("questions-*.tsv"))
    if path.name != "questions-asked.tsv"
] + ["queries.tsv"]


@pytest.fixture(scope="module")
def shipped() -> tuple[set[str], set[str]]:
    """Every landable target ("page#anchor", "page#top") and every page id."""
    lines = (ROOT / "index" / DOCUMENTS_NAME).read_text(encoding="utf-8").splitlines()
    documents = [json.loads(line) for line in lines if line.strip()]
    targets = {f"{d['page']}#{d['anchor'] or 'top'}" for d in documents}
    return targets, {d["page"] for d in documents}


@pytest.mark.parametrize("name", JUDGED)
def test_every_judged_target_exists(name: str, shipped: tuple[set[str], set[str]]) -> None:
    targets, pages = shipped
    judged = load_queries(ROOT / "benchmarks" / name)
    assert judged, name
    unknown = [
        (text, option)
        for text, expected in judged
        for option in expected.split("|")
        if option != "NONE" and option not in (targets if "#" in option else pages)
    ]
    assert unknown == [], unknown
