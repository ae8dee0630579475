"""PDF export: a print job written atomically, and the batch command (several ids make a pack)."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbook import paths
from handbook.catalog import Catalog, CatalogError
from handbook.handout import PrintJob, PrintOptions, compose_job, unknown_page_ids
from handbook.outputfile import OutputExists, OutputRefused, check_target, write_through_temp

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from handbook.patient import PatientDetails

PAPERS = ("auto", "a4", "letter")


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


def _ensure_gui_application() -> object:
    """A Qt application for fonts and printing; offscreen when there is no display."""
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["handbook"])


def saved_print_options(
    paper: str | None,
    large_print: bool | None,
    clinic: str | None,
    phone: str | None,
    emergency: str | None,
    cover: bool = True,
    patient: PatientDetails | None = None,
) -> PrintOptions:
    """The print options the window would use (the site file's clinic details, then what was
    saved in the app), with every value given on the command line (not None) taking its
    place unless the site file locks that field."""
    from handbook.clinicprofile import resolve
    from handbook.emergency import emergency_number, environment_region
    from handbook.sitefile import read_site
    from handbook.userdata import Settings

    saved = Settings.load()
    resolved = resolve(saved, read_site(), environment_region())
    for problem in saved.problems + resolved.problems:
        print(f"handbook export-pdf: {problem}", file=sys.stderr)
    region = environment_region()
    given = {
        "name": clinic,
        "urgent_phone": phone,
        "emergency_number": None if emergency is None else emergency_number(emergency, region),
        "paper": paper,
        "large_print": large_print,
    }
    overrides: dict[str, Any] = {}
    for key, value in given.items():
        if value is not None and resolved.locked(key):
            print(
                f"handbook export-pdf: the {key.replace('_', ' ')} is locked by the site file "
                f"{resolved.site.path}; the value given was not used",
                file=sys.stderr,
            )
        elif value is not None:
            overrides[key] = value
    profile = dataclasses.replace(resolved.profile, **overrides)
    return PrintOptions(
        profile.paper, profile.large_print, profile.details(), cover, profile, patient
    )


def with_closest_ids(catalog: Catalog, page_id: str) -> str:
    """``page_id``, and the page ids it was probably meant to be: ``pnh-x (did you mean pnh?)``."""
    import difflib

    close = difflib.get_close_matches(page_id, list(catalog.pages), n=3, cutoff=0.6)
    return f"{page_id} (did you mean {' or '.join(close)}?)" if close else page_id


def run_export_pdf(
    page_ids: list[str],
    output: Path,
    paper: str | None = None,
    large_print: bool | None = None,
    clinic: str | None = None,
    phone: str | None = None,
    emergency: str | None = None,
    index_dir: Path | None = None,
    force: bool = False,
    cover: bool = True,
    patient: PatientDetails | None = None,
) -> int:
    """Write the pages to ``output`` and print "wrote FILE: N pages".

    A value left as None is the one saved in the app (File → Clinic details and printing),
    so a batch export matches what the window prints.

    Returns 0 when written, 1 when the index or the file failed, 2 for bad input (nothing
    written): an output that exists (without ``force``) or is not a regular file is bad input.
    """
    if not page_ids:
        print(
            "handbook export-pdf: give at least one page id (see 'handbook list')", file=sys.stderr
        )
        return 2
    if paper is not None and paper not in PAPERS:
        print(
            f"handbook export-pdf: paper must be one of {', '.join(PAPERS)}, not {paper!r}",
            file=sys.stderr,
        )
        return 2
    try:  # before any work: a refused output is said at once
        check_target(Path(output), force)
    except OutputExists as exc:
        print(
            f"handbook export-pdf: {exc}; add --force to replace it. Nothing was written",
            file=sys.stderr,
        )
        return 2
    except OutputRefused as exc:
        print(f"handbook export-pdf: {exc}; nothing was written", file=sys.stderr)
        return 2
    try:
        catalog = Catalog.load(index_dir or paths.bundled_index_dir())
    except CatalogError as exc:
        print(f"handbook export-pdf: {exc}", file=sys.stderr)
        return 1
    unknown = unknown_page_ids(catalog, page_ids)
    if unknown:
        named = ", ".join(with_closest_ids(catalog, pid) for pid in unknown)
        print(
            f"handbook export-pdf: unknown page id{'s' if len(unknown) > 1 else ''}: {named} "
            "(see 'handbook list'); nothing was written",
            file=sys.stderr,
        )
        return 2
    options = saved_print_options(paper, large_print, clinic, phone, emergency, cover, patient)
    application = _ensure_gui_application()
    from handbook.ui.printing import PrintError

    try:
        job = compose_job(catalog, page_ids, options)
        pages = write_pdf(job, Path(output), catalog, replace=force, create_folder=False)
    except (CatalogError, PrintError, OSError) as exc:
        print(f"handbook export-pdf: {exc}; nothing was written", file=sys.stderr)
        return 1
    finally:
        del application  # keep the application alive until the PDF is finished
    print(f"wrote {output}: {pages} pages")
    return 0
