"""What search reads: ``documents.jsonl`` (one document per page and per heading section),
``lexicon.json`` (spellings, synonyms, question words) and the Whoosh index made from both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handbook.build.asked import asked_field
from handbook.build.glossary import Glossary
from handbook.build.questionwords import QUESTION_WORDS_FILE, read_question_words
from handbook.build.render import Rendered
from handbook.build.sources import SourceSection
from handbook.indexer import write_index
from handbook.indexlayout import DOCUMENTS_NAME, LEXICON_NAME, WHOOSH_DIR
from handbook.manifest import file_hash
from handbook.placeholders import (
    CLINIC_NAME,
    CLINIC_PHONE,
    DEFAULT_CLINIC,
    DEFAULT_PHONE,
    EMERGENCY_NUMBER,
    placeholder,
)

# What each placeholder reads as in search text (snippets show these words): the clinic's
# as the page says them when the clinic has not set its own; the emergency number is the
# workstation's (999, 112, 911), which the build cannot know.
SEARCH_WORDS = {
    CLINIC_PHONE: DEFAULT_PHONE,
    CLINIC_NAME: DEFAULT_CLINIC,
    EMERGENCY_NUMBER: "the emergency number",
}


def glossary_keys(glossary: Glossary | None) -> dict[str, list[str]]:
    """The glossary's names for each page an entry points to (searched as the page's aliases)."""
    keys: dict[str, list[str]] = {}
    if glossary is not None:
        for entry in glossary.entries:
            if entry.page:
                keys.setdefault(entry.page, []).extend(entry.names())
    return keys


def documents_of(
    sections: list[SourceSection],
    rendered: dict[str, Rendered],
    keys: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """One document per page (its summary and opening) and one per section after it."""
    docs: list[dict[str, Any]] = []
    for section in sections:
        for page in section.pages:
            result = rendered[page.id]
            lead = result.sections[0].text if result.sections else ""
            base = {
                "page": page.id,
                "audience": page.audience,
                "section": section.title,
                "title": page.title,
            }
            docs.append(
                base
                | {
                    "id": page.id,
                    "anchor": "",
                    "kind": "page",
                    "aliases": " ; ".join(page.aliases + keys.get(page.id, [])),
                    "heading": " ; ".join(h.title for h in result.headings),
                    "body": " ".join(part for part in (page.summary, lead) if part),
                }
            )
            for part in result.sections[1:]:
                docs.append(
                    base
                    | {
                        "id": f"{page.id}#{part.anchor}",
                        "anchor": part.anchor,
                        "kind": "section",
                        "heading": part.heading,
                        "body": part.text,
                    }
                )
    for doc in docs:
        for name, words in SEARCH_WORDS.items():
            doc["body"] = doc["body"].replace(placeholder(name), words)
    return docs


def section_anchors(rendered: dict[str, Rendered]) -> dict[str, set[str]]:
    """Each page id's section anchors: the sections that have a search document."""
    return {pid: {part.anchor for part in result.sections[1:]} for pid, result in rendered.items()}


def with_asked(documents: list[dict[str, Any]], asked: dict[str, list[str]]) -> None:
    """Give each document the questions its section answers (``resources/search/asked/``)."""
    for doc in documents:
        questions = asked.get(doc["id"])
        if questions:
            doc["asked"] = asked_field(questions)


def write_documents(
    work: Path,
    sections: list[SourceSection],
    rendered: dict[str, Rendered],
    glossary: Glossary | None,
    asked: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """Write ``documents.jsonl`` (sorted keys, one document a line) and return the documents,
    each with the questions its section answers (``asked``, read and checked by collect())."""
    documents = documents_of(sections, rendered, glossary_keys(glossary))
    with_asked(documents, asked)
    with (work / DOCUMENTS_NAME).open("w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(json.dumps(doc, sort_keys=True, ensure_ascii=False) + "\n")
    return documents


def lexicon_of(glossary: Glossary | None) -> dict[str, Any]:
    """The glossary as search uses it: spellings, protected acronyms, synonyms, lay words."""
    if glossary is None:
        return {"spellings": {}, "protected": [], "synonyms": [], "related": {}}
    related: dict[str, list[str]] = {}
    for entry in glossary.entries:
        for word in entry.related:
            related.setdefault(word.lower(), []).append(entry.term)
    return {
        "spellings": glossary.spelling_map(),
        "protected": sorted(glossary.acronyms()),
        "synonyms": [entry.names() for entry in glossary.entries if len(entry.names()) > 1],
        "related": related,
    }


def write_lexicon(work: Path, resources: Path, glossary: Glossary | None) -> dict[str, Any]:
    """Write ``lexicon.json`` (the glossary's words and the question words) and return it."""
    lexicon = lexicon_of(glossary)
    # How search reads questions (checked in collect(), so no problems remain here).
    lexicon["questions"] = read_question_words(
        resources / QUESTION_WORDS_FILE, resources.parent, []
    )
    text = json.dumps(lexicon, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (work / LEXICON_NAME).write_text(text, encoding="utf-8")
    return lexicon


def write_search_index(
    work: Path, documents: list[dict[str, Any]], lexicon: dict[str, Any]
) -> None:
    """Write the Whoosh index, stamped with the hash of the documents file it is made from."""
    write_index(work / WHOOSH_DIR, documents, lexicon, file_hash(work / DOCUMENTS_NAME))
