"""The index's stamp: schema version, source hash, and the check that refuses a stale index."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbook.indexlayout import MANIFEST_NAME, STAMP_NAME, WHOOSH_DIR

if TYPE_CHECKING:  # hashlib is imported when hashing, not at start-up (about 2 ms)
    import hashlib

# Bump when the layout of index/ or the meaning of a field changes.
SCHEMA_VERSION = 1

# Code whose change alters what the build writes: part of the source hash, so an
# index built by older code is stale even when the Markdown has not changed.
BUILD_CODE = (
    "build",
    "analysis.py",
    "disclaimer.py",
    "indexer.py",
    "indexfiles.py",
    "indexlayout.py",
    "manifest.py",
    "nobreak.py",
    "placeholders.py",
    "questionvectors.py",
    "textutil.py",
    "wordpiece.py",
)
MAX_MANIFEST_BYTES = 1 << 20
SOURCE_PARTS = (
    "content",
    "snippets",
    "keyfacts.yml",
    "glossary.yml",
    "search",
    "images",
    "styles",
    "icons",
)


class StaleIndexError(RuntimeError):
    """The index does not match the sources or this version of the app."""


class StampUnreadable(StaleIndexError):
    """The search index's stamp is missing or damaged; ``cause`` names the error."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    app_version: str
    content_version: str
    source_hash: str
    documents_hash: str
    pages: int
    documents: int
    # Size and SHA-256 of each Whoosh file (handbook.indexfiles), checked before opening.
    whoosh_files: dict[str, list[Any]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, index_dir: Path) -> Manifest:
        from handbook import safejson

        path = index_dir / MANIFEST_NAME
        try:
            data = safejson.read_json(path, MAX_MANIFEST_BYTES)
            required = {n: data[n] for n in cls.__dataclass_fields__ if n != "whoosh_files"}
            files = data.get("whoosh_files", {})
            if not isinstance(files, dict):
                raise TypeError("whoosh_files")
            return cls(**required, whoosh_files=files)
        except FileNotFoundError:
            raise StaleIndexError(f"{path}: missing; run 'handbook build'") from None
        except safejson.UserFileError as exc:
            raise StaleIndexError(f"{path}: damaged ({exc.reason})") from None
        except (KeyError, TypeError, AttributeError) as exc:
            raise StaleIndexError(f"{path}: damaged ({exc.__class__.__name__})") from None


def _normalised(data: bytes) -> bytes:
    # A Windows checkout with CRLF endings must hash like a Linux one.
    return data.replace(b"\r\n", b"\n")


def _hash_tree(digest: hashlib._Hash, base: Path, rel_root: Path) -> None:
    files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(rel_root).as_posix().encode("utf-8") + b"\0")
        digest.update(_normalised(path.read_bytes()) + b"\0")


def source_hash(resources: Path) -> str:
    """SHA-256 over the content sources, the build code and the schema version."""
    import hashlib

    digest = hashlib.sha256(f"schema={SCHEMA_VERSION}\n".encode())
    for part in SOURCE_PARTS:
        if (resources / part).exists():
            _hash_tree(digest, resources / part, resources)
    package = Path(__file__).resolve().parent
    for part in BUILD_CODE:
        if (package / part).exists():
            _hash_tree(digest, package / part, package)
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_fresh(index_dir: Path, resources: Path) -> Manifest:
    """Return the manifest, or raise StaleIndexError saying why the index is stale."""
    manifest = Manifest.read(index_dir)
    if manifest.schema_version != SCHEMA_VERSION:
        raise StaleIndexError(
            f"{index_dir}: schema {manifest.schema_version}, this app needs {SCHEMA_VERSION}; "
            "run 'handbook build'"
        )
    expected = source_hash(resources)
    if manifest.source_hash != expected:
        raise StaleIndexError(
            f"{index_dir}: built from other sources than {resources} "
            "(content or build code changed since); run 'handbook build'"
        )
    check_whoosh_files(index_dir, manifest)
    return manifest


def check_whoosh_files(index_dir: Path, manifest: Manifest) -> None:
    """Raise StaleIndexError when the Whoosh files differ from the manifest's record."""
    from handbook import indexfiles

    if not manifest.whoosh_files:
        return  # built before files were recorded
    try:
        indexfiles.verify(index_dir / WHOOSH_DIR, manifest.whoosh_files)
    except indexfiles.IndexDamaged as exc:
        raise StaleIndexError(f"{exc}; run 'handbook build'") from None


def stamp_text(documents_hash: str) -> str:
    """The search index's stamp: the schema and the documents it is made from."""
    stamp = {"schema_version": SCHEMA_VERSION, "documents_hash": documents_hash}
    return json.dumps(stamp, indent=2) + "\n"


def check_stamp(whoosh_dir: Path, manifest: Manifest) -> None:
    """Raise StaleIndexError unless the search index in ``whoosh_dir`` was made by this
    schema from the manifest's documents (StampUnreadable when the stamp cannot be read)."""
    try:
        stamp = json.loads((whoosh_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise StampUnreadable(
            f"{whoosh_dir}: missing or damaged stamp", exc.__class__.__name__
        ) from None
    if (
        not isinstance(stamp, dict)
        or stamp.get("schema_version") != SCHEMA_VERSION
        or stamp.get("documents_hash") != manifest.documents_hash
    ):
        raise StaleIndexError(f"{whoosh_dir}: stale (built from other pages than the catalog's)")
