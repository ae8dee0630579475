"""Bookmarks in the real window: Ctrl+D, the menu, the manage dialog, restart, export and import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.ui.bookmarksdialog import BookmarkFiles
from handbook.ui.bookmarksui import ADD_TEXT, REMOVE_TEXT
from handbook.ui.mainwindow import MainWindow
from handbook.userdata import BOOKMARKS_NAME

PNH = "Paroxysmal nocturnal haemoglobinuria (PNH)"


def star(window: MainWindow) -> str:
    return window.toolbar.widgetForAction(window.bookmarks.toggle_action).text()


def press_ctrl_d(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window.page_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)


def saved_pages(user_dir: Path) -> list[str]:
    return [b["page"] for b in json.loads((user_dir / BOOKMARKS_NAME).read_text(encoding="utf-8"))]


def test_ctrl_d_toggles_the_bookmark_of_the_page(
    window: MainWindow, qtbot: QtBot, _user_dir: Path
) -> None:
    assert not window.bookmarks.toggle_action.isEnabled()  # home cannot be bookmarked
    assert window.bookmarks.menu_titles() == []
    window.open_page("pnh")
    assert star(window) == ADD_TEXT and not window.bookmarks.toggle_action.isChecked()
    press_ctrl_d(window, qtbot)
    assert star(window) == REMOVE_TEXT and window.bookmarks.toggle_action.isChecked()
    assert window.bookmarks.menu_titles() == [PNH]
    assert saved_pages(_user_dir) == ["pnh"]
    window.open_page("mds")
    assert star(window) == ADD_TEXT  # the star follows the page shown
    window.go_back()
    assert star(window) == REMOVE_TEXT
    press_ctrl_d(window, qtbot)
    assert star(window) == ADD_TEXT and window.bookmarks.menu_titles() == []
    assert saved_pages(_user_dir) == []


def test_bookmarks_menu_opens_a_bookmark(window: MainWindow) -> None:
    for page in ("pnh", "mds"):
        window.open_page(page)
        window.bookmarks.toggle_action.trigger()
    window.open_page("glossary")
    entry = next(a for a in window.bookmarks.menu.actions() if a.text() == PNH)
    entry.trigger()
    assert window.current_page == "pnh" and window.page_view.toPlainText().startswith(PNH)


def test_manage_dialog_lists_opens_and_removes(
    window: MainWindow, qtbot: QtBot, _user_dir: Path
) -> None:
    pages = ("pnh", "aplastic-anaemia", "mds")
    for page in pages:
        window.open_page(page)
        window.bookmarks.toggle_action.trigger()
    window.bookmarks.manage_action.trigger()
    dialog = window.bookmarks.dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.titles() == [window.catalog.pages[p].title for p in pages]
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page == "aplastic-anaemia"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.titles() == [window.catalog.pages[p].title for p in ("pnh", "mds")]
    assert window.bookmarks.menu_titles() == dialog.titles()
    assert saved_pages(_user_dir) == ["pnh", "mds"]
    assert star(window) == ADD_TEXT  # the page shown is no longer bookmarked
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    dialog.list.setFocus()
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert dialog.titles() == [window.catalog.pages["mds"].title]
    dialog.close()


def test_bookmarks_survive_a_restart(
    window: MainWindow, new_window: Callable[[], MainWindow]
) -> None:
    for page in ("mds", "pnh"):
        window.open_page(page)
        window.bookmarks.toggle_action.trigger()
    window.close()
    again = new_window()
    assert again.bookmarks.menu_titles() == [window.catalog.pages["mds"].title, PNH]
    again.open_page("pnh")
    assert star(again) == REMOVE_TEXT


def test_export_then_import_into_another_user_folder(
    window: MainWindow,
    new_window: Callable[[], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    told: list[str],
) -> None:
    for page in ("pnh", "aplastic-anaemia"):
        window.open_page(page)
        window.bookmarks.toggle_action.trigger()
    target = tmp_path / "shared" / "my-bookmarks"  # no suffix: .json is added
    target.parent.mkdir()
    monkeypatch.setattr(BookmarkFiles, "save_path", classmethod(lambda cls, parent: target))
    dialog = window.bookmarks.show_dialog()
    dialog.export_button.click()
    exported = target.with_suffix(".json")
    assert [b["page"] for b in json.loads(exported.read_text(encoding="utf-8"))] == [
        "pnh",
        "aplastic-anaemia",
    ]
    assert "Exported 2 bookmarks" in window.statusBar().currentMessage()
    dialog.close()
    window.close()

    other_user = tmp_path / "colleague"
    monkeypatch.setenv("HANDBOOK_USER_DIR", str(other_user))
    colleague = new_window()
    colleague.open_page("mds")
    colleague.bookmarks.toggle_action.trigger()
    monkeypatch.setattr(BookmarkFiles, "open_path", classmethod(lambda cls, parent: exported))
    colleague.bookmarks.show_dialog().import_button.click()
    assert told == ["Imported 2 bookmarks from my-bookmarks.json."]
    titles = [colleague.catalog.pages[p].title for p in ("mds", "pnh", "aplastic-anaemia")]
    assert colleague.bookmarks.dialog is not None and colleague.bookmarks.dialog.titles() == titles
    assert colleague.bookmarks.menu_titles() == titles
    assert saved_pages(other_user) == ["mds", "pnh", "aplastic-anaemia"]
    colleague.bookmarks.import_()  # the same file again adds nothing
    assert "no new bookmarks" in told[-1] and len(colleague.bookmarks.menu_titles()) == 3
    colleague.bookmarks.dialog.close()


@pytest.mark.parametrize(
    "content", [b"\x00\xffnot json at all", b'{"zoom": 2, "theme": "dark"}', b"[1, 2]"]
)
def test_importing_a_file_that_is_not_bookmarks_says_so_and_loses_nothing(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    told: list[str],
    _user_dir: Path,
    content: bytes,
) -> None:
    window.open_page("pnh")
    window.bookmarks.toggle_action.trigger()
    before = (_user_dir / BOOKMARKS_NAME).read_bytes()
    garbage = tmp_path / "notes.json"
    garbage.write_bytes(content)
    monkeypatch.setattr(BookmarkFiles, "open_path", classmethod(lambda cls, parent: garbage))
    assert window.bookmarks.import_() == 0
    assert len(told) == 1 and "notes.json is not a bookmarks file" in told[0]
    assert "unchanged" in told[0]
    assert window.bookmarks.menu_titles() == [PNH]
    assert (_user_dir / BOOKMARKS_NAME).read_bytes() == before


def test_cancelled_file_dialogs_do_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    monkeypatch.setattr(BookmarkFiles, "open_path", classmethod(lambda cls, parent: None))
    monkeypatch.setattr(BookmarkFiles, "save_path", classmethod(lambda cls, parent: None))
    assert window.bookmarks.import_() == 0 and window.bookmarks.export() is None
    assert told == []


def test_damaged_bookmarks_file_is_told_once_at_start(
    new_window: Callable[[], MainWindow], qtbot: QtBot, _user_dir: Path, told: list[str]
) -> None:
    _user_dir.mkdir(parents=True, exist_ok=True)
    (_user_dir / BOOKMARKS_NAME).write_bytes(b'[{"page": 12}')
    win = new_window()
    qtbot.waitUntil(lambda: bool(told), timeout=3000)
    qtbot.wait(50)
    assert len(told) == 1 and "bookmarks.json was damaged" in told[0]
    assert "bookmarks.json was damaged" in win.statusBar().currentMessage()
    assert list(_user_dir.glob(f"{BOOKMARKS_NAME}.damaged-*"))  # the damaged copy is kept
    win.open_page("pnh")
    win.bookmarks.toggle_action.trigger()  # and bookmarking works again
    assert saved_pages(_user_dir) == ["pnh"]
