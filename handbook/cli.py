"""Command line: ``handbook`` opens the window; subcommands serve scripts and IT staff."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # argparse is imported for commands, not to open the window
    import argparse

from handbook import __version__, paths


def _content_version(index_dir: Path) -> str:
    from handbook.manifest import Manifest

    try:
        return Manifest.read(index_dir).content_version
    except RuntimeError:
        return "unknown (index missing or damaged)"

def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Offline handbook on bone marrow failure. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="store_true", help="print the app and content versions")
    parser.add_argument("--index", type=Path, help="use this index folder instead of the bundled one")
    # Open the window, quit after its first painted frame (timing and smoke tests).
    parser.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")

    build = sub.add_parser("build", help="render the Markdown sources and build index/ (source checkout)")
    build.add_argument("--check", action="store_true", help="only check that index/ matches the sources")
    build.add_argument("--resources", type=Path, help="content sources (default: the checkout's resources/)")
    build.add_argument("--out", type=Path, help="output folder (default: the checkout's index/)")

    listing = sub.add_parser("list", help="print the page tree")
    listing.add_argument("--json", action="store_true", help="print a JSON array of pages")

    search = sub.add_parser("search", help="search the handbook")
    search.add_argument("query", nargs="+", help="words to search for")
    search.add_argument("--limit", type=int, default=10, help="number of results (default 10)")
    search.add_argument("--audience", choices=("clinician", "patient"), help="only pages for this audience")
    search.add_argument("--json", action="store_true", help="print JSON")

    sub.add_parser("check", help="verify the installation: index, pages, images, styles, search")

    export = sub.add_parser("export-pdf", help="write pages to a PDF; several ids make a handout pack")
    export.add_argument("pages", nargs="+", metavar="PAGE_ID", help="page ids (see 'handbook list')")
    export.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")
    export.add_argument("--paper", choices=("a4", "letter"), default="auto", help="paper size (default: from the locale)")
    export.add_argument("--large-print", action="store_true", help="body text at 14 pt or more")
    export.add_argument("--clinic", default="", help="clinic name for the header")
    export.add_argument("--phone", default="", help="urgent-contact phone number printed on handouts")
    export.add_argument(
        "--emergency",
        default="",
        metavar="NUMBER",
        help="emergency number printed on handouts (default: from the locale: 999 UK, 112 EU, 911 US/Canada)",
    )

    gui = sub.add_parser("gui", help="open the window (the default)")
    gui.add_argument("--quit-after-show", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser

def _fail(message: str, code: int = 1) -> int:
    print(f"handbook: {message}", file=sys.stderr)
    return code

def cmd_build(args: argparse.Namespace) -> int:
    from handbook.build.builder import build
    from handbook.build.problems import BuildFailed
    from handbook.manifest import StaleIndexError, check_fresh

    resources = args.resources or paths.resources_dir()
    if resources is None:
        return _fail("no content sources here: 'build' runs in a source checkout (or pass --resources)")
    out = args.out or (resources.parent / "index")
    if args.check:
        try:
            manifest = check_fresh(out, resources)
        except StaleIndexError as exc:
            return _fail(f"index is stale: {exc}")
        print(f"index is fresh: {manifest.pages} pages, {manifest.documents} search documents, "
              f"content version {manifest.content_version}")
        return 0
    try:
        report = build(resources, out)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"built {report.pages} pages ({report.documents} search documents; "
        f"{report.words_clinician} words for clinicians, {report.words_patient} in handouts) "
        f"into {report.out} in {report.seconds:.2f} s"
    )
    return 0

def _catalog(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from handbook.catalog import Catalog

    return Catalog.load(args.index or paths.bundled_index_dir())

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
        print(json.dumps(rows, indent=2, ensure_ascii=False))
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
        opened = open_search(args.index)
    except IndexUnavailable as exc:
        return _fail(f"search is unavailable: {exc}")
    if opened.notice:
        print(f"handbook: {opened.notice}", file=sys.stderr)
    engine = opened.engine
    outcome = engine.search(text, limit=args.limit, audience=args.audience)
    if args.json:
        print(json.dumps(outcome.to_json(), indent=2, ensure_ascii=False))
        return 0
    if outcome.corrected:
        print(f"Showing results for: {outcome.suggestion}")
    elif outcome.suggestion:
        print(f"Did you mean: {outcome.suggestion}")
    if not outcome.results:
        print(outcome.message or "Nothing found.")
    for number, result in enumerate(outcome.results, start=1):
        where = f" › {result.section}" if result.section else ""
        print(f"{number:>2}. {result.title}{where}  [{result.page}{'#' + result.anchor if result.anchor else ''}]")
        print(f"    {result.snippet}")
    return 0

def cmd_check(args: argparse.Namespace) -> int:
    from handbook.selfcheck import run

    return run(args.index)

def cmd_export_pdf(args: argparse.Namespace) -> int:
    from handbook.ui.export import run_export_pdf

    return run_export_pdf(
        args.pages,
        args.output,
        paper=args.paper,
        large_print=args.large_print,
        clinic=args.clinic,
        phone=args.phone,
        emergency=args.emergency,
        index_dir=args.index,
    )

def cmd_gui(args: argparse.Namespace) -> int:
    from handbook.ui.app import run

    return run(index_dir=args.index, quit_after_show=args.quit_after_show)

def main(argv: list[str] | None = None) -> int:
    from handbook.logsetup import configure_logging

    configure_logging()
    arguments = sys.argv[1:] if argv is None else argv
    if arguments in ([], ["--quit-after-show"]):
        # The window, as almost every start is: building the whole command-line parser
        # (argparse and its translations) would add about 5 ms before the first frame.
        args: Any = SimpleNamespace(command=None, version=False, index=None, quit_after_show=bool(arguments))
    else:
        args = _parser().parse_args(arguments)
    if args.version:
        index_dir = args.index or paths.bundled_index_dir()
        print(f"handbook {__version__} (content version {_content_version(index_dir)})")
        return 0
    handlers = {
        "build": cmd_build,
        "list": cmd_list,
        "search": cmd_search,
        "check": cmd_check,
        "export-pdf": cmd_export_pdf,
        "gui": cmd_gui,
        None: cmd_gui,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
