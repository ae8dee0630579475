"""The Whoosh files' sizes and SHA-256 hashes, recorded when an index is written and checked
before it is opened, so a damaged segment is found before a search quietly misses pages.

The shipped index's record is in ``manifest.json`` (``whoosh_files``, written by the
build); an index repaired at run time keeps its own in ``whoosh/files.json``. Hashing the
whole index (about 6 MB) takes under 10 ms. :func:`read_everything` is the slower second
line (about 1 s): it reads every stored document and posting list, for ``handbook check``,
for an index without a record, and after a search failed inside Whoosh.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handbook.indexlayout import RECORD_NAME, STAMP_NAME

# Not part of the index's contents: the stamp is checked on its own, the lock is empty.
NOT_RECORDED = frozenset({STAMP_NAME, RECORD_NAME, "MAIN_WRITELOCK"})
MAX_RECORD_BYTES = 1 << 20

Record = dict[str, list[Any]]  # file name -> [size in bytes, sha256 hex]


class IndexDamaged(RuntimeError):
    """The index's files are not what was written; the message names the first bad one."""


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def describe(whoosh_dir: Path) -> Record:
    """Size and hash of every file of the index in ``whoosh_dir``."""
    return {
        path.name: [path.stat().st_size, _sha256(path)]
        for path in sorted(whoosh_dir.iterdir())
        if path.is_file() and path.name not in NOT_RECORDED
    }


def write_record(whoosh_dir: Path) -> None:
    """Record the files of an index written at run time (a repaired copy)."""
    text = json.dumps(describe(whoosh_dir), indent=2, sort_keys=True) + "\n"
    (whoosh_dir / RECORD_NAME).write_text(text, encoding="utf-8")


def read_record(whoosh_dir: Path) -> Record | None:
    """The record beside a repaired index, or None when there is none (or it is unusable)."""
    from handbook import safejson

    try:
        data = safejson.read_json(whoosh_dir / RECORD_NAME, MAX_RECORD_BYTES)
    except (OSError, safejson.UserFileError):
        return None
    return data if is_record(data) else None


def is_record(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and bool(data)
        and all(
            isinstance(name, str)
            and isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], int)
            and isinstance(entry[1], str)
            for name, entry in data.items()
        )
    )


def verify(whoosh_dir: Path, expected: Record) -> None:
    """Raise IndexDamaged unless the index's files are exactly the recorded ones."""
    try:
        present = {
            p.name
            for p in whoosh_dir.iterdir()
            if p.name not in NOT_RECORDED and not p.name.startswith(".")
        }
    except OSError as exc:
        raise IndexDamaged(f"{whoosh_dir}: cannot be listed ({exc.__class__.__name__})") from None
    missing = sorted(set(expected) - present)
    if missing:
        raise IndexDamaged(f"{whoosh_dir}: {missing[0]} is missing")
    for name, (size, digest) in sorted(expected.items()):
        path = whoosh_dir / name
        try:
            if path.stat().st_size != size:
                raise IndexDamaged(f"{whoosh_dir}: {name} has the wrong size (damaged)")
            if _sha256(path) != digest:
                raise IndexDamaged(f"{whoosh_dir}: {name} does not match its record (damaged)")
        except OSError as exc:
            raise IndexDamaged(
                f"{whoosh_dir}: {name} cannot be read ({exc.__class__.__name__})"
            ) from None


def read_everything(ix: Any) -> None:
    """Read every stored document and every posting list; raises whatever Whoosh raises."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        count = reader.doc_count_all()
        if count == 0:
            raise IndexDamaged("the index holds no documents")
        for docnum in range(count):
            reader.stored_fields(docnum)
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                for _docnum in reader.postings(fieldname, term).all_ids():
                    pass
