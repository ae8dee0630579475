"""Figures fit the page view: an image wider than the page is shown smaller, never cut off."""

from __future__ import annotations

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextCursor, QTextDocument, QTextImageFormat

FIGURE_MARGIN = 16  # the figure's own margins (page.css: img.figure) and a little air


def natural_size(document: QTextDocument, name: str) -> QSize | None:
    """The size an image has on its own, as the document loaded it (None if not loaded)."""
    resource = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
    if isinstance(resource, (QImage, QPixmap)) and not resource.isNull():
        return resource.size()
    return None


def fit_images(document: QTextDocument, width: float) -> int:
    """Give every image wider than ``width`` that width (keeping its shape); smaller ones
    get their own size back. Returns how many images were resized."""
    available = max(40.0, width - 2 * document.documentMargin() - FIGURE_MARGIN)
    found: list[tuple[int, QTextImageFormat]] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                size = natural_size(document, image.name())
                if size is not None and size.width() > 0:
                    wanted = min(float(size.width()), available)
                    if abs(image.width() - wanted) >= 1 or image.width() <= 0:
                        image.setWidth(wanted)
                        image.setHeight(size.height() * wanted / size.width())
                        found.append((fragment.position(), image))
            it += 1
        block = block.next()
    if found:
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for position, image in found:
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image)
        cursor.endEditBlock()
    return len(found)
