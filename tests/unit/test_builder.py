"""The build's stages: each writes its own output, and together exactly the index layout."""

from __future__ import annotations

import json
from pathlib import Path

from handbook.build.builder import collect
from handbook.build.catalogfile import make_catalog
from handbook.build.searchfiles import documents_of, glossary_keys
from handbook.catalog import Catalog
from handbook.indexer import read_documents
from handbook.indexlayout import (
    DOCUMENTS_NAME,
    MANIFEST_NAME,
    PAGES_DIR,
    TOP_FILES,
    TOP_FOLDERS,
    WHOOSH_DIR,
    page_path,
)
from handbook.manifest import Manifest, check_stamp
from handbook.placeholders import DEFAULT_PHONE, placeholder


def test_the_build_writes_the_index_layout_and_nothing_else(fixture_index: Path) -> None:
    names = {p.name for p in fixture_index.iterdir()}
    assert TOP_FILES <= names
    assert names - TOP_FILES - {WHOOSH_DIR} <= TOP_FOLDERS
    catalog = Catalog.load(fixture_index)
    pages = {p.stem for p in (fixture_index / PAGES_DIR).glob("*.html")}
    assert pages == set(catalog.pages)
    assert all(page_path(fixture_index, pid).is_file() for pid in catalog.pages)


def test_catalog_stage_is_the_catalog_the_index_holds(fixture_resources: Path) -> None:
    sections, _glossary, rendered, _asked = collect(fixture_resources)
    catalog = make_catalog(sections, rendered, fixture_resources)
    assert catalog.to_json().startswith("{")
    assert catalog.content_version == max(p.reviewed for p in catalog.pages.values())
    assert {pid for s in catalog.sections for pid in s.page_ids} == set(catalog.pages)
    for page in catalog.pages.values():
        assert page.section_title and page.source_file and page.words > 0


def test_manifest_records_what_the_other_stages_wrote(fixture_index: Path) -> None:
    manifest = Manifest.read(fixture_index)
    catalog = Catalog.load(fixture_index)
    documents = read_documents(fixture_index / DOCUMENTS_NAME)
    assert (manifest.pages, manifest.documents) == (len(catalog.pages), len(documents))
    assert manifest.content_version == catalog.content_version
    check_stamp(fixture_index / WHOOSH_DIR, manifest)
    raw = json.loads((fixture_index / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(raw["whoosh_files"]) == set(manifest.whoosh_files)


def test_search_text_reads_the_clinic_phone_as_the_page_does(fixture_resources: Path) -> None:
    """A snippet says what the page view says when no clinic number is set."""
    sections, glossary, rendered, _asked = collect(fixture_resources)
    documents = documents_of(sections, rendered, glossary_keys(glossary))
    bodies = " ".join(doc["body"] for doc in documents)
    assert DEFAULT_PHONE in bodies
    assert placeholder("clinic_phone") not in bodies
