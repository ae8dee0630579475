"""The handbook's table of contents, read from the prebuilt ``index/catalog.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook import htmlguard, safejson
from handbook.indexlayout import CATALOG_NAME, page_path
from handbook.manifest import SCHEMA_VERSION

MAX_CATALOG_BYTES = 64 << 20  # the catalog of 94 pages is about 350 KB


class CatalogError(RuntimeError):
    """The catalog is missing or damaged."""


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    anchor: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Heading:
        return cls(data["level"], data["title"], data["anchor"])

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "title": self.title, "anchor": self.anchor}


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    section_id: str
    section_title: str
    audience: str
    reviewed: str
    summary: str
    headings: tuple[Heading, ...]
    sources: tuple[str, ...]
    source_file: str = ""  # the Markdown it is built from, as the build names it
    words: int = 0

    @classmethod
    def from_json(cls, page_id: str, data: dict[str, Any], section_title: str) -> Page:
        return cls(
            id=page_id,
            title=data["title"],
            section_id=data["section"],
            section_title=section_title,
            audience=data["audience"],
            reviewed=data["reviewed"],
            summary=data.get("summary", ""),
            headings=tuple(Heading.from_json(h) for h in data["headings"]),
            sources=tuple(data.get("sources", ())),
            source_file=data.get("source_file", ""),
            words=data.get("words", 0),
        )

    def to_json(self) -> dict[str, Any]:
        """The page's entry in ``catalog.json`` (its id is the key; the section is by id)."""
        return {
            "title": self.title,
            "section": self.section_id,
            "audience": self.audience,
            "reviewed": self.reviewed,
            "summary": self.summary,
            "headings": [h.to_json() for h in self.headings],
            "sources": list(self.sources),
            "source_file": self.source_file,
            "words": self.words,
        }


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str
    page_ids: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Section:
        return cls(data["id"], data["title"], data.get("summary", ""), tuple(data["pages"]))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "pages": list(self.page_ids),
        }


@dataclass
class Catalog:
    index_dir: Path
    content_version: str
    sections: list[Section]
    pages: dict[str, Page] = field(default_factory=dict)

    @classmethod
    def load(cls, index_dir: Path) -> Catalog:
        path = index_dir / CATALOG_NAME
        try:
            data = safejson.read_json(path, MAX_CATALOG_BYTES)
            if data.get("schema_version") != SCHEMA_VERSION:
                raise CatalogError(f"{path}: made for another version of the app; rebuild it")
            return cls.from_json(data, index_dir)
        except FileNotFoundError:
            raise CatalogError(f"{path}: missing; the installation is incomplete") from None
        except safejson.UserFileError as exc:  # a folder in its place, unreadable, nested
            raise CatalogError(f"{path}: damaged or unreadable ({exc.reason})") from None
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: damaged ({exc.__class__.__name__})") from None

    @classmethod
    def from_json(cls, data: dict[str, Any], index_dir: Path) -> Catalog:
        """The catalog in ``data`` (as :meth:`to_json` writes it) for the pages in ``index_dir``."""
        sections = [Section.from_json(s) for s in data["sections"]]
        titles = {s.id: s.title for s in sections}
        pages = {
            pid: Page.from_json(pid, p, titles.get(p["section"], ""))
            for pid, p in data["pages"].items()
        }
        return cls(index_dir, data["content_version"], sections, pages)

    def to_json(self) -> str:
        """The text of ``catalog.json``: what the build writes and :meth:`load` reads."""
        data = {
            "schema_version": SCHEMA_VERSION,
            "content_version": self.content_version,
            "sections": [s.to_json() for s in self.sections],
            "pages": {pid: p.to_json() for pid, p in self.pages.items()},
        }
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def page(self, page_id: str) -> Page | None:
        return self.pages.get(page_id)

    def ordered_pages(self) -> list[Page]:
        return [self.pages[pid] for s in self.sections for pid in s.page_ids if pid in self.pages]

    def page_html(self, page_id: str) -> str:
        """The page's rendered HTML fragment; raises CatalogError if it cannot be read."""
        if page_id not in self.pages:
            raise CatalogError(f"no page with id {page_id!r}")
        path = page_path(self.index_dir, page_id)
        try:
            size = path.stat().st_size
            if size > htmlguard.MAX_PAGE_BYTES:
                raise CatalogError(f"{path}: far too large to show ({size // 1_000_000} MB)")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
        # Deeply nested tables would freeze the page view and printing (Qt's layout).
        return htmlguard.limit_table_nesting(text)

    def neighbours(self, page_id: str) -> tuple[Page | None, Page | None]:
        ordered = self.ordered_pages()
        ids = [p.id for p in ordered]
        if page_id not in ids:
            return None, None
        at = ids.index(page_id)
        return (
            ordered[at - 1] if at > 0 else None,
            ordered[at + 1] if at + 1 < len(ordered) else None,
        )
