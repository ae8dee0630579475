"""PDF export: a print job written atomically, and the Qt application the command line needs."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.catalog import Catalog
from handbook.outputfile import check_target, write_through_temp
from handbook.printjob import PrintJob

if TYPE_CHECKING:
    from PySide6.QtGui import QImage


def write_pdf(
    job: PrintJob,
    output: Path,
    catalog: Catalog,
    images: Mapping[str, QImage] | None = None,
    replace: bool = True,
    create_folder: bool = True,
) -> int:
    """Write the job to ``output`` through a temporary file, so no partial PDF is ever left.

    Refuses (OutputRefused, an OSError) a folder, a device, a link, and an existing file
    unless ``replace`` (the window's file dialog has asked already). A missing folder is
    made (the window's choice) or, without ``create_folder`` (``-o``), refused.
    """
    if create_folder:
        Path(output).absolute().parent.mkdir(parents=True, exist_ok=True)
    target = check_target(output, replace)

    def render(temp: Path) -> int:
        # Imported here: the command line decides the Qt platform before Qt loads.
        from handbook.ui.printing import PrintError, make_printer, render_job

        pages = render_job(job, make_printer(job.options.paper, job.title, temp), catalog, images)
        if os.path.getsize(temp) == 0:
            raise PrintError(f"nothing was written to {target}")
        return pages

    return write_through_temp(target, render)


def ensure_gui_application() -> object:
    """A Qt application for fonts and printing; offscreen when there is no display."""
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["handbook"])
