"""The handbook's table of contents, read from the prebuilt ``index/catalog.json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook import htmlguard, safejson
from handbook.manifest import SCHEMA_VERSION

CATALOG_NAME = "catalog.json"
MAX_CATALOG_BYTES = 64 << 20  # the catalog of 94 pages is about 350 KB


class CatalogError(RuntimeError):
    """The catalog is missing or damaged."""


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    anchor: str


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


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str
    page_ids: tuple[str, ...]


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
            sections = [
                Section(s["id"], s["title"], s.get("summary", ""), tuple(s["pages"]))
                for s in data["sections"]
            ]
            titles = {s.id: s.title for s in sections}
            pages = {
                pid: Page(
                    id=pid,
                    title=p["title"],
                    section_id=p["section"],
                    section_title=titles.get(p["section"], ""),
                    audience=p["audience"],
                    reviewed=p["reviewed"],
                    summary=p.get("summary", ""),
                    headings=tuple(
                        Heading(h["level"], h["title"], h["anchor"]) for h in p["headings"]
                    ),
                    sources=tuple(p.get("sources", ())),
                )
                for pid, p in data["pages"].items()
            }
            return cls(index_dir, data["content_version"], sections, pages)
        except FileNotFoundError:
            raise CatalogError(f"{path}: missing; the installation is incomplete") from None
        except safejson.UserFileError as exc:  # a folder in its place, unreadable, nested
            raise CatalogError(f"{path}: damaged or unreadable ({exc.reason})") from None
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: damaged ({exc.__class__.__name__})") from None

    def page(self, page_id: str) -> Page | None:
        return self.pages.get(page_id)

    def ordered_pages(self) -> list[Page]:
        return [self.pages[pid] for s in self.sections for pid in s.page_ids if pid in self.pages]

    def page_html(self, page_id: str) -> str:
        """The page's rendered HTML fragment; raises CatalogError if it cannot be read."""
        if page_id not in self.pages:
            raise CatalogError(f"no page with id {page_id!r}")
        path = self.index_dir / "pages" / f"{page_id}.html"
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
