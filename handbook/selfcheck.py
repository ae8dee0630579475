"""``handbook check``: verify an installation (index, pages, images, styles, search) without Qt."""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from handbook import __version__, paths
from handbook.catalog import Catalog
from handbook.indexlayout import DOCUMENTS_NAME, PAGE_CSS, STYLES_DIR, WHOOSH_DIR
from handbook.manifest import (
    SCHEMA_VERSION,
    Manifest,
    StaleIndexError,
    StampUnreadable,
    check_stamp,
    file_hash,
)

Check = tuple[str, bool, str]  # (name, passed, figure or reason)
PROBE_QUERY, PROBE_PAGE = "PNH", "pnh"
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.I)
_CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)", re.I)
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


class _Failed(Exception):
    """A check failed; the message is its one-line reason."""


def _resolves(index_dir: Path, base: Path, reference: str) -> bool:
    """True when a local reference names a readable file inside the index folder."""
    target = (base / reference.split("#")[0].split("?")[0]).resolve()
    root = index_dir.resolve()
    return (target == root or root in target.parents) and target.is_file()


class _Checker:
    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.manifest: Manifest | None = None
        self.catalog: Catalog | None = None
        self.html: dict[str, str] = {}

    def manifest_check(self) -> str:
        manifest = Manifest.read(self.index_dir)
        if manifest.schema_version != SCHEMA_VERSION:
            raise _Failed(f"schema {manifest.schema_version}, this app needs {SCHEMA_VERSION}")
        self.manifest = manifest
        return f"schema {manifest.schema_version}, content {manifest.content_version}"

    def sources_check(self) -> str:
        """In a source checkout, the shipped index must match the content sources."""
        from handbook.manifest import check_fresh

        resources = paths.resources_dir()
        if resources is None or self.index_dir.resolve() != (resources.parent / "index").resolve():
            return "not a source checkout, skipped"
        try:
            check_fresh(self.index_dir, resources)
        except RuntimeError:
            raise _Failed("index/ is stale: run 'handbook build'") from None
        return "index matches resources/"

    def catalog_check(self) -> str:
        catalog = Catalog.load(self.index_dir)
        self.catalog = catalog
        if self.manifest is not None and len(catalog.pages) != self.manifest.pages:
            raise _Failed(f"{len(catalog.pages)} pages, the manifest says {self.manifest.pages}")
        return f"{len(catalog.pages)} pages in {len(catalog.sections)} sections"

    def pages_check(self) -> str:
        catalog = self._need_catalog()
        bad = []
        for page_id in catalog.pages:
            try:
                text = catalog.page_html(page_id)
            except RuntimeError:
                bad.append(page_id)
                continue
            if not text.strip():
                bad.append(page_id)
            self.html[page_id] = text
        if bad:
            raise _Failed(
                f"{len(bad)} of {len(catalog.pages)} unreadable: {', '.join(sorted(bad)[:5])}"
            )
        return f"{len(catalog.pages)}"

    def images_check(self) -> str:
        self._need_catalog()
        wanted: dict[str, list[str]] = {}
        for page_id, text in self.html.items():
            for src in _IMG_SRC.findall(text):
                if not _REMOTE.match(src):
                    wanted.setdefault(src, []).append(page_id)
        missing = sorted(
            src for src in wanted if not _resolves(self.index_dir, self.index_dir, src)
        )
        if missing:
            raise _Failed(
                f"{len(missing)} of {len(wanted)} missing: {', '.join(missing[:5])} (on "
                f"{wanted[missing[0]][0]})"
            )
        return f"{len(wanted)}"

    def styles_check(self) -> str:
        folder = self.index_dir / STYLES_DIR
        sheets = sorted(folder.glob("*.css")) if folder.is_dir() else []
        if not (folder / PAGE_CSS).is_file():
            raise _Failed(f"{folder / PAGE_CSS} missing")
        for sheet in sheets:
            try:
                css = sheet.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _Failed(f"{sheet.name} unreadable ({exc.__class__.__name__})") from None
            for ref in _CSS_URL.findall(css):
                if not _REMOTE.match(ref) and not _resolves(self.index_dir, sheet.parent, ref):
                    raise _Failed(f"{sheet.name} refers to missing {ref}")
        return f"{len(sheets)}"

    def index_check(self) -> str:
        manifest = self.manifest or Manifest.read(self.index_dir)
        whoosh_dir = self.index_dir / WHOOSH_DIR
        try:
            check_stamp(whoosh_dir, manifest)
        except StampUnreadable as exc:
            raise _Failed(f"stamp unreadable ({exc.cause})") from None
        except StaleIndexError:
            raise _Failed("stamp does not match the manifest (stale index)") from None
        if file_hash(self.index_dir / DOCUMENTS_NAME) != manifest.documents_hash:
            raise _Failed(f"{DOCUMENTS_NAME} does not match the manifest")
        from whoosh import index

        from handbook import indexfiles

        # Damage in the middle of a segment passes every probe query: compare each file
        # with the manifest's record, then read every stored document and posting list.
        if manifest.whoosh_files:
            try:
                indexfiles.verify(whoosh_dir, manifest.whoosh_files)
            except indexfiles.IndexDamaged as exc:
                raise _Failed(str(exc)) from None
        ix = index.open_dir(str(whoosh_dir), readonly=True)
        try:
            count = ix.doc_count()
            indexfiles.read_everything(ix)
        except Exception as exc:  # whoosh raises many kinds on damaged files
            raise _Failed(f"reading the whole index failed ({exc.__class__.__name__})") from None
        finally:
            ix.close()
        if count != manifest.documents:
            raise _Failed(f"{count} documents, the manifest says {manifest.documents}")
        files = (
            f"{len(manifest.whoosh_files)} files match" if manifest.whoosh_files else "no record"
        )
        return f"{count} documents, stamp matches, {files}, all read"

    def search_check(self) -> str:
        from handbook.search import SearchEngine

        started = time.perf_counter()
        engine = SearchEngine.open(self.index_dir)
        try:
            outcome = engine.search(PROBE_QUERY, limit=5)
        finally:
            engine.close()
        elapsed = (time.perf_counter() - started) * 1000
        first = outcome.results[0].page if outcome.results else "nothing"
        if first != PROBE_PAGE:
            raise _Failed(f"{PROBE_QUERY!r} gave {first} first, expected {PROBE_PAGE}")
        return f"{PROBE_QUERY!r} -> {first} first ({elapsed:.0f} ms)"

    def _need_catalog(self) -> Catalog:
        if self.catalog is None:
            raise _Failed("skipped: the catalog did not load")
        return self.catalog


def user_data_check() -> str:
    """Settings and bookmarks are saved here; the install folder itself may be read-only."""
    folder = paths.user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".check-", delete=True) as probe:
            probe.write(b"ok")
    except OSError as exc:
        raise _Failed(f"{folder} not writable ({exc.strerror or exc.__class__.__name__})") from None
    mode = (
        "portable"
        if paths.portable_dir() is not None and folder == paths.portable_dir()
        else "per-user"
    )
    return f"{folder} ({mode}) writable"


def edition_check(index_dir: Path | None) -> str:
    """The edition in use and where it came from; an installed one is verified whole."""
    from handbook.editions.health import describe_in_use

    passed, line = describe_in_use(index_dir)
    if not passed:
        raise _Failed(line)
    return line


def clinic_check() -> str:
    """Where the clinic details come from; a damaged site file fails, a missing urgent number
    is a warning (a handout still prints, with a line to write the number on)."""
    from handbook.clinicprofile import describe, resolve
    from handbook.emergency import environment_region
    from handbook.sitefile import read_site
    from handbook.userdata import Settings

    resolved = resolve(Settings.load(), read_site(), environment_region())
    if resolved.site.problems:
        raise _Failed("; ".join(resolved.site.problems))
    figure = describe(resolved)
    if not resolved.profile.urgent_phone:
        figure += (
            "; WARNING: no urgent phone number, so handouts print a blank line for it "
            "(set it with 'handbook clinic set urgent_phone=NUMBER')"
        )
    return figure


def _run_check(name: str, func: Callable[[], str]) -> Check:
    try:
        return name, True, func()
    except _Failed as exc:
        return name, False, str(exc)
    except Exception as exc:  # any damage is a FAIL line, never a traceback
        return name, False, f"{exc.__class__.__name__}: {exc}"


ExtraChecks = Callable[[Path], list[Check]]


def _extra_checks(extra: ExtraChecks, index_dir: Path) -> list[Check]:
    try:
        return extra(index_dir)
    except Exception as exc:
        return [("qt", False, f"{exc.__class__.__name__}: {exc}")]


def collect(index_dir: Path | None = None, extra: ExtraChecks | None = None) -> list[Check]:
    """Run every check and return (name, passed, figure) tuples in report order."""
    from handbook.editions.store import index_in_use

    checker = _Checker(index_dir or index_in_use())
    checks = [
        _run_check("edition", lambda: edition_check(index_dir)),
        _run_check("manifest", checker.manifest_check),
        _run_check("sources", checker.sources_check),
        _run_check("catalog", checker.catalog_check),
        _run_check("pages", checker.pages_check),
        _run_check("images", checker.images_check),
        _run_check("stylesheets", checker.styles_check),
        _run_check("search index", checker.index_check),
        _run_check("search", checker.search_check),
        _run_check("user data", user_data_check),
        _run_check("clinic details", clinic_check),
    ]
    if extra is not None:
        checks.extend(_extra_checks(extra, checker.index_dir))
    return checks


def run(
    index_dir: Path | None = None, *, extra: ExtraChecks | None = None, out: TextIO | None = None
) -> int:
    """Print one line per check and return 0 when all pass, 1 otherwise (never raises).

    ``extra`` adds checks the core cannot make itself: the command line hands in the Qt
    checks (layout, printing, SVG), so this module never imports the UI.
    """
    stream = out or sys.stdout
    try:
        from handbook.editions.store import index_in_use

        where = index_dir or index_in_use()
        print(f"handbook {__version__}: checking {where}", file=stream)
        checks = collect(index_dir, extra)
    except Exception as exc:
        checks = [("check", False, f"{exc.__class__.__name__}: {exc}")]
    for name, passed, figure in checks:
        print(f"{name}: {figure} {'OK' if passed else 'FAIL'}", file=stream)
    failed = [name for name, passed, _ in checks if not passed]
    summary = (
        f"{len(failed)} of {len(checks)} checks FAILED: {', '.join(failed)}"
        if failed
        else (f"all {len(checks)} checks passed")
    )
    print(summary, file=stream)
    stream.flush()
    return 1 if failed else 0
