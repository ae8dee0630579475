"""Search field, audience filter and result list; searches as you type without blocking."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handbook.ui.searchworker import SearchAnswer, SearchRequest, SearchWorker

if TYPE_CHECKING:
    from handbook.search import SearchOutcome, SearchResult

DEBOUNCE_MS = 120
STOP_WAIT_MS = 5000  # how long closing waits for a search still running
FIELD_CHARACTERS = 22  # the search field shows at least this many characters beside the filter
ResultRole = Qt.ItemDataRole.UserRole + 2
# True on a row that offers another section of the result above it ("also on this page").
AlsoRole = Qt.ItemDataRole.UserRole + 3
AUDIENCE_NAMES = {
    "clinician": ("clinician page", "clinician pages"),
    "patient": ("handout", "handouts"),
}
# Keys in the search field that move through the results instead of the cursor.
RESULT_KEYS: dict[int, int] = {  # QKeyEvent.key() is an int
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 5,
    Qt.Key.Key_PageUp: -5,
}
log = logging.getLogger(__name__)
CHOOSING_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
    | {Qt.Key.Key_Home, Qt.Key.Key_End}
)


def count_text(number: int, audience: str | None) -> str:
    """ "1 page", "20 clinician pages", "4 handouts"."""
    one, many = AUDIENCE_NAMES.get(audience or "", ("page", "pages"))
    return f"{number} {one if number == 1 else many}"


class SteadyComboBox(QComboBox):
    """A drop-down list that changes only when its list is opened and a choice made.

    A stray arrow key or a wheel turn over a closed QComboBox changes its value
    without the user noticing; here they open the list (keys) or scroll the panel.
    """

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.key() in CHOOSING_KEYS and not event.modifiers():
            self.showPopup()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        event.ignore()


class SearchPanel(QWidget):
    """Emits ``result_chosen(page_id, anchor, query, highlight)`` when a result is opened.

    ``query`` is what the results were found for: the corrected words after a correction;
    ``highlight`` (a TermMatcher, or None) finds those words in the page, as the worker
    made it with the search.
    """

    result_chosen = Signal(str, str, str, object)
    active_changed = Signal(bool)  # True while there is text in the field
    help_requested = Signal()  # F1 in the search field or the results
    _request = Signal(int, object)  # serial, SearchRequest

    def __init__(self, index_dir: Path, whoosh_dir: Path | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search: PNH, camitta, anaemia…")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search the handbook")
        self.field.setAccessibleDescription(
            'Type words, an abbreviation or a "quoted phrase"; Up and Down choose a result, '
            "Enter opens it, Esc clears the search, F1 explains searching"
        )
        self.field.installEventFilter(self)
        self.audience = SteadyComboBox(self)
        self.audience.setObjectName("audienceFilter")
        self.audience.addItem("All pages", None)
        self.audience.addItem("Clinician pages", "clinician")
        self.audience.addItem("Patient handouts", "patient")
        self.audience.setAccessibleName("Show results for")
        # Narrow enough to leave the search field room in a small window.
        self.audience.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.audience.setMinimumContentsLength(9)
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        # "Search instead for …" / "Did you mean …?": a line of its own, all of it the link.
        self.alternative = QLabel(self)
        self.alternative.setObjectName("searchAlternative")
        self.alternative.setWordWrap(True)
        self.alternative.setTextFormat(Qt.TextFormat.RichText)
        self.alternative.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.alternative.linkActivated.connect(self._use_alternative)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        self.results.installEventFilter(self)

        # The filter sits beside the field, or under it when the field would show fewer
        # than FIELD_CHARACTERS characters beside it (a narrow sidebar, or 150 %).
        top = self.top_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.field, 1)
        top.addWidget(self.audience)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.alternative)
        layout.addWidget(self.results, 1)
        self.status.hide()
        self.alternative.hide()
        self.results.hide()

        self._serial = 0
        self._shown_serial = 0
        self._open_first_when_ready = False  # Enter pressed before the results arrived
        self.last_outcome: SearchOutcome | None = None
        self.last_answer: SearchAnswer | None = None
        self._uncorrected = ""  # the text the user asked to search without correction
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._dispatch)
        self.field.textChanged.connect(self._on_text)
        self.field.returnPressed.connect(self._on_return)
        self.audience.currentIndexChanged.connect(lambda _i: self._on_text(self.field.text()))

        self._thread = QThread(self)
        self._thread.setObjectName("searchThread")
        self.worker = SearchWorker(index_dir, whoosh_dir)
        self.worker.moveToThread(self._thread)
        self._request.connect(self.worker.search)
        self.worker.finished.connect(self._on_results)
        self.worker.unavailable.connect(self._on_unavailable)
        self._thread.start()
        self.unavailable_reason = ""

    # -- lifecycle ----------------------------------------------------------------
    def warm_up(self) -> None:
        """Open the index in the worker thread (after the window is painted)."""
        from PySide6.QtCore import QMetaObject

        QMetaObject.invokeMethod(self.worker, "open", Qt.ConnectionType.QueuedConnection)

    def shutdown(self) -> bool:
        """Stop the worker thread, then close the index; safe to call more than once.

        A search still running after ``STOP_WAIT_MS`` (a slow disk) keeps the index: it is
        not closed under that search but left for the process's exit, and False returned.
        """
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(STOP_WAIT_MS):
                log.warning(
                    "the search thread did not stop within %d ms: its index is left open",
                    STOP_WAIT_MS,
                )
                return False
        self.worker.close()
        return True

    def retire(self) -> None:
        """Shut down and delete the panel (another edition's panel replaces it); with a
        search still running, once that search has ended, so its thread outlives no parent."""
        self.hide()
        if self.shutdown():
            self.deleteLater()
        else:
            self._thread.finished.connect(self._retire_now)

    def _retire_now(self) -> None:
        self.shutdown()  # the thread has stopped: the index is closed now
        self.deleteLater()

    # -- typing -------------------------------------------------------------------
    def _on_text(self, text: str) -> None:
        active = bool(text.strip())
        self.active_changed.emit(active)
        self.results.setVisible(active)
        if not active:
            self._timer.stop()
            self._serial += 1
            self.worker.note_request(self._serial)
            self.results.clear()
            self.status.hide()
            self.alternative.hide()
            return
        self._timer.start()

    def _dispatch(self, prefix: bool = True) -> None:
        text = self.field.text()
        if text.strip():
            prefix = prefix and not text.endswith(" ")
            # After "Search instead for …" the same words are not corrected again (Enter).
            correct = text != self._uncorrected
            self.send(SearchRequest(text, self.audience.currentData(), prefix, correct))

    def send(self, request: SearchRequest) -> None:
        """Ask the worker for ``request`` now; older answers still on their way are dropped."""
        self._timer.stop()
        self._serial += 1
        self.worker.note_request(self._serial)
        self._request.emit(self._serial, request)

    def search_now(self, text: str) -> None:
        """Set the field and search immediately (no debounce); for links and tests."""
        self.field.setText(text)
        self._timer.stop()
        self._dispatch(prefix=False)

    def clear(self) -> None:
        """Empty the field: the results go and the contents come back."""
        self.field.clear()

    def _on_return(self) -> None:
        if self.results.count() and self._shown_serial == self._serial:
            self._open_item(self.results.currentItem() or self.results.item(0))
        else:
            self._open_first_when_ready = True
            self._dispatch(prefix=False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def arrange(self, width: int) -> None:
        """The filter beside the search field when the field keeps room for a question."""
        room = width - self.audience.sizeHint().width() - self.top_row.spacing()
        wanted = self.field.fontMetrics().averageCharWidth() * FIELD_CHARACTERS
        beside = room >= wanted
        self.top_row.setDirection(
            QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_F1:
            event.accept()  # F1 here is help on searching, not the window's F1
            return True
        if kind != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if key == Qt.Key.Key_F1:
            self.help_requested.emit()
            return True
        if key == Qt.Key.Key_Escape and self.field.text():
            self.clear()
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if watched is self.field and key in RESULT_KEYS and self.results.count():
            self.move_selection(RESULT_KEYS[key])
            return True
        return super().eventFilter(watched, event)

    def move_selection(self, steps: int) -> None:
        """Choose the result ``steps`` rows below (above if negative) the chosen one."""
        row = self.results.currentRow()
        if row < 0:
            row = 0 if steps > 0 else self.results.count() - 1
        else:
            row = max(0, min(self.results.count() - 1, row + steps))
        self.results.setCurrentRow(row)
        self.results.scrollToItem(self.results.item(row))

    # -- results ------------------------------------------------------------------
    def _on_results(self, serial: int, answer: SearchAnswer) -> None:
        if serial != self._serial or not self.field.text().strip():
            return  # stale: the user has typed on since
        from handbook.ui.resultdelegate import HtmlDelegate, also_html, result_html

        outcome = answer.outcome
        self._shown_serial = serial
        self.last_answer = answer
        self.last_outcome = outcome
        self.results.clear()
        if not isinstance(self.results.itemDelegate(), HtmlDelegate):
            self.results.setItemDelegate(HtmlDelegate(self.results))
        for result in outcome.results:
            self._add_row(result_html(result), result, f"{result.title} {result.section}".strip())
            for link in result.also:  # the first result's other sections that may answer
                self._add_row(also_html(link), link, f"Also on this page: {link.section}", True)
        self._show_status(answer)
        if self._open_first_when_ready and outcome.results:
            self._open_first_when_ready = False
            self._open_item(self.results.item(0))

    def _add_row(self, rich: str, result: SearchResult, name: str, also: bool = False) -> None:
        """A row of the result list: drawn as ``rich``, opening ``result``, read as ``name``."""
        from handbook.ui.resultdelegate import HtmlRole

        item = QListWidgetItem()
        item.setData(HtmlRole, rich)
        item.setData(ResultRole, result)
        if also:
            item.setData(AlsoRole, True)
        item.setToolTip(result.snippet)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
        self.results.addItem(item)

    def _show_status(self, answer: SearchAnswer) -> None:
        import html

        outcome = answer.outcome
        found = [count_text(len(outcome.results), answer.request.audience) + " found"]
        found += [f"{count_text(n, a)} hidden" for a, n in sorted(answer.hidden.items()) if n]
        counts = " · ".join(found)
        link = ""
        if outcome.corrected and outcome.suggestion:
            text = f"Showing results for <b>{html.escape(outcome.suggestion)}</b> · {counts}"
            link = f"<a href='orig'>Search instead for {html.escape(outcome.query)}</a>"
        elif not outcome.results and not answer.hidden:
            text = html.escape(outcome.message or "Nothing found.")
        else:
            text = counts
        if outcome.suggestion and not outcome.corrected:
            link = f"<a href='sugg'>Did you mean {html.escape(outcome.suggestion)}?</a>"
        self.status.setText(text)
        self.status.show()
        self.alternative.setText(link)
        self.alternative.setVisible(bool(link))

    def _use_alternative(self, link: str) -> None:
        answer = self.last_answer
        if answer is None:
            return
        outcome = answer.outcome
        if link == "sugg" and outcome.suggestion:
            self.search_now(outcome.suggestion)
        elif link == "orig":
            self._uncorrected = outcome.query
            self.field.setText(outcome.query)
            self.send(SearchRequest(outcome.query, self.audience.currentData(), correct=False))

    def result_items(self) -> list[QListWidgetItem]:
        """The rows that are results (one per page), without the rows offering more sections."""
        rows = (self.results.item(row) for row in range(self.results.count()))
        return [item for item in rows if not item.data(AlsoRole)]

    def query_of_results(self) -> str:
        """The words the shown results were found for (the correction, if there was one)."""
        outcome = self.last_outcome
        return outcome.searched if outcome is not None else self.field.text()

    def _on_unavailable(self, reason: str) -> None:
        self.unavailable_reason = reason
        self.status.setText(
            "Search is not available: the search index could not be opened. Pages still work."
        )
        self.status.show()

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        result: SearchResult = item.data(ResultRole)
        outcome = self.last_outcome  # the search the listed results came from
        highlight = outcome.highlight if outcome is not None else None
        self.result_chosen.emit(result.page, result.anchor, self.query_of_results(), highlight)
