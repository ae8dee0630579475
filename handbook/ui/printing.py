"""Printing: the one printer factory, a paginating renderer with header and footer, PDF writing."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRect, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QImageReader,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QPyTextObject,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtSvg import QSvgRenderer

from handbook import APP_NAME
from handbook.catalog import Catalog
from handbook.handout import (
    LARGE_PRINT_SCALE,
    MARGIN_MM,
    PageFrame,
    PrintJob,
    PrintPart,
    fit_images,
    resolve_paper,
)
from handbook.ui.pagination import first_bad_break, paginate, used_sheets
from handbook.ui.printlogo import draw_logo, logo_width

CSS_DPI = 96.0
HEADER_FONT_PT = 8.0
TITLE_FONT_PT = 10.5
DISCLAIMER_FONT_PT = 7.0
FONT_FAMILY = "DejaVu Sans"
BODY_FONT_PT = 11.0


class PrintError(RuntimeError):
    """The printer or the PDF file could not be opened."""


def page_size_for(paper: str) -> QPageSize:
    """A4 or Letter: the setting, or for "auto" the system locale's usual paper."""
    territory = QLocale.territoryToCode(QLocale.system().territory())
    letter = resolve_paper(paper, territory) == "letter"
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


PDF_DPI = 1200  # what QPrinter's HighResolution mode gives a PDF


@overload
def make_printer(paper: str, title: str = "", pdf_path: None = None) -> QPrinter: ...


@overload
def make_printer(paper: str, title: str, pdf_path: Path) -> QPdfWriter: ...


def make_printer(
    paper: str, title: str = "", pdf_path: Path | None = None
) -> QPrinter | QPdfWriter:
    """The one printer factory: same paper, margins and resolution for print, preview and PDF.

    A PDF gets a QPdfWriter, not a QPrinter: creating any QPrinter asks the print system
    (CUPS on port 631, or a configured print server after a DNS lookup) for the default
    printer, and a PDF needs no printer at all.
    """
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    layout = QPageLayout(
        page_size_for(paper), QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter
    )
    if pdf_path is not None:
        writer = QPdfWriter(str(pdf_path))
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(layout)
        writer.setTitle(title or APP_NAME)
        writer.setCreator(APP_NAME)
        return writer
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(layout)
    printer.setDocName(title or APP_NAME)
    printer.setCreator(APP_NAME)
    return printer


def _font(point_size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


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


@dataclass
class _Bands:
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
    metrics = QFontMetricsF(_font(HEADER_FONT_PT * font_scale), printer)
    gap = 6 * printer.logicalDpiX() / 25.4
    used = metrics.horizontalAdvance(frame.header_left) + gap
    return used + metrics.horizontalAdvance(frame.header_right) <= width


def _bands(
    printer: QPagedPaintDevice, font_scale: float, frames: tuple[PageFrame, ...] = ()
) -> _Bands:
    """The bands for a job; a clinic line too long to share the top line gets its own."""
    rect = printer.pageLayout().paintRectPixels(printer.logicalDpiX())
    page = QRectF(0, 0, rect.width(), rect.height())
    mm = printer.logicalDpiX() / 25.4
    small = QFontMetricsF(_font(HEADER_FONT_PT * font_scale), printer).height()
    title = QFontMetricsF(_font(TITLE_FONT_PT * font_scale, bold=True), printer).height()
    fine = QFontMetricsF(_font(DISCLAIMER_FONT_PT * font_scale, italic=True), printer).height()
    own_line = not all(_clinic_fits_beside(f, printer, font_scale, page.width()) for f in frames)
    header = small * (2 if own_line else 1) + title + 5 * mm
    return _Bands(page, header, 3 * mm + small + 2 * fine + 1 * mm, font_scale, own_line)


def _draw_frame(
    painter: QPainter,
    printer: QPagedPaintDevice,
    bands: _Bands,
    frame: PageFrame,
    number: int,
    total: int,
) -> None:
    mm = printer.logicalDpiX() / 25.4
    width = bands.page.width()
    painter.save()
    painter.setPen(QColor("#000000"))
    small = _font(HEADER_FONT_PT * bands.font_scale)
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
    title_font = _font(TITLE_FONT_PT * bands.font_scale, bold=True)
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
    painter.setFont(_font(HEADER_FONT_PT * bands.font_scale, bold=True))
    painter.drawText(
        line,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        frame.page_label(number, total),
    )
    painter.setFont(_font(DISCLAIMER_FONT_PT * bands.font_scale, italic=True))
    rest = QRectF(0, line.bottom(), width, bands.page.height() - line.bottom())
    painter.drawText(rest, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, frame.disclaimer)
    painter.restore()


def _layout_part(
    part: PrintPart,
    job: PrintJob,
    printer: QPagedPaintDevice,
    bands: _Bands,
    index_dir: Path,
    images: Mapping[str, QImage] | None = None,
) -> QTextDocument:
    """The part laid out on sheets the size of the body band, with bad page breaks moved."""
    device_per_css_px = printer.logicalDpiX() / CSS_DPI
    body = bands.body
    html = fit_images(
        part.html,
        body.width() / device_per_css_px - 12,  # the image's own margins
        body.height() / device_per_css_px * 0.9,
        lambda src: natural_image_size(index_dir / src),
    )
    return paginate(
        html, lambda text: _document(text, job, printer, body, index_dir, images), body.height()
    )


_first_bad_break = first_bad_break  # the name the print tests know


def _document(
    html: str,
    job: PrintJob,
    printer: QPagedPaintDevice,
    body: QRectF,
    index_dir: Path,
    images: Mapping[str, QImage] | None = None,
) -> QTextDocument:
    document = QTextDocument()
    document.setBaseUrl(QUrl.fromLocalFile(str(index_dir) + os.sep))  # images/x.svg resolve here
    document.setDefaultStyleSheet(job.stylesheet)
    document.setDefaultFont(
        _font(BODY_FONT_PT * (LARGE_PRINT_SCALE if job.options.large_print else 1.0))
    )
    document.setDocumentMargin(0)
    layout = document.documentLayout()
    layout.setPaintDevice(printer)
    layout.registerHandler(
        int(QTextFormat.ObjectTypes.ImageObject), PrintImageHandler(index_dir, document, images)
    )
    document.setHtml(html)
    document.setPageSize(QSizeF(body.width(), body.height()))
    return document


def _paint_document(painter: QPainter, document: QTextDocument, page: int, body: QRectF) -> None:
    painter.save()
    painter.translate(body.left(), body.top() - page * body.height())
    view = QRectF(0, page * body.height(), body.width(), body.height())
    painter.setClipRect(view)
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    palette.setColor(
        QPalette.ColorRole.Text, QColor("#000000")
    )  # black on white, whatever the theme
    context.palette = palette
    context.clip = view
    document.documentLayout().draw(painter, context)
    painter.restore()


def render_job(
    job: PrintJob,
    printer: QPagedPaintDevice,
    catalog: Catalog,
    images: Mapping[str, QImage] | None = None,
) -> int:
    """Paint the whole job with a header and footer on every sheet; returns the number of sheets.

    ``images`` maps an ``<img src>`` to an image in memory (drawn instead of a file).
    """
    scale = LARGE_PRINT_SCALE if job.options.large_print else 1.0
    bands = _bands(printer, scale, tuple(part.frame for part in job.parts))
    documents = [
        _layout_part(part, job, printer, bands, catalog.index_dir, images) for part in job.parts
    ]
    counts = [used_sheets(document, bands.body.height()) for document in documents]
    if job.has_cover:  # the cover lists the sheet each page starts on
        first_pages = [1 + sum(counts[: at + 1]) for at in range(len(counts) - 1)]
        job = job.with_cover_page_numbers(catalog, first_pages)
        documents[0] = _layout_part(job.parts[0], job, printer, bands, catalog.index_dir)
    total = sum(counts)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("the printer or the PDF file could not be opened")
    number = 0
    try:
        for part, document, count in zip(job.parts, documents, counts, strict=True):
            for page in range(count):
                if number and not printer.newPage():
                    raise PrintError("the printer refused to start a new sheet")
                number += 1
                _draw_frame(painter, printer, bands, part.frame, number, total)
                _paint_document(painter, document, page, bands.body)
    finally:
        painter.end()
    return total


def __getattr__(name: str) -> Any:
    # The File menu's controller lives with its dialogs; imported lazily so the modules
    # do not import each other at load time.
    if name == "PrintController":
        from handbook.ui.printdialogs import PrintController

        return PrintController
    raise AttributeError(name)
