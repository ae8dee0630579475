"""Open the search index, repairing it into the per-user folder when it is damaged or stale.

The shipped ``documents.jsonl`` and ``lexicon.json`` are enough to rebuild the Whoosh
index; the rebuilt copy goes to :func:`handbook.paths.user_index_dir` (or the portable
folder), never into the install folder, and is reused on later starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook import paths
from handbook.indexer import WHOOSH_DIR, rebuild_from_shipped
from handbook.search import IndexUnavailable, SearchEngine


@dataclass
class Opened:
    engine: SearchEngine
    notice: str = ""  # what the user should be told once ("" when all was well)


def open_search(index_dir: Path | None = None, user_dir: Path | None = None) -> Opened:
    """The shipped index; else a previously repaired copy; else a fresh repair.

    Raises IndexUnavailable (with a one-line reason) only when even the shipped pages
    cannot be used to rebuild.
    """
    index_dir = index_dir or paths.bundled_index_dir()
    repaired = (user_dir or paths.user_index_dir()) / WHOOSH_DIR
    try:
        return Opened(SearchEngine.open(index_dir))
    except IndexUnavailable as exc:
        reason = str(exc)
    try:
        return Opened(SearchEngine.open(index_dir, repaired))
    except IndexUnavailable:
        pass
    try:
        rebuild_from_shipped(index_dir, repaired)
        engine = SearchEngine.open(index_dir, repaired)
    except (OSError, ValueError, KeyError, IndexUnavailable) as exc:
        raise IndexUnavailable(
            f"{reason}; rebuilding it failed too ({exc.__class__.__name__}: {exc})"
        ) from None
    return Opened(
        engine,
        "The search index that came with the handbook was damaged or out of date, so a new one "
        f"was built from the handbook's pages (in {repaired.parent}). Search works as usual.",
    )
