"""The catalog: the table of contents the app reads from ``index/catalog.json``."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from handbook.catalog import Catalog, CatalogError
from handbook.indexlayout import CATALOG_NAME
from tests.helpers import REAL_INDEX


@pytest.fixture()
def index_copy(fixture_index: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(fixture_index, copy)
    return copy


def test_load_gives_sections_in_order_and_every_page(fixture_index: Path) -> None:
    catalog = Catalog.load(fixture_index)
    assert [s.title for s in catalog.sections][:2] == ["Disorders", "Patient handouts"]
    ordered = [p.id for p in catalog.ordered_pages()]
    assert set(ordered) == set(catalog.pages)
    pnh = catalog.page("pnh")
    assert pnh is not None and pnh.section_title == "Disorders"
    assert pnh.headings and all(h.anchor for h in pnh.headings)
    assert pnh.sources, "each page carries its sources"


def test_neighbours_follow_the_reading_order(fixture_index: Path) -> None:
    catalog = Catalog.load(fixture_index)
    ordered = catalog.ordered_pages()
    first, second = ordered[0], ordered[1]
    assert catalog.neighbours(first.id) == (None, second)
    assert catalog.neighbours(second.id)[0] == first
    assert catalog.neighbours("no-such-page") == (None, None)


def test_page_html_reads_the_rendered_fragment(fixture_index: Path) -> None:
    catalog = Catalog.load(fixture_index)
    assert "<h" in catalog.page_html("pnh")
    with pytest.raises(CatalogError, match="no page with id 'nope'"):
        catalog.page_html("nope")


def test_missing_catalog_says_the_installation_is_incomplete(index_copy: Path) -> None:
    (index_copy / CATALOG_NAME).unlink()
    with pytest.raises(CatalogError, match="missing; the installation is incomplete"):
        Catalog.load(index_copy)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: "{not json",
        lambda d: json.dumps({**d, "schema_version": 999}),
        lambda d: json.dumps({k: v for k, v in d.items() if k != "sections"}),
        lambda d: json.dumps([1, 2, 3]),
        lambda d: "\udcff",
    ],
    ids=["not-json", "other-schema", "no-sections", "a-list", "bad-utf8"],
)
def test_damaged_catalog_is_refused_with_a_message(index_copy: Path, damage: object) -> None:
    path = index_copy / CATALOG_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    text = damage(data)  # type: ignore[operator]
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(CatalogError, match=r"catalog\.json: (damaged|made for another version)"):
        Catalog.load(index_copy)


def test_unreadable_page_fragment_is_a_catalog_error(index_copy: Path) -> None:
    catalog = Catalog.load(index_copy)
    (index_copy / "pages" / "pnh.html").write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(CatalogError, match="cannot be read"):
        catalog.page_html("pnh")


def test_to_json_writes_back_exactly_the_catalog_the_build_wrote(tmp_path: Path) -> None:
    """One schema: the real catalog.json is what ``to_json`` writes, and reads back equal."""
    catalog = Catalog.load(REAL_INDEX)
    text = catalog.to_json()
    assert text == (REAL_INDEX / CATALOG_NAME).read_text(encoding="utf-8")
    (tmp_path / CATALOG_NAME).write_text(text, encoding="utf-8")
    again = Catalog.load(tmp_path)
    assert again.index_dir == tmp_path
    assert dataclasses.replace(again, index_dir=REAL_INDEX) == catalog
    pnh = again.page("pnh")
    assert pnh is not None and pnh.words > 0 and pnh.source_file.endswith(".md")
