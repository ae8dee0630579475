"""The sidebar model: a thin Qt model over plain items, checked with qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from handbook.catalog import Catalog
from handbook.ui.sidebar import CALCULATOR_ENTRIES, SidebarModel
from tests.helpers import REAL_INDEX


def test_model_passes_qt_model_tester_on_the_real_catalog(qtmodeltester: ModelTester) -> None:
    model = SidebarModel(Catalog.load(REAL_INDEX))
    qtmodeltester.check(model, force_py=True)


def test_rows_are_sections_then_calculators_with_pages_under_them() -> None:
    catalog = Catalog.load(REAL_INDEX)
    model = SidebarModel(catalog)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == [s.title for s in catalog.sections] + ["Calculators"]
    first = model.index(0, 0)
    first_pages = [
        model.index(r, 0, first).data(SidebarModel.PageIdRole) for r in range(model.rowCount(first))
    ]
    assert first_pages == [p for p in catalog.sections[0].page_ids if p in catalog.pages]
    tools = model.index(model.rowCount() - 1, 0)
    links = [
        model.index(r, 0, tools).data(SidebarModel.LinkRole) for r in range(model.rowCount(tools))
    ]
    assert links == [link for _, link, _ in CALCULATOR_ENTRIES]


def test_handouts_are_labelled_and_found_by_page_id() -> None:
    catalog = Catalog.load(REAL_INDEX)
    model = SidebarModel(catalog)
    handout = next(p for p in catalog.ordered_pages() if p.audience == "patient")
    index = model.index_of_page(handout.id)
    assert index.isValid()
    assert index.data() == f"{handout.title}  (handout)"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == (handout.summary or None)
    assert not model.index_of_page("no-such-page").isValid()
    assert model.parent(QModelIndex()) == QModelIndex()
