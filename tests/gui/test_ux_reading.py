"""Reading a page: zoomed headings, "On this page" while scrolling, sections in the
contents, no stray scroll bar, values kept on one line, citations, help on searching."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.ui.lifecycle import SEARCH_HELP_PAGE
from handbook.ui.mainwindow import MainWindow
from handbook.ui.menus import menu
from handbook.ui.sidebar import SidebarModel


def point_sizes(document: QTextDocument) -> dict[int, float]:
    """The size the text is drawn at, by heading level (0 = body paragraphs)."""
    sizes: dict[int, float] = {}
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        it = block.begin()
        if level not in sizes and not it.atEnd() and block.text().strip():
            fragment = it.fragment()
            if level or len(block.text()) > 80:  # a paragraph of body text
                sizes[level] = fragment.charFormat().font().pointSizeF()
        block = block.next()
    return sizes


def test_zoom_scales_the_headings_with_the_body(window: MainWindow) -> None:
    window.open_page("pnh")
    normal = point_sizes(window.page_view.document())
    window.zoom.set_level(3)  # 130 %
    zoomed = point_sizes(window.page_view.document())
    for level in (1, 2, 3):
        assert zoomed[level] > zoomed[0], f"H{level} is not larger than the body at 130 %"
        assert zoomed[level] / normal[level] == pytest.approx(zoomed[0] / normal[0])  # 30 %
    assert normal[2] > normal[0] and normal[3] > normal[0]


def test_on_this_page_follows_scrolling(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1100, 700)
    window.open_page("pnh")
    outline = window.navigation_bar.outline
    anchors = outline.anchors()
    assert outline.currentIndex() == 0  # top of the page
    target = anchors[len(anchors) // 2]
    window.page_view.scrollToAnchor(target)  # the reader scrolls, the list is not used
    qtbot.waitUntil(lambda: outline.currentData() == target, timeout=3000)
    window.page_view.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: outline.currentIndex() == 0, timeout=3000)


def test_a_section_in_the_contents_opens_its_first_page(window: MainWindow, qtbot: QtBot) -> None:
    section = window.catalog.sections[1]
    index = window.sidebar_model.index(1, 0)
    assert index.data() == section.title and index.data(SidebarModel.PageIdRole) is None
    window.tree.scrollTo(index)
    rect = window.tree.visualRect(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page == section.page_ids[0]
    assert window.tree.isExpanded(index)


def test_content_pages_have_no_stray_horizontal_scroll_bar(window: MainWindow) -> None:
    view = window.page_view
    for width in (1024, 1180):
        window.resize(width, 700)
        for page in ("causes-overview", "aa-severity-criteria", "hsct", "diagnostic-workup"):
            window.open_page(page)
            QApplication.processEvents()
            assert not view.horizontalScrollBar().isVisible(), f"{page} at {width} px"


QUANTITY = re.compile("\\d+(?:[.,]\\d+)*[\u00a0 ]×10[⁰-⁹]+/\u2060?L")


def test_counts_and_phone_numbers_never_break_inside(window: MainWindow) -> None:
    window.settings.clinic_phone = "0161 555 0199"
    view = window.page_view
    checked = 0
    for page in ("platelet-transfusion", "aa-severity-criteria", "handout-get-help-urgently"):
        for width in range(700, 1100, 23):
            window.resize(width, 700)
            window.reload_page() if window.current_page == page else window.open_page(page)
            QApplication.processEvents()
            view.document().documentLayout().documentSize()
            block = view.document().begin()
            while block.isValid():
                text, layout = block.text(), block.layout()
                wholes = [m.span() for m in QUANTITY.finditer(text)]
                wholes += [m.span() for m in re.finditer("0161.555.0199", text)]
                breaks = [layout.lineAt(i).textStart() for i in range(1, layout.lineCount())]
                for start, end in wholes:
                    checked += 1
                    assert not any(start < b < end for b in breaks), (page, width, text[start:end])
                block = block.next()
    assert checked > 50


def test_a_citation_goes_to_its_source_and_back_returns(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1100, 700)
    window.open_page("pnh")
    view = window.page_view
    document = view.document()
    cursor = document.find("[2]")
    assert not cursor.isNull() and cursor.charFormat().isAnchor()
    assert cursor.charFormat().anchorHref() == "#source-2"
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    reading = view.top_position()
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page == "pnh" and window.current_anchor == "source-2"
    source = document.find(window.catalog.pages["pnh"].sources[1][:40])
    shown = view.cursorRect(source)
    assert not source.isNull() and 0 <= shown.top() < view.viewport().height()  # on screen
    window.back_action.trigger()
    assert window.current_page == "pnh"
    assert abs(view.top_position() - reading) < 200  # the line that was being read


def test_f1_in_the_search_field_explains_searching(window: MainWindow, qtbot: QtBot) -> None:
    field = window.search_panel.field
    field.setFocus()
    window.activateWindow()
    qtbot.keyClick(field, Qt.Key.Key_F1)
    assert window.current_page == SEARCH_HELP_PAGE
    text = window.page_view.toPlainText()
    for needed in ('"iron overload"', "AND", "NOT", "thrombocytop*", "Ctrl+K", "Ctrl+F", "Ctrl+J"):
        assert needed in text, needed
    assert "Ctrl+D" in text and "Ctrl+Q" in text
    window.open_page("pnh")
    help_action = window.search_help_action
    assert help_action in menu(window, "helpMenu", "&Help").actions()
    help_action.trigger()
    assert window.current_page == SEARCH_HELP_PAGE


def test_the_search_help_page_is_found_by_searching(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    panel.search_now("keyboard shortcuts")
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=10000)
    assert panel.last_outcome.results[0].page == SEARCH_HELP_PAGE


def test_copied_values_read_as_written(window: MainWindow, qtbot: QtBot) -> None:
    window.open_page("platelet-transfusion")
    view = window.page_view
    cursor = view.document().find(QRegularExpression(QUANTITY.pattern))
    assert not cursor.isNull()
    view.setTextCursor(cursor)
    view.copy()
    copied = QApplication.clipboard().text()
    assert re.fullmatch(r"\d+(?:[.,]\d+)* ×10[⁰-⁹]+/L", copied), repr(copied)
    # Find in page finds a value typed with an ordinary space and slash.
    bar = window.open_find_bar()
    bar.field.setText(copied)
    bar.field.textEdited.emit(copied)
    assert len(bar.spans) >= 1 and bar.count.text() != "No matches"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
