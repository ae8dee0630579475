"""History, breadcrumb trail, outline and neighbours, on the fixture index (no Qt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.catalog import Catalog
from handbook.history import HOME, History, Place, neighbours, outline, title_of, trail
from tests.helpers import REAL_INDEX, ROOT


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(REAL_INDEX)


@pytest.fixture()
def tiny(fixture_index: Path) -> Catalog:
    return Catalog.load(fixture_index)


def test_back_forward_and_a_new_visit_drops_the_forward_entries() -> None:
    history = History()
    for page in ("home", "a", "b", "c"):
        assert history.visit(Place(page))
    assert not history.visit(Place("c"))  # same place again: nothing recorded
    assert history.back() == Place("b") and history.back() == Place("a")
    assert history.can_go_forward
    assert history.visit(Place("d"))
    assert not history.can_go_forward
    assert [p.page for p in history.entries] == ["home", "a", "d"]
    # The session list still has b and c, most recent first, each page once.
    assert [p.page for p in history.recent()] == ["d", "a", "b", "c", "home"]


def test_anchor_counts_as_a_new_place_but_a_page_is_listed_once() -> None:
    history = History()
    history.visit(Place("pnh"))
    assert history.visit(Place("pnh", "diagnosis"))
    assert history.back() == Place("pnh")
    assert [p.page for p in history.recent()] == ["pnh"]
    assert history.forward() == Place("pnh", "diagnosis") and history.forward() is None


def test_replace_swaps_the_current_entry() -> None:
    history = History()
    history.replace(Place("a"))  # nothing to replace yet: recorded
    history.visit(Place("b", "one"))
    history.replace(Place("b", "two"))
    assert history.entries == [Place("a"), Place("b", "two")]
    assert history.back() == Place("a")


def test_empty_history_cannot_move() -> None:
    history = History()
    assert history.current is None and history.back() is None and history.forward() is None
    assert history.recent() == []


@given(st.lists(st.sampled_from(["back", "forward", "a", "b", "c"]), max_size=40))
def test_history_never_points_outside_its_entries(steps: list[str]) -> None:
    history = History()
    for step in steps:
        if step == "back":
            history.back()
        elif step == "forward":
            history.forward()
        else:
            history.visit(Place(step))
        assert -1 <= history.position < len(history.entries)
        assert len({p.page for p in history.recent(100)}) == len(history.recent(100))


def test_trail_of_a_page_at_a_heading(catalog: Catalog) -> None:
    page = catalog.pages["pnh"]
    heading = next(h for h in page.headings if h.level == 2)
    crumbs = trail(catalog, "pnh", heading.anchor)
    assert [c.title for c in crumbs] == ["Home", "Disorders", page.title, heading.title]
    assert crumbs[1] == Place(HOME, "disorders")  # the section on the home page
    assert crumbs[2] == Place("pnh") and crumbs[3] == Place("pnh", heading.anchor)


def test_trail_of_home_unknown_page_and_unknown_anchor(catalog: Catalog) -> None:
    assert [c.title for c in trail(catalog, HOME)] == ["Home"]
    assert [c.title for c in trail(catalog, HOME, "disorders")] == ["Home", "Disorders"]
    assert [c.title for c in trail(catalog, "no-such-page")] == ["Home", "Page not found"]
    assert len(trail(catalog, "pnh", "no-such-heading")) == 3
    assert title_of(catalog, HOME) == "Home" and title_of(catalog, "nope") == "Page not found"


def test_outline_lists_headings_and_skips_home_and_short_pages(tiny: Catalog) -> None:
    for page in tiny.pages.values():
        wanted = [h for h in page.headings if h.level > 1]
        assert list(outline(tiny, page.id)) == (wanted if len(wanted) >= 3 else [])
    assert outline(tiny, HOME) == () and outline(tiny, "no-such-page") == ()


def test_outline_of_a_real_page(catalog: Catalog) -> None:
    titles = [h.title for h in outline(catalog, "pnh")]
    assert len(titles) >= 3 and titles == [
        h.title for h in catalog.pages["pnh"].headings if h.level > 1
    ]


def test_neighbours_follow_handbook_order_with_home_first(catalog: Catalog) -> None:
    ordered = [p.id for p in catalog.ordered_pages()]
    assert neighbours(catalog, HOME) == (None, Place(ordered[0]))
    assert neighbours(catalog, ordered[0]) == (Place(HOME), Place(ordered[1]))
    assert neighbours(catalog, ordered[-1]) == (Place(ordered[-2]), None)
    middle = ordered.index("pnh")
    before, after = neighbours(catalog, "pnh")
    assert (before, after) == (Place(ordered[middle - 1]), Place(ordered[middle + 1]))
    assert after is not None and after.title == catalog.pages[ordered[middle + 1]].title
    assert neighbours(catalog, "no-such-page") == (None, None)


def test_history_module_never_imports_qt() -> None:
    code = (
        "import sys, handbook.history\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
