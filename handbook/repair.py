"""Open the search index, repairing it into the per-user folder when it is damaged or stale.

The shipped ``documents.jsonl`` and ``lexicon.json`` are enough to rebuild the Whoosh
index; the rebuilt copy goes to :func:`handbook.paths.user_index_dir` (or the portable
folder), never into the install folder, and is reused on later starts. Damage found
only during a search (a segment that passed the checks at open) is repaired the same
way, once, through the engine's ``on_damage``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from handbook import indexfiles, paths
from handbook.indexer import rebuild_from_shipped
from handbook.indexlayout import DOCUMENTS_NAME, WHOOSH_DIR
from handbook.manifest import Manifest, file_hash
from handbook.search import IndexUnavailable, SearchEngine

log = logging.getLogger(__name__)
REPAIRED_NOTICE = (
    "The search index that came with the handbook was damaged or out of date, so a new one "
    "was built from the handbook's pages (in {folder}). Search works as usual."
)


@dataclass
class Opened:
    engine: SearchEngine
    notice: str = ""  # what the user should be told once ("" when all was well)


def _shipped_pages_problem(index_dir: Path) -> str:
    """Why the shipped pages cannot rebuild an index that would open ("" when they can).

    A rebuilt index is stamped with the hash of ``documents.jsonl``; if the manifest names
    another, every start would rebuild (1.5 s) and then refuse the result.
    """
    try:
        manifest = Manifest.read(index_dir)
        actual = file_hash(index_dir / DOCUMENTS_NAME)
    except (RuntimeError, OSError) as exc:
        return f"{exc.__class__.__name__}: {exc}"
    if actual != manifest.documents_hash:
        return f"{DOCUMENTS_NAME} does not match the manifest; reinstall the handbook"
    return ""


def rebuild(index_dir: Path, repaired: Path) -> SearchEngine:
    """Build a new index from the shipped pages into ``repaired`` and open it."""
    problem = _shipped_pages_problem(index_dir)
    if problem:
        raise IndexUnavailable(problem)
    try:
        rebuild_from_shipped(index_dir, repaired)
        indexfiles.write_record(repaired)
    except (OSError, ValueError, KeyError, RecursionError) as exc:
        raise IndexUnavailable(f"{exc.__class__.__name__}: {exc}") from None
    return SearchEngine.open(index_dir, repaired)


def _repair_on_damage(engine: SearchEngine, index_dir: Path, repaired: Path) -> SearchEngine:
    def repair() -> SearchEngine:
        log.warning(
            "the search index proved damaged during a search; rebuilding it in %s", repaired
        )
        fresh = rebuild(index_dir, repaired)
        log.warning(REPAIRED_NOTICE.format(folder=repaired.parent))
        return fresh

    engine.on_damage = repair
    return engine


def open_search(index_dir: Path | None = None, user_dir: Path | None = None) -> Opened:
    """The shipped index; else a previously repaired copy; else a fresh repair.

    Raises IndexUnavailable (with a one-line reason) only when even the shipped pages
    cannot be used to rebuild.
    """
    index_dir = index_dir or paths.bundled_index_dir()
    repaired = (user_dir or paths.user_index_dir()) / WHOOSH_DIR
    try:
        return Opened(_repair_on_damage(SearchEngine.open(index_dir), index_dir, repaired))
    except IndexUnavailable as exc:
        reason = str(exc)
    try:
        engine = SearchEngine.open(index_dir, repaired)
        return Opened(_repair_on_damage(engine, index_dir, repaired))
    except IndexUnavailable:
        pass
    try:
        engine = rebuild(index_dir, repaired)
    except IndexUnavailable as exc:
        raise IndexUnavailable(f"{reason}; rebuilding it failed too ({exc})") from None
    return Opened(
        _repair_on_damage(engine, index_dir, repaired),
        REPAIRED_NOTICE.format(folder=repaired.parent),
    )
