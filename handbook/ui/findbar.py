"""Find in page (Ctrl+F) and search-term highlights: match count, next/previous, Esc closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

Spans = list[tuple[int, int]]
ALL_MATCHES = QColor("#ffe680")
CURRENT_MATCH = QColor("#ff9f1a")


def literal_spans(document: QTextDocument, text: str) -> Spans:
    """Every case-insensitive occurrence of ``text`` in the document."""
    spans: Spans = []
    if not text:
        return spans
    cursor = document.find(text, 0)
    while not cursor.isNull() and len(spans) < 5000:
        spans.append((cursor.selectionStart(), cursor.selectionEnd()))
        cursor = document.find(text, cursor.selectionEnd())
    return spans


def block_spans(document: QTextDocument, finder: Callable[[str], Spans]) -> Spans:
    """Spans found by ``finder`` in each text block, as document positions."""
    spans: Spans = []
    block = document.begin()
    while block.isValid():
        base = block.position()
        spans.extend((base + a, base + b) for a, b in finder(block.text()))
        block = block.next()
    return spans


def _tool_button(parent: QWidget, text: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    return button


class FindBar(QWidget):
    """Highlights matches in a QTextEdit and steps through them."""

    closed = Signal()

    def __init__(self, view: QTextEdit, parent: Any = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("findBar")
        self.field = QLineEdit(self)
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in page")
        self.field.setAccessibleName("Find in page")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(110)
        self.previous_button = _tool_button(self, "Previous", "Previous match (Shift+F3)")
        self.next_button = _tool_button(self, "Next", "Next match (F3)")
        self.close_button = _tool_button(self, "Close", "Close (Esc)")
        for button, name in (
            (self.previous_button, "Previous match"),
            (self.next_button, "Next match"),
            (self.close_button, "Close find bar"),
        ):
            button.setAccessibleName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.spans: Spans = []
        self.current = -1
        self.field.textEdited.connect(self._find_literal)
        self.field.returnPressed.connect(self.next_match)
        self.next_button.clicked.connect(self.next_match)
        self.previous_button.clicked.connect(self.previous_match)
        self.close_button.clicked.connect(self.close_bar)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.close_bar,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(QKeySequence.StandardKey.FindNext, self.view.window(), self.next_match)
        QShortcut(QKeySequence.StandardKey.FindPrevious, self.view.window(), self.previous_match)
        self.hide()

    # -- entry points -------------------------------------------------------------
    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text():
            self._find_literal(self.field.text())

    def show_terms(self, label: str, spans: Spans) -> None:
        """Highlight the words of a search (already located) without moving the view."""
        self.field.setText(label)
        self.show()
        self._apply(spans, jump=False)

    def close_bar(self) -> None:
        self.spans, self.current = [], -1
        self.view.setExtraSelections([])
        self.hide()
        self.view.setFocus()
        self.closed.emit()

    def clear(self) -> None:
        """Forget matches (the page changed)."""
        self.spans, self.current = [], -1
        self.view.setExtraSelections([])
        self._update_count()

    # -- matching -----------------------------------------------------------------
    def _find_literal(self, text: str) -> None:
        self._apply(literal_spans(self.view.document(), text), jump=True)

    def _apply(self, spans: Spans, jump: bool) -> None:
        self.spans = spans
        top = self.view.cursorForPosition(QPoint(0, 0)).position()
        self.current = (
            next((i for i, (start, _) in enumerate(spans) if start >= top), 0) if spans else -1
        )
        self._paint()
        if jump and spans:
            self._show_current()
        self._update_count()

    def next_match(self) -> None:
        if self.spans:
            self.current = (self.current + 1) % len(self.spans)
            self._paint()
            self._show_current()
            self._update_count()

    def previous_match(self) -> None:
        if self.spans:
            self.current = (self.current - 1) % len(self.spans)
            self._paint()
            self._show_current()
            self._update_count()

    def _paint(self) -> None:
        selections = []
        document = self.view.document()
        for number, (start, end) in enumerate(self.spans):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT_MATCH if number == self.current else ALL_MATCHES)
            fmt.setForeground(QColor("#000000"))
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.view.setExtraSelections(selections)

    def _show_current(self) -> None:
        start, end = self.spans[self.current]
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(end)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def _update_count(self) -> None:
        if not self.field.text():
            self.count.setText("")
        elif not self.spans:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.spans)} matches")
