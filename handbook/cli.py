"""Command line: ``handbook`` opens the window; subcommands serve scripts and IT staff."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # argparse is imported for commands, not to open the window
    import argparse

    from handbook.patient import PatientDetails

from handbook import __version__, paths


def _index_in_use() -> Path:
    """The newest valid edition's index: shipped, or a content update installed here."""
    from handbook.editions.store import index_in_use

    return index_in_use()


def cmd_editions(args: argparse.Namespace) -> int:
    from handbook.editions.commands import run

    return run(args)


def _content_version(index_dir: Path) -> str:
    from handbook.manifest import Manifest

    try:
        return Manifest.read(index_dir).content_version
    except RuntimeError:
        return "unknown (index missing or damaged)"


def _parser(score_details: bool = False) -> argparse.ArgumentParser:
    import argparse

    from handbook.editions.commands import add_build_options
    from handbook.editions.commands import register as register_editions

    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Offline handbook on bone marrow failure. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="store_true", help="print the app and content versions")
    parser.add_argument(
        "--index", type=Path, help="use this index folder instead of the bundled one"
    )
    # Open the window, quit after its first painted frame (timing and smoke tests).
    parser.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")

    build = sub.add_parser(
        "build", help="render the Markdown sources and build index/ (source checkout)"
    )
    build.add_argument(
        "--check", action="store_true", help="only check that index/ matches the sources"
    )
    build.add_argument(
        "--resources", type=Path, help="content sources (default: the checkout's resources/)"
    )
    build.add_argument("--out", type=Path, help="output folder (default: the checkout's index/)")
    add_build_options(build)  # --pack FILE --key KEYFILE

    listing = sub.add_parser("list", help="print the page tree")
    listing.add_argument("--json", action="store_true", help="print a JSON array of pages")

    search = sub.add_parser("search", help="search the handbook")
    search.add_argument("query", nargs="+", help="words to search for")
    search.add_argument("--limit", type=int, default=10, help="number of results (default 10)")
    search.add_argument(
        "--audience", choices=("clinician", "patient"), help="only pages for this audience"
    )
    search.add_argument("--json", action="store_true", help="print JSON")

    sub.add_parser("check", help="verify the installation: index, pages, images, styles, search")

    from handbook.clinic_cli import register_clinic
    from handbook.export_cli import register_export

    register_export(sub)  # export-pdf PAGE_ID... -o FILE, with the patient's details
    register_clinic(sub)  # clinic show|set|export|import

    _add_score_parser(sub, score_details)
    register_editions(sub)  # pack keygen; update install|list|rollback

    gui = sub.add_parser("gui", help="open the window (the default)")
    gui.add_argument(
        "--quit-after-show", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    return parser


def _add_score_parser(sub: Any, details: bool) -> None:
    """``score --csv IN -o OUT`` for a file, ``score CALCULATOR --FIELD VALUE …`` for one patient.

    The calculators' flags are only built for the score command: other commands do not pay
    for importing the scorers.
    """
    score = sub.add_parser(
        "score",
        help="prognostic and severity scores: a CSV in the official IPSS-M columns, or one patient",
        description="Score a CSV (--csv IN -o OUT) or one patient (CALCULATOR --FIELD VALUE).",
    )
    score.add_argument("--csv", type=Path, metavar="IN.csv", help="CSV in the official columns")
    score.add_argument("-o", "--output", type=Path, metavar="OUT.csv", help="scored CSV to write")
    calculators = score.add_subparsers(dest="calculator", metavar="CALCULATOR")
    if not details:
        return
    from handbook.scores.present import CALCULATORS
    from handbook.scores.validation import expected_text

    for name, (fields, _scorer) in CALCULATORS.items():
        one = calculators.add_parser(name, help=f"{name} for one patient")
        for spec in fields:
            unit = f" ({spec.unit})" if spec.unit else ""
            one.add_argument(
                f"--{spec.name}",
                dest=spec.name,
                default="NA",
                metavar="VALUE",
                help=f"{spec.label}{unit}: {expected_text(spec)}",
            )
        one.add_argument("--json", action="store_true", help="print JSON")


def cmd_score(args: argparse.Namespace) -> int:
    """Patient data stays in memory: nothing is logged, only the asked-for -o file is written."""
    if args.calculator is None:
        return _score_file(args)
    import json as json_module

    from handbook.scores import ScoreInputError
    from handbook.scores.present import CALCULATORS, as_json, as_text

    fields, scorer = CALCULATORS[args.calculator]
    values = {spec.name: getattr(args, spec.name) for spec in fields}
    try:
        result = scorer(values)
    except ScoreInputError as exc:
        return _fail(str(exc), 2)
    if args.json:
        print(json_module.dumps(as_json(args.calculator, result), indent=2, ensure_ascii=False))
    else:
        print(as_text(args.calculator, result))
    return 0


def _score_file(args: argparse.Namespace) -> int:
    from handbook.scores.batch import BatchError, score_csv

    if args.csv is None or args.output is None:
        return _fail("score: give --csv IN.csv -o OUT.csv, or a calculator (handbook score -h)", 2)
    try:
        report = score_csv(args.csv, args.output)
    except BatchError as exc:
        return _fail(str(exc), 2)
    print(f"scored {report.rows} rows into {args.output} ({report.errors} with ERROR)")
    return 0


def _stdout_is_utf8() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or ""
    return encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def _json_text(data: Any) -> str:
    """JSON for stdout: non-ASCII written as \\u escapes where stdout is not UTF-8 (cp1252)."""
    return json.dumps(data, indent=2, ensure_ascii=not _stdout_is_utf8())


def _tolerant_output() -> None:
    """Text a console or a redirect cannot encode (⁹ ≥ − ≤ β in cp1252) is replaced, not fatal."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]


def _quiet_broken_pipe() -> int:
    """``handbook list | head``: the reader left; stop without a traceback, as other tools do."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not fail again
    return 1


def _fail(message: str, code: int = 1) -> int:
    print(f"handbook: {message}", file=sys.stderr)
    return code


def cmd_build(args: argparse.Namespace) -> int:
    from handbook.manifest import StaleIndexError, check_fresh

    resources = args.resources or paths.resources_dir()
    if resources is None:
        return _fail(
            "no content sources here: 'build' runs in a source checkout (or pass --resources)"
        )
    try:  # the frozen app leaves the build code (and Markdown) out of the bundle
        from handbook.build.builder import build
        from handbook.build.problems import BuildFailed
    except ImportError:
        return _fail("no content sources here: this copy of the app cannot build the handbook")
    out = args.out or (resources.parent / "index")
    if args.check:
        try:
            manifest = check_fresh(out, resources)
        except StaleIndexError as exc:
            return _fail(f"index is stale: {exc}")
        print(
            f"index is fresh: {manifest.pages} pages, {manifest.documents} search documents, "
            f"content version {manifest.content_version}"
        )
        return 0
    if args.pack is not None:
        from handbook.build.pack import run_build_pack

        return run_build_pack(resources, out, args.pack, args.key)
    try:
        report = build(resources, out)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only checkout, a full disk
        return _fail(
            f"could not write the index into {out} ({exc.strerror or exc}); nothing changed"
        )
    print(
        f"built {report.pages} pages ({report.documents} search documents; "
        f"{report.words_clinician} words for clinicians, {report.words_patient} in handouts) "
        f"into {report.out} in {report.seconds:.2f} s"
    )
    return 0


def _catalog(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from handbook.catalog import Catalog

    return Catalog.load(args.index or _index_in_use())


def cmd_list(args: argparse.Namespace) -> int:
    from handbook.catalog import CatalogError

    try:
        catalog = _catalog(args)
    except CatalogError as exc:
        return _fail(str(exc))
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": p.title,
                "section": p.section_title,
                "audience": p.audience,
                "reviewed": p.reviewed,
                "summary": p.summary,
            }
            for p in catalog.ordered_pages()
        ]
        print(_json_text(rows))
        return 0
    for section in catalog.sections:
        print(section.title)
        for pid in section.page_ids:
            page = catalog.pages[pid]
            mark = " [handout]" if page.audience == "patient" else ""
            print(f"  {pid:<36} {page.title}{mark}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from handbook.repair import open_search
    from handbook.search import IndexUnavailable

    text = " ".join(args.query)
    try:
        opened = open_search(args.index or _index_in_use())
    except IndexUnavailable as exc:
        return _fail(f"search is unavailable: {exc}")
    if opened.notice:
        print(f"handbook: {opened.notice}", file=sys.stderr)
    engine = opened.engine
    outcome = engine.search(text, limit=args.limit, audience=args.audience)
    if outcome.unavailable:
        return _fail(f"search is unavailable: {outcome.unavailable}")
    if args.json:
        print(_json_text(outcome.to_json()))
        return 0 if outcome.results else 1  # like grep: scripts can test for "found"
    if outcome.corrected:
        print(f"Showing results for: {outcome.suggestion}")
    elif outcome.suggestion:
        print(f"Did you mean: {outcome.suggestion}")
    if not outcome.results:
        print(outcome.message or "Nothing found.")
    for number, result in enumerate(outcome.results, start=1):
        where = f" › {result.section}" if result.section else ""
        print(
            f"{number:>2}. {result.title}{where}  "
            f"[{result.page}{'#' + result.anchor if result.anchor else ''}]"
        )
        print(f"    {result.snippet}")
        for link in result.also:  # more sections of the first result's page
            print(f"    also: {link.section}  [{link.page}#{link.anchor}]")
    return 0 if outcome.results else 1


def _qt_checks(index_dir: Path) -> list[tuple[str, bool, str]]:
    """The window-side checks, when PySide6 is installed."""
    import importlib.util

    if importlib.util.find_spec("PySide6") is None:
        return [("qt", True, "skipped (PySide6 not installed)")]
    from handbook.ui.selfcheck_qt import run_qt

    return run_qt(index_dir)


def cmd_check(args: argparse.Namespace) -> int:
    from handbook.selfcheck import run

    return run(args.index, extra=_qt_checks)


def _cmd_clinic(args: argparse.Namespace) -> int:
    from handbook.clinic_cli import cmd_clinic

    return cmd_clinic(args)


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from handbook.patient import PatientInputError
    from handbook.patient_cli import patient_from_args

    try:
        patient = patient_from_args(args)
    except PatientInputError as exc:
        for problem in exc.problems:
            print(f"handbook export-pdf: {problem}", file=sys.stderr)
        return _fail("export-pdf: the patient's details were not usable; nothing was written", 2)

    return run_export_pdf(
        args.pages,
        args.output,
        paper=args.paper,
        large_print=args.large_print,
        clinic=args.clinic,
        phone=args.phone,
        emergency=args.emergency,
        index_dir=args.index or _index_in_use(),
        force=args.force,
        cover=not args.no_cover,
        patient=patient,
    )


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

    The job is checked and composed without Qt (handbook/export_cli.py); only writing the
    PDF needs the UI. Returns 0 when written, 1 when the index or the file failed, 2 for bad
    input (nothing written).
    """
    from handbook.export_cli import PREFIX, ExportRefused, export_job

    try:
        catalog, job = export_job(
            page_ids,
            output,
            index_dir or paths.bundled_index_dir(),
            paper,
            large_print,
            clinic,
            phone,
            emergency,
            force,
            cover,
            patient,
        )
    except ExportRefused as exc:
        print(f"{PREFIX}: {exc}", file=sys.stderr)
        return exc.code
    from handbook.ui.export import ensure_gui_application, write_pdf

    application = ensure_gui_application()  # decides the Qt platform before Qt loads
    from handbook.ui.printing import PrintError

    try:
        pages = write_pdf(job, Path(output), catalog, replace=force, create_folder=False)
    except (PrintError, OSError) as exc:
        print(f"{PREFIX}: {exc}; nothing was written", file=sys.stderr)
        return 1
    finally:
        del application  # keep the application alive until the PDF is finished
    print(f"wrote {output}: {pages} pages")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from handbook.ui.display import display_problem

    problem = display_problem()  # before Qt: without a display it aborts with a core dump
    if problem is not None:
        return _fail(problem)
    from handbook.ui.app import run

    return run(index_dir=args.index, quit_after_show=args.quit_after_show)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    _tolerant_output()
    from handbook.patient_cli import carries_patient_data

    if arguments[:1] != ["score"] and not carries_patient_data(arguments):
        # Not for "score": its arguments and output are patient data, and the log (and, in a
        # windowed build, stdout redirected into it) would write them to disk.
        from handbook.logsetup import configure_logging

        configure_logging()
    elif sys.stdout is None:  # a windowed build started from a console: print there, not to a log
        from handbook.logsetup import _attach_windows_console

        _attach_windows_console()
    if arguments in ([], ["--quit-after-show"]):
        # The window, as almost every start is: building the whole command-line parser
        # (argparse and its translations) would add about 5 ms before the first frame.
        args: Any = SimpleNamespace(
            command=None, version=False, index=None, quit_after_show=bool(arguments)
        )
    else:
        args = _parser(score_details=arguments[:1] == ["score"]).parse_args(arguments)
    if args.version:
        index_dir = args.index or _index_in_use()
        print(f"handbook {__version__} (content version {_content_version(index_dir)})")
        return 0
    handlers = {
        "build": cmd_build,
        "list": cmd_list,
        "search": cmd_search,
        "check": cmd_check,
        "export-pdf": cmd_export_pdf,
        "score": cmd_score,
        "clinic": _cmd_clinic,
        "pack": cmd_editions,
        "update": cmd_editions,
        "gui": cmd_gui,
        None: cmd_gui,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()
