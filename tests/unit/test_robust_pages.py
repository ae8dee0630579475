"""Pages that Qt's layout cannot take (D14): deeply nested tables and huge page files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.catalog import Catalog, CatalogError
from handbook.htmlguard import MAX_PAGE_BYTES, MAX_TABLE_DEPTH, limit_table_nesting, table_depth
from tests.helpers import REAL_INDEX

NESTED = "<div><table><tr><td>" * 50 + "deep words" + "</td></tr></table></div>" * 50


def test_tables_nested_beyond_the_limit_lose_their_table_tags_not_their_text() -> None:
    """A 500-byte page of nested tables froze the page view for good (exponential layout)."""
    assert table_depth(NESTED) == 50
    limited = limit_table_nesting(NESTED)
    assert table_depth(limited) == MAX_TABLE_DEPTH
    assert "deep words" in limited and limited.count("<div>") == 50


def test_pages_within_the_limit_are_untouched() -> None:
    page = (REAL_INDEX / "pages" / "pnh.html").read_text(encoding="utf-8")
    assert limit_table_nesting(page) is page


@pytest.fixture()
def catalog(tmp_path: Path) -> Catalog:
    copy = tmp_path / "index"
    shutil.copytree(REAL_INDEX, copy)
    return Catalog.load(copy)


def test_the_catalog_hands_out_nested_pages_flattened(catalog: Catalog) -> None:
    (catalog.index_dir / "pages" / "pnh.html").write_text(NESTED, encoding="utf-8")
    assert table_depth(catalog.page_html("pnh")) == MAX_TABLE_DEPTH


def test_a_huge_page_file_is_refused_without_reading_it(catalog: Catalog) -> None:
    path = catalog.index_dir / "pages" / "pnh.html"
    with path.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES * 40)  # sparse
    with pytest.raises(CatalogError, match="far too large to show"):
        catalog.page_html("pnh")
