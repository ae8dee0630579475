"""The real window against hostile user files and pages (D2–D4, D13, D17)."""

from __future__ import annotations

import errno
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from handbook import safejson
from handbook.ui import printdialogs
from handbook.ui.bookmarksdialog import BookmarkFiles
from handbook.ui.clinicdialog import ClinicChoice, ClinicDetailsDialog
from handbook.ui.mainwindow import MainWindow
from handbook.userdata import BOOKMARKS_NAME, SETTINGS_NAME

FAKE = (
    '<h1 style="color:#c00">Aplastic anaemia: UPDATED GUIDANCE</h1>'
    '<p style="font-size:16pt">Stop ciclosporin at once and call <b>0800 000 0000</b>.</p>'
    '<img src="http://198.51.100.7/x.png">'
)


def _write(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_deeply_nested_user_files_let_the_window_open_and_say_so(
    new_window: Callable[[], MainWindow], told: list[str], _user_dir: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """D2: a 100,000-deep settings.json or bookmarks.json stopped the window on every start."""
    _user_dir.mkdir(parents=True, exist_ok=True)
    for name in (SETTINGS_NAME, BOOKMARKS_NAME):
        (_user_dir / name).write_bytes(b"[" * 100_000 + b"]" * 100_000)
    window = new_window()
    qtbot.waitUntil(lambda: any("bookmarks.json" in m for m in told))
    assert any("nested far too deeply" in m and "kept as" in m for m in told)
    assert window.settings.problems and "nested far too deeply" in window.settings.problems[0]
    assert len(list(_user_dir.glob("*.damaged-*"))) == 2


def test_an_unreadable_settings_file_survives_a_session(
    new_window: Callable[[], MainWindow], _user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D3: the close always saved settings, over a file that could not be read."""
    path = _write(_user_dir, SETTINGS_NAME, {"clinic_name": "Ward 7", "clinic_phone": "0123 456"})
    before = path.read_bytes()
    real_open = open

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(safejson, "open", guarded, raising=False)
    window = new_window()
    assert "could not be read (Permission denied)" in window.settings.problems[0]
    window.open_page("pnh")
    window.close()  # saves the window's state: must not replace the file
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_html_in_a_bookmarked_page_id_is_shown_as_text(
    new_window: Callable[[], MainWindow], _user_dir: Path
) -> None:
    """D4: a shared bookmarks file could show a fake headline and phone number in the page view."""
    entry = {"page": FAKE, "anchor": "", "title": "Aplastic anaemia (updated)", "added": "x"}
    _write(_user_dir, BOOKMARKS_NAME, [entry])
    window = new_window()
    action = next(a for a in window.bookmarks.menu.actions() if a.data() is not None)
    action.trigger()
    document = window.page_view.document()
    assert "UPDATED GUIDANCE</h1>" in window.page_view.toPlainText()  # the tags, as text
    block = document.begin()
    headings = []
    while block.isValid():
        if block.blockFormat().headingLevel():
            headings.append(block.text())
        block = block.next()
    assert headings == ["Page not found"]
    dialog = window.bookmarks.show_dialog()
    assert dialog.list.item(0).toolTip() == ""  # "added" is not a date: no rich-text tooltip
    dialog.close()


def test_importing_a_bookmark_whose_page_id_is_html_imports_nothing(
    window: MainWindow, told: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = _write(tmp_path, "shared.json", [{"page": FAKE, "anchor": "", "title": "AA"}])
    data = json.loads(shared.read_text(encoding="utf-8"))
    data[0]["added"] = "2026-11-30"
    shared.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(BookmarkFiles, "open_path", classmethod(lambda cls, parent: shared))
    assert window.bookmarks.import_() == 0
    assert told[-1].startswith("Nothing was imported") and "page id" in told[-1]
    assert window.bookmarks.bookmarks.items == []


def test_clinic_details_that_cannot_be_saved_say_so_not_crash(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D13: a full disk gave the crash dialog, which said the settings were safe."""
    choice = ClinicChoice("Ward 7", "0123 456", "a4", False)
    monkeypatch.setattr(
        ClinicDetailsDialog, "ask", classmethod(lambda cls, parent, current: choice)
    )

    def full_disk() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(window.settings, "save", full_disk)
    warned: list[str] = []
    monkeypatch.setattr(
        printdialogs.Notice, "warn", classmethod(lambda cls, parent, text: warned.append(text))
    )
    window.open_page("handout-get-help-urgently")
    assert window.printing.edit_clinic_details() is False
    assert warned and "could not be saved (No space left on device)" in warned[0]
    assert "0123 456" in window.page_view.toPlainText()  # used for this session all the same


@pytest.mark.parametrize(
    "url",
    ["//198.51.100.7/share/pixel.png", "file://198.51.100.7/share/pixel.png", "http://x/y.png"],
)
def test_images_on_another_host_are_never_loaded(window: MainWindow, url: str) -> None:
    """D17: a scheme-relative //host/share URL passed the local-scheme filter (SMB on Windows)."""
    kind = int(QTextDocument.ResourceType.ImageResource.value)
    assert window.page_view.loadResource(kind, QUrl(url)) is None


def test_a_local_image_still_loads(window: MainWindow) -> None:
    kind = int(QTextDocument.ResourceType.ImageResource.value)
    image = next((window.catalog.index_dir / "images").glob("*.svg"))
    assert window.page_view.loadResource(kind, QUrl(f"images/{image.name}")) is not None


def test_closing_during_a_slow_search_never_closes_the_index_under_it(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The window waits a while for the search thread; a search still running after that
    (a slow disk) must not have its index closed under it: it is closed once it has ended."""
    from handbook.ui import searchpanel

    panel = window.search_panel
    panel.search_now("PNH")
    qtbot.waitUntil(lambda: panel.last_outcome is not None, timeout=10000)
    engine = panel.worker.engine
    assert engine is not None
    real_search, real_close = engine.search, engine.close
    searching, release = threading.Event(), threading.Event()
    running: list[bool] = []  # one entry while a search is running
    closed_while_searching: list[bool] = []

    def slow_search(*args: Any, **kwargs: Any) -> Any:
        running.append(True)
        searching.set()
        try:
            release.wait(30)
            return real_search(*args, **kwargs)
        finally:
            running.clear()

    def recording_close() -> None:
        closed_while_searching.append(bool(running))
        real_close()

    monkeypatch.setattr(engine, "search", slow_search)
    monkeypatch.setattr(engine, "close", recording_close)
    monkeypatch.setattr(searchpanel, "STOP_WAIT_MS", 200)
    panel.search_now("camitta")
    assert searching.wait(10)
    with caplog.at_level(logging.WARNING, logger=searchpanel.__name__):
        window.close()
    assert closed_while_searching == []
    assert "did not stop" in caplog.text
    release.set()
    qtbot.waitUntil(panel.shutdown, timeout=10000)  # True once the thread has stopped
    assert closed_while_searching == [False]
