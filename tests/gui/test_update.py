"""File → Install content update… in the real window: the new edition, its change list, marks."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from handbook.editions.install import install
from handbook.ui.mainwindow import MainWindow
from handbook.ui.sidebar import SidebarModel
from handbook.ui.update_dialog import UpdateDialogs
from tests.editions_helpers import PNH_NOTE, Editions, shared_editions, use_places


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    return shared_editions(tmp_path_factory)


@pytest.fixture()
def places(editions: Editions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    return use_places(editions, tmp_path, monkeypatch)


@pytest.fixture()
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The update dialogs, answered by the test: the file chosen, and what was shown."""
    seen: dict[str, Any] = {"file": None, "confirmed": [], "refused": [], "offers": []}

    def confirm(cls: Any, parent: Any, plan: Any) -> bool:
        seen["confirmed"].append(plan)
        return True

    monkeypatch.setattr(UpdateDialogs, "choose_pack", classmethod(lambda cls, p: seen["file"]))
    monkeypatch.setattr(UpdateDialogs, "confirm", classmethod(confirm))
    monkeypatch.setattr(
        UpdateDialogs, "refused", classmethod(lambda cls, p, m: seen["refused"].append(m))
    )
    monkeypatch.setattr(
        UpdateDialogs, "offer", classmethod(lambda cls, p, o, a: seen["offers"].append((o, a)))
    )
    return seen


@pytest.fixture()
def start(qtbot: QtBot, places: dict[str, Path], told: list[str]) -> Iterator[Callable[[], Any]]:
    """Start the app as a workstation does: the edition in use is chosen, not given."""
    made: list[MainWindow] = []

    def start_window() -> MainWindow:
        from handbook.ui.app import create_window, make_application

        make_application()
        win = create_window()
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        qtbot.waitUntil(lambda: win.ready and win.updates.started)
        made.append(win)
        return win

    yield start_window
    for win in made:
        win.search_panel.shutdown()


def _label(window: MainWindow, page_id: str) -> str:
    """The contents entry as shown, and as a screen reader says it when it differs."""
    index = window.sidebar_model.index_of_page(page_id)
    shown = str(window.sidebar_model.data(index, Qt.ItemDataRole.DisplayRole))
    spoken = window.sidebar_model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    return f"{shown} | {spoken}" if spoken else shown


def _install_from_menu(window: MainWindow) -> None:
    action = window.findChild(QAction, "installUpdateAction")
    assert action is not None and action.text() == "Install content &update…"
    action.trigger()


def test_the_window_shows_the_new_edition_and_what_changed(
    start: Callable[[], MainWindow],
    dialogs: dict[str, Any],
    editions: Editions,
    qtbot: QtBot,
    told: list[str],
) -> None:
    window = start()
    assert window.catalog.content_version == "2026-11-03"
    dialogs["file"] = editions.e2_pack
    _install_from_menu(window)
    qtbot.waitUntil(lambda: window.catalog.content_version == "2026-12-02", timeout=60000)
    plan = dialogs["confirmed"][0]
    assert "1 new, 1 changed, 1 removed" in plan.summary()
    assert window.current_page == "whats-changed"
    assert window.findChild(QAction, "whatsChangedAction") is not None  # Help, from now on
    text = window.page_view.toPlainText()
    assert PNH_NOTE in text and "Preventing bleeding" in text
    assert any("is installed and now shown" in m for m in told)
    assert _label(window, "pnh") == (
        "• Paroxysmal nocturnal haemoglobinuria (PNH) | "
        "Paroxysmal nocturnal haemoglobinuria (PNH), changed in this edition"
    )
    assert _label(window, "pure-red-cell-aplasia").endswith(", new in this edition")
    assert window.sidebar_model.index_of_page("handout-bleeding").isValid() is False
    window.open_page("pnh")
    assert _label(window, "pnh") == "Paroxysmal nocturnal haemoglobinuria (PNH)"
    assert "Oral treatment" in window.page_view.toPlainText()
    window.search_panel.search_now("iptacopan")
    qtbot.waitUntil(lambda: window.search_panel.results.count() > 0, timeout=30000)
    first = window.search_panel.results.item(0).data(Qt.ItemDataRole.UserRole + 2)
    assert first.page == "pnh"


def test_a_refused_pack_is_told_in_one_sentence_and_nothing_changes(
    start: Callable[[], MainWindow], dialogs: dict[str, Any], editions: Editions, tmp_path: Path
) -> None:
    window = start()
    blob = bytearray(editions.e2_pack.read_bytes())
    blob[200] ^= 0x10
    dialogs["file"] = tmp_path / "tampered.hbpack"
    dialogs["file"].write_bytes(bytes(blob))
    _install_from_menu(window)
    assert dialogs["refused"] == [
        "The pack's signature does not match: it was altered or damaged after it was signed."
    ]
    assert dialogs["confirmed"] == []
    assert window.catalog.content_version == "2026-11-03"


def test_an_update_installed_by_it_shows_its_changes_once(
    start: Callable[[], MainWindow], dialogs: dict[str, Any], editions: Editions
) -> None:
    install(editions.e2_pack)  # as IT would, before the clinician starts the app
    window = start()
    assert window.catalog.content_version == "2026-12-02"
    assert window.current_page == "whats-changed"
    assert window.sidebar_model.marked == {"pnh": "changed", "pure-red-cell-aplasia": "new"}
    window.open_page("pure-red-cell-aplasia")
    window.close()
    again = start()
    assert again.current_page != "whats-changed"
    assert again.sidebar_model.marked == {"pnh": "changed"}
    help_action = again.findChild(QAction, "whatsChangedAction")
    assert help_action is not None
    help_action.trigger()
    assert again.current_page == "whats-changed"


def test_a_damaged_update_falls_back_with_a_notice(
    start: Callable[[], MainWindow], editions: Editions, told: list[str]
) -> None:
    done = install(editions.e2_pack)
    (done.edition.path / "catalog.json").write_text("{", encoding="utf-8")
    window = start()
    assert window.catalog.content_version == "2026-11-03"
    assert any("is damaged" in m and "came with the app" in m for m in told)


def test_a_pack_in_the_watched_folder_is_offered(
    start: Callable[[], MainWindow],
    dialogs: dict[str, Any],
    editions: Editions,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    shutil.copy(editions.e2_pack, folder / "edition.hbpack")
    settings = Path(os.environ["HANDBOOK_USER_DIR"]) / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"watch_folder": str(folder)}), encoding="utf-8")
    window = start()
    qtbot.waitUntil(lambda: bool(dialogs["offers"]), timeout=30000)
    offer, accept = dialogs["offers"][0]
    assert offer.path == folder / "edition.hbpack"
    assert "edition of 2 December 2026" in offer.sentence()
    accept()  # "Install…" in the offer: the same confirm, then the install
    qtbot.waitUntil(lambda: window.catalog.content_version == "2026-12-02", timeout=60000)
    assert isinstance(window.sidebar_model, SidebarModel)
