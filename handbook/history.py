"""Where the reader is and has been: session history, breadcrumb trail, outline, neighbours."""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.catalog import Catalog, Heading

HOME = "home"
HOME_TITLE = "Home"
MIN_OUTLINE = 3  # pages with fewer headings than this get no "On this page" list


@dataclass(frozen=True)
class Place:
    """A page (and optionally a heading on it); the title is only for showing."""

    page: str
    anchor: str = ""
    title: str = field(default="", compare=False)


class History:
    """Back/forward stack of places plus every page visited this session."""

    def __init__(self) -> None:
        self.entries: list[Place] = []
        self.position = -1
        self._visited: list[Place] = []  # most recent last, one entry per page

    @property
    def current(self) -> Place | None:
        return self.entries[self.position] if self.position >= 0 else None

    def visit(self, place: Place) -> bool:
        """Record a new place (dropping the forward entries); False if it is where we are."""
        if place == self.current:
            return False
        del self.entries[self.position + 1 :]
        self.entries.append(place)
        self.position = len(self.entries) - 1
        self._remember(place)
        return True

    def replace(self, place: Place) -> None:
        """Put ``place`` where the current entry is (or record it if there is none)."""
        if self.current is None:
            self.visit(place)
            return
        self.entries[self.position] = place
        self._remember(place)

    def _remember(self, place: Place) -> None:
        self._visited = [p for p in self._visited if p.page != place.page]
        self._visited.append(place)

    @property
    def can_go_back(self) -> bool:
        return self.position > 0

    @property
    def can_go_forward(self) -> bool:
        return self.position + 1 < len(self.entries)

    def back(self) -> Place | None:
        if not self.can_go_back:
            return None
        self.position -= 1
        self._remember(self.entries[self.position])
        return self.entries[self.position]

    def forward(self) -> Place | None:
        if not self.can_go_forward:
            return None
        self.position += 1
        self._remember(self.entries[self.position])
        return self.entries[self.position]

    def recent(self, limit: int = 15) -> list[Place]:
        """Pages visited this session, most recent first, each once."""
        return list(reversed(self._visited))[:limit]


def title_of(catalog: Catalog, page_id: str) -> str:
    if page_id == HOME:
        return HOME_TITLE
    page = catalog.page(page_id)
    return page.title if page is not None else "Page not found"


def trail(catalog: Catalog, page_id: str, anchor: str = "") -> list[Place]:
    """Breadcrumb parts: Home › section › page › heading (as far as they exist)."""
    crumbs = [Place(HOME, "", HOME_TITLE)]
    if page_id == HOME:
        section = next((s for s in catalog.sections if s.id == anchor), None)
        if section is not None:
            crumbs.append(Place(HOME, section.id, section.title))
        return crumbs
    page = catalog.page(page_id)
    if page is None:
        crumbs.append(Place(page_id, "", "Page not found"))
        return crumbs
    if page.section_title:
        crumbs.append(Place(HOME, page.section_id, page.section_title))
    crumbs.append(Place(page_id, "", page.title))
    heading = next((h for h in page.headings if h.anchor == anchor), None) if anchor else None
    if heading is not None and heading.level > 1:
        crumbs.append(Place(page_id, heading.anchor, heading.title))
    return crumbs


def outline(catalog: Catalog, page_id: str) -> tuple[Heading, ...]:
    """The headings to offer under "On this page" (none for home or short pages)."""
    page = catalog.page(page_id) if page_id != HOME else None
    if page is None:
        return ()
    headings = tuple(h for h in page.headings if h.level > 1)
    return headings if len(headings) >= MIN_OUTLINE else ()


def neighbours(catalog: Catalog, page_id: str) -> tuple[Place | None, Place | None]:
    """Previous and next page in handbook order; home comes before the first page."""
    ordered = catalog.ordered_pages()
    if not ordered:
        return None, None
    if page_id == HOME:
        return None, Place(ordered[0].id, "", ordered[0].title)
    before, after = catalog.neighbours(page_id)
    if before is None and after is None and page_id not in catalog.pages:
        return None, None
    previous = Place(before.id, "", before.title) if before else None
    if before is None and ordered[0].id == page_id:
        previous = Place(HOME, "", HOME_TITLE)
    following = Place(after.id, "", after.title) if after else None
    return previous, following
