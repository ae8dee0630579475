"""The build refuses broken sources with file:line messages and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.build.builder import build
from handbook.build.problems import BuildFailed
from tests.helpers import edit_source

PNH = "content/01-disorders/10-pnh.md"


def _build_fails(resources: Path) -> list[str]:
    out = resources.parent / "index"
    with pytest.raises(BuildFailed) as caught:
        build(resources, out)
    assert not out.exists(), "a refused build must not write the index"
    assert not any(p.name.startswith("index.tmp") for p in resources.parent.iterdir())
    return [str(p) for p in caught.value.problems]


def test_fixture_builds(fixture_resources: Path) -> None:
    report = build(fixture_resources, fixture_resources.parent / "index")
    assert report.pages == 4  # three written pages and the generated glossary


def test_missing_front_matter(fixture_resources: Path) -> None:
    path = fixture_resources / PNH
    path.write_text(path.read_text(encoding="utf-8").split("---", 2)[2], encoding="utf-8")
    assert any(
        p.startswith("resources/content/01-disorders/10-pnh.md:1: missing front matter")
        for p in _build_fails(fixture_resources)
    )


def test_invalid_yaml_reports_its_line(fixture_resources: Path) -> None:
    edit_source(fixture_resources, PNH, "audience: clinician", "audience: [clinician")
    problems = _build_fails(fixture_resources)
    assert any("10-pnh.md:" in p and "invalid front matter" in p for p in problems)


def test_missing_sources_and_review_date(fixture_resources: Path) -> None:
    edit_source(fixture_resources, PNH, "reviewed: 2026-11-01\n", "")
    edit_source(
        fixture_resources, PNH, 'sources:\n  - "Parker C, et al. Blood 2005;106:3699."\n', ""
    )
    problems = _build_fails(fixture_resources)
    assert any("10-pnh.md:1: front matter needs 'reviewed'" in p for p in problems)
    assert any("10-pnh.md:1: front matter needs a non-empty 'sources'" in p for p in problems)


def test_bad_audience_names_the_line(fixture_resources: Path) -> None:
    edit_source(fixture_resources, PNH, "audience: clinician", "audience: doctors")
    assert any(
        "10-pnh.md:3: 'audience' must be one of" in p for p in _build_fails(fixture_resources)
    )


def test_unknown_link_target(fixture_resources: Path) -> None:
    edit_source(fixture_resources, PNH, "(aplastic-anaemia.md#severity)", "(aplastic-anemia.md)")
    problems = _build_fails(fixture_resources)
    assert any("10-pnh.md:16: link to unknown page 'aplastic-anemia'" in p for p in problems)


def test_unknown_anchor(fixture_resources: Path) -> None:
    edit_source(fixture_resources, PNH, "#severity)", "#grading)")
    assert any(
        "10-pnh.md:16: link to unknown anchor '#grading'" in p
        for p in _build_fails(fixture_resources)
    )


def test_missing_image(fixture_resources: Path) -> None:
    (fixture_resources / "images" / "cells.svg").unlink()
    assert any(
        "10-pnh.md:18: image 'images/cells.svg' does not exist" in p
        for p in _build_fails(fixture_resources)
    )


def test_duplicate_page_ids(fixture_resources: Path) -> None:
    src = fixture_resources / PNH
    (fixture_resources / "content" / "02-handouts" / "20-pnh.md").write_text(
        src.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert any("20-pnh.md:1: duplicate page id 'pnh'" in p for p in _build_fails(fixture_resources))


def test_invalid_utf8_reports_line(fixture_resources: Path) -> None:
    path = fixture_resources / PNH
    path.write_bytes(path.read_bytes().replace(b"An acquired", b"An \xff acquired"))
    assert any("10-pnh.md:12: not valid UTF-8" in p for p in _build_fails(fixture_resources))


def test_empty_file(fixture_resources: Path) -> None:
    (fixture_resources / PNH).write_text("", encoding="utf-8")
    assert any("10-pnh.md:1: empty file" in p for p in _build_fails(fixture_resources))


def test_glossary_entry_pointing_nowhere(fixture_resources: Path) -> None:
    edit_source(fixture_resources, "glossary.yml", "page: pnh", "page: pnh-overview")
    assert any(
        "glossary.yml:9: entry 'PNH': unknown page 'pnh-overview'" in p
        for p in _build_fails(fixture_resources)
    )


def test_failed_rebuild_keeps_the_previous_index(fixture_resources: Path) -> None:
    out = fixture_resources.parent / "index"
    build(fixture_resources, out)
    before = (out / "catalog.json").read_text(encoding="utf-8")
    (fixture_resources / PNH).write_text("", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(fixture_resources, out)
    assert (out / "catalog.json").read_text(encoding="utf-8") == before


def test_built_folders_are_readable_by_everyone(fixture_resources: Path) -> None:
    out = fixture_resources.parent / "index"
    build(fixture_resources, out)
    for folder in (out, out / "whoosh"):
        assert folder.stat().st_mode & 0o755 == 0o755, folder


def test_citation_beyond_the_source_list_is_refused(fixture_resources: Path) -> None:
    path = fixture_resources / PNH
    path.write_text(
        path.read_text(encoding="utf-8") + "\nThe clone grows [1, 3].\n\nSee [2-4] too.\n",
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = _build_fails(fixture_resources)
    first = lines.index("The clone grows [1, 3].") + 1
    assert f"resources/{PNH}:{first}: cites [3] but the page lists 1 source" in problems
    assert any(p.startswith(f"resources/{PNH}:{first + 2}: cites [2], [3], [4]") for p in problems)


def test_a_link_is_not_a_citation(fixture_resources: Path) -> None:
    path = fixture_resources / PNH
    path.write_text(
        path.read_text(encoding="utf-8") + "\nSee [2](pnh.md) and [1].\n", encoding="utf-8"
    )
    build(fixture_resources, fixture_resources.parent / "index")
