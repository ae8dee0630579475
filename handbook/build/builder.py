"""``handbook build``: check every source, then write a complete ``index/`` or nothing.

:func:`collect` reads, renders and checks every source; :func:`build` then writes the
outputs one stage each, in order: pages, catalog, assets, search documents, lexicon,
search index, manifest (the manifest last, as it records the others). The output is built
in a temporary folder beside the target and swapped in only when complete, so a failed or
interrupted build never leaves a half-written index.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from handbook import __version__
from handbook.build.asked import ASKED_DIR, read_asked
from handbook.build.catalogfile import write_catalog
from handbook.build.changes import changes_page
from handbook.build.citations import check_citations
from handbook.build.glossary import GLOSSARY_ID, Glossary, glossary_markdown, read_glossary
from handbook.build.includes import SNIPPETS_DIR, Snippet, expand, read_snippets
from handbook.build.keyfacts import KEYFACTS_FILE, check_keyfacts, read_keyfacts
from handbook.build.pages import write_pages
from handbook.build.problems import BuildFailed, Problem, display_path
from handbook.build.questionfiles import write_question_files
from handbook.build.questionwords import QUESTION_WORDS_FILE, read_question_words
from handbook.build.render import Rendered, render_markdown
from handbook.build.searchfiles import (
    section_anchors,
    write_documents,
    write_lexicon,
    write_search_index,
)
from handbook.build.sources import SourcePage, SourceSection, read_content
from handbook.catalog import Catalog
from handbook.indexfiles import describe as describe_index_files
from handbook.indexlayout import ASSET_DIRS, DOCUMENTS_NAME, MANIFEST_NAME, WHOOSH_DIR
from handbook.manifest import SCHEMA_VERSION, Manifest, file_hash, source_hash

BUILTIN_ANCHORS = {"top", "sources"}


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


def collect(
    resources: Path,
) -> tuple[list[SourceSection], Glossary | None, dict[str, Rendered], dict[str, list[str]]]:
    """Read, render and check every source; raise BuildFailed listing all problems.

    Returns the sections, the glossary, each page rendered, and the questions each search
    document's section answers (by document id)."""
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
    asked = read_asked(resources / ASKED_DIR, base, section_anchors(rendered), problems)
    if problems:
        raise BuildFailed(problems)
    return sections, glossary, rendered, asked


def build(resources: Path, out: Path) -> BuildReport:
    """Check every source, then write each output in turn into a new ``out``."""
    started = time.perf_counter()
    sections, glossary, rendered, asked = collect(resources)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))
    work.chmod(0o755)  # mkdtemp makes it owner-only; the index is read by every user
    try:
        write_pages(work, sections, rendered)
        catalog = write_catalog(work, sections, rendered)
        copy_assets(resources, work)
        documents = write_documents(work, sections, rendered, glossary, asked)
        lexicon = write_lexicon(work, resources, glossary)
        write_search_index(work, documents, lexicon)
        write_question_files(resources, work, documents)
        write_manifest(work, resources, catalog, len(documents))
        _swap(work, out)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return BuildReport(
        pages=len(catalog.pages),
        documents=len(documents),
        words_clinician=_words(catalog, "clinician"),
        words_patient=_words(catalog, "patient"),
        seconds=time.perf_counter() - started,
        out=out,
    )


def copy_assets(resources: Path, work: Path) -> None:
    """Copy the stylesheets, images and icons as they are."""
    for name in ASSET_DIRS:
        if (resources / name).is_dir():
            shutil.copytree(resources / name, work / name)


def write_manifest(work: Path, resources: Path, catalog: Catalog, documents: int) -> Manifest:
    """Stamp the index: schema, sources, and the documents and Whoosh files just written."""
    manifest = Manifest(
        schema_version=SCHEMA_VERSION,
        app_version=__version__,
        content_version=catalog.content_version,
        source_hash=source_hash(resources),
        documents_hash=file_hash(work / DOCUMENTS_NAME),
        pages=len(catalog.pages),
        documents=documents,
        whoosh_files=describe_index_files(work / WHOOSH_DIR),
    )
    (work / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def _words(catalog: Catalog, audience: str) -> int:
    return sum(page.words for page in catalog.pages.values() if page.audience == audience)


def _swap(work: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    work.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
