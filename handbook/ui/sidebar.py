"""The sidebar's tree of sections and pages: plain items and a thin Qt model over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from handbook.catalog import Catalog

Index = QModelIndex | QPersistentModelIndex
CALCULATOR_ENTRIES = (
    ("IPSS-M and IPSS-R", "calculator:ipssm", "MDS risk from counts, cytogenetics and genes"),
    ("IPSS-R only", "calculator:ipssr", "MDS risk without molecular results"),
    ("Aplastic anaemia severity", "calculator:aa-severity", "Non-severe, severe or very severe"),
    ("Platelet increment (CCI)", "calculator:cci", "Corrected count increment after a transfusion"),
)


@dataclass(eq=False)
class SidebarItem:
    title: str
    page_id: str | None = None  # None for a section heading
    tooltip: str = ""
    parent: SidebarItem | None = None
    children: list[SidebarItem] = field(default_factory=list)
    link: str = ""  # a non-page entry: the URL it opens (calculator:ipssm)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def build_tree(catalog: Catalog) -> SidebarItem:
    root = SidebarItem("root")
    for section in catalog.sections:
        node = SidebarItem(section.title, tooltip=section.summary, parent=root)
        root.children.append(node)
        for pid in section.page_ids:
            page = catalog.pages.get(pid)
            if page is None:
                continue
            label = page.title + ("  (handout)" if page.audience == "patient" else "")
            node.children.append(SidebarItem(label, pid, page.summary, node))
    tip = "Risk scores and counts, computed offline"
    tools = SidebarItem("Calculators", tooltip=tip, parent=root)
    root.children.append(tools)
    for label, link, about in CALCULATOR_ENTRIES:
        tools.children.append(SidebarItem(label, None, about, tools, link=link))
    return root


class SidebarModel(QAbstractItemModel):
    PageIdRole = Qt.ItemDataRole.UserRole + 1
    LinkRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, catalog: Catalog, parent: Any = None) -> None:
        super().__init__(parent)
        self.root = build_tree(catalog)
        self.marked: dict[str, str] = {}  # page id -> "new" or "changed", until opened

    def set_marked(self, marked: dict[str, str]) -> None:
        """Mark pages new or changed in this edition (a content update) until they are opened."""
        self.marked = dict(marked)
        for row, section in enumerate(self.root.children):
            if section.children:
                parent = self.index(row, 0)
                last = self.index(len(section.children) - 1, 0, parent)
                self.dataChanged.emit(self.index(0, 0, parent), last)

    def _item(self, index: Index) -> SidebarItem:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._item(parent).children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._item(index).parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.column() > 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._item(index)
        mark = self.marked.get(item.page_id or "")
        if role == Qt.ItemDataRole.DisplayRole:
            # A mark in front stays visible when a long title is elided.
            return f"• {item.title}" if mark else item.title
        if role == Qt.ItemDataRole.AccessibleTextRole and mark:
            return f"{item.title}, {mark} in this edition"
        if role == Qt.ItemDataRole.ToolTipRole:
            if mark:
                return f"{mark.capitalize()} in this edition. {item.tooltip}".strip()
            return item.tooltip or None
        if role == Qt.ItemDataRole.FontRole and mark:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == self.PageIdRole:
            return item.page_id
        if role == self.LinkRole:
            return item.link or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def index_of_page(self, page_id: str) -> QModelIndex:
        for section_row, section in enumerate(self.root.children):
            for row, item in enumerate(section.children):
                if item.page_id == page_id:
                    return self.index(row, 0, self.index(section_row, 0))
        return QModelIndex()
