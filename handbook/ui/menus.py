"""Find-or-create the main window's menus by object name, so any module can add to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from handbook.ui.host import Frame

# The order menus appear in when created together (see MainWindow); others go last.
STANDARD_MENUS = (
    ("fileMenu", "&File"),
    ("goMenu", "&Go"),
    ("bookmarksMenu", "&Bookmarks"),
    ("viewMenu", "&View"),
    ("toolsMenu", "&Tools"),
    ("helpMenu", "&Help"),
)


def menu(window: Frame, object_name: str, title: str) -> QMenu:
    """The menu-bar menu called ``object_name``; created with ``title`` if there is none."""
    bar = window.menuBar()
    for action in bar.actions():
        found = action.menu()
        if isinstance(found, QMenu) and found.objectName() == object_name:
            return found
    created = QMenu(title, bar)
    created.setObjectName(object_name)
    created.setAccessibleName(title.replace("&", ""))
    bar.addMenu(created)
    return created


def create_standard_menus(window: Frame) -> None:
    """Create File, Go, Bookmarks, View and Help in that order (empty until filled)."""
    for object_name, title in STANDARD_MENUS:
        menu(window, object_name, title)
