"""The window keeps working when things go wrong, and says what happened."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from handbook.ui import errors
from handbook.ui.mainwindow import MainWindow
from handbook.userdata import SETTINGS_NAME
from tests.helpers import REAL_INDEX, ROOT


def test_holding_a_key_down_never_freezes(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    text = "aplastic anaemia " * 12
    started = time.perf_counter()
    for char in text:
        qtbot.keyClick(panel.field, char)
    typing = time.perf_counter() - started
    # Every keystroke returned at once: the searches are debounced and run off the UI thread.
    assert typing < 3.0, f"{len(text)} keystrokes took {typing:.2f} s"
    qtbot.waitUntil(
        lambda: panel.last_outcome is not None and panel.last_outcome.query == text, timeout=10000
    )
    assert panel.last_outcome.results[0].page == "aplastic-anaemia"


def test_damaged_index_is_repaired_and_the_user_told(
    qtbot: QtBot, tmp_path: Path, told: list[str]
) -> None:
    from handbook.ui.app import create_window, make_application

    make_application()
    index = tmp_path / "index"
    shutil.copytree(REAL_INDEX, index)
    for seg in (index / "whoosh").glob("*.seg"):
        seg.write_bytes(b"garbage")
    win = create_window(index)
    qtbot.addWidget(win)
    win.show()
    assert "Bone Marrow Failure Handbook" in win.page_view.toPlainText()  # pages work at once
    win.search_panel.warm_up()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert "damaged or out of date" in told[0]
    win.search_panel.search_now("PNH")
    qtbot.waitUntil(lambda: win.search_panel.results.count() > 0, timeout=10000)
    assert win.search_panel.last_outcome.results[0].page == "pnh"
    win.search_panel.shutdown()


def test_missing_page_file_shows_a_friendly_page(qtbot: QtBot, tmp_path: Path) -> None:
    from handbook.ui.app import create_window, make_application

    make_application()
    index = tmp_path / "index"
    shutil.copytree(REAL_INDEX, index)
    (index / "pages" / "pnh.html").unlink()
    win = create_window(index)
    qtbot.addWidget(win)
    win.open_page("pnh")
    text = win.page_view.toPlainText()
    assert "could not be read" in text and "handbook check" in text
    win.open_page("aplastic-anaemia")
    assert win.page_view.toPlainText().startswith("Aplastic anaemia")
    win.search_panel.shutdown()
    done = subprocess.run(
        [sys.executable, "-m", "handbook", "--index", str(index), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "pnh" in done.stdout + done.stderr


def test_damaged_settings_start_with_defaults_and_tell(
    qtbot: QtBot, _user_dir: Path, told: list[str]
) -> None:
    from handbook.ui.app import create_window, make_application

    make_application()
    _user_dir.mkdir(parents=True, exist_ok=True)
    (_user_dir / SETTINGS_NAME).write_text(
        '{"clinic_phone": ["not", "a", "number"]', encoding="utf-8"
    )
    win = create_window(REAL_INDEX)
    qtbot.addWidget(win)
    assert win.settings.problems and win.settings.clinic_phone == ""
    win.tell_user("; ".join(win.settings.problems))
    assert "kept as settings.json.damaged-" in told[0]
    win.search_panel.shutdown()


def test_unexpected_error_is_logged_and_shown(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, _user_dir: Path
) -> None:
    from handbook.logsetup import configure_logging, log_path

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        errors.ErrorDialog, "show", classmethod(lambda cls, s, d: shown.append((s, d)))
    )
    configure_logging()
    try:
        raise ValueError("catalog row 12 is odd")
    except ValueError as exc:
        errors.report(type(exc), exc, exc.__traceback__)
    assert shown and shown[0][0] == "ValueError: catalog row 12 is odd"
    assert "Traceback" in shown[0][1]
    previous = sys.excepthook
    errors.install(previous)
    try:
        assert sys.excepthook is not previous
    finally:
        sys.excepthook = previous
    assert log_path().name == "handbook.log"


def test_settings_file_written_by_the_window_stays_valid(
    window: MainWindow, _user_dir: Path
) -> None:
    window.settings.clinic_name = "Day unit"
    window.settings.save()
    data = json.loads((_user_dir / SETTINGS_NAME).read_text(encoding="utf-8"))
    assert data["clinic_name"] == "Day unit"


def test_two_copies_at_once_keep_each_others_bookmarks_and_settings(
    new_window: Callable[[], MainWindow], _user_dir: Path
) -> None:
    """Two windows on one user folder (two copies of the app on a shared login)."""
    from handbook.userdata import Bookmarks, Settings

    first, second = new_window(), new_window()
    first.open_page("pnh")
    first.bookmarks.toggle_current()
    second.open_page("red-flags")
    second.bookmarks.toggle_current()
    first.zoom.set_level(2)
    first.close()
    second.settings.clinic_name = "Haematology Day Unit"
    second.close()
    bookmarks = Bookmarks.load()
    settings = Settings.load()
    assert bookmarks.problems == [] and settings.problems == []
    assert sorted(b.page for b in bookmarks.items) == ["pnh", "red-flags"]
    assert (settings.zoom, settings.clinic_name) == (2, "Haematology Day Unit")
    assert settings.last_page == "red-flags"  # the copy closed last says where to start


def test_searches_from_the_window_reuse_one_searcher(window: MainWindow, qtbot: QtBot) -> None:
    """Each search once opened a fresh Whoosh searcher in the worker thread (~8 MB each)."""
    panel = window.search_panel
    for text in ("PNH", "camitta", "anaemia", "bruise", "ATG"):
        panel.search_now(text)
        qtbot.waitUntil(
            lambda text=text: panel.last_outcome is not None and panel.last_outcome.query == text
        )
    engine = panel.worker.engine
    assert engine is not None
    assert len(engine._per_thread) == 1  # noqa: SLF001 (the worker thread's one searcher)
