"""Images on paper: their natural size, and a handler drawing them at the printer's resolution."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QImage,
    QImageReader,
    QPainter,
    QPyTextObject,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtSvg import QSvgRenderer

CSS_DPI = 96.0  # an <img>'s width and height are CSS pixels


def natural_image_size(path: Path) -> tuple[float, float] | None:
    """An image's own size in CSS pixels, or None when it cannot be read."""
    if path.suffix.lower() == ".svg":
        size = QSvgRenderer(str(path)).defaultSize()
    else:
        size = QImageReader(str(path)).size()
    return (size.width(), size.height()) if size.isValid() and not size.isEmpty() else None


class PrintImageHandler(QPyTextObject):
    """Draws images at the printer's resolution: SVG stays vector, bitmaps are scaled once.

    ``images`` are drawn from memory by name (a calculator's chart is never written to disk).
    """

    def __init__(
        self, index_dir: Path, parent: QTextDocument, images: Mapping[str, QImage] | None = None
    ) -> None:
        super().__init__(parent)
        self._index_dir = index_dir
        self._svgs: dict[str, QSvgRenderer] = {}
        self._images = dict(images or {})

    def _path(self, name: str) -> Path:
        url = QUrl(name)
        return Path(url.toLocalFile()) if url.isLocalFile() else self._index_dir / url.path()

    def intrinsicSize(
        self, document: QTextDocument, position: int, text_format: QTextFormat
    ) -> QSizeF:  # noqa: N802
        image = text_format.toImageFormat()
        width, height = image.width(), image.height()
        if (width <= 0 or height <= 0) and image.name() in self._images:
            size = self._images[image.name()].size()
            width, height = size.width(), size.height()
        if width <= 0 or height <= 0:
            natural = natural_image_size(self._path(image.name())) or (0.0, 0.0)
            width, height = natural
        device = document.documentLayout().paintDevice()
        scale = device.logicalDpiX() / CSS_DPI if device is not None else 1.0
        return QSizeF(width * scale, height * scale)

    def drawObject(  # noqa: N802 (Qt's name)
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        document: QTextDocument,
        position: int,
        text_format: QTextFormat,
    ) -> None:
        rect = QRectF(rect)
        name = text_format.toImageFormat().name()
        if name in self._images:
            painter.drawImage(rect, self._images[name])
            return
        path = self._path(name)
        if path.suffix.lower() == ".svg":
            renderer = self._svgs.get(name) or self._svgs.setdefault(name, QSvgRenderer(str(path)))
            if renderer.isValid():
                renderer.render(painter, rect)
                return
        image = QImageReader(str(path)).read()
        if not image.isNull():
            painter.drawImage(rect, image)
