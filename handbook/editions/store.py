"""The editions on this workstation (shipped, machine-wide, per-user) and which one is in use.

An installed edition is a complete index folder under ``<root>/editions/``, holding the
files its pack listed, the Whoosh index built from them at install time, the pack's
manifest (``edition.json``) and the pack itself (so ``handbook check`` can verify the
signature again). The app uses the newest edition that passes a quick check; one that
fails is skipped with a notice, so a damaged update never stops the handbook.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook import __version__, paths
from handbook.indexlayout import WHOOSH_DIR
from handbook.manifest import (
    SCHEMA_VERSION,
    Manifest,
    StaleIndexError,
    StampUnreadable,
    check_stamp,
)
from handbook.textutil import readable_date

EDITIONS_DIR = "editions"
META_NAME = "edition.json"
PACK_COPY = "pack.hbpack"
WORK_PREFIX = ".install-"
KEEP_PER_ROOT = 3  # the edition in use, the one before it (rollback) and one more
ORIGIN_LABEL = {
    "machine": "installed for every user",
    "user": "installed for this user",
    "shipped": "came with the app",
}


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.10.2"`` as ``(0, 10, 2)``; ValueError for anything else."""
    if not isinstance(text, str) or not re.fullmatch(r"\d+(\.\d+){0,3}", text):
        raise ValueError(f"not a version number: {text!r}")
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True)
class Edition:
    path: Path  # the index folder the app reads
    origin: str  # "machine", "user" or "shipped"
    edition: str  # content version (the latest review date)
    built: str = ""  # when the pack was made (UTC, ISO); "" for the shipped index
    meta: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    problem: str = ""  # why the folder's own record could not be read

    @property
    def order(self) -> tuple[str, str]:
        return self.edition, self.built

    @property
    def installed(self) -> bool:
        return self.origin != "shipped"

    def where(self) -> str:
        label = ORIGIN_LABEL[self.origin]
        return label if not self.installed else f"{label} in {self.path.parent.parent}"

    def describe(self) -> str:
        return f"edition of {readable_date(self.edition)} ({self.where()})"

    @property
    def changes(self) -> dict[str, Any]:
        changes = (self.meta or {}).get("changes")
        return changes if isinstance(changes, dict) else {"compared_with": None, "entries": []}


def roots(machine_dir: Path | None = None, user_dir: Path | None = None) -> dict[str, Path]:
    return {
        "machine": machine_dir or paths.machine_content_dir(),
        "user": user_dir or paths.user_content_dir(),
    }


def _installed(root: Path, origin: str) -> list[Edition]:
    folder = root / EDITIONS_DIR
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
    found = []
    for child in children:
        guess = child.name.split("_", 1)[0]
        try:
            meta = json.loads((child / META_NAME).read_text(encoding="utf-8"))
            found.append(Edition(child, origin, str(meta["edition"]), str(meta["built"]), meta))
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            problem = f"its record {META_NAME} is missing or damaged ({exc.__class__.__name__})"
            found.append(Edition(child, origin, guess, "", None, problem))
    return found


def shipped_edition(shipped_dir: Path | None = None) -> Edition:
    folder = shipped_dir or paths.bundled_index_dir()
    try:
        return Edition(folder, "shipped", Manifest.read(folder).content_version)
    except RuntimeError as exc:
        return Edition(folder, "shipped", "", problem=str(exc))


def all_editions(
    shipped_dir: Path | None = None, machine_dir: Path | None = None, user_dir: Path | None = None
) -> list[Edition]:
    """Every edition found, newest first (machine-wide before per-user at the same edition)."""
    found = [shipped_edition(shipped_dir)]
    for origin, root in roots(machine_dir, user_dir).items():
        found += _installed(root, origin)
    rank = {"machine": 2, "user": 1, "shipped": 0}
    return sorted(found, key=lambda e: (e.order, rank[e.origin]), reverse=True)


def problem_of(edition: Edition) -> str | None:
    """Why an edition cannot be used (a quick check: records, sizes, the search stamp)."""
    if edition.problem:
        return edition.problem
    try:
        manifest = Manifest.read(edition.path)
    except RuntimeError as exc:
        return str(exc)
    if manifest.schema_version != SCHEMA_VERSION:
        return f"it is made for schema {manifest.schema_version}, this app reads {SCHEMA_VERSION}"
    if not edition.installed:
        return None
    meta = edition.meta or {}
    try:
        if version_tuple(str(meta["min_app_version"])) > version_tuple(__version__):
            return f"it needs app version {meta['min_app_version']} or newer"
        listed = [(str(e["path"]), int(e["size"])) for e in meta["entries"]]
    except (KeyError, TypeError, ValueError):
        return f"its record {META_NAME} is damaged"
    if manifest.content_version != edition.edition:
        return "its pages are not the edition its record names"
    for rel, size in listed:
        try:
            if (edition.path / rel).stat().st_size != size:
                return f"{rel} has changed size since it was installed"
        except OSError:
            return f"{rel} is missing"
    try:
        check_stamp(edition.path / WHOOSH_DIR, manifest)
    except StampUnreadable:
        return "its search index is missing"
    except StaleIndexError:
        return "its search index does not match its pages"
    return None


@dataclass
class Selection:
    edition: Edition
    skipped: list[tuple[Edition, str]] = field(default_factory=list)

    @property
    def notice(self) -> str:
        """One sentence per damaged edition passed over ('' when none was)."""
        return " ".join(
            f"The content update of {readable_date(bad.edition) if bad.edition else 'unknown date'}"
            f" ({bad.where()}) is damaged ({reason}), so the handbook shows the "
            f"{self.edition.describe()} instead."
            for bad, reason in self.skipped
        )


def select(
    shipped_dir: Path | None = None, machine_dir: Path | None = None, user_dir: Path | None = None
) -> Selection:
    """The newest usable edition; the shipped one when nothing else is usable."""
    found = all_editions(shipped_dir, machine_dir, user_dir)
    skipped: list[tuple[Edition, str]] = []
    for edition in found:
        problem = problem_of(edition)
        if problem is None:
            return Selection(edition, skipped)
        if edition.installed:
            skipped.append((edition, problem))
    return Selection(shipped_edition(shipped_dir), skipped)


def same_content(manifest_bytes: bytes | None, edition: Edition) -> bool:
    """True when a pack's manifest describes the same pages as ``edition`` (same hashes)."""
    fields = ("content_version", "source_hash", "documents_hash")
    try:
        theirs = json.loads(manifest_bytes or b"")
        ours = Manifest.read(edition.path)
        return all(theirs.get(name) == getattr(ours, name) for name in fields)
    except (ValueError, AttributeError, RuntimeError):
        return False


def index_in_use() -> Path:
    """The index folder of the edition in use (the app's default everywhere)."""
    return select().edition.path


def can_write(root: Path) -> bool:
    """True when files can be created in ``root`` (made if missing): tried, not guessed."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".probe-"):
            pass
    except OSError:
        return False
    return True


def remove_folder(folder: Path) -> None:
    """Take an edition folder away at once (a rename), then delete it at leisure."""
    aside = folder.with_name(f"{WORK_PREFIX}removed-{folder.name}")
    if aside.exists():
        shutil.rmtree(aside, ignore_errors=True)
    folder.rename(aside)
    shutil.rmtree(aside, ignore_errors=True)
