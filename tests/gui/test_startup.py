"""Start-up: the first frame comes first; the rest of the window is made right after it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from handbook.ui.mainwindow import MainWindow
from handbook.ui.menus import menu
from tests.helpers import REAL_INDEX, ROOT


def _texts(window, object_name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        a.text().replace("&", "")
        for a in menu(window, object_name, "").actions()
        if not a.isSeparator()
    ]


def _python(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """This Python in a new process, offscreen, with a throwaway user folder."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HANDBOOK_USER_DIR=str(tmp_path / "user"))
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture()
def unpainted(qtbot: QtBot) -> Iterator[MainWindow]:
    """The window as create_window returns it: made, not yet shown or painted."""
    from handbook.ui.app import create_window, make_application

    make_application()
    window = create_window(REAL_INDEX)
    qtbot.addWidget(window)
    yield window
    window.search_panel.shutdown()


def test_print_help_and_screen_reader_names_arrive_after_the_first_frame(
    qtbot: QtBot, unpainted: MainWindow
) -> None:
    window = unpainted
    # Before the first frame: the menu titles are there, their printing and Help entries not yet.
    assert not window.ready
    assert window.find_bar is None
    assert _texts(window, "helpMenu") == []
    assert not any(t.startswith("Print") for t in _texts(window, "fileMenu"))
    window.show()
    qtbot.waitUntil(lambda: window.ready)  # nobody calls finish_setup: the first paint does
    assert any(t.startswith("About") for t in _texts(window, "helpMenu"))
    assert window.find_bar is not None and not window.find_bar.isVisible()
    assert any(t.startswith("Print") for t in _texts(window, "fileMenu"))
    back = window.toolbar.widgetForAction(window.back_action)
    assert back.accessibleName() == window.back_action.text().replace("&", "")
    assert window.search_panel.field.nextInFocusChain() is not None
    help_entries, file_entries = _texts(window, "helpMenu"), _texts(window, "fileMenu")
    window.finish_setup()  # again: nothing is made twice
    assert _texts(window, "helpMenu") == help_entries and _texts(window, "fileMenu") == file_entries


@pytest.mark.parametrize("arguments", [["--quit-after-show"], ["gui", "--quit-after-show"]])
def test_quit_after_show_opens_the_window_and_exits_cleanly(
    arguments: list[str], tmp_path: Path
) -> None:
    done = _python(tmp_path, "-m", "handbook", *arguments)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_the_app_finishes_the_window_after_its_first_frame(tmp_path: Path) -> None:
    # The app turns the window's own watcher off and finishes it in after_first_paint.
    script = (
        "from PySide6.QtCore import QTimer\n"
        "from handbook.ui import app\n"
        "qt = app.make_application()\n"
        "def check():\n"
        "    window = next(w for w in qt.topLevelWidgets() if w.objectName() == 'mainWindow')\n"
        "    print('ready', window.ready, window.find_bar is not None, hasattr(window, "
        "'printing'))\n"
        "    qt.quit()\n"
        "QTimer.singleShot(1500, check)\n"
        "raise SystemExit(app.run())\n"
    )
    done = _python(tmp_path, "-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ready True True True"


def test_find_in_page_works_even_before_the_first_frame(unpainted: MainWindow) -> None:
    unpainted.find_action.trigger()  # Ctrl+F pressed at once: the bar is made on demand
    assert unpainted.ready and unpainted.find_bar is not None and not unpainted.find_bar.isHidden()
