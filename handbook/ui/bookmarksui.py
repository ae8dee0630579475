"""Bookmarks: the star toggle (Ctrl+D), the Bookmarks menu, and the Manage bookmarks dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from handbook.history import HOME
from handbook.ui.menus import menu
from handbook.userdata import Bookmark, Bookmarks, atomic_write

ADD_TEXT = "☆ Bookmark this page"
REMOVE_TEXT = "★ Remove bookmark"

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from handbook.ui.bookmarksdialog import BookmarksDialog
    from handbook.ui.host import BookmarksHost


class BookmarksController(QObject):
    """Owns the user's bookmarks: saves every change, keeps the menu and dialog current."""

    changed = Signal()

    def __init__(self, window: BookmarksHost, bookmarks: Bookmarks) -> None:
        super().__init__(window.window())
        self.window = window
        self.bookmarks = bookmarks
        self.dialog: BookmarksDialog | None = None
        self.toggle_action = QAction(ADD_TEXT, window.window())
        self.toggle_action.setObjectName("bookmarkToggle")
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence("Ctrl+D"))
        self.toggle_action.triggered.connect(lambda _checked=False: self.toggle_current())
        self.manage_action = QAction("&Manage bookmarks…", window.window())
        self.manage_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.manage_action.setToolTip(
            "List, open, remove, export and import bookmarks (Ctrl+Shift+O)"
        )
        self.manage_action.triggered.connect(lambda _checked=False: self.show_dialog())
        window.addAction(self.toggle_action)
        window.addAction(self.manage_action)
        self.menu = menu(window, "bookmarksMenu", "&Bookmarks")
        self.menu.setToolTipsVisible(True)
        self.changed.connect(self._fill_menu)
        self.changed.connect(self.update_toggle)
        self._fill_menu()

    # -- the current page ---------------------------------------------------------
    def can_bookmark(self, page_id: str) -> bool:
        return page_id != HOME and self.window.catalog.page(page_id) is not None

    def update_toggle(self) -> None:
        page_id = self.window.current_page
        marked = self.bookmarks.contains(page_id)
        self.toggle_action.setEnabled(self.can_bookmark(page_id))
        self.toggle_action.setChecked(marked)
        self.toggle_action.setText(REMOVE_TEXT if marked else ADD_TEXT)
        tip = "Remove the bookmark of this page" if marked else "Bookmark this page"
        self.toggle_action.setToolTip(f"{tip} (Ctrl+D)")
        self.toggle_action.setStatusTip(tip)
        button = self.window.toolbar.widgetForAction(self.toggle_action)
        if button is not None:
            button.setAccessibleName(tip)
            button.setAccessibleDescription(
                "Ctrl+D adds or removes the bookmark; Ctrl+Shift+O lists them"
            )

    def toggle_current(self) -> None:
        page_id = self.window.current_page
        if not self.can_bookmark(page_id):
            self.update_toggle()
            return
        if self.bookmarks.contains(page_id):
            self.remove(page_id, "")
        else:
            page = self.window.catalog.page(page_id)
            assert page is not None  # can_bookmark checked it
            before = list(self.bookmarks.items)
            self.bookmarks.add(page_id, "", page.title)
            self._save(f"Bookmarked {page.title}", before)

    def remove(self, page: str, anchor: str) -> None:
        before = list(self.bookmarks.items)
        self.bookmarks.remove(page, anchor)
        self._save("Bookmark removed", before)

    def _save(self, done: str, before: list[Bookmark] | None = None) -> None:
        try:
            self.bookmarks.save()
        except OSError as exc:
            if before is not None:
                self.bookmarks.items = before  # what could not be saved must not look saved
            message = f"The bookmark was not saved ({exc.strerror or exc})."
            if self.window.user_folder_unwritable:
                # The start-up message already said why and what to do: no second box.
                self.window.statusBar().showMessage(message, 8000)
            else:
                self.window.tell_user(message)
        else:
            self.window.statusBar().showMessage(done, 4000)
        self.update_toggle()
        self.changed.emit()

    # -- the list -----------------------------------------------------------------
    def label(self, bookmark: Bookmark) -> str:
        page = self.window.catalog.page(bookmark.page)
        title = page.title if page is not None else bookmark.title or bookmark.page
        if page is not None and bookmark.anchor:
            heading = next((h.title for h in page.headings if h.anchor == bookmark.anchor), "")
            title += f" › {heading}" if heading else ""
        return title if page is not None else f"{title} (no longer in the handbook)"

    def _fill_menu(self) -> None:
        self.menu.clear()
        self.menu.addAction(self.toggle_action)
        self.menu.addAction(self.manage_action)
        self.menu.addSeparator()
        if not self.bookmarks.items:
            empty = self.menu.addAction("(no bookmarks yet)")
            empty.setEnabled(False)
        for bookmark in self.bookmarks.items:
            action = self.menu.addAction(self.label(bookmark).replace("&", "&&"))
            action.setData((bookmark.page, bookmark.anchor))
            action.triggered.connect(
                lambda _checked=False, b=bookmark: self.window.open_page(b.page, b.anchor)
            )
        if self.dialog is not None:
            self.dialog.refresh()

    def menu_titles(self) -> list[str]:
        return [a.text().replace("&&", "&") for a in self.menu.actions() if a.data() is not None]

    def show_dialog(self) -> BookmarksDialog:
        from handbook.ui.bookmarksdialog import BookmarksDialog

        if self.dialog is None:
            self.dialog = BookmarksDialog(self, self.window.window())
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.activateWindow()  # brings it forward if it was open behind the window
        return self.dialog

    # -- files --------------------------------------------------------------------
    def _parent(self) -> QWidget:
        if self.dialog is not None and self.dialog.isVisible():
            return self.dialog
        return self.window.window()

    def export(self) -> Path | None:
        from handbook.ui.bookmarksdialog import BookmarkFiles

        path = BookmarkFiles.save_path(self._parent())
        if path is None:
            return None
        if not path.suffix:
            path = path.with_suffix(".json")
        try:
            atomic_write(path, self.bookmarks.to_json())
        except OSError as exc:
            self.window.tell_user(
                f"The bookmarks could not be exported to {path}: {exc.strerror or exc}."
            )
            return None
        count = len(self.bookmarks.items)
        self.window.statusBar().showMessage(
            f"Exported {count} bookmark{'s' * (count != 1)} to {path.name}", 8000
        )
        return path

    def import_(self) -> int:
        from handbook.ui.bookmarksdialog import BookmarkFiles

        path = BookmarkFiles.open_path(self._parent())
        if path is None:
            return 0
        try:
            added = self.bookmarks.import_file(path)
        except ValueError as exc:
            self.window.tell_user(f"Nothing was imported: {exc}. Your bookmarks are unchanged.")
            return 0
        self._save("Bookmarks imported")
        if added:
            self.window.tell_user(
                f"Imported {added} bookmark{'s' * (added != 1)} from {path.name}."
            )
        else:
            self.window.tell_user(
                f"{path.name} held no new bookmarks: all were already in your list."
            )
        return added
