"""The window on any screen, and leaving it: File > Quit, SIGTERM and logout keep the
reading state; first start fits the screen; a saved place off every screen comes back."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.ui import lifecycle, screenfit
from handbook.ui.mainwindow import MainWindow
from handbook.ui.menus import menu
from handbook.userdata import SETTINGS_NAME, Settings
from tests.helpers import ROOT


def test_file_quit_saves_the_page_and_zoom(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    quits: list[bool] = []
    # The test's event loop must keep running: record the request instead.
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    action = window.quit_action
    assert action in menu(window, "fileMenu", "&File").actions()
    assert action.shortcut().toString() == "Ctrl+Q"
    window.open_page("pnh")
    window.zoom.set_level(2)
    action.trigger()
    assert not window.isVisible() and quits == [True]
    saved = Settings.load()
    assert saved.last_page == "pnh" and saved.zoom == 2


def test_logout_saves_the_reading_state_once(window: MainWindow) -> None:
    app = QApplication.instance()
    keeper = lifecycle.SessionKeeper(window, app)
    window.open_page("mds")
    window.zoom.set_level(1)
    keeper._on_commit_data(None)  # what commitDataRequest delivers at logout  # noqa: SLF001
    saved = Settings.load()
    assert saved.last_page == "mds" and saved.zoom == 1 and keeper.saved
    window.open_page("pnh")
    keeper.save()  # aboutToQuit after the logout save: nothing more is written
    assert Settings.load().last_page == "mds"


READY_SCRIPT = textwrap.dedent(
    """
    import sys
    from handbook.ui.mainwindow import MainWindow

    finish = MainWindow.finish_setup

    def announce(self):
        finish(self)
        print("ready", flush=True)

    MainWindow.finish_setup = announce
    from handbook.cli import main
    sys.exit(main([]))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM and select() on pipes are POSIX")
def test_sigterm_quits_cleanly_and_keeps_the_reading_state(_user_dir: Path) -> None:
    _user_dir.mkdir(parents=True, exist_ok=True)
    settings = _user_dir / SETTINGS_NAME
    settings.write_text(
        json.dumps({"last_page": "pnh", "zoom": 3, "disclaimer_accepted": True}), encoding="utf-8"
    )
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HANDBOOK_USER_DIR": str(_user_dir),
    }
    with subprocess.Popen(
        [sys.executable, "-c", READY_SCRIPT],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            started, _, _ = select.select([process.stdout], [], [], 60)  # never hang the run
            assert started, "the window did not start within a minute"
            assert process.stdout.readline().strip() == "ready"
            before = settings.stat().st_mtime_ns
            time.sleep(0.3)
            process.send_signal(signal.SIGTERM)
            _out, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 0, stderr  # not killed by the signal (-15)
    assert "Traceback" not in stderr
    saved = json.loads(settings.read_text(encoding="utf-8"))
    assert settings.stat().st_mtime_ns != before  # written at the end, not left as it was
    assert saved["last_page"] == "pnh" and saved["zoom"] == 3
    assert saved["window_geometry"]  # the window's size and place too


@pytest.mark.parametrize(
    ("available", "maximised"),
    [
        (QRect(0, 0, 1024, 728), True),  # 1024x768 minus a panel
        (QRect(0, 0, 683, 492), True),  # the same screen at 150 %: 683x512 logical
        (QRect(0, 0, 1366, 728), True),  # a laptop: not 800 high
        (QRect(0, 0, 1920, 1040), False),
    ],
)
def test_first_start_size_fits_the_screen(available: QRect, maximised: bool) -> None:
    size = screenfit.first_size(available)
    assert size.width() <= available.width() * 0.9 and size.height() <= available.height() * 0.9
    assert size.boundedTo(screenfit.PREFERRED) == size
    assert screenfit.is_small(available) == maximised


def test_first_start_opens_within_the_screen(window: MainWindow) -> None:
    available = window.screen().availableGeometry()
    assert screenfit.is_small(available)  # the offscreen screen is 800x800
    assert window.isMaximized()
    normal = window.normalGeometry()
    assert available.contains(normal), (normal, available)


def test_a_saved_place_off_every_screen_is_brought_back(
    window: MainWindow, new_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window.showNormal()
    window.setGeometry(4200, 3100, 1500, 1000)  # a second monitor that is not there now
    window.close()  # saves it
    again = new_window()
    available = again.screen().availableGeometry()
    qtbot.waitUntil(lambda: available.contains(again.frameGeometry()), timeout=3000)
    shown = again.frameGeometry()
    assert shown.size().boundedTo(QSize(available.width(), available.height())) == shown.size()


def test_bring_on_screen_leaves_a_window_that_fits(window: MainWindow) -> None:
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(40, 40, 600, 500)
    assert not screenfit.bring_on_screen(window)
    assert window.geometry() == QRect(40, 40, 600, 500)


def test_the_window_can_be_as_small_as_a_1024x768_screen_at_150_percent(
    window: MainWindow,
) -> None:
    logical = QSize(1024 * 2 // 3, 768 * 2 // 3 - 40)  # 683x472: less a panel
    window.open_page("platelet-transfusion")  # breadcrumb, "On this page" and find bar shown
    window.open_find_bar()
    needed = window.minimumSizeHint()
    assert needed.width() <= logical.width() and needed.height() <= logical.height(), needed
    # A section of a page with a long title: three links and the heading in the breadcrumb.
    window.open_page("mds-risk-scoring", "ipss-r-categories-survival-and-aml-evolution")
    needed = window.minimumSizeHint()
    assert needed.width() <= logical.width(), needed
    crumb = window.navigation_bar.breadcrumb
    assert crumb.text() == (
        "Home › Disorders › MDS risk scoring (IPSS-R and IPSS-M) › "
        "IPSS-R categories, survival and AML evolution"
    )
    window.resize(logical)
    QApplication.processEvents()
    assert window.width() <= logical.width()
    links = [b for b in crumb.buttons if b.isVisible()]
    assert all(b.geometry().right() < crumb.current.geometry().left() for b in links)
    assert all(b.toolTip().startswith("Go to ") for b in links)  # the full title is there
    assert sum(screenfit.first_split(logical.width())) == logical.width()
    assert screenfit.first_split(logical.width())[0] <= logical.width() // 3


@pytest.mark.parametrize(
    ("preferred", "available", "expected"),
    [
        (QSize(520, 600), QRect(0, 0, 683, 512), QSize(520, 452)),  # 1024x768 at 150 %
        (QSize(1120, 760), QRect(0, 0, 683, 512), QSize(643, 452)),
        (QSize(1120, 760), QRect(0, 0, 1024, 728), QSize(984, 668)),
        (QSize(640, 560), QRect(0, 0, 1920, 1040), QSize(640, 560)),  # room to spare
    ],
)
def test_a_dialog_shrinks_to_the_screen(
    preferred: QSize, available: QRect, expected: QSize
) -> None:
    assert screenfit.dialog_size(preferred, available) == expected


def test_every_dialog_opens_within_a_small_screen(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 1024x768 screen at 150 % (683x512 logical pixels) the handout pack (520x600) and
    About (640x560) dialogs were taller than the screen, their buttons off its bottom edge."""
    from handbook.ui.about import AboutDialog
    from handbook.ui.bookmarksdialog import BookmarksDialog
    from handbook.ui.calculators import CalculatorDialog
    from handbook.ui.printdialogs import HandoutPackDialog

    available = QRect(0, 0, 683, 512)
    monkeypatch.setattr(screenfit, "available_area", lambda _widget: available)
    dialogs = [
        HandoutPackDialog(window, window.catalog, []),
        AboutDialog(window),
        BookmarksDialog(window.bookmarks, window),
        CalculatorDialog(window),
    ]
    for dialog in dialogs:
        size = dialog.size()
        assert size.width() <= available.width() - 40, type(dialog).__name__
        assert size.height() <= available.height() - 60, type(dialog).__name__
    pack = dialogs[0]
    pack.resize(360, 452)  # narrower than its longest titles
    pack.show()
    qtbot.waitExposed(pack)
    listed = pack.page_list
    assert not listed.horizontalScrollBar().isVisible()
    longest = max(range(listed.count()), key=lambda row: len(listed.item(row).text()))
    shown = listed.visualItemRect(listed.item(longest))
    assert shown.right() <= listed.viewport().width()  # wrapped whole, not cut or scrolled
    assert shown.height() > listed.visualItemRect(listed.item(1)).height()  # on two lines
    for dialog in dialogs:
        dialog.close()
        dialog.deleteLater()
