"""Text size (keys, Ctrl+wheel), restyling in place, and what the window remembers on restart."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.history import HOME
from handbook.ui.mainwindow import MainWindow
from handbook.ui.zoom import scale_css
from handbook.userdata import SETTINGS_NAME, Settings

BODY_PT = 11.0  # body text size in index/styles/page.css
BODY_TEXT = "acquired disorder of the haematopoietic stem"


def body_size(window: MainWindow, text: str = BODY_TEXT) -> float:
    """The point size of a paragraph of body text as laid out on screen."""
    found = window.page_view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(found.block())
    cursor.movePosition(QTextCursor.MoveOperation.Right)
    return round(cursor.charFormat().font().pointSizeF(), 2)


def press(window: MainWindow, qtbot: QtBot, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window.page_view, key, Qt.KeyboardModifier.ControlModifier)


def ctrl_wheel(window: MainWindow, notches: int) -> None:
    view = window.page_view.viewport()
    centre = QPointF(view.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(view.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, event)


def test_scale_css_scales_point_sizes_only() -> None:
    css = "body { font-size: 11pt; margin: 4px; } h1 { font-size: 20pt } p.x{font-size:9.5pt}"
    assert scale_css(css, 1.0) == css
    scaled = scale_css(css, 1.5)
    assert "16.5pt" in scaled and "30pt" in scaled and "14.25pt" in scaled and "4px" in scaled


def test_zoom_keys_change_the_text_size(window: MainWindow, qtbot: QtBot) -> None:
    window.open_page("pnh")
    assert body_size(window) == BODY_PT
    height = window.page_view.document().size().height()
    press(window, qtbot, Qt.Key.Key_Plus)
    assert body_size(window) == pytest.approx(BODY_PT * 1.1)
    assert window.page_view.document().size().height() > height
    assert window.settings.zoom == 1
    press(window, qtbot, Qt.Key.Key_Minus)
    press(window, qtbot, Qt.Key.Key_Minus)
    assert body_size(window) == pytest.approx(BODY_PT * 0.9) and window.settings.zoom == -1
    press(window, qtbot, Qt.Key.Key_0)
    assert body_size(window) == BODY_PT and window.settings.zoom == 0
    assert not window.zoom.reset_action.isEnabled()


def test_ctrl_wheel_zooms_and_the_size_is_kept_for_the_next_page(window: MainWindow) -> None:
    window.open_page("pnh")
    bar = window.page_view.verticalScrollBar()
    ctrl_wheel(window, 2)
    assert window.settings.zoom == 2 and body_size(window) == pytest.approx(BODY_PT * 1.2)
    assert bar.value() == 0  # Ctrl+wheel zooms; it does not scroll
    window.open_page("aplastic-anaemia")
    assert body_size(window, "is an acquired form of bone marrow failure") == pytest.approx(
        BODY_PT * 1.2
    )


def test_zoom_stops_at_the_ends_of_its_range(window: MainWindow) -> None:
    for _ in range(30):
        window.zoom.zoom_in_action.trigger()
    assert window.settings.zoom == 10 and not window.zoom.zoom_in_action.isEnabled()
    for _ in range(30):
        window.zoom.zoom_out_action.trigger()
    assert window.settings.zoom == -5 and not window.zoom.zoom_out_action.isEnabled()


def test_zoom_keeps_the_reader_at_the_same_text(window: MainWindow) -> None:
    heading = [h for h in window.catalog.pages["pnh"].headings if h.level == 2][4]
    window.open_page("pnh", heading.anchor)
    before = window.page_view.cursorForPosition(QPoint(0, 0)).block().text()
    value = window.page_view.verticalScrollBar().value()
    window.zoom.zoom_in_action.trigger()
    window.zoom.zoom_in_action.trigger()
    assert window.page_view.verticalScrollBar().value() > value
    assert window.page_view.cursorForPosition(QPoint(0, 0)).block().text() == before


def test_zoom_keeps_find_highlights(window: MainWindow, qtbot: QtBot) -> None:
    window.open_page("pnh")
    window.find_action.trigger()
    qtbot.keyClicks(window.find_bar.field, "complement")
    spans = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.page_view.extraSelections()
    ]
    assert len(spans) > 2
    window.zoom.zoom_in_action.trigger()
    after = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.page_view.extraSelections()
    ]
    assert after == spans


def test_zoom_level_is_remembered_after_restart(
    window: MainWindow, new_window, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        window.zoom.zoom_in_action.trigger()
    window.close()
    assert Settings.load().zoom == 3
    again = new_window()
    again.open_page("pnh")
    assert again.zoom.level == 3 and body_size(again) == pytest.approx(BODY_PT * 1.3)


def test_stylesheet_change_and_reload_keep_the_place(window: MainWindow) -> None:
    heading = [h for h in window.catalog.pages["pnh"].headings if h.level == 2][3]
    window.open_page("pnh", heading.anchor)
    bar = window.page_view.verticalScrollBar()
    value = bar.value()
    assert value > 0
    css = window.page_view.document().defaultStyleSheet()
    window.page_view.set_stylesheet(css + "\np { color: #ff0000; }")
    window.reload_page()
    assert abs(bar.value() - value) <= 2
    found = window.page_view.document().find(BODY_TEXT)
    cursor = QTextCursor(found.block())
    cursor.movePosition(QTextCursor.MoveOperation.Right)
    assert cursor.charFormat().foreground().color().name() == "#ff0000"
    window.open_page("mds")  # the new stylesheet stays for later pages
    assert "#ff0000" in window.page_view.document().defaultStyleSheet()


def test_last_page_size_and_sidebar_width_are_restored(window: MainWindow, new_window) -> None:  # type: ignore[no-untyped-def]
    window.open_page("aplastic-anaemia")
    window.resize(760, 560)  # inside the offscreen screen, or Qt fits it to the screen
    window.splitter.setSizes([260, 740])
    sidebar = window.splitter.sizes()[0]
    window.close()
    saved = Settings.load()
    assert saved.last_page == "aplastic-anaemia" and saved.window_geometry and saved.splitter_state
    again = new_window()
    assert again.current_page == "aplastic-anaemia"
    assert again.page_view.toPlainText().startswith("Aplastic anaemia")
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes()[0] == sidebar
    assert again.history.recent() and again.history.recent()[0].page == "aplastic-anaemia"


def test_home_is_remembered_as_no_last_page(window: MainWindow, new_window) -> None:  # type: ignore[no-untyped-def]
    window.open_page("pnh")
    window.open_page(HOME)
    window.close()
    assert new_window().current_page == HOME


def test_damaged_remembered_values_are_ignored(new_window, _user_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _user_dir.mkdir(parents=True, exist_ok=True)
    noise = base64.b64encode(b"\x01\x02 not a saved state " * 5).decode()
    (_user_dir / SETTINGS_NAME).write_text(
        json.dumps(
            {
                "last_page": "no-such-page",
                "window_geometry": "!!! not base64 !!!",
                "window_state": noise,
                "splitter_state": noise,
                "zoom": 99,
            }
        ),
        encoding="utf-8",
    )
    win = new_window()
    assert win.current_page == HOME
    assert win.zoom.level == 0  # out of range: reset by Settings.load
    # Damaged geometry is a first start: the window fits the (800x800 offscreen) screen.
    assert win.screen().availableGeometry().contains(win.normalGeometry())
    assert min(win.splitter.sizes()) > 100 and win.toolbar.isVisible()
