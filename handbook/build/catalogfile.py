"""``index/catalog.json``: the table of contents, made from the sections and rendered pages."""

from __future__ import annotations

from pathlib import Path

from handbook.build.render import Rendered
from handbook.build.sources import SourceSection
from handbook.catalog import Catalog, Heading, Page, Section
from handbook.indexlayout import CATALOG_NAME


def make_catalog(
    sections: list[SourceSection], rendered: dict[str, Rendered], index_dir: Path
) -> Catalog:
    """The catalog of every page; a section without pages is left out."""
    pages: dict[str, Page] = {}
    for section in sections:
        for page in section.pages:
            result = rendered[page.id]
            pages[page.id] = Page(
                id=page.id,
                title=page.title,
                section_id=section.id,
                section_title=section.title,
                audience=page.audience,
                reviewed=page.reviewed,
                summary=page.summary,
                headings=tuple(Heading(h.level, h.title, h.anchor) for h in result.headings),
                sources=tuple(page.sources),
                source_file=page.shown_path,
                words=result.words,
            )
    return Catalog(
        index_dir=index_dir,
        content_version=max(p.reviewed for p in pages.values()),
        sections=[
            Section(s.id, s.title, s.summary, tuple(p.id for p in s.pages))
            for s in sections
            if s.pages
        ],
        pages=pages,
    )


def write_catalog(
    work: Path, sections: list[SourceSection], rendered: dict[str, Rendered]
) -> Catalog:
    """Write ``catalog.json`` into ``work`` and return the catalog it holds."""
    catalog = make_catalog(sections, rendered, work)
    (work / CATALOG_NAME).write_text(catalog.to_json(), encoding="utf-8")
    return catalog
