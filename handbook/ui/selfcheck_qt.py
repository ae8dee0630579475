"""The Qt half of ``handbook check``: plugins load, a page lays out, a PDF can be printed."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QSize, QUrl
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QImageReader, QTextDocument

from handbook import paths
from handbook.catalog import Catalog
from handbook.pagehtml import read_stylesheet

Check = tuple[str, bool, str]
LAYOUT_PAGE = "pnh"
_app: Any = None  # the application this module created, kept alive for the process


class _Failed(Exception):
    pass


def _application() -> Any:
    """The running Qt application, or a new offscreen QGuiApplication (no display needed)."""
    global _app
    app = QCoreApplication.instance()
    if app is None:
        _app = app = QGuiApplication(["handbook-check", "-platform", "offscreen"])
    return app


def _qt() -> str:
    app = _application()
    platform = QGuiApplication.platformName() if isinstance(app, QGuiApplication) else "none"
    return f"PySide6 {pyside_version}, platform {platform}"


def _svg_image(index_dir: Path) -> str:
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise _Failed("the SVG image plugin is missing")
    images = sorted((index_dir / "images").glob("*.svg"))
    if not images:
        raise _Failed(f"no SVG in {index_dir / 'images'}")
    image = QImage(str(images[0]))
    if image.isNull():
        raise _Failed(f"{images[0].name} did not load")
    return f"{images[0].name} {image.width()}x{image.height()}"


def _svg_icon(index_dir: Path) -> str:
    icon = QIcon(str(index_dir / "icons" / "handbook.svg"))
    pixmap = icon.pixmap(QSize(64, 64))
    if pixmap.isNull():
        raise _Failed("handbook.svg gave no icon (iconengines plugin missing?)")
    return f"handbook.svg {pixmap.width()}x{pixmap.height()}"


def _page_document(index_dir: Path) -> tuple[QTextDocument, str]:
    catalog = Catalog.load(index_dir)
    page_id = LAYOUT_PAGE if LAYOUT_PAGE in catalog.pages else next(iter(catalog.pages))
    document = QTextDocument()
    document.setBaseUrl(QUrl.fromLocalFile(str(index_dir) + "/"))
    document.setDefaultStyleSheet(read_stylesheet(index_dir))  # the stylesheets check reports
    document.setHtml(catalog.page_html(page_id))
    document.setTextWidth(800)
    return document, page_id


def _layout(index_dir: Path) -> str:
    document, page_id = _page_document(index_dir)
    height = document.size().height()
    title = document.toPlainText().strip().splitlines()[0] if document.toPlainText().strip() else ""
    if height < 100 or not title:
        raise _Failed(f"{page_id} laid out empty ({height:.0f} px)")
    return f"{page_id}: {document.blockCount()} blocks, {height:.0f} px high"


def _print_pdf(index_dir: Path) -> str:
    """A page printed to PDF the way File → Export PDF and ``export-pdf`` print it."""
    from handbook.printjob import PrintOptions, compose_job
    from handbook.ui.export import write_pdf

    catalog = Catalog.load(index_dir)
    page_id = LAYOUT_PAGE if LAYOUT_PAGE in catalog.pages else next(iter(catalog.pages))
    with tempfile.TemporaryDirectory(prefix="handbook-check-") as folder:
        target = Path(folder) / "check.pdf"
        job = compose_job(catalog, [page_id], PrintOptions())  # paper from the locale
        sheets = write_pdf(job, target, catalog)
        size = target.stat().st_size if target.is_file() else 0
        if size < 1000 or not target.read_bytes().startswith(b"%PDF"):
            raise _Failed(f"{page_id} printed no PDF")
    return f"{page_id} -> {sheets} sheets, {size // 1024} KB PDF"


def _window_platform() -> str:
    """The platform the window will open on: the checks above ran offscreen, so say which
    one the window would use, and test it when it is the X11 display."""
    import os

    from handbook.ui.display import PLATFORM_ENV, display_problem

    asked = os.environ.get(PLATFORM_ENV, "")
    if asked and not asked.startswith("xcb"):
        return f"{PLATFORM_ENV}={asked}: the window uses that platform (checked offscreen only)"
    if not asked and os.environ.get("WAYLAND_DISPLAY"):
        return "Wayland session: not tested, the checks above used Qt's offscreen platform only"
    display = os.environ.get("DISPLAY", "")
    if not display:
        return "no display here: not tested, the checks above used Qt's offscreen platform only"
    problem = display_problem()
    if problem is not None:
        raise _Failed(problem)
    return f"xcb on display {display}: the display answers and the platform plugin loads"


def _run(name: str, func: Callable[[], str]) -> Check:
    try:
        return name, True, func()
    except _Failed as exc:
        return name, False, str(exc)
    except Exception as exc:  # a broken plugin or file is a FAIL line, never a traceback
        return name, False, f"{exc.__class__.__name__}: {exc}"


def run_qt(index_dir: Path | None = None) -> list[Check]:
    """Qt checks as (name, passed, figure); creates an offscreen QGuiApplication if none runs."""
    index_dir = index_dir or paths.bundled_index_dir()
    qt = _run("qt", _qt)
    if not qt[1]:
        return [qt]
    return [
        qt,
        _run("svg images", lambda: _svg_image(index_dir)),
        _run("svg icon", lambda: _svg_icon(index_dir)),
        _run("page layout", lambda: _layout(index_dir)),
        _run("print to PDF", lambda: _print_pdf(index_dir)),
        _run("window platform", _window_platform),
    ]
