"""A sheet's running header and footer: where their bands go, and how they are painted."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPagedPaintDevice, QPainter, QPen

from handbook.printjob import PageFrame
from handbook.ui.printlogo import draw_logo, logo_width

HEADER_FONT_PT = 8.0
TITLE_FONT_PT = 10.5
DISCLAIMER_FONT_PT = 7.0
FONT_FAMILY = "DejaVu Sans"
BODY_FONT_PT = 11.0


def print_font(point_size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


@dataclass
class SheetBands:
    """Where the header, the text and the footer go on a sheet, in device pixels."""

    page: QRectF
    header_height: float
    footer_height: float
    font_scale: float
    clinic_line: bool = False  # the clinic gets a header line of its own

    @property
    def body(self) -> QRectF:
        return QRectF(
            0,
            self.header_height,
            self.page.width(),
            self.page.height() - self.header_height - self.footer_height,
        )


def _clinic_fits_beside(
    frame: PageFrame, printer: QPagedPaintDevice, font_scale: float, width: float
) -> bool:
    """Whether the clinic line fits on the handbook's header line with a clear gap."""
    if not frame.header_right:
        return True
    metrics = QFontMetricsF(print_font(HEADER_FONT_PT * font_scale), printer)
    gap = 6 * printer.logicalDpiX() / 25.4
    used = metrics.horizontalAdvance(frame.header_left) + gap
    return used + metrics.horizontalAdvance(frame.header_right) <= width


def sheet_bands(
    printer: QPagedPaintDevice, font_scale: float, frames: tuple[PageFrame, ...] = ()
) -> SheetBands:
    """The bands for a job; a clinic line too long to share the top line gets its own."""
    rect = printer.pageLayout().paintRectPixels(printer.logicalDpiX())
    page = QRectF(0, 0, rect.width(), rect.height())
    mm = printer.logicalDpiX() / 25.4
    small = QFontMetricsF(print_font(HEADER_FONT_PT * font_scale), printer).height()
    title = QFontMetricsF(print_font(TITLE_FONT_PT * font_scale, bold=True), printer).height()
    fine = QFontMetricsF(print_font(DISCLAIMER_FONT_PT * font_scale, italic=True), printer).height()
    own_line = not all(_clinic_fits_beside(f, printer, font_scale, page.width()) for f in frames)
    header = small * (2 if own_line else 1) + title + 5 * mm
    return SheetBands(page, header, 3 * mm + small + 2 * fine + 1 * mm, font_scale, own_line)


def draw_frame(
    painter: QPainter,
    printer: QPagedPaintDevice,
    bands: SheetBands,
    frame: PageFrame,
    number: int,
    total: int,
) -> None:
    mm = printer.logicalDpiX() / 25.4
    width = bands.page.width()
    painter.save()
    painter.setPen(QColor("#000000"))
    small = print_font(HEADER_FONT_PT * bands.font_scale)
    small_metrics = QFontMetricsF(small, printer)
    small_height = small_metrics.height()
    painter.setFont(small)
    line = QRectF(0, 0, width, small_height)
    painter.drawText(
        line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, frame.header_left
    )
    top = small_height
    if frame.header_right and bands.clinic_line:
        # A long clinic line sits under the handbook's name, cut with "…" if wider than the
        # sheet: drawn beside it, it would print over it.
        clinic = small_metrics.elidedText(frame.header_right, Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRectF(0, top, width, small_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            clinic,
        )
        top += small_height
    elif frame.header_right:
        painter.drawText(
            line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, frame.header_right
        )
    title_font = print_font(TITLE_FONT_PT * bands.font_scale, bold=True)
    metrics = QFontMetricsF(title_font, printer)
    painter.setFont(title_font)
    logo = logo_width(frame.logo, metrics.height())  # the clinic's logo ends the title line
    title = metrics.elidedText(frame.title, Qt.TextElideMode.ElideRight, width - logo * 1.2)
    painter.drawText(QRectF(0, top, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, title)
    draw_logo(painter, frame.logo, QRectF(width - logo, top, logo, metrics.height()))
    rule_y = top + metrics.height() + 1.5 * mm
    painter.setPen(QPen(QColor("#000000"), 0.3 * mm))
    painter.drawLine(QPointF(0, rule_y), QPointF(width, rule_y))

    footer_top = bands.page.height() - bands.footer_height + 2 * mm
    painter.drawLine(QPointF(0, footer_top), QPointF(width, footer_top))
    painter.setFont(small)
    line = QRectF(0, footer_top + 1 * mm, width, small_height)
    painter.drawText(
        line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, frame.footer_left
    )
    painter.setFont(print_font(HEADER_FONT_PT * bands.font_scale, bold=True))
    painter.drawText(
        line,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        frame.page_label(number, total),
    )
    painter.setFont(print_font(DISCLAIMER_FONT_PT * bands.font_scale, italic=True))
    rest = QRectF(0, line.bottom(), width, bands.page.height() - line.bottom())
    painter.drawText(rest, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, frame.disclaimer)
    painter.restore()
