"""Bookmarks: the star toggle (Ctrl+D), the Bookmarks menu, and the Manage bookmarks dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handbook.history import HOME
from handbook.ui.menus import menu
from handbook.userdata import Bookmark, Bookmarks, atomic_write

ADD_TEXT = "☆ Bookmark this page"
REMOVE_TEXT = "★ Remove bookmark"
FILE_FILTER = "Bookmarks (*.json);;All files (*)"


class BookmarkFiles:
    """The file dialogs for export and import; tests replace these classmethods."""

    @classmethod
    def save_path(cls, parent: QWidget | None) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export bookmarks", str(Path(folder) / "handbook-bookmarks.json"), FILE_FILTER
        )
        return Path(name) if name else None

    @classmethod
    def open_path(cls, parent: QWidget | None) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getOpenFileName(parent, "Import bookmarks", folder, FILE_FILTER)
        return Path(name) if name else None


class BookmarksDialog(QDialog):
    """Lists the bookmarks with Open, Remove, Export… and Import…; not modal."""

    def __init__(self, controller: BookmarksController, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("bookmarksDialog")
        self.setWindowTitle("Bookmarks")
        self.resize(480, 420)
        self.list = QListWidget(self)
        self.list.setObjectName("bookmarkList")
        self.list.setAccessibleName("Bookmarks")
        self.list.setAccessibleDescription(
            "Your bookmarked pages; Enter opens one, Delete removes it"
        )
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.empty_note = QLabel("No bookmarks yet. Press Ctrl+D on a page to bookmark it.", self)
        self.empty_note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        self.open_button = self._button(
            buttons, "&Open", "Open the selected bookmark", self.open_selected
        )
        self.remove_button = self._button(
            buttons, "&Remove", "Remove the selected bookmark", self.remove_selected
        )
        self.export_button = self._button(
            buttons, "&Export…", "Save all bookmarks to a file", controller.export
        )
        self.import_button = self._button(
            buttons, "&Import…", "Add bookmarks from a file", controller.import_
        )
        intro = QLabel("Your bookmarks, kept for your user account on this computer.", self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_note)
        layout.addWidget(buttons)
        remove = QAction(self)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_selected)
        self.list.addAction(remove)
        self.refresh()

    def _button(self, box: QDialogButtonBox, text: str, tip: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    def refresh(self) -> None:
        row = self.list.currentRow()
        self.list.clear()
        for bookmark in self.controller.bookmarks.items:
            item = QListWidgetItem(self.controller.label(bookmark), self.list)
            item.setData(Qt.ItemDataRole.UserRole, (bookmark.page, bookmark.anchor))
            item.setToolTip(f"Added {bookmark.added}" if bookmark.added else "")
        if self.list.count():
            self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        self.empty_note.setVisible(not self.list.count())
        self._update_buttons()

    def titles(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.export_button.setEnabled(bool(self.controller.bookmarks.items))

    def _selected(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None  # type: ignore[no-any-return]

    def open_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.controller.window.open_page(*chosen)

    def remove_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.controller.remove(*chosen)


class BookmarksController(QObject):
    """Owns the user's bookmarks: saves every change, keeps the menu and dialog current."""

    changed = Signal()

    def __init__(self, window: Any, bookmarks: Bookmarks) -> None:
        super().__init__(window)
        self.window = window
        self.bookmarks = bookmarks
        self.dialog: BookmarksDialog | None = None
        self.toggle_action = QAction(ADD_TEXT, window)
        self.toggle_action.setObjectName("bookmarkToggle")
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence("Ctrl+D"))
        self.toggle_action.triggered.connect(lambda _checked=False: self.toggle_current())
        self.manage_action = QAction("&Manage bookmarks…", window)
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
            self.bookmarks.add(page_id, "", self.window.catalog.page(page_id).title)
            self._save(f"Bookmarked {self.window.catalog.page(page_id).title}")

    def remove(self, page: str, anchor: str) -> None:
        self.bookmarks.remove(page, anchor)
        self._save("Bookmark removed")

    def _save(self, done: str) -> None:
        try:
            self.bookmarks.save()
        except OSError as exc:
            self.window.tell_user(f"Bookmarks could not be saved ({exc.strerror or exc}).")
        else:
            self.window.statusBar().showMessage(done, 4000)
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
        if self.dialog is None:
            self.dialog = BookmarksDialog(self, self.window)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.activateWindow()  # brings it forward if it was open behind the window
        return self.dialog

    # -- files --------------------------------------------------------------------
    def _parent(self) -> QWidget:
        return self.dialog if self.dialog is not None and self.dialog.isVisible() else self.window

    def export(self) -> Path | None:
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
