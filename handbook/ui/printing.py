"""Printing: the one printer factory, and the renderer that lays a job out and paints its sheets.

Print, preview, PDF export, the calculators and ``handbook check`` all go through
:func:`make_printer` and :func:`render_job`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import overload

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter

from handbook import APP_NAME
from handbook.catalog import Catalog
from handbook.printhtml import LARGE_PRINT_SCALE, fit_images
from handbook.printjob import MARGIN_MM, PrintJob, PrintPart, resolve_paper
from handbook.ui.pageframe import BODY_FONT_PT, SheetBands, draw_frame, print_font, sheet_bands
from handbook.ui.pagination import paginate, used_sheets
from handbook.ui.printimages import CSS_DPI, PrintImageHandler, natural_image_size


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


def layout_part(
    part: PrintPart,
    job: PrintJob,
    printer: QPagedPaintDevice,
    bands: SheetBands,
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
        print_font(BODY_FONT_PT * (LARGE_PRINT_SCALE if job.options.large_print else 1.0))
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
    bands = sheet_bands(printer, scale, tuple(part.frame for part in job.parts))
    documents = [
        layout_part(part, job, printer, bands, catalog.index_dir, images) for part in job.parts
    ]
    counts = [used_sheets(document, bands.body.height()) for document in documents]
    if job.has_cover:  # the cover lists the sheet each page starts on
        first_pages = [1 + sum(counts[: at + 1]) for at in range(len(counts) - 1)]
        job = job.with_cover_page_numbers(catalog, first_pages)
        documents[0] = layout_part(job.parts[0], job, printer, bands, catalog.index_dir)
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
                draw_frame(painter, printer, bands, part.frame, number, total)
                _paint_document(painter, document, page, bands.body)
    finally:
        painter.end()
    return total
