"""The Help menu: the About dialog (versions, dates, sources, licences) and the disclaimer."""

from __future__ import annotations

import html
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handbook import APP_NAME, __version__, disclaimer
from handbook.catalog import Catalog
from handbook.textutil import readable_date
from handbook.ui import screenfit
from handbook.ui.menus import menu

if TYPE_CHECKING:
    from handbook.ui.host import Reader

ABOUT_PAGE = "about-this-handbook"
DISCLAIMER_ANCHOR = "medical-disclaimer"

WHOOSH_LICENCE = """Copyright 2011 Matt Chaput. All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice, this list
   of conditions and the following disclaimer in the documentation and/or other materials
   provided with the distribution.

THIS SOFTWARE IS PROVIDED BY MATT CHAPUT ``AS IS'' AND ANY EXPRESS OR IMPLIED
WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL MATT CHAPUT OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON
ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF
ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

The views and conclusions contained in the software and documentation are those of the
authors and should not be interpreted as representing official policies, either expressed
or implied, of Matt Chaput."""


@dataclass(frozen=True)
class ReviewSpan:
    title: str
    pages: int
    oldest: str
    newest: str

    def describe(self) -> str:
        if self.oldest == self.newest:
            return f"last reviewed on {readable_date(self.newest)}"
        oldest, newest = readable_date(self.oldest), readable_date(self.newest)
        return f"last reviewed between {oldest} and {newest}"


def review_spans(catalog: Catalog) -> tuple[ReviewSpan, list[ReviewSpan]]:
    """The review dates of the whole handbook and of each section that has pages."""
    sections = []
    for section in catalog.sections:
        dates = sorted(
            catalog.pages[pid].reviewed for pid in section.page_ids if pid in catalog.pages
        )
        if dates:
            sections.append(ReviewSpan(section.title, len(dates), dates[0], dates[-1]))
    every = sorted(page.reviewed for page in catalog.pages.values())
    overall = ReviewSpan(
        "All pages", len(every), every[0] if every else "", every[-1] if every else ""
    )
    return overall, sections


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    summary: str
    full_text: str  # where the whole licence can be read


def _whoosh_version() -> str:
    try:
        import whoosh  # small: the index modules stay unloaded until the first search

        return str(whoosh.versionstring())
    except (ImportError, AttributeError):
        return "unknown"


def _shiboken_version() -> str:
    try:
        import shiboken6

        return str(shiboken6.__version__)
    except (ImportError, AttributeError):
        return pyside_version  # released together, always the same number


def _python_licence_file() -> Path | None:
    base = Path(sys.base_prefix)
    major_minor = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (base / "LICENSE.txt", base / "lib" / major_minor / "LICENSE.txt"):
        if candidate.is_file():
            return candidate
    return None  # a frozen bundle carries no licence file of its own


def components() -> list[Component]:
    """What this program ships, with the versions actually running (not package metadata)."""
    python_file = _python_licence_file()
    python_where = "https://docs.python.org/3/license.html"
    if python_file is not None:
        python_where = f"{python_file} and {python_where}"
    lgpl = (
        "https://www.gnu.org/licenses/lgpl-3.0.html, with the GNU GPL v3 it extends: "
        "https://www.gnu.org/licenses/gpl-3.0.html"
    )
    return [
        Component(
            "Python",
            f"{platform.python_version()} ({platform.python_implementation()})",
            "Python Software Foundation License (PSF-2.0)",
            "A permissive licence: use, copy and redistribute, keeping the PSF copyright notice.",
            python_where,
        ),
        Component(
            "Qt 6",
            qVersion(),
            "GNU LGPL version 3",
            "The Qt libraries are linked dynamically and may be replaced by a compatible "
            "build. Their source code is available from https://download.qt.io/official_releases/qt/.",
            lgpl,
        ),
        Component(
            "PySide6 (Qt for Python)",
            pyside_version,
            "GNU LGPL version 3",
            "Python bindings for Qt; source code: https://code.qt.io/cgit/pyside/pyside-setup.git/.",
            lgpl,
        ),
        Component(
            "Shiboken6",
            _shiboken_version(),
            "GNU LGPL version 3",
            "The binding runtime used by PySide6; same source as PySide6.",
            lgpl,
        ),
        Component(
            "whoosh-reloaded (search engine)",
            _whoosh_version(),
            "BSD 2-clause (Simplified BSD)",
            "A permissive licence; its whole text is below, as it asks.",
            "below",
        ),
        Component(
            "all-MiniLM-L6-v2 (sentence-transformers): word pieces and question vectors",
            "revision 1110a243",
            "Apache License 2.0",
            "Search reads questions with the model's word-piece vocabulary, and with vectors "
            "derived from the model (the model itself is not shipped); see "
            "index/questions/NOTICE.txt.",
            "https://www.apache.org/licenses/LICENSE-2.0",
        ),
    ]


def _handbook_html(catalog: Catalog) -> str:
    esc = html.escape
    overall, sections = review_spans(catalog)
    parts = [
        f"<h2>{esc(APP_NAME)}</h2>",
        f"<p>Program version <b>{esc(__version__)}</b></p>",
        f"<p>Content version <b>{esc(catalog.content_version)}</b> (the date of the latest "
        f"clinical review). {overall.pages} pages in {len(sections)} sections, "
        f"{esc(overall.describe())}.</p>",
        "<table cellpadding='3'><tr><th align='left'>Section</th><th align='right'>Pages</th>"
        "<th align='left'>Review dates</th></tr>",
    ]
    for span in sections:
        dates = readable_date(span.oldest)
        if span.newest != span.oldest:
            dates += f" to {readable_date(span.newest)}"
        parts.append(
            f"<tr><td>{esc(span.title)}</td><td align='right'>{span.pages}</td>"
            f"<td>{esc(dates)}</td></tr>"
        )
    parts.append("</table>")
    parts.append(f"<p><i>{esc(disclaimer.FULL[0])}</i></p>")
    return "".join(parts)


def _sources_html(catalog: Catalog) -> str:
    references = {source for page in catalog.pages.values() for source in page.sources}
    cited = sum(1 for page in catalog.pages.values() if page.sources)
    return (
        "<h3>How sources are cited</h3>"
        "<p>Every page lists its numbered sources at the bottom and cites them in the text "
        "as [1], [2] where a figure depends on them. Preferred sources are guidelines, "
        "consensus documents and classifications, primary trial reports and established "
        "reference texts. Where reputable sources disagree, the page says so in a "
        "box headed “Sources differ” and names each source.</p>"
        f"<p>{cited} of {len(catalog.pages)} pages cite sources; "
        f"{len(references)} different references in all.</p>"
        "<p>Each page shows the date of its last clinical review. The page "
        "<b>About this handbook</b> explains how the content is written, sourced, reviewed and "
        "corrected, and how to report an error.</p>"
    )


def _licences_html() -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(c.name)}</td><td>{esc(c.version)}</td><td>{esc(c.licence)}</td></tr>"
        for c in components()
    )
    details = "".join(
        f"<h4>{esc(c.name)} {esc(c.version)}: {esc(c.licence)}</h4>"
        f"<p>{esc(c.summary)}</p>"
        + (f"<p>Full text: {esc(c.full_text)}</p>" if c.full_text != "below" else "")
        for c in components()
    )
    return (
        "<p>This program includes the following software, each under its own licence.</p>"
        "<table cellpadding='3'><tr><th align='left'>Component</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>{details}"
        "<h4>whoosh-reloaded licence</h4>"
        f"<pre style='white-space: pre-wrap'>{esc(WHOOSH_LICENCE)}</pre>"
        f"<p>Python {esc(sys.version)}</p>"
    )


class AboutDialog(QDialog):
    """Three tabs: the handbook's versions and dates, its sources, the licences."""

    def __init__(self, window: Reader) -> None:
        super().__init__(window.window())
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.resize(screenfit.fitting_size(640, 560, window.window()))
        catalog: Catalog = window.catalog
        self.main_window = window
        self.tabs = QTabWidget(self)
        self.handbook_text = self._text(_handbook_html(catalog))
        self.sources_text = self._text(_sources_html(catalog))
        self.licences_text = self._text(_licences_html())
        sources = QWidget(self)
        sources_layout = QVBoxLayout(sources)
        sources_layout.addWidget(self.sources_text, 1)
        self.open_about_button = QPushButton("Open the page “About this handbook”", sources)
        self.open_about_button.setObjectName("openAboutPage")
        self.open_about_button.clicked.connect(self.open_about_page)
        sources_layout.addWidget(self.open_about_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(self.handbook_text, "&Handbook")
        self.tabs.addTab(sources, "&Sources")
        self.tabs.addTab(self.licences_text, "&Licences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _text(self, body: str) -> QTextBrowser:
        view = QTextBrowser(self)
        view.setOpenLinks(False)  # offline: addresses are shown for copying, never opened
        view.setHtml(body)
        return view

    def open_about_page(self) -> None:
        self.main_window.open_page(ABOUT_PAGE)
        self.accept()

    @classmethod
    def show_for(cls, window: Reader) -> AboutDialog:
        """Open without blocking (window-modal); tests replace or inspect the result."""
        dialog = cls(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class DisclaimerDialog(QDialog):
    """The medical disclaimer, confirmed once with "I understand"."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("disclaimerDialog")
        self.setWindowTitle("Before you use this handbook")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        heading = QLabel("<b>Medical disclaimer</b>", self)
        text = QLabel("".join(f"<p>{html.escape(p)}</p>" for p in disclaimer.FULL), self)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        more = QLabel(
            "The full disclaimer is on the page <i>About this handbook</i> (Help menu).", self
        )
        more.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.understand_button = buttons.addButton(
            "I understand", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.understand_button.setObjectName("iUnderstand")
        self.understand_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addWidget(more)
        layout.addWidget(buttons)
        self.setAccessibleName("Medical disclaimer")
        host = window.window()
        width = screenfit.fitting_size(560, 0, host).width()
        # wrapped labels: the height follows from the width
        self.resize(screenfit.fitting_size(width, layout.totalHeightForWidth(width), host))


def show_disclaimer_if_needed(window: Reader) -> DisclaimerDialog | None:
    """On first run, show the disclaimer without blocking; "I understand" records it for good.

    Call after the window's first paint. Closing the dialog any other way shows it again
    on the next start.
    """
    settings = window.settings
    if settings.disclaimer_accepted:
        return None
    dialog = DisclaimerDialog(window.window())

    def accepted() -> None:
        settings.disclaimer_accepted = True
        try:
            settings.save()
        except OSError as exc:
            window.statusBar().showMessage(f"Settings could not be saved: {exc}", 8000)

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


class AboutActions:
    """The Help menu's actions; kept by the window as ``window.about``."""

    def __init__(self, window: Reader) -> None:
        self.window = window
        help_menu = menu(window, "helpMenu", "&Help")
        self.guide_action = QAction("&About This Handbook (page)", window.window())
        self.guide_action.setObjectName("openAboutPageAction")
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(lambda _checked=False: self.open_guide())
        self.about_action = QAction(f"About {APP_NAME}…", window.window())
        self.about_action.setObjectName("aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(lambda _checked=False: self.show_about())
        self.about_qt_action = QAction("About &Qt…", window.window())
        self.about_qt_action.setObjectName("aboutQtAction")
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.about_qt_action.triggered.connect(
            lambda _checked=False: QMessageBox.aboutQt(window.window())
        )
        help_menu.addAction(self.guide_action)
        window.addAction(self.guide_action)  # F1 works while the menu bar is hidden too
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)

    def open_guide(self) -> None:
        self.window.open_page(ABOUT_PAGE)

    def show_about(self) -> AboutDialog:
        return AboutDialog.show_for(self.window)
