"""Leaving and asking for help: File > Quit, the reading state kept on SIGTERM and at
logout, and Help > Searching the Handbook."""

from __future__ import annotations

import logging
import signal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from handbook.ui.menus import menu

if TYPE_CHECKING:
    import socket

    from handbook.ui.host import Reader, SessionHost

SEARCH_HELP_PAGE = "searching-the-handbook"
log = logging.getLogger(__name__)


def install_help(window: Reader) -> QAction:
    """Help > Searching the Handbook (F1 in the search field opens it too)."""
    action = QAction("&Searching the Handbook", window.window())
    action.setObjectName("searchHelpAction")
    action.setStatusTip("Quotes, AND, OR, NOT, the star, abbreviations and the keyboard shortcuts")
    action.triggered.connect(lambda _checked=False: open_search_help(window))
    help_menu = menu(window, "helpMenu", "&Help")
    existing = help_menu.actions()
    if existing:
        help_menu.insertAction(existing[0], action)  # first: the help people look for
    else:
        help_menu.addAction(action)
    action.setEnabled(SEARCH_HELP_PAGE in window.catalog.pages)
    return action


def open_search_help(window: Reader) -> None:
    if SEARCH_HELP_PAGE in window.catalog.pages:
        window.open_page(SEARCH_HELP_PAGE)


def install_quit(window: SessionHost) -> QAction:
    """File > Quit (Ctrl+Q): the window closes as with its close button (state saved)."""
    action = QAction("&Quit", window.window())
    action.setObjectName("quitAction")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
    if action.shortcut().isEmpty():  # Windows has no standard Quit key
        action.setShortcut(QKeySequence("Ctrl+Q"))
    action.setMenuRole(QAction.MenuRole.QuitRole)
    action.setStatusTip("Close the handbook; the page and text size are kept for next time")
    action.triggered.connect(lambda _checked=False: quit_application(window))
    file_menu = menu(window, "fileMenu", "&File")
    file_menu.addSeparator()
    file_menu.addAction(action)
    window.addAction(action)  # works while the menu bar is hidden too
    return action


def quit_application(window: SessionHost) -> None:
    """Close the main window (it saves its state) and the other windows, then quit."""
    if window.close():
        QApplication.closeAllWindows()
        QApplication.quit()


class SessionKeeper(QObject):
    """Saves the reading state when the session ends without the window being closed.

    At logout Qt asks the application to save (``commitDataRequest``); a service
    manager or ``kill`` sends SIGTERM, which by default ends Python at once. Here
    SIGTERM wakes the event loop through a socket (a Python signal handler alone runs
    only when Python next gets control, which a waiting Qt loop never gives it) and
    quits it cleanly; the state is saved once, whichever comes first.
    """

    def __init__(self, window: SessionHost, app: QApplication) -> None:
        super().__init__(window.window())
        self.window = window
        self.saved = False
        app.commitDataRequest.connect(self._on_commit_data)
        app.aboutToQuit.connect(self.save)
        self._notifier: QSocketNotifier | None = None
        self._sockets: tuple[socket.socket, socket.socket] | None = None
        self._previous_wakeup = -1

    def watch_sigterm(self) -> bool:
        """Quit cleanly on SIGTERM; False where signals cannot be watched (not the main
        thread, or a platform without them)."""
        import socket  # here, not before the first frame

        try:
            reader, writer = socket.socketpair()
            reader.setblocking(False)
            writer.setblocking(False)
            self._previous_wakeup = signal.set_wakeup_fd(writer.fileno())
            signal.signal(signal.SIGTERM, lambda _number, _frame: None)  # the fd wakes us
        except (ValueError, OSError, AttributeError) as exc:
            log.info("SIGTERM not watched: %s", exc)
            return False
        self._sockets = (reader, writer)
        self._notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_signal)
        return True

    def _on_signal(self, *_args: Any) -> None:
        assert self._sockets is not None
        try:
            received = self._sockets[0].recv(64)
        except OSError:
            return
        if bytes([signal.SIGTERM]) in received:
            log.info("SIGTERM: saving the reading state and quitting")
            self.save()
            QApplication.quit()

    def _on_commit_data(self, _manager: Any) -> None:
        self.save()

    def save(self) -> None:
        """Save the window's state (page, zoom, size) once."""
        if self.saved:
            return
        self.saved = True
        self.window.save_state()

    def release(self) -> None:
        """Give SIGTERM back to Python's default and close the wake-up socket."""
        if self._sockets is None:
            return
        try:
            signal.set_wakeup_fd(self._previous_wakeup)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        except (ValueError, OSError):
            pass
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        for sock in self._sockets:
            sock.close()
        self._sockets = None
