"""``handbook build``: check every source, then write a complete ``index/`` or nothing.

The output is built in a temporary folder beside the target and swapped in only when
complete, so a failed or interrupted build never leaves a half-written index.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from handbook import __version__
from handbook.build.changes import changes_page
from handbook.build.citations import check_citations
from handbook.build.glossary import GLOSSARY_ID, Glossary, glossary_markdown, read_glossary
from handbook.build.includes import SNIPPETS_DIR, Snippet, expand, read_snippets
from handbook.build.keyfacts import KEYFACTS_FILE, check_keyfacts, read_keyfacts
from handbook.build.problems import BuildFailed, Problem, display_path
from handbook.build.questionwords import QUESTION_WORDS_FILE, read_question_words
from handbook.build.render import Rendered, page_document, render_markdown
from handbook.build.sources import SourcePage, SourceSection, read_content
from handbook.indexer import DOCUMENTS_NAME, LEXICON_NAME, WHOOSH_DIR, write_index
from handbook.indexfiles import describe as describe_index_files
from handbook.manifest import MANIFEST_NAME, SCHEMA_VERSION, Manifest, file_hash, source_hash
from handbook.textutil import readable_date

DISCLAIMER = (
    "This handbook supports, and does not replace, the judgement of the clinical team "
    "and local protocols. Check doses against the current product label. "
    "In an emergency, call your local emergency number."
)
CATALOG_NAME = "catalog.json"
ASSET_DIRS = ("styles", "images", "icons")
BUILTIN_ANCHORS = {"top", "sources"}
# What each print placeholder reads as in search text (snippets show these words).
SEARCH_WORDS = {
    "clinic_phone": "your clinic's urgent phone number",
    "clinic_name": "your clinic",
    "emergency_number": "the emergency number",
}
AUDIENCE_LABEL = {"clinician": "Clinician reference", "patient": "Patient handout"}


@dataclass
class BuildReport:
    pages: int
    documents: int
    words_clinician: int
    words_patient: int
    seconds: float
    out: Path


def _glossary_page(glossary: Glossary, titles: dict[str, str]) -> SourcePage:
    return SourcePage(
        id=GLOSSARY_ID,
        path=Path(glossary.shown_path),
        shown_path=glossary.shown_path,
        order=10**6,
        title=glossary.title,
        audience="clinician",
        reviewed=glossary.reviewed,
        sources=glossary.sources,
        summary="Abbreviations and terms, with British and US spellings.",
        body=glossary_markdown(glossary, titles),
    )


def _reference_section(sections: list[SourceSection], resources: Path) -> SourceSection:
    """The section generated pages go in (made when the content has none)."""
    home = next((s for s in sections if s.id == "reference"), None)
    if home is None:
        home = SourceSection("reference", resources / "content", 10**6, "Reference")
        sections.append(home)
    return home


def _snippet_page(snippet: Snippet) -> SourcePage:
    """A snippet seen as a page, so its own text is checked like every page's."""
    return SourcePage(
        id=snippet.name,
        path=Path(snippet.shown_path),
        shown_path=snippet.shown_path,
        order=0,
        title=snippet.title,
        audience=snippet.audience,
        reviewed="",
        sources=snippet.sources,
        body=snippet.body,
        body_line=1,
    )


def _line_of(page: SourcePage, needle: str) -> int:
    for offset, line in enumerate(page.body.splitlines()):
        if needle in line:
            return page.body_line + offset
    return page.body_line


def _check_references(
    pages: dict[str, SourcePage],
    rendered: dict[str, Rendered],
    resources: Path,
    problems: list[Problem],
) -> None:
    anchors = {pid: {h.anchor for h in r.headings} | BUILTIN_ANCHORS for pid, r in rendered.items()}
    for pid, result in rendered.items():
        page = pages[pid]
        for target, anchor in result.links:
            target_id = target or pid
            if target_id not in anchors:
                problems.append(
                    Problem(
                        page.shown_path,
                        _line_of(page, f"({target}"),
                        f"link to unknown page {target!r}",
                    )
                )
            elif anchor and anchor not in anchors[target_id]:
                problems.append(
                    Problem(
                        page.shown_path,
                        _line_of(page, f"#{anchor}"),
                        f"link to unknown anchor '#{anchor}' in page {target_id!r}",
                    )
                )
        for src in result.images:
            rel = PurePosixPath(src)
            if rel.is_absolute() or ".." in rel.parts or not rel.parts or rel.parts[0] != "images":
                problems.append(
                    Problem(
                        page.shown_path, _line_of(page, src), f"image {src!r} must be under images/"
                    )
                )
            elif not (resources / rel).is_file():
                problems.append(
                    Problem(page.shown_path, _line_of(page, src), f"image {src!r} does not exist")
                )


def _documents(
    sections: list[SourceSection],
    rendered: dict[str, Rendered],
    keys: dict[str, list[str]],
) -> list[dict[str, Any]]:
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
            doc["body"] = doc["body"].replace("{{" + name + "}}", words)
    return docs


def _lexicon(glossary: Glossary | None) -> dict[str, Any]:
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


def _write_json(path: Path, data: Any) -> None:
    path.write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def collect(resources: Path) -> tuple[list[SourceSection], Glossary | None, dict[str, Rendered]]:
    """Read, render and check every source; raise BuildFailed listing all problems."""
    problems: list[Problem] = []
    base = resources.parent
    sections = read_content(resources / "content", base, problems)
    glossary = read_glossary(resources / "glossary.yml", base, problems)
    snippets = read_snippets(resources / SNIPPETS_DIR, base, problems)
    for section in sections:
        for source_page in section.pages:
            check_citations(source_page, problems)  # before snippets add their own sources
            expand(source_page, snippets, problems)
    facts = read_keyfacts(resources / KEYFACTS_FILE, base, problems)
    read_question_words(resources / QUESTION_WORDS_FILE, base, problems)  # checked here too
    checked = [p for s in sections for p in s.pages] + [_snippet_page(s) for s in snippets.values()]
    check_keyfacts(facts, checked, problems)
    changes = changes_page(sections, problems)
    pages = {p.id: p for s in sections for p in s.pages}
    if changes is not None:
        if changes.id in pages:
            problems.append(
                Problem(pages[changes.id].shown_path, 1, f"page id {changes.id!r} is reserved")
            )
        else:
            _reference_section(sections, resources).pages.append(changes)
            pages[changes.id] = changes
    if glossary is not None:
        titles = {pid: p.title for pid, p in pages.items()}
        if GLOSSARY_ID in pages:
            problems.append(
                Problem(pages[GLOSSARY_ID].shown_path, 1, "page id 'glossary' is reserved")
            )
        else:
            page = _glossary_page(glossary, titles)
            _reference_section(sections, resources).pages.append(page)
            pages[page.id] = page
            for entry in glossary.entries:
                if entry.page and entry.page not in pages:
                    problems.append(
                        Problem(
                            glossary.shown_path,
                            entry.line,
                            f"entry {entry.term!r}: unknown page {entry.page!r}",
                        )
                    )
    for section in sections:
        section.pages.sort(key=lambda p: (p.order, p.id))
    if not pages:
        problems.append(Problem(display_path(resources / "content", base), 1, "no pages found"))
    terms = glossary.abbreviations() if glossary is not None else {}
    rendered = {
        pid: render_markdown(page.body, terms if pid != GLOSSARY_ID else None)
        for pid, page in pages.items()
    }
    _check_references(pages, rendered, resources, problems)
    if problems:
        raise BuildFailed(problems)
    return sections, glossary, rendered


def build(resources: Path, out: Path) -> BuildReport:
    started = time.perf_counter()
    sections, glossary, rendered = collect(resources)
    keys: dict[str, list[str]] = {}
    if glossary is not None:
        for entry in glossary.entries:
            if entry.page:
                keys.setdefault(entry.page, []).extend(entry.names())
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))
    work.chmod(0o755)  # mkdtemp makes it owner-only; the index is read by every user
    try:
        (work / "pages").mkdir()
        catalog_pages: dict[str, Any] = {}
        words = {"clinician": 0, "patient": 0}
        for section in sections:
            for page in section.pages:
                result = rendered[page.id]
                reviewed = readable_date(page.reviewed)
                meta_line = f"{AUDIENCE_LABEL[page.audience]} · Last reviewed {reviewed}"
                fragment = page_document(
                    page.title, page.summary, meta_line, result.html, page.sources, DISCLAIMER
                )
                (work / "pages" / f"{page.id}.html").write_text(fragment, encoding="utf-8")
                words[page.audience] += result.words
                catalog_pages[page.id] = {
                    "title": page.title,
                    "section": section.id,
                    "audience": page.audience,
                    "reviewed": page.reviewed,
                    "summary": page.summary,
                    "headings": [
                        {"level": h.level, "title": h.title, "anchor": h.anchor}
                        for h in result.headings
                    ],
                    "sources": page.sources,
                    "source_file": page.shown_path,
                    "words": result.words,
                }
        content_version = max(p["reviewed"] for p in catalog_pages.values())
        catalog = {
            "schema_version": SCHEMA_VERSION,
            "content_version": content_version,
            "sections": [
                {
                    "id": s.id,
                    "title": s.title,
                    "summary": s.summary,
                    "pages": [p.id for p in s.pages],
                }
                for s in sections
                if s.pages
            ],
            "pages": catalog_pages,
        }
        _write_json(work / CATALOG_NAME, catalog)
        for name in ASSET_DIRS:
            if (resources / name).is_dir():
                shutil.copytree(resources / name, work / name)
        documents = _documents(sections, rendered, keys)
        with (work / DOCUMENTS_NAME).open("w", encoding="utf-8") as handle:
            for doc in documents:
                handle.write(json.dumps(doc, sort_keys=True, ensure_ascii=False) + "\n")
        lexicon = _lexicon(glossary)
        # How search reads questions (checked in collect(), so no problems remain here).
        lexicon["questions"] = read_question_words(
            resources / QUESTION_WORDS_FILE, resources.parent, []
        )
        _write_json(work / LEXICON_NAME, lexicon)
        documents_hash = file_hash(work / DOCUMENTS_NAME)
        write_index(work / WHOOSH_DIR, documents, lexicon, documents_hash)
        manifest = Manifest(
            schema_version=SCHEMA_VERSION,
            app_version=__version__,
            content_version=content_version,
            source_hash=source_hash(resources),
            documents_hash=documents_hash,
            pages=len(catalog_pages),
            documents=len(documents),
            whoosh_files=describe_index_files(work / WHOOSH_DIR),
        )
        (work / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
        _swap(work, out)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return BuildReport(
        pages=len(catalog_pages),
        documents=len(documents),
        words_clinician=words["clinician"],
        words_patient=words["patient"],
        seconds=time.perf_counter() - started,
        out=out,
    )


def _swap(work: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    work.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
