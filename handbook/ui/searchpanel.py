"""Search field, audience filter and result list; searches as you type without blocking."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handbook.ui.searchworker import SearchWorker

if TYPE_CHECKING:
    from handbook.search import SearchOutcome, SearchResult

DEBOUNCE_MS = 120
ResultRole = Qt.ItemDataRole.UserRole + 2
HtmlRole = Qt.ItemDataRole.DisplayRole + 100  # the result drawn as rich text


class SearchPanel(QWidget):
    """Emits ``result_chosen(page_id, anchor, query)`` when a result is opened."""

    result_chosen = Signal(str, str, str)
    active_changed = Signal(bool)  # True while there is text in the field
    _request = Signal(int, str, object)

    def __init__(self, index_dir: Path, whoosh_dir: Path | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search: PNH, camitta, anaemia…")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search the handbook")
        self.field.setAccessibleDescription(
            'Type words, an abbreviation or a "quoted phrase"; Enter opens the first result'
        )
        self.audience = QComboBox(self)
        self.audience.setObjectName("audienceFilter")
        self.audience.addItem("All pages", None)
        self.audience.addItem("Clinician pages", "clinician")
        self.audience.addItem("Patient handouts", "patient")
        self.audience.setAccessibleName("Show results for")
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.linkActivated.connect(self._use_suggestion)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.field, 1)
        top.addWidget(self.audience)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.status.hide()
        self.results.hide()

        self._serial = 0
        self._shown_serial = 0
        self._open_first_when_ready = False  # Enter pressed before the results arrived
        self.last_outcome: SearchOutcome | None = None
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

    def shutdown(self) -> None:
        """Stop the worker thread and close the index; safe to call more than once."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(5000)
        self.worker.close()

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
            return
        self._timer.start()

    def _dispatch(self, prefix: bool = True) -> None:
        text = self.field.text()
        if not text.strip():
            return
        self._serial += 1
        self.worker.note_request(self._serial)
        options = {
            "audience": self.audience.currentData(),
            "prefix": prefix and not text.endswith(" "),
        }
        self._request.emit(self._serial, text, options)

    def search_now(self, text: str) -> None:
        """Set the field and search immediately (no debounce); for links and tests."""
        self.field.setText(text)
        self._timer.stop()
        self._dispatch(prefix=False)

    def _on_return(self) -> None:
        if self.results.count() and self._shown_serial == self._serial:
            self._open_item(self.results.item(0))
        else:
            self._timer.stop()
            self._open_first_when_ready = True
            self._dispatch(prefix=False)

    # -- results ------------------------------------------------------------------
    def _on_results(self, serial: int, outcome: SearchOutcome) -> None:
        if serial != self._serial or not self.field.text().strip():
            return  # stale: the user has typed on since
        from handbook.ui.resultdelegate import HtmlDelegate, result_html

        self._shown_serial = serial
        self.last_outcome = outcome
        self.results.clear()
        if not isinstance(self.results.itemDelegate(), HtmlDelegate):
            self.results.setItemDelegate(HtmlDelegate(self.results))
        for result in outcome.results:
            item = QListWidgetItem()
            item.setData(HtmlRole, result_html(result))
            item.setData(ResultRole, result)
            item.setToolTip(result.snippet)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{result.title} {result.section}".strip()
            )
            self.results.addItem(item)
        self._show_status(outcome)
        if self._open_first_when_ready and outcome.results:
            self._open_first_when_ready = False
            self._open_item(self.results.item(0))

    def _show_status(self, outcome: SearchOutcome) -> None:
        import html

        if outcome.corrected and outcome.suggestion:
            text = (
                f"Showing results for <b>{html.escape(outcome.suggestion)}</b>. "
                f"<a href='orig:{html.escape(outcome.query)}'>Search instead for "
                f"{html.escape(outcome.query)}</a>"
            )
        elif outcome.suggestion:
            suggestion = html.escape(outcome.suggestion)
            text = f"Did you mean <a href='sugg:{suggestion}'>{suggestion}</a>?"
        elif not outcome.results:
            text = html.escape(outcome.message or "Nothing found.")
        else:
            text = f"{len(outcome.results)} page{'s' * (len(outcome.results) != 1)} found"
        self.status.setText(text)
        self.status.show()

    def _use_suggestion(self, link: str) -> None:
        kind, _, text = link.partition(":")
        if kind == "sugg":
            self.search_now(text)
        elif kind == "orig":
            self.field.setText(text)
            self._timer.stop()
            self._serial += 1
            self.worker.note_request(self._serial)
            self._request.emit(
                self._serial, text, {"audience": self.audience.currentData(), "prefix": False}
            )

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
        self.result_chosen.emit(result.page, result.anchor, self.field.text())
