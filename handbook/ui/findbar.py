"""Find in page (Ctrl+F) and search-term highlights: match count, next/previous, Esc closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QRegularExpression, Qt, Signal
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


def literal_pattern(text: str) -> QRegularExpression:
    """``text`` as typed, matching the page's no-break spaces and invisible word joiners
    (values such as "50 ×10⁹/L" are kept on one line with them: handbook/nobreak.py)."""
    parts = ["[ \\x{00a0}]" if ch.isspace() else QRegularExpression.escape(ch) for ch in text]
    return QRegularExpression(
        "\\x{2060}?".join(parts), QRegularExpression.PatternOption.CaseInsensitiveOption
    )


def literal_spans(document: QTextDocument, text: str) -> Spans:
    """Every case-insensitive occurrence of ``text`` in the document."""
    spans: Spans = []
    if not text:
        return spans
    pattern = literal_pattern(text)
    cursor = document.find(pattern, 0)
    while not cursor.isNull() and len(spans) < 5000:
        if cursor.selectionEnd() <= cursor.selectionStart():
            break
        spans.append((cursor.selectionStart(), cursor.selectionEnd()))
        cursor = document.find(pattern, cursor.selectionEnd())
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
        self.current = -1  # index into spans (document order)
        self.first = 0  # the first match at or below the view's top when they were found
        self.visited = False  # the view has been moved to the current match
        self.from_search = False  # the highlights are a search's, not words typed here
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
        """Highlight the words of a search (already located) without moving the view.

        Matches are counted from the landing point: the counter reads "1 of N" and
        Next goes to the first match at or below the top of the view.
        """
        self.field.setText(label)
        self.from_search = True
        self.show()
        self._apply(spans, jump=False)

    def close_bar(self) -> None:
        self.spans, self.current, self.visited = [], -1, False
        self.view.setExtraSelections([])
        self.hide()
        self.view.setFocus()
        self.closed.emit()

    def clear(self) -> None:
        """Forget matches (the page changed)."""
        self.spans, self.current, self.visited = [], -1, False
        self.view.setExtraSelections([])
        self._update_count()

    def page_changed(self) -> None:
        """Another page is shown: a search's highlights go with the page they were for;
        words typed in the bar are found again on the new page (never a stale count)."""
        if self.from_search or not self.isVisible() or not self.field.text():
            self.from_search = False
            self.field.clear()
            self.clear()
            self.hide()
            return
        self._apply(literal_spans(self.view.document(), self.field.text()), jump=False)

    # -- matching -----------------------------------------------------------------
    def _find_literal(self, text: str) -> None:
        self.from_search = False
        self._apply(literal_spans(self.view.document(), text), jump=True)

    def _apply(self, spans: Spans, jump: bool) -> None:
        self.spans = spans
        top = self.view.cursorForPosition(QPoint(0, 0)).position()
        self.first = next((i for i, (start, _) in enumerate(spans) if start >= top), 0)
        self.current = self.first if spans else -1
        self._paint()
        # A match already on screen counts as seen: Next goes on to the one after it.
        self.visited = bool(spans) and (jump or self._on_screen(spans[self.current]))
        if jump and spans:
            self._show_current()
        self._update_count()

    def _on_screen(self, span: tuple[int, int]) -> bool:
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(span[0])
        rect = self.view.cursorRect(cursor)
        return 0 <= rect.top() and rect.bottom() <= self.view.viewport().height()

    @property
    def ordinal(self) -> int:
        """The current match's number, counting from the first one at the landing point."""
        if not self.spans:
            return 0
        return (self.current - self.first) % len(self.spans) + 1

    def next_match(self) -> None:
        self._step(+1)

    def previous_match(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self.spans:
            return
        if self.visited or direction < 0:
            self.current = (self.current + direction) % len(self.spans)
        self.visited = True
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
            self.count.setText(f"{self.ordinal} of {len(self.spans)} matches")
