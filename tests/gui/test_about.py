"""The Help menu: the About dialog, the page about the handbook, the first-run disclaimer."""

from __future__ import annotations

import sys

import PySide6
import pytest
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from handbook import __version__
from handbook.textutil import readable_date
from handbook.ui import about
from handbook.ui.mainwindow import MainWindow
from handbook.userdata import Settings


@pytest.fixture()
def helped(window: MainWindow) -> MainWindow:
    assert isinstance(window.about, about.AboutActions)  # the window installs it
    return window


def help_menu(window: MainWindow) -> QMenu:
    menu = window.menuBar().findChild(QMenu, "helpMenu")
    assert menu is not None
    return menu


def test_help_menu_has_the_page_about_and_about_qt(helped: MainWindow) -> None:
    texts = [a.text().replace("&", "") for a in help_menu(helped).actions() if not a.isSeparator()]
    assert texts == [
        "Searching the Handbook",  # handbook/ui/lifecycle.py
        "About This Handbook (page)",
        "About Bone Marrow Failure Handbook…",
        "About Qt…",
    ]
    shortcut = helped.about.guide_action.shortcut()
    assert shortcut == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_help_contents_opens_the_page_about_this_handbook(helped: MainWindow) -> None:
    helped.about.guide_action.trigger()
    assert helped.current_page == "about-this-handbook"
    assert helped.page_view.toPlainText().startswith("About this handbook")


def test_about_dialog_shows_versions_dates_sources_and_licences(
    helped: MainWindow, qtbot: QtBot
) -> None:
    helped.about.about_action.trigger()  # returns at once: the dialog is window-modal
    dialog = helped.findChild(about.AboutDialog, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    catalog = helped.catalog
    handbook = dialog.handbook_text.toPlainText()
    assert f"Program version {__version__}" in handbook
    assert f"Content version {catalog.content_version}" in handbook
    assert f"{len(catalog.pages)} pages in {len(catalog.sections)} sections" in handbook
    newest = max(p.reviewed for p in catalog.pages.values())
    assert readable_date(newest) in handbook
    for section in catalog.sections:
        assert section.title in handbook
    sources = dialog.sources_text.toPlainText()
    assert "[1], [2]" in sources and "Sources differ" in sources
    references = {s for page in catalog.pages.values() for s in page.sources}
    assert f"{len(references)} different references" in sources
    licences = " ".join(dialog.licences_text.toPlainText().split())
    import whoosh

    for expected in (
        f"Python {sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}",
        f"Qt 6 {qVersion()}",
        f"PySide6 (Qt for Python) {PySide6.__version__}",
        "Shiboken6",
        f"whoosh-reloaded (search engine) {whoosh.versionstring()}",
        "Python Software Foundation License",
        "GNU LGPL version 3",
        "https://www.gnu.org/licenses/lgpl-3.0.html",
        "BSD 2-clause",
        "Redistributions in binary form must reproduce the above copyright notice",
    ):
        assert expected in licences, expected
    dialog.grab()  # paints without warnings
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_about_dialog_button_opens_the_page(helped: MainWindow, qtbot: QtBot) -> None:
    dialog = helped.about.show_about()
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.open_about_button, Qt.MouseButton.LeftButton)
    assert helped.current_page == "about-this-handbook"
    qtbot.waitUntil(lambda: helped.findChild(about.AboutDialog) is None)  # closed and deleted


def test_components_report_the_running_versions() -> None:
    found = {c.name: c for c in about.components()}
    assert found["Qt 6"].version == qVersion()
    assert found["PySide6 (Qt for Python)"].version == PySide6.__version__
    assert found["Python"].version.startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert all(c.licence and c.summary and c.full_text for c in found.values())


def test_review_spans_cover_every_page(helped: MainWindow) -> None:
    overall, sections = about.review_spans(helped.catalog)
    dates = sorted(p.reviewed for p in helped.catalog.pages.values())
    assert (overall.oldest, overall.newest, overall.pages) == (dates[0], dates[-1], len(dates))
    assert sum(s.pages for s in sections) == len(helped.catalog.ordered_pages())
    assert readable_date("2026-03-04") == "4 March 2026"
    assert readable_date("not a date") == "not a date"


# -- the first-run disclaimer -------------------------------------------------------------------


def test_disclaimer_is_shown_on_first_run_without_blocking(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert not window.settings.disclaimer_accepted
    dialog = about.show_disclaimer_if_needed(window)  # returns at once
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.understand_button.text() == "I understand"
    qtbot.mouseClick(dialog.understand_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.settings.disclaimer_accepted
    assert Settings.load().disclaimer_accepted  # saved: never shown again
    assert about.show_disclaimer_if_needed(window) is None


def test_disclaimer_closed_without_confirming_comes_back(window: MainWindow) -> None:
    dialog = about.show_disclaimer_if_needed(window)
    assert dialog is not None
    dialog.reject()  # Escape or the close button
    assert not window.settings.disclaimer_accepted
    assert not Settings.load().disclaimer_accepted
    again = about.show_disclaimer_if_needed(window)
    assert again is not None
    again.accept()
    assert Settings.load().disclaimer_accepted


def test_accepted_disclaimer_is_not_shown(window: MainWindow) -> None:
    window.settings.disclaimer_accepted = True
    assert about.show_disclaimer_if_needed(window) is None
