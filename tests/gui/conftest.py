"""GUI fixtures: the real window on the real index, restarts, and what the user is told."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from handbook.ui.mainwindow import MainWindow, Notice
from tests.helpers import REAL_INDEX


@pytest.fixture()
def new_window(qtbot: QtBot) -> Iterator[Callable[[], MainWindow]]:
    """Start the app (again): a new window on the same user folder unless the test changed it."""
    made: list[MainWindow] = []

    def start() -> MainWindow:
        from handbook.ui.app import create_window, make_application

        make_application()
        win = create_window(REAL_INDEX)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        qtbot.waitUntil(lambda: win.ready)  # the rest of the window is made after the first frame
        made.append(win)
        return win

    yield start
    for win in made:
        win.search_panel.shutdown()


@pytest.fixture()
def window(new_window: Callable[[], MainWindow]) -> MainWindow:
    return new_window()


@pytest.fixture()
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the window shows the user (Notice boxes), instead of showing them."""
    messages: list[str] = []
    monkeypatch.setattr(
        Notice, "show", classmethod(lambda cls, parent, message: messages.append(message))
    )
    return messages
