"""The main window: sidebar and search on the left, the page on the right."""

from __future__ import annotations

import base64
import binascii
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from handbook import APP_NAME
from handbook.catalog import Catalog, CatalogError
from handbook.history import HOME, History, Place, outline, trail
from handbook.pagehtml import ClinicDetails, escape, fill_placeholders, home_fragment, wrap
from handbook.ui.bookmarksui import BookmarksController
from handbook.ui.clinic import clinic_details
from handbook.ui.firstpaint import AfterFirstPaint
from handbook.ui.menus import create_standard_menus
from handbook.ui.navigation import GoActions, NavigationBar, describe
from handbook.ui.pageview import PageView
from handbook.ui.searchpanel import SearchPanel
from handbook.ui.sidebar import SidebarModel
from handbook.ui.update_dialog import UpdateController
from handbook.ui.zoom import ZoomController
from handbook.userdata import Bookmarks, Settings

if TYPE_CHECKING:
    from handbook.editions.store import Selection
    from handbook.search import TermMatcher
    from handbook.ui.about import AboutActions
    from handbook.ui.calculators import CalculatorDialog
    from handbook.ui.findbar import FindBar
    from handbook.ui.printmenu import PrintController

log = logging.getLogger(__name__)


class ExternalLinkDialog:
    """Tells the user the workstation is offline and offers the address for copying."""

    @classmethod
    def show_address(cls, parent: QWidget, url: str) -> None:
        box = QMessageBox(parent)
        box.setWindowTitle("Link to a website")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText("This handbook works offline and does not open websites.")
        box.setInformativeText(
            f"The address is:\n{url}\n\nCopy it to open it on a device with internet access."
        )
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
        box = QMessageBox(
            QMessageBox.Icon.Information, APP_NAME, message, QMessageBox.StandardButton.Ok, parent
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and user text
        box.setModal(False)
        box.show()


class MainWindow(QMainWindow):
    """The window and the controllers it holds; what they use of it is in ``host.py``.

    It is handed what it shows (loaded once, in ``app.create_window``): the catalog of the
    edition in use and its stylesheet, the user's settings and bookmarks, and the edition
    choice that content updates start from.
    """

    page_shown = Signal(str)  # a page id, each time a page is opened

    def __init__(
        self,
        catalog: Catalog,
        stylesheet: str,
        settings: Settings,
        bookmarks: Bookmarks,
        selection: Selection,
        finish_after_paint: bool = True,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.user_folder_unwritable = False  # found at start: failed saves then say so quietly
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1180, 780)

        self.page_view = PageView(catalog.index_dir, stylesheet, self)
        self.page_view.page_requested.connect(self.open_page)
        self.page_view.external_link.connect(lambda url: ExternalLinkDialog.show_address(self, url))
        self.page_view.calculator_requested.connect(self.open_calculator)
        self.calculator_dialog: CalculatorDialog | None = None  # while it is open

        self.sidebar_model = SidebarModel(catalog, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("sidebar")
        self.tree.setModel(self.sidebar_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.expandAll()
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.clicked.connect(self._on_tree_activated)

        self.search_panel = SearchPanel(catalog.index_dir, parent=self)
        self._wire_search_panel()

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.search_panel)
        left_layout.addWidget(self.tree, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.navigation_bar = NavigationBar(self)
        self.navigation_bar.breadcrumb.chosen.connect(self.open_page)
        self.navigation_bar.outline.heading_chosen.connect(self.go_to_heading)
        self.navigation_bar.outline.follow(self.page_view)  # "On this page" follows scrolling
        # Made just after the first frame (finish_setup): nothing in it is seen before.
        self.find_bar: FindBar | None = None  # hidden until Ctrl+F
        self.printing: PrintController | None = None
        self.about: AboutActions | None = None
        self.search_help_action: QAction | None = None
        self.quit_action: QAction | None = None
        right = QWidget(self)
        self._right_layout = QVBoxLayout(right)
        self._right_layout.setContentsMargins(0, 0, 0, 0)
        self._right_layout.setSpacing(0)
        self._right_layout.addWidget(self.navigation_bar)
        self._right_layout.addWidget(self.page_view, 1)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 840])
        self.setCentralWidget(self.splitter)

        self.history = History()
        # Search results opened: the words searched, and how to find them in the page.
        self._found_with: dict[Place, tuple[str, TermMatcher | None]] = {}
        # History entry -> (page, position of the text at the top) when it was left.
        self._reading_at: dict[int, tuple[str, int]] = {}
        self.current_page = ""
        self.current_anchor = ""
        create_standard_menus(self)
        self.bookmarks = BookmarksController(self, bookmarks)
        self._make_actions()
        self.zoom = ZoomController(self)
        self.statusBar().showMessage(f"Content version {catalog.content_version} · works offline")
        self._restore_state()
        last = self.settings.last_page
        self.open_page(last if last in catalog.pages else HOME)
        from handbook.ui.appearance import Appearance

        self.appearance = Appearance(self)  # View > Theme
        self.appearance.apply()  # the saved theme
        self.updates = UpdateController(self, selection)  # File > Install content update…
        # What the first frame does not show is made in the first idle moment after it
        # (not at all when the window only opens to be timed: --quit-after-show).
        self.ready = False
        if finish_after_paint:
            AfterFirstPaint(self.page_view.viewport(), self.finish_setup)
            AfterFirstPaint(self.page_view.viewport(), self.updates.after_start)
        if self.bookmarks.bookmarks.problems:
            message = "; ".join(self.bookmarks.bookmarks.problems) + "."
            QTimer.singleShot(0, self, lambda: self.tell_user(message))

    def finish_setup(self) -> None:
        """The find bar, print and export actions, the Help menu, screen-reader names and
        the Tab order.

        None of it is visible in the first frame, so it is done just after that frame is
        painted (about 20 ms that would otherwise delay start-up); calling it again does
        nothing.
        """
        if self.ready:
            return
        self.ready = True
        from handbook.ui import lifecycle
        from handbook.ui.about import AboutActions
        from handbook.ui.findbar import FindBar
        from handbook.ui.printmenu import PrintController

        self.find_bar = FindBar(self.page_view, self)
        self._right_layout.addWidget(self.find_bar)

        self.printing = PrintController(self)
        self._add_calculators_action()
        self.about = AboutActions(self)  # Help menu
        self.search_help_action = lifecycle.install_help(self)  # Help > Searching the Handbook
        self.quit_action = lifecycle.install_quit(self)  # File > Quit, last in the File menu
        self._describe_widgets()

    # -- actions ------------------------------------------------------------------
    def _make_actions(self) -> None:
        self.toolbar = self.addToolBar("Navigation")
        self.toolbar.setObjectName("navigationToolbar")
        self.toolbar.setMovable(False)
        self.go = GoActions(self, self.history)
        self.back_action = self.go.back_action
        self.forward_action = self.go.forward_action
        self.home_action = self.go.home_action
        self.previous_action = self.go.previous_action
        self.next_action = self.go.next_action
        self.go.add_to_toolbar(self.toolbar)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.bookmarks.toggle_action)
        self.search_action = QAction("Search the handbook", self, shortcut=QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self.focus_search)
        self.find_action = QAction(
            "Find in page", self, shortcut=QKeySequence(QKeySequence.StandardKey.Find)
        )
        self.find_action.triggered.connect(lambda _checked=False: self.open_find_bar())
        describe(self.search_action, "Put the cursor in the search field")
        describe(self.find_action, "Find words on this page")
        # F6 and Shift+F6, as in web browsers: search field, list, page, and round again.
        self.next_pane_action = QAction("Next pane", self, shortcut=QKeySequence("F6"))
        self.next_pane_action.triggered.connect(lambda _checked=False: self.focus_pane(1))
        self.previous_pane_action = QAction(
            "Previous pane", self, shortcut=QKeySequence("Shift+F6")
        )
        self.previous_pane_action.triggered.connect(lambda _checked=False: self.focus_pane(-1))
        describe(self.next_pane_action, "Move to the search field, the list or the page")
        describe(self.previous_pane_action, "Move back to the page, the list or the search field")
        for action in (
            self.search_action,
            self.find_action,
            self.next_pane_action,
            self.previous_pane_action,
        ):
            self.addAction(action)
        self.go.add_to_menu(
            self.search_action, self.find_action, self.next_pane_action, self.previous_pane_action
        )

    def _add_calculators_action(self) -> None:
        """Tools > Calculators…; the calculators themselves load when first opened."""
        from handbook.ui.menus import menu

        self.calculators_action = QAction("&Calculators…", self)
        self.calculators_action.setObjectName("calculatorsAction")
        self.calculators_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        describe(
            self.calculators_action,
            "IPSS-M, IPSS-R, aplastic anaemia severity and platelet increment",
        )
        self.calculators_action.triggered.connect(lambda _checked=False: self.open_calculator())
        menu(self, "toolsMenu", "&Tools").addAction(self.calculators_action)
        self.addAction(self.calculators_action)

    def open_calculator(self, key: str = "ipssm") -> CalculatorDialog:
        """The Calculators window at a tab (``ipssm``, ``ipssr``, ``aa-severity``, ``cci``)."""
        from handbook.ui.calculators import open_calculator

        return open_calculator(self, key)

    def _describe_widgets(self) -> None:
        """Accessible names and descriptions for screen readers, and the Tab order."""
        panel = self.search_panel
        self.tree.setAccessibleName("Contents")
        self.tree.setAccessibleDescription("Sections and pages of the handbook; Enter opens a page")
        panel.results.setAccessibleDescription("Pages that match the search; Enter opens one")
        find_bar = self.find_bar
        assert find_bar is not None  # made by finish_setup before this runs
        find_bar.setAccessibleName("Find in page")
        find_bar.setAccessibleDescription("Find words on this page; F3 next, Esc closes")
        find_bar.field.setAccessibleDescription("Words to find on this page")
        self.toolbar.setAccessibleName("Navigation toolbar")
        self.toolbar.setAccessibleDescription(
            "Back, forward, home, previous and next page, bookmark"
        )
        for action in self.toolbar.actions():
            button = self.toolbar.widgetForAction(action)
            if button is not None and not action.isSeparator():
                button.setAccessibleName(action.text().replace("&", ""))
                button.setAccessibleDescription(action.toolTip())
        self.bookmarks.update_toggle()
        crumbs = self.navigation_bar.breadcrumb.buttons
        chain = [panel.field, panel.audience, panel.results, self.tree, *crumbs]
        chain += [self.navigation_bar.outline, self.page_view, find_bar.field]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def open_find_bar(self) -> FindBar:
        self.finish_setup()
        assert self.find_bar is not None
        self.find_bar.open_bar()
        return self.find_bar

    def tell_user(self, message: str) -> None:
        """A message the user should see once: in the status bar and a dialog."""
        self.statusBar().showMessage(message, 15000)
        Notice.show(self, message)

    def focus_search(self) -> None:
        self.search_panel.field.setFocus()
        self.search_panel.field.selectAll()

    def panes(self) -> list[QWidget]:
        """What F6 moves between: the search field, the list shown (results or contents),
        and the page."""
        panel = self.search_panel
        listed: QWidget = panel.results if panel.results.isVisible() else self.tree
        return [panel.field, listed, self.page_view]

    def focus_pane(self, step: int) -> None:
        """Focus the pane ``step`` after (or before) the one holding the keyboard focus."""
        panes = self.panes()
        focused = QApplication.focusWidget()
        at = next(
            (
                n
                for n, pane in enumerate(panes)
                if focused is not None and (focused is pane or pane.isAncestorOf(focused))
            ),
            len(panes) - 1 if step > 0 else 0,  # from elsewhere: F6 starts at the field
        )
        target = panes[(at + step) % len(panes)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if target is self.search_panel.field:
            self.search_panel.field.selectAll()

    # -- navigation ---------------------------------------------------------------
    def _on_tree_activated(self, index: QModelIndex) -> None:
        if not index.data(SidebarModel.PageIdRole) and self.sidebar_model.rowCount(index):
            index = self.sidebar_model.index(0, 0, index)  # a section opens its first page
        link = index.data(SidebarModel.LinkRole)
        if link:
            self.open_calculator(link)
            return
        page_id = index.data(SidebarModel.PageIdRole)
        if page_id:
            self.open_page(page_id)

    def page_html(self, page_id: str) -> tuple[str, str]:
        """(title, whole HTML document) for a page id, or a friendly page if it cannot be shown."""
        if page_id == HOME:
            return APP_NAME, wrap(home_fragment(self.catalog), APP_NAME)
        page = self.catalog.page(page_id)
        if page is None:  # the id may come from an imported bookmark: it is text, never HTML
            return "Page not found", wrap(
                "<h1>Page not found</h1><p>There is no page called "
                f"“{escape(page_id[:200])}” in this handbook. Use the contents on the left or "
                "search.</p>"
            )
        try:
            fragment = self.catalog.page_html(page_id)
        except CatalogError:
            return page.title, wrap(
                f"<h1>{escape(page.title)}</h1><p>This page could not be read from the "
                "installation. Other pages still work; ask IT to run "
                "<code>handbook check</code>.</p>"
            )
        return page.title, wrap(fill_placeholders(fragment, self.clinic), page.title)

    @property
    def clinic(self) -> ClinicDetails:
        return clinic_details(self.settings)

    def reload_page(self) -> None:
        """Show the current page again (after settings or the stylesheet change), in place."""
        if not self.current_page:
            return
        top = self.page_view.top_position()
        self._load(self.current_page, "")
        self.page_view.scroll_to_position(top)

    def open_page(self, page_id: str, anchor: str = "", record: bool = True) -> None:
        """Show a page (at a heading); an empty page id means the current page."""
        page_id = page_id or self.current_page or HOME
        if record:
            leaving = self.history.position
            if self.history.visit(Place(page_id, anchor)) and self.current_page:
                # Back returns to the line being read (after a citation, to the same line).
                self._reading_at[leaving] = (self.current_page, self.page_view.top_position())
        if page_id == self.current_page:
            self.page_view.scroll_to_anchor(anchor)  # same page: no reload, highlights stay
        else:
            self._load(page_id, anchor)
        self.current_anchor = anchor
        self._sync_sidebar(page_id)
        self.navigation_bar.breadcrumb.set_trail(trail(self.catalog, page_id, anchor))
        self.navigation_bar.outline.set_headings(outline(self.catalog, page_id), anchor)
        self._update_actions()
        self.page_shown.emit(page_id)

    def _wire_search_panel(self) -> None:
        from handbook.ui.lifecycle import open_search_help

        self.search_panel.result_chosen.connect(self.open_result)
        self.search_panel.help_requested.connect(lambda: open_search_help(self))
        self.search_panel.active_changed.connect(lambda active: self.tree.setVisible(not active))
        self.search_panel.worker.notice.connect(self.tell_user)

    def switch_content(self, catalog: Catalog, page_id: str = HOME) -> None:
        """Show another edition (after a content update): its pages, contents and search."""
        self.catalog = catalog
        self.page_view.setSearchPaths([str(catalog.index_dir)])
        self.appearance.apply()  # the theme over the new edition's stylesheet
        old_model, self.sidebar_model = self.sidebar_model, SidebarModel(catalog, self)
        self.tree.setModel(self.sidebar_model)
        old_model.deleteLater()
        self.tree.expandAll()
        old = self.search_panel
        holder = old.parentWidget()
        layout = holder.layout() if holder is not None else None
        assert layout is not None  # the panel sits in the sidebar's layout
        self.search_panel = SearchPanel(catalog.index_dir, None, holder)
        self._wire_search_panel()
        layout.replaceWidget(old, self.search_panel)
        old.retire()
        self.search_panel.warm_up()
        self.tree.setVisible(True)
        self.statusBar().showMessage(f"Content version {catalog.content_version} · works offline")
        self.current_page = ""
        self.open_page(page_id if page_id in catalog.pages else HOME)

    def _load(self, page_id: str, anchor: str) -> None:
        title, html = self.page_html(page_id)
        self.current_page = page_id
        self.page_view.show_html(html, anchor)
        if self.find_bar is not None:
            self.find_bar.page_changed()  # after the new page is in: never a stale count
        self.setWindowTitle(f"{title} — {APP_NAME}" if page_id != HOME else APP_NAME)

    def go_to_heading(self, anchor: str) -> None:
        """Scroll to a heading chosen in "On this page"; stepping through the list
        replaces the last heading in the history rather than adding one per step."""
        if self.current_anchor and anchor:
            self.history.replace(Place(self.current_page, anchor))
            self.open_page(self.current_page, anchor, record=False)
        else:
            self.open_page(self.current_page, anchor)
        self.page_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_result(
        self, page_id: str, anchor: str, query: str, highlight: TermMatcher | None
    ) -> None:
        """Open a search result at its section, with the query's words highlighted."""
        self.open_page(page_id, anchor)
        self._found_with[Place(page_id, anchor)] = (query, highlight)  # again on Back
        self.highlight_search(query, highlight)

    def highlight_search(self, query: str, highlight: TermMatcher | None) -> None:
        """Highlight the words of a search on the current page (the find bar counts them).

        ``highlight`` came with the search's outcome: the engine is not called here.
        """
        if highlight is None or not query.strip():
            return
        from handbook.ui.findbar import block_spans

        self.finish_setup()  # the find bar shows the highlights
        spans = block_spans(self.page_view.document(), highlight.spans)
        if spans and self.find_bar is not None:
            self.find_bar.show_terms(query, spans)

    def _sync_sidebar(self, page_id: str) -> None:
        index = self.sidebar_model.index_of_page(page_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.tree.clearSelection()

    def go_back(self) -> None:
        self._return_to(self.history.back())

    def go_forward(self) -> None:
        self._return_to(self.history.forward())

    def _return_to(self, place: Place | None) -> None:
        """Back or forward to a place; a search result's highlights come back with it."""
        if place is None:
            return
        reloaded = place.page != self.current_page
        self.open_page(place.page, place.anchor, record=False)
        page, position = self._reading_at.get(self.history.position, ("", 0))
        if page == place.page:
            self.page_view.scroll_to_position(position)
        if reloaded and place in self._found_with:
            self.highlight_search(*self._found_with[place])

    def _update_actions(self) -> None:
        self.go.update(self.current_page)
        self.bookmarks.update_toggle()

    # -- remembered between sessions ----------------------------------------------
    def _restore_state(self) -> None:
        """Window size and place, toolbars, sidebar width; damaged values are ignored."""
        from handbook.ui import screenfit

        geometry = _decode(self.settings.window_geometry)
        if geometry is not None and self.restoreGeometry(geometry):
            # Saved on a monitor or at a resolution now gone: checked again once shown,
            # when the frame (title bar, borders) is known.
            screenfit.bring_on_screen(self)
            QTimer.singleShot(0, self, lambda: screenfit.bring_on_screen(self))
        else:
            screenfit.place_first_time(self)  # fits the screen, maximised on a small one
            self.splitter.setSizes(screenfit.first_split(self.width()))
        state = _decode(self.settings.window_state)
        if state is not None:
            self.restoreState(state)
        splitter = _decode(self.settings.splitter_state)
        if splitter is not None and self.splitter.restoreState(splitter):
            if min(self.splitter.sizes(), default=0) <= 0:  # a collapsed pane would look lost
                self.splitter.setSizes([340, 840])

    def save_state(self) -> None:
        settings = self.settings
        settings.window_geometry = _encode(self.saveGeometry())
        settings.window_state = _encode(self.saveState())
        settings.splitter_state = _encode(self.splitter.saveState())
        page = self.current_page
        settings.last_page = page if page in self.catalog.pages else ""
        try:
            settings.save()
        except OSError as exc:
            log.warning("settings could not be saved: %s", exc)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
        else:
            super().mousePressEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.save_state()
        self.search_panel.shutdown()
        super().closeEvent(event)


def _encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _decode(text: str) -> QByteArray | None:
    """The bytes of a base64 setting, or None if it is empty or not base64."""
    if not text:
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return QByteArray(raw) if raw else None
