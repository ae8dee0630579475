"""GUI fixtures: the real window on the real index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from handbook.ui.mainwindow import MainWindow
from tests.conftest import REAL_INDEX


@pytest.fixture()
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    from handbook.ui.app import create_window, make_application

    make_application()
    win = create_window(REAL_INDEX)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.search_panel.shutdown()
