"""``handbook export-pdf``, its Qt-free half: the arguments, their checks, the options, the job.

:func:`handbook.cli.run_export_pdf` takes the job from here and has the UI write the PDF.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbook.userdata import PAPER_SIZES

if TYPE_CHECKING:
    from handbook.catalog import Catalog
    from handbook.patient import PatientDetails
    from handbook.printjob import PrintJob, PrintOptions

PREFIX = "handbook export-pdf"


class ExportRefused(Exception):
    """Nothing is written; ``code`` is 2 for bad input, 1 for an index or a job that failed."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def register_export(sub: Any) -> None:
    """``export-pdf PAGE_ID... -o FILE`` and its options, on the command line's subparsers."""
    import argparse

    from handbook.patient_cli import add_patient_arguments

    export = sub.add_parser(
        "export-pdf", help="write pages to a PDF; several ids make a handout pack"
    )
    export.add_argument(
        "pages", nargs="+", metavar="PAGE_ID", help="page ids (see 'handbook list')"
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")
    export.add_argument(
        "--force", action="store_true", help="replace the output file if it already exists"
    )
    # Without these flags the export uses what File -> Clinic details and printing saved.
    export.add_argument(
        "--paper",
        choices=PAPER_SIZES,
        help="paper size (default: as saved in the app, else from the locale)",
    )
    export.add_argument(
        "--large-print",
        action=argparse.BooleanOptionalAction,
        help="body text at 14 pt or more (default: as saved in the app)",
    )
    export.add_argument("--clinic", help="clinic name for the header (default: as saved)")
    export.add_argument(
        "--phone", help="urgent-contact phone number printed on handouts (default: as saved)"
    )
    export.add_argument(
        "--emergency",
        metavar="NUMBER",
        help=(
            "emergency number printed on handouts (default: as saved, else from the "
            "locale: 999 UK, 112 EU, 911 US/Canada)"
        ),
    )
    export.add_argument(
        "--no-cover", action="store_true", help="no cover sheet on a pack of several pages"
    )
    add_patient_arguments(export)  # --patient-name, --counts … (never saved or logged)


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
    from handbook.printjob import PrintOptions
    from handbook.sitefile import read_site
    from handbook.userdata import Settings

    saved = Settings.load()
    resolved = resolve(saved, read_site(), environment_region())
    for problem in saved.problems + resolved.problems:
        print(f"{PREFIX}: {problem}", file=sys.stderr)
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
                f"{PREFIX}: the {key.replace('_', ' ')} is locked by the site file "
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


def export_job(
    page_ids: list[str],
    output: Path,
    index_dir: Path,
    paper: str | None = None,
    large_print: bool | None = None,
    clinic: str | None = None,
    phone: str | None = None,
    emergency: str | None = None,
    force: bool = False,
    cover: bool = True,
    patient: PatientDetails | None = None,
) -> tuple[Catalog, PrintJob]:
    """The catalog and the job ``export-pdf`` writes; raises ExportRefused before any work.

    A value left as None is the one saved in the app (File → Clinic details and printing),
    so a batch export matches what the window prints. An output that exists (without
    ``force``) or is not a regular file is bad input.
    """
    from handbook.catalog import Catalog, CatalogError
    from handbook.outputfile import OutputExists, OutputRefused, check_target
    from handbook.printjob import compose_job, unknown_page_ids

    if not page_ids:
        raise ExportRefused("give at least one page id (see 'handbook list')", 2)
    if paper is not None and paper not in PAPER_SIZES:
        raise ExportRefused(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}", 2)
    try:  # before any work: a refused output is said at once
        check_target(Path(output), force)
    except OutputExists as exc:
        raise ExportRefused(f"{exc}; add --force to replace it. Nothing was written", 2) from exc
    except OutputRefused as exc:
        raise ExportRefused(f"{exc}; nothing was written", 2) from exc
    try:
        catalog = Catalog.load(index_dir)
    except CatalogError as exc:
        raise ExportRefused(str(exc), 1) from exc
    unknown = unknown_page_ids(catalog, page_ids)
    if unknown:
        named = ", ".join(with_closest_ids(catalog, pid) for pid in unknown)
        raise ExportRefused(
            f"unknown page id{'s' if len(unknown) > 1 else ''}: {named} "
            "(see 'handbook list'); nothing was written",
            2,
        )
    options = saved_print_options(paper, large_print, clinic, phone, emergency, cover, patient)
    try:
        return catalog, compose_job(catalog, page_ids, options)
    except CatalogError as exc:
        raise ExportRefused(f"{exc}; nothing was written", 1) from exc
