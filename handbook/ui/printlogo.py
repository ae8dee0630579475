"""The clinic logo in the running header: SVG drawn as vectors, PNG scaled, never stretched."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

# One logo serves every sheet of a job: read it once. (Paths come from the checked profile.)
_logos: dict[str, QSvgRenderer | QImage | None] = {}


def _load(path: str) -> QSvgRenderer | QImage | None:
    if path not in _logos:
        logo: QSvgRenderer | QImage | None
        if path.lower().endswith(".svg"):
            logo = QSvgRenderer(path)
            logo = logo if logo.isValid() else None
        else:
            image = QImageReader(path).read()
            logo = None if image.isNull() else image
        _logos[path] = logo
    return _logos[path]


def _natural(logo: QSvgRenderer | QImage) -> QSizeF:
    size = logo.defaultSize() if isinstance(logo, QSvgRenderer) else logo.size()
    return QSizeF(size)


def logo_width(path: str, height: float) -> float:
    """How wide the logo is at ``height`` (0 without a usable logo), at most 4 heights wide."""
    logo = _load(path) if path else None
    if logo is None:
        return 0.0
    natural = _natural(logo)
    if natural.height() <= 0:
        return 0.0
    return min(4 * height, height * natural.width() / natural.height())


def draw_logo(painter: QPainter, path: str, area: QRectF) -> None:
    """Draw the logo fitted into ``area``, keeping its proportions, aligned right."""
    logo = _load(path) if path else None
    if logo is None or area.width() <= 0:
        return
    natural = _natural(logo)
    scale = min(area.width() / natural.width(), area.height() / natural.height())
    size = QSizeF(natural.width() * scale, natural.height() * scale)
    target = QRectF(area.right() - size.width(), area.top(), size.width(), size.height())
    if isinstance(logo, QSvgRenderer):
        logo.render(painter, target)
    else:
        painter.drawImage(target, logo)
