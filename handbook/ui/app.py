"""Start the window: the QApplication, what the window shows, first paint, then the search index."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from handbook import APP_NAME, ORG_NAME, __version__
from handbook.catalog import Catalog, CatalogError
from handbook.pagehtml import read_stylesheet
from handbook.ui.firstpaint import AfterFirstPaint

if TYPE_CHECKING:
    from handbook.ui.mainwindow import MainWindow


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)  # a widget application: windows need one
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def create_window(index_dir: Path | None = None, finish_after_paint: bool = True) -> MainWindow:
    """The window on the edition in use (or ``index_dir``), with the user's settings and
    bookmarks: the one place they are loaded. Raises CatalogError if the edition cannot
    be read; damaged user files are reported by the window, never raised."""
    from handbook.ui import update_dialog
    from handbook.ui.mainwindow import MainWindow
    from handbook.userdata import Bookmarks, Settings

    selection = update_dialog.selection_for(index_dir)  # None: the newest valid edition
    index_dir = selection.edition.path
    catalog = Catalog.load(index_dir)
    window = MainWindow(
        catalog,
        read_stylesheet(index_dir),
        Settings.load(),
        Bookmarks.load(),
        selection,
        finish_after_paint=finish_after_paint,
    )
    icon = index_dir / "icons" / "handbook.svg"
    if icon.is_file():
        window.setWindowIcon(QIcon(str(icon)))
    return window


def startup_notice(window: MainWindow) -> str:
    """What the user is told once at start: an unwritable user folder (one message saying
    what will not be kept and what to do), else any damaged settings file."""
    from handbook import paths
    from handbook.userfolder import unwritable_message, unwritable_reason

    folder = paths.user_data_dir()
    reason = unwritable_reason(folder)
    if reason is not None:
        window.user_folder_unwritable = True  # later failed saves then say so quietly
        return unwritable_message(folder, reason)
    return "; ".join(window.settings.problems) + "." if window.settings.problems else ""


def run(index_dir: Path | None = None, quit_after_show: bool = False) -> int:
    from handbook.ui import errors

    app = make_application()
    errors.install(sys.excepthook)
    try:
        # The window's remaining set-up runs in after_first_paint, never when only timed.
        window = create_window(index_dir, finish_after_paint=False)
    except CatalogError as exc:
        QMessageBox.critical(None, APP_NAME, f"The handbook could not start:\n{exc}")
        return 1
    notice = startup_notice(window)
    if notice:
        QTimer.singleShot(0, lambda: window.tell_user(notice))

    def after_first_paint() -> None:
        from handbook.ui import about

        # SIGTERM before the first frame ends the process as by default: nothing to keep yet.
        keeper.watch_sigterm()
        window.finish_setup()
        window.search_panel.warm_up()
        about.show_disclaimer_if_needed(window)  # once, on first run; never blocks
        window.updates.after_start()  # File > Install content update…, the watched folder

    from handbook.ui.lifecycle import SessionKeeper

    keeper = SessionKeeper(window, app)  # the reading state is kept at logout and on SIGTERM
    # Timing (--quit-after-show) stops at the first painted frame of the home page.
    AfterFirstPaint(window.page_view.viewport(), app.quit if quit_after_show else after_first_paint)
    window.show()
    code = app.exec()
    window.close()
    keeper.release()
    return int(code)
