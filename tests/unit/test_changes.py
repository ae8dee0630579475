"""'What changed in this edition' lists every page whose advice changed, from its own line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.build.builder import build
from handbook.build.problems import BuildFailed
from tests.helpers import REAL_INDEX, edit_source

PNH = "content/01-disorders/10-pnh.md"
AA = "content/01-disorders/20-aplastic-anaemia.md"


def test_changed_pages_are_listed_with_their_line(fixture_resources: Path) -> None:
    edit_source(
        fixture_resources,
        PNH,
        "reviewed: 2026-11-01",
        'reviewed: 2026-12-02\nchanged: "Iptacopan is taken twice a day."',
    )
    out = fixture_resources.parent / "index"
    build(fixture_resources, out)
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["content_version"] == "2026-12-02"
    assert "whats-changed" in catalog["pages"]
    page = (out / "pages" / "whats-changed.html").read_text(encoding="utf-8")
    assert "Iptacopan is taken twice a day." in page
    assert 'href="pnh.html"' in page
    assert "aplastic-anaemia.html" not in page  # not changed in this edition


def test_a_change_line_on_a_page_of_an_older_edition_is_refused(fixture_resources: Path) -> None:
    edit_source(fixture_resources, PNH, "reviewed: 2026-11-01", "reviewed: 2026-12-02")
    edit_source(fixture_resources, AA, "---\n", '---\nchanged: "Old news."\n')
    with pytest.raises(BuildFailed) as caught:
        build(fixture_resources, fixture_resources.parent / "index")
    assert any(
        "20-aplastic-anaemia.md" in str(p) and "update 'reviewed'" in str(p)
        for p in caught.value.problems
    )


def test_no_changes_no_page(fixture_resources: Path) -> None:
    out = fixture_resources.parent / "index"
    build(fixture_resources, out)
    assert not (out / "pages" / "whats-changed.html").exists()


def test_the_handbook_lists_this_editions_changes() -> None:
    catalog = json.loads((REAL_INDEX / "catalog.json").read_text(encoding="utf-8"))
    edition = catalog["content_version"]
    changed = (REAL_INDEX / "pages" / "whats-changed.html").read_text(encoding="utf-8")
    revised = [
        pid
        for pid, page in catalog["pages"].items()
        if page["reviewed"] == edition and pid not in ("whats-changed", "glossary")
    ]
    assert revised  # every edition revises something (12 pages on 3 December 2026)
    for pid in revised:
        assert f'href="{pid}.html"' in changed, pid
    assert (
        "whats-changed" in next(s for s in catalog["sections"] if s["id"] == "reference")["pages"]
    )
