"""What the main window offers the controllers that fill it, as typing protocols.

Each controller (zoom, bookmarks, themes, Go menu, updates, About, calculators, Quit) is
handed the window typed as the protocol naming just what it uses, so mypy checks every
reach into the window and a reader sees a controller's needs at a glance. MainWindow
satisfies them all without naming them; nothing here is imported at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenuBar, QStatusBar, QToolBar, QWidget

    from handbook.catalog import Catalog
    from handbook.pagehtml import ClinicDetails
    from handbook.ui.calculators import CalculatorDialog
    from handbook.ui.navigation import NavigationBar
    from handbook.ui.pageview import PageView
    from handbook.ui.sidebar import SidebarModel
    from handbook.userdata import Settings


class Frame(Protocol):
    """The window as Qt sees it: the parent of what a controller makes, its bars, shortcuts."""

    def window(self) -> QWidget:
        """Qt's QWidget.window(): for the main window, itself. Controllers parent their
        actions, dialogs and helper objects on it."""
        ...

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 (Qt's name)

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)

    def addAction(self, action: QAction, /) -> None: ...  # noqa: N802 (Qt's name)


class Reader(Frame, Protocol):
    """The handbook being read: its pages, the user's settings, the page shown, messages."""

    @property
    def catalog(self) -> Catalog: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def current_page(self) -> str: ...

    def open_page(self, page_id: str, anchor: str = "", record: bool = True) -> None: ...

    def tell_user(self, message: str) -> None: ...


class PageHost(Reader, Protocol):
    """For the text size and the theme: the view the page is shown in."""

    @property
    def page_view(self) -> PageView: ...


class NavigationHost(Reader, Protocol):
    """For the Go menu and toolbar: history steps and "On this page"."""

    @property
    def navigation_bar(self) -> NavigationBar: ...

    def go_back(self) -> None: ...

    def go_forward(self) -> None: ...


class BookmarksHost(Reader, Protocol):
    """For bookmarks: the toolbar holding the star, and whether saving can work at all."""

    @property
    def toolbar(self) -> QToolBar: ...

    @property
    def user_folder_unwritable(self) -> bool: ...


class UpdatesHost(Reader, Protocol):
    """For content updates: pages opened, the contents' marks, and showing a new edition."""

    @property
    def page_shown(self) -> SignalInstance: ...

    @property
    def sidebar_model(self) -> SidebarModel: ...

    def finish_setup(self) -> None: ...

    def switch_content(self, catalog: Catalog) -> None: ...


class CalculatorHost(Reader, Protocol):
    """For the Calculators window: the one open window, and the clinic printed on results."""

    calculator_dialog: CalculatorDialog | None

    @property
    def clinic(self) -> ClinicDetails: ...


class PrintHost(Reader, Protocol):
    """The File menu's print, preview and export: it reloads the page after clinic edits."""

    def reload_page(self) -> None: ...


class SessionHost(Frame, Protocol):
    """For quitting and the session's end: closing the window and saving its state."""

    def close(self) -> bool: ...

    def save_state(self) -> None: ...
