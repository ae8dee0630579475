"""What an index folder holds: the names the build writes and the app reads (Qt-free)."""

from __future__ import annotations

from pathlib import Path

CATALOG_NAME = "catalog.json"  # sections, pages and headings (handbook.catalog)
DOCUMENTS_NAME = "documents.jsonl"  # one search document a line (handbook.indexer)
LEXICON_NAME = "lexicon.json"  # spellings, synonyms and question words for search
MANIFEST_NAME = "manifest.json"  # the stamp of the whole index (handbook.manifest)
PAGES_DIR = "pages"  # one rendered fragment per page: <page id>.html
STYLES_DIR = "styles"  # the stylesheets, copied from resources/styles/
PAGE_CSS = "page.css"  # in STYLES_DIR: pages on screen
DARK_CSS = "page-dark.css"  # in STYLES_DIR: the dark theme's additions
PRINT_CSS = "print.css"  # in STYLES_DIR: printed pages and handouts
ASSET_DIRS = (STYLES_DIR, "images", "icons")  # copied from resources/ as they are
QUESTIONS_DIR = "questions"  # the question vectors and reranker (handbook.questionvectors)
WHOOSH_DIR = "whoosh"  # the search index; made from the documents, never shipped in a pack
STAMP_NAME = "stamp.json"  # in WHOOSH_DIR: the schema and the documents it was made from
RECORD_NAME = "files.json"  # in WHOOSH_DIR of an index made at run time: its files' hashes
# Between the questions in a search document's "asked" field (joined by the build, split by search).
ASKED_SEPARATOR = " ; "

# What an index holds at run time, but for the Whoosh folder (a content pack carries these).
TOP_FILES = frozenset({CATALOG_NAME, DOCUMENTS_NAME, LEXICON_NAME, MANIFEST_NAME})
TOP_FOLDERS = frozenset({PAGES_DIR, *ASSET_DIRS, QUESTIONS_DIR})


def page_path(index_dir: Path, page_id: str) -> Path:
    """Where a page's rendered fragment is in an index folder."""
    return index_dir / PAGES_DIR / f"{page_id}.html"
