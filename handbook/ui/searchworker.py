"""Runs searches off the UI thread; only the newest request is answered."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:  # Whoosh costs ~50 ms to import: it loads in the worker, after first paint.
    from handbook.search import SearchEngine, SearchOutcome

RESULT_LIMIT = 30  # results shown in the list
ALL_PAGES = 100  # enough for every page of the handbook: counts what a filter hides


@dataclass(frozen=True)
class SearchRequest:
    """What the panel asks for: the text, the audience filter, and how to read the text.

    ``prefix``: the last word is still being typed (it also matches words it begins).
    ``correct``: unknown words may be replaced by known ones ("Search instead for …"
    sends False, so the typed words are searched as they are).
    """

    text: str
    audience: str | None = None
    prefix: bool = False
    correct: bool = True


@dataclass(frozen=True)
class SearchAnswer:
    """The outcome of a request, and how many matching pages its audience filter hides."""

    request: SearchRequest
    outcome: SearchOutcome
    hidden: dict[str, int] = field(default_factory=dict)  # audience -> pages not shown


class SearchWorker(QObject):
    """Lives in its own QThread. Never touches widgets; answers by signal.

    Requests carry a serial number; a request older than the newest one is skipped
    without searching, so holding a key down never queues up stale work.
    """

    finished = Signal(int, object)  # serial, SearchAnswer
    unavailable = Signal(str)
    ready = Signal()
    notice = Signal(str)  # told once, e.g. "the index was repaired"

    def __init__(self, index_dir: Path, whoosh_dir: Path | None = None) -> None:
        super().__init__()
        self._index_dir = index_dir
        self._whoosh_dir = whoosh_dir
        self._engine: SearchEngine | None = None
        self._failed = ""
        self._latest = 0
        self._lock = threading.Lock()

    @property
    def engine(self) -> SearchEngine | None:
        """The open engine, once ready. Only the worker thread searches with it: the words
        to highlight come back in each outcome, so the UI thread never calls it."""
        return self._engine

    def note_request(self, serial: int) -> None:
        """Called from the UI thread before queueing a request."""
        with self._lock:
            self._latest = max(self._latest, serial)

    def _is_stale(self, serial: int) -> bool:
        with self._lock:
            return serial < self._latest

    @Slot()
    def open(self) -> None:
        if self._engine is not None or self._failed:
            return
        from handbook.repair import open_search
        from handbook.search import IndexUnavailable, SearchEngine

        try:
            if self._whoosh_dir is not None:
                self._engine = SearchEngine.open(self._index_dir, self._whoosh_dir)
            else:
                opened = open_search(self._index_dir)
                self._engine = opened.engine
                if opened.notice:
                    self.notice.emit(opened.notice)
        except IndexUnavailable as exc:
            self._failed = str(exc)
            self.unavailable.emit(self._failed)
            return
        except Exception as exc:  # never let the worker thread die silently
            self._failed = f"{exc.__class__.__name__}: {exc}"
            self.unavailable.emit(self._failed)
            return
        self.ready.emit()

    @Slot(int, object)
    def search(self, serial: int, request: SearchRequest) -> None:
        if self._is_stale(serial):
            return
        self.open()
        if self._engine is None:
            return
        answer = self.answer(self._engine, request)
        if not self._is_stale(serial):
            self.finished.emit(serial, answer)

    @staticmethod
    def answer(engine: SearchEngine, request: SearchRequest) -> SearchAnswer:
        """Search; with a filter, search every page and count what the filter hides.

        A page's rank does not depend on the filter (it only narrows the candidates),
        so filtering the unfiltered ranking gives the filtered one.
        """
        limit = RESULT_LIMIT if request.audience is None else ALL_PAGES
        outcome = engine.search(
            request.text,
            limit=limit,
            prefix_last=request.prefix,
            correct=request.correct,
            # the first kept, of the one audience, shows its page's other sections
            offers_per_audience=request.audience is not None,
        )
        if request.audience is None:
            return SearchAnswer(request, outcome)
        hidden: dict[str, int] = {}
        for result in outcome.results:
            if result.audience != request.audience:
                hidden[result.audience] = hidden.get(result.audience, 0) + 1
        outcome.results = [r for r in outcome.results if r.audience == request.audience]
        del outcome.results[RESULT_LIMIT:]
        if not outcome.results and not outcome.message:
            outcome.message = "Nothing found in these pages."
        return SearchAnswer(request, outcome, hidden)

    @Slot()
    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None
