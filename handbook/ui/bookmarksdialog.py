"""The Manage bookmarks dialog and the export/import file pickers.

Loaded when first used, not at start-up (the dialog classes cost about 3 ms to load).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
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

from handbook.ui import screenfit
from handbook.userdata import DATE

if TYPE_CHECKING:
    from handbook.ui.bookmarksui import BookmarksController

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
        self.resize(screenfit.fitting_size(480, 420, self.parentWidget() or self))
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
            # Tooltips are rich text when they look like HTML: only a date is shown.
            dated = bool(bookmark.added) and DATE.fullmatch(bookmark.added) is not None
            item.setToolTip(f"Added {bookmark.added}" if dated else "")
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
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def open_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.controller.window.open_page(*chosen)

    def remove_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.controller.remove(*chosen)
