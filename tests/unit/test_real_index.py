"""The shipped index: fresh against the sources, and answering as the CLI promises."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from handbook.catalog import Catalog
from handbook.manifest import check_fresh
from tests.conftest import REAL_INDEX, REAL_RESOURCES, ROOT


def handbook(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook", *args], cwd=ROOT, capture_output=True, text=True)


def test_index_matches_sources() -> None:
    # Fails when content or build code changed without 'handbook build' being re-run.
    manifest = check_fresh(REAL_INDEX, REAL_RESOURCES)
    assert manifest.pages >= 2


def test_build_check_command_agrees() -> None:
    done = handbook("build", "--check")
    assert done.returncode == 0, done.stderr
    assert "index is fresh" in done.stdout


def test_list_json_fields() -> None:
    done = handbook("list", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    ids = {row["id"] for row in rows}
    assert {"pnh", "aplastic-anaemia"} <= ids
    for row in rows:
        assert set(row) >= {"id", "title", "section", "audience", "reviewed"}
        assert row["audience"] in ("clinician", "patient")
        assert len(row["reviewed"]) == 10 and row["reviewed"][4] == "-"


def test_search_pnh_json_puts_pnh_page_first() -> None:
    done = handbook("search", "PNH", "--json", "--limit", "5")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"] == "PNH"
    first = data["results"][0]
    assert first["page"] == "pnh"
    assert set(first) >= {"page", "title", "section", "anchor", "audience", "score", "snippet"}


def test_search_text_output_and_bad_index(tmp_path: pytest.TempPathFactory) -> None:
    done = handbook("search", "aplastic", "anaemia")
    assert done.returncode == 0 and "Aplastic anaemia" in done.stdout
    broken = handbook("--index", str(tmp_path), "search", "PNH")
    assert broken.returncode == 1
    assert broken.stderr.startswith("handbook: search is unavailable")
    assert "Traceback" not in broken.stderr


def test_version_names_content_version() -> None:
    done = handbook("--version")
    catalog = Catalog.load(REAL_INDEX)
    assert done.stdout.strip().endswith(f"(content version {catalog.content_version})")


def test_every_catalog_page_has_html() -> None:
    catalog = Catalog.load(REAL_INDEX)
    for page in catalog.ordered_pages():
        html = catalog.page_html(page.id)
        assert f"{page.title}" in html or page.title.replace("&", "&amp;") in html
        assert "Sources" in html
