"""An unwritable user folder, the platform check, and the guard that keeps tests off the profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handbook.ui.app import startup_notice
from handbook.ui.mainwindow import MainWindow
from handbook.ui.selfcheck_qt import run_qt
from tests.helpers import REAL_INDEX, REAL_PROFILE, listing


@pytest.fixture()
def unwritable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A user folder that cannot be made (a file is in the way; works as root too)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    folder = blocker / "BMF Handbook"
    monkeypatch.setenv("HANDBOOK_USER_DIR", str(folder))
    return folder


def test_an_unwritable_user_folder_gives_one_message_that_says_what_to_do(
    unwritable: Path, window: MainWindow, told: list[str], qtbot: object
) -> None:
    notice = startup_notice(window)
    assert str(unwritable) in notice and "cannot be kept" in notice
    assert "forgotten when it closes" in notice
    assert "HANDBOOK_USER_DIR" in notice and "portable.ini" in notice
    window.open_page("pnh")
    window.bookmarks.toggle_current()  # Ctrl+D
    assert not window.bookmarks.bookmarks.contains("pnh")  # not saved: not shown as saved
    assert not window.bookmarks.toggle_action.isChecked()
    assert told == []  # no second box: the status bar says it
    assert "not saved" in window.statusBar().currentMessage()


def test_a_writable_folder_gives_no_notice(window: MainWindow) -> None:
    assert startup_notice(window) == ""


def test_a_failed_bookmark_save_is_undone_and_said_once(
    window: MainWindow, told: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(folder: object = None) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(window.bookmarks.bookmarks, "save", refuse)
    window.open_page("pnh")
    window.bookmarks.toggle_current()
    assert not window.bookmarks.bookmarks.contains("pnh")
    assert told == ["The bookmark was not saved (Permission denied)."]


def test_check_says_which_platform_the_window_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    lines = {name: (ok, text) for name, ok, text in run_qt(REAL_INDEX)}
    ok, text = lines["window platform"]
    assert ok and "not tested" in text and "offscreen" in text
    monkeypatch.setenv("DISPLAY", ":99")  # nobody answers there
    ok, text = dict((n, (o, t)) for n, o, t in run_qt(REAL_INDEX))["window platform"]
    assert not ok and "cannot open the display ':99'" in text


def test_the_suite_runs_in_a_throw_away_home() -> None:
    home = Path(os.environ["HOME"])
    assert home.name.startswith("handbook-tests-home-") and home != REAL_PROFILE.parents[2]
    assert not str(REAL_PROFILE).startswith(str(home))


def test_the_guard_sees_a_change_in_a_folder(tmp_path: Path) -> None:
    before = listing(tmp_path)
    (tmp_path / "settings.json").write_text("{}", encoding="utf-8")
    assert listing(tmp_path) != before
