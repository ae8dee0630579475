"""Writing the Whoosh index from search documents: at build time and to repair at run time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import index

from handbook import indexer
from handbook.indexer import glossary_phrases, read_documents, rebuild_from_shipped, write_index
from handbook.indexlayout import DOCUMENTS_NAME, LEXICON_NAME, STAMP_NAME, WHOOSH_DIR
from handbook.manifest import (
    SCHEMA_VERSION,
    Manifest,
    StaleIndexError,
    StampUnreadable,
    check_stamp,
    file_hash,
    stamp_text,
)
from handbook.search import SearchEngine
from tests.helpers import REAL_INDEX


def test_glossary_phrases_collects_synonyms_and_lay_words_once() -> None:
    lexicon = {
        "synonyms": [["PNH", "paroxysmal nocturnal haemoglobinuria"], ["AA", "aplastic anaemia"]],
        # A lay word and the glossary names it stands for ("low platelets": Thrombocytopenia).
        "related": {"low blood counts": ["aplastic anaemia", "Cytopenia"], "PNH": ["PNH"]},
    }
    assert glossary_phrases(lexicon) == [
        "AA",
        "Cytopenia",
        "PNH",
        "aplastic anaemia",
        "low blood counts",
        "paroxysmal nocturnal haemoglobinuria",
    ]


def test_rebuilt_index_is_stamped_and_answers_like_the_shipped_one(
    fixture_index: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cache" / WHOOSH_DIR
    rebuild_from_shipped(fixture_index, target)
    stamp = json.loads((target / STAMP_NAME).read_text(encoding="utf-8"))
    assert stamp == {
        "schema_version": SCHEMA_VERSION,
        "documents_hash": file_hash(fixture_index / DOCUMENTS_NAME),
    }
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".whoosh-")]
    shipped = SearchEngine.open(fixture_index)
    try:
        expected = [r.page for r in shipped.search("PNH").results]
    finally:
        shipped.close()
    assert expected, "the fixture corpus has a PNH page"
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(target))
    try:
        assert ix.doc_count() == len(read_documents(fixture_index / DOCUMENTS_NAME))
    finally:
        ix.close()


def test_a_failed_write_leaves_the_previous_index_untouched(
    fixture_index: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cache" / WHOOSH_DIR
    rebuild_from_shipped(fixture_index, target)
    before = sorted(p.name for p in target.iterdir())
    lexicon = json.loads((fixture_index / LEXICON_NAME).read_text(encoding="utf-8"))

    def broken_documents() -> object:
        yield from read_documents(fixture_index / DOCUMENTS_NAME)[:3]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_index(target, broken_documents(), lexicon, "hash")  # type: ignore[arg-type]
    assert sorted(p.name for p in target.iterdir()) == before
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".whoosh-")]


def test_index_folder_is_readable_by_every_user(fixture_index: Path, tmp_path: Path) -> None:
    target = tmp_path / "cache" / WHOOSH_DIR
    rebuild_from_shipped(fixture_index, target)
    assert target.stat().st_mode & 0o755 == 0o755


def test_documents_reader_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a"}\n\n{"id": "b"}\n', encoding="utf-8")
    assert [d["id"] for d in read_documents(path)] == ["a", "b"]
    assert indexer.TEXT_FIELDS == ("title", "heading", "aliases", "body")


def test_stamp_check_accepts_its_own_stamp_and_refuses_others(
    fixture_index: Path, tmp_path: Path
) -> None:
    """Search, the self-check and the editions read the stamp through one check."""
    manifest = Manifest.read(fixture_index)
    check_stamp(fixture_index / WHOOSH_DIR, manifest)
    (tmp_path / STAMP_NAME).write_text(stamp_text(manifest.documents_hash), encoding="utf-8")
    check_stamp(tmp_path, manifest)
    (tmp_path / STAMP_NAME).write_text(stamp_text("0" * 64), encoding="utf-8")
    with pytest.raises(StaleIndexError, match="stale"):
        check_stamp(tmp_path, manifest)
    (tmp_path / STAMP_NAME).unlink()
    with pytest.raises(StampUnreadable, match="missing or damaged stamp") as raised:
        check_stamp(tmp_path, manifest)
    assert raised.value.cause == "FileNotFoundError"


def test_the_asked_questions_are_kept_whole_but_not_indexed() -> None:
    """Search compares typed questions with the stored questions (handbook/asked.py) and
    never looks them up as terms, so the build does not index them."""
    ix = index.open_dir(str(REAL_INDEX / WHOOSH_DIR), readonly=True)
    try:
        assert ix.schema["asked"].stored and not ix.schema["asked"].indexed
        with ix.searcher() as searcher:
            kept = [
                fields["asked"]
                for _docnum, fields in searcher.reader().iter_docs()
                if fields.get("asked")
            ]
        assert len(kept) > 900 and any("come back" in text for text in kept)
    finally:
        ix.close()
