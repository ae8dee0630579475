"""Install a verified content pack as a new edition, all or nothing.

Every check runs before anything is written: the signature (in :mod:`container`), then
the schema, the app version, that the edition is newer than the one in use, and the free
disk space. The files go into a temporary folder beside the editions, the search index
is built there from the pack's documents (the code that repairs a damaged index), the
result is checked as the app would read it, and only then is the folder renamed into
place. A crash, a kill or a full disk before that rename leaves the edition in use as it
was; the half-written folder is ignored and cleared by a later install.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from handbook import __version__, indexfiles
from handbook.catalog import Catalog, CatalogError
from handbook.editions import PackRefused
from handbook.editions.container import Pack, open_pack
from handbook.editions.keys import TrustedKey
from handbook.editions.store import (
    EDITIONS_DIR,
    KEEP_PER_ROOT,
    META_NAME,
    PACK_COPY,
    WORK_PREFIX,
    Edition,
    all_editions,
    can_write,
    problem_of,
    remove_folder,
    roots,
    same_content,
    select,
    version_tuple,
)
from handbook.indexer import rebuild_from_shipped
from handbook.indexlayout import DOCUMENTS_NAME, MANIFEST_NAME, WHOOSH_DIR
from handbook.manifest import SCHEMA_VERSION
from handbook.textutil import readable_date

STALE_WORK_SECONDS = 600  # a temporary folder this old is from an install that died
INDEX_ALLOWANCE = 3  # the Whoosh index takes up to about this many times the documents


@dataclass
class Plan:
    """What installing a verified pack would do (shown before the user confirms)."""

    pack: Pack
    in_use: Edition
    origin: str  # "machine" or "user": where it will go
    root: Path
    replaces_newer: list[Edition] = field(default_factory=list)  # only with allow_older

    def summary(self) -> str:
        entries = self.pack.changes.get("entries", [])
        counts = {kind: sum(1 for e in entries if e.get("kind") == kind) for kind in KINDS}
        parts = [f"{n} {kind}" for kind, n in counts.items() if n]
        listed = ", ".join(parts) if parts else "no pages listed as changed"
        return (
            f"Edition of {readable_date(self.pack.edition)} ({listed}); the handbook now shows "
            f"the {self.in_use.describe()}. It will be installed "
            f"{'for every user' if self.origin == 'machine' else 'for this user'} in {self.root}."
        )


KINDS = ("new", "changed", "removed")


@dataclass
class Installed:
    edition: Edition
    previous: Edition
    seconds: float
    removed: list[Edition] = field(default_factory=list)


def _pack_order(pack: Pack) -> tuple[str, str]:
    return pack.edition, pack.built


def plan(
    pack_path: Path,
    allow_older: bool = False,
    trusted: dict[bytes, TrustedKey] | None = None,
    shipped_dir: Path | None = None,
    machine_dir: Path | None = None,
    user_dir: Path | None = None,
) -> Plan:
    """Verify the pack and decide where it goes; PackRefused (one sentence) if it may not."""
    pack = open_pack(pack_path, trusted)
    if pack.meta.get("schema_version") != SCHEMA_VERSION:
        raise PackRefused(
            f"The pack is made for index schema {pack.meta.get('schema_version')}; this version "
            f"of the app reads schema {SCHEMA_VERSION}."
        )
    try:
        needs = version_tuple(str(pack.meta["min_app_version"]))
    except ValueError:
        raise PackRefused("The pack is damaged: its minimum app version is not a number.") from None
    if needs > version_tuple(__version__):
        raise PackRefused(
            f"The pack needs a newer app: version {pack.meta['min_app_version']} or later "
            f"(this is {__version__})."
        )
    in_use = select(shipped_dir, machine_dir, user_dir).edition
    if same_content(pack.files.get(MANIFEST_NAME), in_use):
        raise PackRefused(f"This edition is already in use: the {in_use.describe()}.")
    if _pack_order(pack) <= in_use.order and not allow_older:
        raise PackRefused(
            f"The pack holds the edition of {readable_date(pack.edition)}, which is not newer "
            f"than the {in_use.describe()}; use --allow-older to install it anyway."
        )
    places = roots(machine_dir, user_dir)
    origin = "machine" if can_write(places["machine"]) else "user"
    root = places[origin]
    if origin == "user" and not can_write(root):
        raise PackRefused(f"Neither {places['machine']} nor {root} can be written to.")
    newer = [
        e
        for e in all_editions(shipped_dir, machine_dir, user_dir)
        if e.order >= _pack_order(pack) and problem_of(e) is None
    ]
    hidden_by = [e for e in newer if e.origin != origin]
    if hidden_by:
        raise PackRefused(
            f"The {hidden_by[0].describe()} is newer, so the edition of "
            f"{readable_date(pack.edition)} would not be used if installed here."
        )
    _check_space(pack, root)
    return Plan(pack, in_use, origin, root, [e for e in newer if e.origin == origin])


def _check_space(pack: Pack, root: Path) -> None:
    unpacked = sum(len(data) for data in pack.files.values())
    documents = len(pack.files.get(DOCUMENTS_NAME, b""))
    needed = unpacked + pack.size + INDEX_ALLOWANCE * documents + 4 * 2**20
    free = shutil.disk_usage(root).free
    if free < needed:
        raise PackRefused(
            f"Not enough free disk space in {root}: the edition needs about "
            f"{needed / 2**20:.0f} MB and {free / 2**20:.0f} MB are free."
        )


def install(
    pack_path: Path,
    allow_older: bool = False,
    trusted: dict[bytes, TrustedKey] | None = None,
    shipped_dir: Path | None = None,
    machine_dir: Path | None = None,
    user_dir: Path | None = None,
) -> Installed:
    """Check, then install; PackRefused (and nothing changed) when anything is wrong."""
    return carry_out(plan(pack_path, allow_older, trusted, shipped_dir, machine_dir, user_dir))


def carry_out(chosen: Plan) -> Installed:
    started = time.perf_counter()
    pack = chosen.pack
    editions = chosen.root / EDITIONS_DIR
    editions.mkdir(parents=True, exist_ok=True)
    _clear_stale_work(editions)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=editions))
    work.chmod(0o755)  # mkdtemp makes it owner-only; a machine-wide edition is read by all
    try:
        _write_files(work, pack)
        rebuild_from_shipped(work, work / WHOOSH_DIR)
        indexfiles.write_record(work / WHOOSH_DIR)  # checked before each opening, as shipped
        record = {**pack.meta, "installed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (work / META_NAME).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        candidate = Edition(work, chosen.origin, pack.edition, pack.built, record)
        problem = problem_of(candidate) or _catalog_problem(work) or _search_problem(work)
        if problem is not None:
            raise PackRefused(f"The pack is damaged: once unpacked, {problem}.")
        final = editions / f"{pack.edition}_{_compact(pack.built)}"
        if final.exists():
            remove_folder(final)  # the same edition installed again
        os.rename(work, final)
    except (ValueError, KeyError) as exc:  # documents or lexicon unusable for the index
        raise PackRefused(
            "The pack is damaged: its search documents cannot be indexed "
            f"({exc.__class__.__name__})."
        ) from None
    except OSError as exc:
        raise PackRefused(
            f"The update could not be written to {chosen.root} "
            f"({exc.strerror or exc.__class__.__name__}); the edition in use is unchanged."
        ) from None
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    removed = []
    for newer in chosen.replaces_newer:  # --allow-older: make the older edition the one used
        if newer.path != final and newer.path.exists():
            remove_folder(newer.path)
            removed.append(newer)
    _prune(editions, final)
    installed = Edition(final, chosen.origin, pack.edition, pack.built, record)
    return Installed(installed, chosen.in_use, time.perf_counter() - started, removed)


def _compact(built: str) -> str:
    return "".join(c for c in built if c.isalnum()) or "0"


def _write_files(work: Path, pack: Pack) -> None:
    root = work.resolve()
    for rel, data in pack.files.items():
        target = work / rel
        # The paths were checked when the pack was read; a second look costs nothing.
        if root not in target.resolve().parents:
            raise PackRefused(f"The pack is refused: entry {rel!r} would be written outside.")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            out.write(data)
    (work / PACK_COPY).write_bytes(pack.raw)


def _catalog_problem(folder: Path) -> str | None:
    try:
        Catalog.load(folder)
    except CatalogError as exc:
        return str(exc)
    return None


def _search_problem(folder: Path) -> str | None:
    """Open the new index once, as the window will (its files checked against the record)."""
    from handbook.search import IndexUnavailable, SearchEngine

    try:
        SearchEngine.open(folder).close()
    except IndexUnavailable as exc:
        return f"its search index does not open ({exc})"
    return None


def _clear_stale_work(editions: Path) -> None:
    now = time.time()
    for leftover in editions.glob(f"{WORK_PREFIX}*"):
        try:
            if now - leftover.stat().st_mtime > STALE_WORK_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue


def _prune(editions: Path, keep: Path) -> None:
    """Keep the newest few editions of this folder (rollback needs the one before)."""
    found = sorted(
        (p for p in editions.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
        reverse=True,
    )
    for old in found[KEEP_PER_ROOT:]:
        if old != keep:
            remove_folder(old)


def rollback(
    shipped_dir: Path | None = None, machine_dir: Path | None = None, user_dir: Path | None = None
) -> tuple[Edition, Edition]:
    """Remove the edition in use so the one before it is used: (removed, now in use)."""
    in_use = select(shipped_dir, machine_dir, user_dir).edition
    if not in_use.installed:
        raise PackRefused(
            f"There is nothing to roll back: the {in_use.describe()} is the oldest one here."
        )
    if not can_write(in_use.path.parent):
        raise PackRefused(
            f"The {in_use.describe()} cannot be removed from here (no permission); ask IT to "
            "run 'handbook update rollback' with rights to that folder."
        )
    try:
        remove_folder(in_use.path)
    except OSError as exc:
        raise PackRefused(
            f"The {in_use.describe()} could not be removed ({exc.strerror})."
        ) from None
    return in_use, select(shipped_dir, machine_dir, user_dir).edition
