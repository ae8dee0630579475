"""Write the Whoosh index from search documents (at build time, or to repair at run time).

Documents come from ``index/documents.jsonl`` and the analysis settings from
``index/lexicon.json``, both written by the build, so an index can be rebuilt from the
shipped files alone, without Markdown or the content sources.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from handbook.indexlayout import DOCUMENTS_NAME, LEXICON_NAME, STAMP_NAME
from handbook.manifest import file_hash, stamp_text
from handbook.questionvectors import asked_questions

TEXT_FIELDS = ("title", "heading", "aliases", "body")


def glossary_phrases(lexicon: dict[str, Any]) -> list[str]:
    """Every name of several words that a query can expand to (synonyms and lay words)."""
    names = {name for group in lexicon.get("synonyms", []) for name in group}
    related = lexicon.get("related", {})
    names.update(term for terms in related.values() for term in terms)
    names.update(related)  # the lay words themselves ("low neutrophils")
    return sorted(names)  # the analyzer keeps those that are several tokens


def make_schema(lexicon: dict[str, Any]) -> Any:
    from whoosh.fields import ID, STORED, TEXT, Schema

    from handbook.analysis import spell_analyzer, text_analyzer

    analyzer = text_analyzer(
        lexicon.get("spellings", {}), lexicon.get("protected", []), glossary_phrases(lexicon)
    )
    return Schema(
        id=ID(stored=True, unique=True),
        page=ID(stored=True, sortable=True),
        anchor=STORED(),
        kind=ID(stored=True, sortable=True),
        audience=ID(stored=True, sortable=True),
        section=STORED(),
        title=TEXT(analyzer=analyzer, stored=True),
        heading=TEXT(analyzer=analyzer, stored=True),
        aliases=TEXT(analyzer=analyzer),
        body=TEXT(analyzer=analyzer, stored=True),
        # The questions a section answers, in askers' words (resources/search/asked/):
        # stored for handbook/asked.py to compare typed questions with, never searched as
        # a field, so not indexed (indexing them cost about a third of the index time).
        asked=STORED(),
        # ... and each of them analysed, as search analyses a typed question: the first
        # question of a session compares with them without analysing 6,900 questions first.
        asked_terms=STORED(),
        spell=TEXT(analyzer=spell_analyzer(), spelling=True),
    )


def read_documents(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_index(
    target: Path, documents: Iterable[dict[str, str]], lexicon: dict[str, Any], documents_hash: str
) -> None:
    """Create a complete Whoosh index in ``target`` (replaced only once complete)."""
    from whoosh import index

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".whoosh-", dir=target.parent))
    work.chmod(0o755)  # mkdtemp makes it owner-only; the index is read by every user
    try:
        ix = index.create_in(str(work), make_schema(lexicon))
        writer = ix.writer(limitmb=128)
        try:
            _add_all(writer, documents)
        except BaseException:
            writer.cancel()  # closes its temporary files, so the work folder can be removed
            ix.close()
            raise
        writer.commit(optimize=True)
        ix.close()
        (work / STAMP_NAME).write_text(stamp_text(documents_hash), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def asked_terms(doc: dict[str, str], analyzer: Any) -> tuple[tuple[str, ...], ...]:
    """Each of a document's asked questions, analysed as search analyses a typed question."""
    return tuple(tuple(t.text for t in analyzer(q, mode="query")) for q in asked_questions(doc))


def _add_all(writer: Any, documents: Iterable[dict[str, str]]) -> None:
    analyzer = writer.schema["body"].analyzer
    for doc in documents:
        spell = " ".join(doc.get(name, "") for name in TEXT_FIELDS)
        writer.add_document(
            id=doc["id"],
            page=doc["page"],
            anchor=doc["anchor"],
            kind=doc["kind"],
            audience=doc["audience"],
            section=doc["section"],
            title=doc["title"],
            heading=doc.get("heading", ""),
            aliases=doc.get("aliases", ""),
            body=doc.get("body", ""),
            asked=doc.get("asked", ""),
            asked_terms=asked_terms(doc, analyzer),
            spell=spell,
        )


def rebuild_from_shipped(source_index: Path, target: Path) -> None:
    """Rebuild the Whoosh part of ``source_index`` into ``target`` (e.g. the user's cache)."""
    documents_path = source_index / DOCUMENTS_NAME
    lexicon = json.loads((source_index / LEXICON_NAME).read_text(encoding="utf-8"))
    write_index(target, read_documents(documents_path), lexicon, file_hash(documents_path))
