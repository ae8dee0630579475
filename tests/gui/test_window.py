"""Drive the real window on the real index as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from handbook.ui.mainwindow import ExternalLinkDialog, MainWindow
from handbook.ui.sidebar import SidebarModel


def visible_text(window: MainWindow) -> str:
    return window.page_view.toPlainText()


def test_home_page_lists_sections(window: MainWindow) -> None:
    text = visible_text(window)
    assert "Bone Marrow Failure Handbook" in text
    for section in window.catalog.sections:
        assert section.title in text


def test_open_page_from_sidebar(window: MainWindow, qtbot: QtBot) -> None:
    index = window.sidebar_model.index_of_page("aplastic-anaemia")
    assert index.isValid() and index.data(SidebarModel.PageIdRole) == "aplastic-anaemia"
    window.tree.scrollTo(index)
    rect = window.tree.visualRect(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page == "aplastic-anaemia"
    assert visible_text(window).startswith("Aplastic anaemia")
    assert "Aplastic anaemia" in window.windowTitle()


def test_type_pnh_and_open_first_result(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    qtbot.keyClicks(panel.field, "PNH")
    qtbot.waitUntil(
        lambda: panel.results.count() > 0 and panel.last_outcome is not None, timeout=10000
    )
    assert not window.tree.isVisible()
    first = panel.results.item(0)
    assert first.toolTip()  # the snippet
    assert panel.last_outcome.results[0].title.startswith("Paroxysmal nocturnal haemoglobinuria")
    assert "found" in panel.status.text()
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert window.current_page == "pnh"
    assert "Paroxysmal nocturnal haemoglobinuria" in visible_text(window).splitlines()[0]


def test_follow_internal_link(window: MainWindow) -> None:
    window.open_page("aplastic-anaemia")
    window.page_view.anchorClicked.emit(QUrl("pnh.html"))
    assert window.current_page == "pnh"
    window.go_back()
    assert window.current_page == "aplastic-anaemia"
    window.go_forward()
    assert window.current_page == "pnh"


def test_external_link_is_never_opened(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(
        ExternalLinkDialog, "show_address", classmethod(lambda cls, parent, url: shown.append(url))
    )
    window.open_page("pnh")
    window.page_view.anchorClicked.emit(QUrl("https://example.org/x"))
    assert shown == ["https://example.org/x"]
    assert window.current_page == "pnh"


def test_unknown_page_shows_friendly_page(window: MainWindow) -> None:
    window.open_page("no-such-page")
    assert visible_text(window).startswith("Page not found")


def test_search_result_highlights_terms_and_steps_through_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.search_panel
    panel.search_now("camitta")
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=10000)
    top = panel.last_outcome.results[0]
    assert top.page == "aa-severity-criteria"
    panel.results.itemActivated.emit(panel.results.item(0))
    bar = window.find_bar
    assert window.current_page == "aa-severity-criteria"
    assert bar.isVisible() and len(bar.spans) >= 3
    cursor_text = []
    visited = set()
    for _ in range(len(bar.spans)):
        bar.next_match()
        visited.add(bar.current)
        cursor_text.append(window.page_view.textCursor().block().text())
    assert all("camitta" in t.lower() for t in cursor_text)
    assert visited == set(range(len(bar.spans)))  # each match once
    assert bar.count.text() == f"{bar.ordinal} of {len(bar.spans)} matches"  # from the landing
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.page_view.extraSelections() == []


def test_find_in_page_counts_matches(window: MainWindow, qtbot: QtBot) -> None:
    window.open_page("pnh")
    window.find_action.trigger()
    bar = window.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.field, "complement")
    expected = window.page_view.toPlainText().lower().count("complement")
    assert expected > 2
    assert len(bar.spans) == expected
    assert bar.count.text().endswith(f"of {expected} matches")
    bar.previous_match()
    assert bar.count.text() == f"{bar.current + 1} of {expected} matches"
    bar.field.clear()
    qtbot.keyClicks(bar.field, "zzzqqq")
    assert bar.count.text() == "No matches"


def test_user_folder_is_the_one_qt_names(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QStandardPaths

    from handbook import paths

    monkeypatch.delenv("HANDBOOK_USER_DIR", raising=False)
    qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert str(paths.user_data_dir()) == qt
