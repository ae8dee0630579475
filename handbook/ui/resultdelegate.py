"""How a search result is drawn in the result list: title, section and highlighted snippet.

Imported with the first results, not at start-up: QStyle's Python enums alone cost
about 4 ms to create.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

if TYPE_CHECKING:
    from handbook.search import SearchResult

HtmlRole = Qt.ItemDataRole.DisplayRole + 100  # the result drawn as rich text


def result_html(result: SearchResult) -> str:
    where = f" › {html.escape(result.section)}" if result.section else ""
    tag = " <small>(handout)</small>" if result.audience == "patient" else ""
    return f"<b>{html.escape(result.title)}</b>{where}{tag}<br><small>{result.snippet_html}</small>"


def also_html(link: SearchResult) -> str:
    """Another section of the result above, indented under it: its heading and snippet."""
    return (
        f"<div style='margin-left:14px'>↳ {html.escape(link.section)}"
        f"<br><small>{link.snippet_html}</small></div>"
    )


# Laid-out results kept for reuse: the list asks each row's size, then paints it, and asks
# again on every scroll and resize; laying out a row's rich text is most of that cost.
KEPT_DOCUMENTS = 200


class HtmlDelegate(QStyledItemDelegate):
    """Draws each result as a small rich-text block (title, section, highlighted snippet)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._laid_out: dict[tuple[str, int, str], QTextDocument] = {}

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        text = index.data(HtmlRole) or ""
        width = max(option.rect.width(), 120)
        key = (text, width, option.font.key())
        doc = self._laid_out.get(key)
        if doc is None:
            doc = QTextDocument()
            doc.setDocumentMargin(4)
            doc.setDefaultFont(option.font)
            doc.setHtml(text)
            doc.setTextWidth(width)
            if len(self._laid_out) >= KEPT_DOCUMENTS:
                self._laid_out.clear()
            self._laid_out[key] = doc
        return doc

    def paint(
        self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:  # noqa: N802
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))
