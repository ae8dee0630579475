"""Unexpected errors: logged to the per-user log, shown in a dialog whose details can be copied."""

from __future__ import annotations

import logging
import sys
import traceback
import types
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from handbook import APP_NAME, __version__
from handbook.logsetup import log_path

LOG = logging.getLogger("handbook.errors")


class ErrorDialog:
    """Says what happened in plain words; the technical details are one click away."""

    shown: list[str] = []  # summaries, for tests and to avoid a storm of identical dialogs

    @classmethod
    def show(cls, summary: str, details: str) -> None:
        if cls.shown and cls.shown[-1] == summary:
            return
        cls.shown.append(summary)
        # Only claim the handbook is still running when a window is there to prove it; and
        # never claim that settings are safe: the failure may have been in saving them.
        running = any(w.isVisible() for w in QApplication.topLevelWidgets())
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            "Something went wrong, but the handbook is still running."
            if running
            else "Something went wrong.",
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            f"{summary}\n\nThe details below were also written to "
            f"{log_path()}; copy them if you report the problem."
        )
        box.setDetailedText(details)
        box.exec()


def report(kind: type[BaseException], value: BaseException, tb: types.TracebackType | None) -> None:
    details = f"{APP_NAME} {__version__}\n" + "".join(traceback.format_exception(kind, value, tb))
    LOG.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, value, tb)
        return
    try:
        ErrorDialog.show(f"{kind.__name__}: {value}", details)
    except Exception:  # a failing dialog must not loop back into this hook
        sys.__excepthook__(kind, value, tb)


def install(previous: Any = None) -> None:
    """Route uncaught exceptions (including those in Qt slots) to :func:`report`."""

    def hook(
        kind: type[BaseException], value: BaseException, tb: types.TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            (previous or sys.__excepthook__)(kind, value, tb)
            return
        report(kind, value, tb)

    sys.excepthook = hook
