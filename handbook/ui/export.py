"""PDF export: a print job written atomically, and the batch command (several ids make a pack)."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from handbook import paths
from handbook.catalog import Catalog, CatalogError
from handbook.handout import PrintJob, PrintOptions, compose_job, unknown_page_ids
from handbook.pagehtml import ClinicDetails

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

PAPERS = ("auto", "a4", "letter")


def write_pdf(
    job: PrintJob, output: Path, catalog: Catalog, images: Mapping[str, QImage] | None = None
) -> int:
    """Write the job to ``output`` through a temporary file, so no partial PDF is ever left.

    The temporary file sits beside ``output`` (the folder the user chose) and is renamed to it.
    """
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(handle)
    try:
        # Imported here: the command line decides the Qt platform before Qt loads.
        from handbook.ui.printing import PrintError, make_printer, render_job

        pages = render_job(
            job, make_printer(job.options.paper, job.title, Path(temp)), catalog, images
        )
        if os.path.getsize(temp) == 0:
            raise PrintError(f"nothing was written to {output}")
        os.replace(temp, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return pages


def _ensure_gui_application() -> object:
    """A Qt application for fonts and printing; offscreen when there is no display."""
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["handbook"])


def run_export_pdf(
    page_ids: list[str],
    output: Path,
    paper: str = "auto",
    large_print: bool = False,
    clinic: str = "",
    phone: str = "",
    emergency: str = "",
    index_dir: Path | None = None,
) -> int:
    """Write the pages to ``output`` and print "wrote FILE: N pages".

    Returns 0 when written, 1 when the index or the file failed, 2 for bad input (nothing written).
    """
    if not page_ids:
        print(
            "handbook export-pdf: give at least one page id (see 'handbook list')", file=sys.stderr
        )
        return 2
    if paper not in PAPERS:
        print(
            f"handbook export-pdf: paper must be one of {', '.join(PAPERS)}, not {paper!r}",
            file=sys.stderr,
        )
        return 2
    try:
        catalog = Catalog.load(index_dir or paths.bundled_index_dir())
    except CatalogError as exc:
        print(f"handbook export-pdf: {exc}", file=sys.stderr)
        return 1
    unknown = unknown_page_ids(catalog, page_ids)
    if unknown:
        print(
            f"handbook export-pdf: unknown page id{'s' if len(unknown) > 1 else ''}: "
            f"{', '.join(unknown)} "
            "(see 'handbook list'); nothing was written",
            file=sys.stderr,
        )
        return 2
    from handbook.emergency import emergency_number, environment_region

    number = emergency_number(emergency, environment_region())
    options = PrintOptions(paper, large_print, ClinicDetails(clinic, phone, number))
    application = _ensure_gui_application()
    from handbook.ui.printing import PrintError

    try:
        job = compose_job(catalog, page_ids, options)
        pages = write_pdf(job, Path(output), catalog)
    except (CatalogError, PrintError, OSError) as exc:
        print(f"handbook export-pdf: {exc}; nothing was written", file=sys.stderr)
        return 1
    finally:
        del application  # keep the application alive until the PDF is finished
    print(f"wrote {output}: {pages} pages")
    return 0
