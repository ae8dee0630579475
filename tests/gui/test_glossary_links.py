"""In the window: an abbreviation shows its expansion on hover and opens its glossary entry."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from handbook.ui.mainwindow import MainWindow


def _format_of(window: MainWindow, word: str):  # type: ignore[no-untyped-def]
    document = window.page_view.document()
    cursor = document.find(word, 0)
    while not cursor.isNull() and not cursor.charFormat().isAnchor():
        cursor = document.find(word, cursor)
    assert not cursor.isNull(), f"no link on {word!r}"
    probe = QTextCursor(cursor)
    probe.setPosition(cursor.selectionStart() + 1)
    return probe.charFormat()


def test_abbreviation_has_its_expansion_as_tooltip(window: MainWindow) -> None:
    window.open_page("pnh")
    fmt = _format_of(window, "LDH")
    assert fmt.toolTip() == "LDH: Lactate dehydrogenase"
    assert fmt.anchorHref() == "glossary.html#ldh"


def test_clicking_an_abbreviation_opens_its_glossary_entry(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.open_page("pnh")
    href = _format_of(window, "LDH").anchorHref()
    window.page_view.anchorClicked.emit(QUrl(href))
    assert window.current_page == "glossary"
    qtbot.waitUntil(lambda: window.page_view.verticalScrollBar().value() > 0)
    entry = window.page_view.document().find("LDH — Lactate dehydrogenase")
    assert not entry.isNull()
    where = window.page_view.cursorRect(entry)
    assert 0 <= where.top() < window.page_view.viewport().height()  # the entry is on screen
