"""Runs searches off the UI thread; only the newest request is answered."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:  # Whoosh costs ~50 ms to import: it loads in the worker, after first paint.
    from handbook.search import SearchEngine


class SearchWorker(QObject):
    """Lives in its own QThread. Never touches widgets; answers by signal.

    Requests carry a serial number; a request older than the newest one is skipped
    without searching, so holding a key down never queues up stale work.
    """

    finished = Signal(int, object)  # serial, SearchOutcome
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
        """The open engine, once ready (its term matcher is safe to use from the UI thread)."""
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

    @Slot(int, str, object)
    def search(self, serial: int, text: str, options: Any) -> None:
        if self._is_stale(serial):
            return
        self.open()
        if self._engine is None:
            return
        audience = options.get("audience") if isinstance(options, dict) else None
        prefix = bool(options.get("prefix")) if isinstance(options, dict) else False
        outcome = self._engine.search(text, limit=30, audience=audience, prefix_last=prefix)
        if not self._is_stale(serial):
            self.finished.emit(serial, outcome)

    @Slot()
    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None
