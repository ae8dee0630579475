"""The main window: sidebar and search on the left, the page on the right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from handbook import APP_NAME
from handbook.catalog import Catalog, CatalogError
from handbook.pagehtml import ClinicDetails, fill_placeholders, home_fragment, wrap
from handbook.ui.findbar import FindBar, block_spans
from handbook.ui.pageview import PageView
from handbook.ui.searchpanel import SearchPanel
from handbook.ui.sidebar import SidebarModel
from handbook.userdata import Settings

HOME = "home"


class ExternalLinkDialog:
    """Tells the user the workstation is offline and offers the address for copying."""

    @classmethod
    def show_address(cls, parent: QWidget, url: str) -> None:
        box = QMessageBox(parent)
        box.setWindowTitle("Link to a website")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText("This handbook works offline and does not open websites.")
        box.setInformativeText(f"The address is:\n{url}\n\nCopy it to open it on a device with internet access.")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = box.addButton("Copy address", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is copy:
            QGuiApplication.clipboard().setText(url)


class Notice:
    """A non-blocking information box; tests replace ``show``."""

    @classmethod
    def show(cls, parent: QWidget, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, message, QMessageBox.StandardButton.Ok, parent)
        box.setModal(False)
        box.show()


class MainWindow(QMainWindow):
    def __init__(
        self,
        catalog: Catalog,
        stylesheet: str,
        whoosh_dir: Path | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings if settings is not None else Settings.load()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1180, 780)

        self.page_view = PageView(catalog.index_dir, stylesheet, self)
        self.page_view.page_requested.connect(self.open_page)
        self.page_view.external_link.connect(lambda url: ExternalLinkDialog.show_address(self, url))

        self.sidebar_model = SidebarModel(catalog, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("sidebar")
        self.tree.setModel(self.sidebar_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Contents")
        self.tree.expandAll()
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.clicked.connect(self._on_tree_activated)

        self.search_panel = SearchPanel(catalog.index_dir, whoosh_dir, self)
        self.search_panel.result_chosen.connect(self.open_result)
        self.search_panel.active_changed.connect(lambda active: self.tree.setVisible(not active))
        self.search_panel.worker.notice.connect(self.tell_user)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.search_panel)
        left_layout.addWidget(self.tree, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.find_bar = FindBar(self.page_view, self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.page_view, 1)
        right_layout.addWidget(self.find_bar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 840])
        self.setCentralWidget(self.splitter)

        self._history: list[tuple[str, str]] = []
        self._position = -1
        self.current_page = ""
        self._make_actions()
        self.statusBar().showMessage(f"Content version {catalog.content_version} · works offline")
        from handbook.ui.printing import PrintController

        self.printing = PrintController(self)
        self.open_page(HOME)

    # -- actions ------------------------------------------------------------------
    def _make_actions(self) -> None:
        toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("navigationToolbar")
        toolbar.setMovable(False)
        self.back_action = QAction("Back", self, shortcut=QKeySequence.StandardKey.Back)
        self.back_action.triggered.connect(self.go_back)
        self.forward_action = QAction("Forward", self, shortcut=QKeySequence.StandardKey.Forward)
        self.forward_action.triggered.connect(self.go_forward)
        self.home_action = QAction("Home", self, shortcut=QKeySequence("Alt+Home"))
        self.home_action.triggered.connect(lambda: self.open_page(HOME))
        self.search_action = QAction("Search", self, shortcut=QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self.focus_search)
        for action in (self.back_action, self.forward_action, self.home_action):
            toolbar.addAction(action)
        self.addAction(self.search_action)
        self.find_action = QAction("Find in page", self, shortcut=QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find_bar.open_bar)
        self.addAction(self.find_action)
        self._update_actions()

    def tell_user(self, message: str) -> None:
        """A message the user should see once: in the status bar and a dialog."""
        self.statusBar().showMessage(message, 15000)
        Notice.show(self, message)

    def focus_search(self) -> None:
        self.search_panel.field.setFocus()
        self.search_panel.field.selectAll()

    # -- navigation ---------------------------------------------------------------
    def _on_tree_activated(self, index: QModelIndex) -> None:
        page_id = index.data(SidebarModel.PageIdRole)
        if page_id:
            self.open_page(page_id)

    def page_html(self, page_id: str) -> tuple[str, str]:
        """(title, whole HTML document) for a page id, or a friendly page if it cannot be shown."""
        if page_id == HOME:
            return APP_NAME, wrap(home_fragment(self.catalog), APP_NAME)
        page = self.catalog.page(page_id)
        if page is None:
            return "Page not found", wrap(
                "<h1>Page not found</h1><p>There is no page called "
                f"“{page_id}” in this handbook. Use the contents on the left or search.</p>"
            )
        try:
            fragment = self.catalog.page_html(page_id)
        except CatalogError:
            return page.title, wrap(
                f"<h1>{page.title}</h1><p>This page could not be read from the installation. "
                "Other pages still work; ask IT to run <code>handbook check</code>.</p>"
            )
        return page.title, wrap(fill_placeholders(fragment, self.clinic), page.title)

    @property
    def clinic(self) -> ClinicDetails:
        return ClinicDetails(self.settings.clinic_name, self.settings.clinic_phone)

    def reload_page(self) -> None:
        """Show the current page again (after settings such as the clinic details change)."""
        if self._position >= 0:
            self.open_page(*self._history[self._position], record=False)

    def open_page(self, page_id: str, anchor: str = "", record: bool = True) -> None:
        if record:
            if self._position >= 0 and self._history[self._position] == (page_id, anchor):
                record = False
            else:
                del self._history[self._position + 1 :]
                self._history.append((page_id, anchor))
                self._position = len(self._history) - 1
        title, html = self.page_html(page_id)
        self.current_page = page_id
        self.find_bar.clear()
        self.page_view.show_html(html, anchor)
        self.setWindowTitle(f"{title} — {APP_NAME}" if page_id != HOME else APP_NAME)
        self._sync_sidebar(page_id)
        self._update_actions()

    def open_result(self, page_id: str, anchor: str, query: str) -> None:
        """Open a search result at its section, with the query's words highlighted."""
        self.open_page(page_id, anchor)
        engine = self.search_panel.worker.engine
        if engine is None or not query.strip():
            return
        matcher = engine.term_matcher(query)
        spans = block_spans(self.page_view.document(), matcher.spans)
        if spans:
            self.find_bar.show_terms(query, spans)

    def _sync_sidebar(self, page_id: str) -> None:
        index = self.sidebar_model.index_of_page(page_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.tree.clearSelection()

    def go_back(self) -> None:
        if self._position > 0:
            self._position -= 1
            self.open_page(*self._history[self._position], record=False)

    def go_forward(self) -> None:
        if self._position + 1 < len(self._history):
            self._position += 1
            self.open_page(*self._history[self._position], record=False)

    def _update_actions(self) -> None:
        self.back_action.setEnabled(self._position > 0)
        self.forward_action.setEnabled(self._position + 1 < len(self._history))

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
        else:
            super().mousePressEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.search_panel.shutdown()
        super().closeEvent(event)
