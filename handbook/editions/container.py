"""The content pack file: a signed header, then a JSON manifest and the compressed entries.

Layout (integers big-endian)::

    MAGIC (8) | format u16 | key id (8) | body length u64 | Ed25519 signature (64) | body
    body = manifest length u32 | manifest JSON | entry 1 (zlib) | entry 2 (zlib) | ...

The signature covers every byte but itself. :func:`open_pack` checks the size, the magic,
the key and the signature over the whole file before it parses anything inside; then the
manifest must list every entry with its path, size and SHA-256, each path a plain
relative one under the folders an index has, and every size within the limits below.
Nothing is written to disk here: the pack is verified whole in memory.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

from handbook.editions import PackRefused
from handbook.editions.keys import TrustedKey, key_id, load_trusted
from handbook.indexlayout import TOP_FILES, TOP_FOLDERS

MAGIC = b"BMFHPACK"
FORMAT = 1
_HEAD = struct.Struct(">8sH8sQ")
SIGNATURE_BYTES = 64
HEADER_BYTES = _HEAD.size + SIGNATURE_BYTES
_META_LEN = struct.Struct(">I")
PACK_SUFFIX = ".hbpack"

# Bounds: the handbook's own pack is about 1 MB holding about 3 MB; these leave room to grow
# while keeping a hostile or broken file from filling a disk or the memory.
MAX_PACK_BYTES = 64 * 2**20
MAX_META_BYTES = 4 * 2**20
MAX_ENTRIES = 5000
MAX_ENTRY_BYTES = 16 * 2**20
MAX_TOTAL_BYTES = 256 * 2**20

# A pack holds what an index holds at run time (handbook.indexlayout's TOP_FILES and
# TOP_FOLDERS); the Whoosh folder is never shipped (it holds pickles).
SUFFIXES = frozenset(
    {".html", ".css", ".json", ".jsonl", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".icns"}
)
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
MAX_DEPTH = 4


@dataclass(frozen=True)
class Entry:
    path: str
    size: int
    sha256: str
    stored: int = 0  # bytes in the pack (compressed)


@dataclass
class Pack:
    """A verified pack: its manifest, and every entry's bytes (already checked)."""

    meta: dict[str, Any]
    files: dict[str, bytes]
    signed_by: Path
    raw: bytes = field(repr=False)  # the verified file, kept so it is the copy installed
    entries: list[Entry] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.raw)

    @property
    def edition(self) -> str:
        return str(self.meta["edition"])

    @property
    def built(self) -> str:
        return str(self.meta["built"])

    @property
    def changes(self) -> dict[str, Any]:
        changes = self.meta.get("changes")
        return changes if isinstance(changes, dict) else {"compared_with": None, "entries": []}


def path_problem(path: str) -> str | None:
    """Why ``path`` may not be a pack entry, or None when it is a plain path inside the index."""
    if not isinstance(path, str) or not path:
        return "an entry has no path"
    if "\\" in path or path.startswith("/") or ":" in path or "\0" in path:
        return f"entry {path!r} is an absolute or foreign path"
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"entry {path!r} would be written outside its folder"
    if len(parts) > MAX_DEPTH or not all(_PART.match(part) for part in parts):
        return f"entry {path!r} has a name the handbook does not use"
    if len(parts) == 1:
        return None if path in TOP_FILES else f"entry {path!r} is not part of a handbook edition"
    if parts[0] not in TOP_FOLDERS:
        return f"entry {path!r} is not part of a handbook edition"
    if Path(parts[-1]).suffix.lower() not in SUFFIXES:
        return f"entry {path!r} is a kind of file a handbook edition does not hold"
    return None


def seal(meta: Mapping[str, Any], stored: list[bytes], signing_key: SigningKey) -> bytes:
    """The signed pack bytes for a manifest and its already-compressed entries (no checks)."""
    meta_bytes = json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8")
    body = _META_LEN.pack(len(meta_bytes)) + meta_bytes + b"".join(stored)
    head = _HEAD.pack(MAGIC, FORMAT, key_id(bytes(signing_key.verify_key)), len(body))
    signature = signing_key.sign(head + body).signature
    return head + signature + body


def build_pack_bytes(
    files: Mapping[str, bytes], meta: Mapping[str, Any], signing_key: SigningKey
) -> bytes:
    """Check every path and size, compress, list and sign: the bytes of a pack file."""
    entries: list[dict[str, Any]] = []
    stored: list[bytes] = []
    for path in sorted(files):
        problem = path_problem(path)
        if problem is not None:
            raise PackRefused(f"Cannot make the pack: {problem}.")
        data = files[path]
        if len(data) > MAX_ENTRY_BYTES:
            raise PackRefused(f"Cannot make the pack: {path} is over {_mb(MAX_ENTRY_BYTES)}.")
        packed = zlib.compress(data, 9)
        entries.append(
            {
                "path": path,
                "size": len(data),
                "stored": len(packed),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        stored.append(packed)
    return seal({**meta, "entries": entries}, stored, signing_key)


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def open_pack(path: Path, trusted: dict[bytes, TrustedKey] | None = None) -> Pack:
    """Read and verify a pack file; PackRefused with one sentence when anything is wrong."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise PackRefused(f"{path} is not a file.")
        if size > MAX_PACK_BYTES:
            raise PackRefused(
                f"{path.name} is {_mb(size)}, larger than any handbook content pack "
                f"({_mb(MAX_PACK_BYTES)} at most)."
            )
        blob = path.read_bytes()
    except FileNotFoundError:
        raise PackRefused(f"{path} does not exist.") from None
    except OSError as exc:
        raise PackRefused(f"{path} cannot be read ({exc.strerror or exc}).") from None
    return verify_bytes(blob, trusted)


def verify_bytes(blob: bytes, trusted: dict[bytes, TrustedKey] | None = None) -> Pack:
    """Verify the signature over all of ``blob``, then check and unpack what it lists."""
    if len(blob) > MAX_PACK_BYTES:
        raise PackRefused(f"The pack is larger than {_mb(MAX_PACK_BYTES)}.")
    if len(blob) < HEADER_BYTES or blob[:8] != MAGIC:
        if MAGIC.startswith(blob[:8]) and len(blob) < HEADER_BYTES:
            raise PackRefused("The pack is incomplete (truncated): copy it again.")
        raise PackRefused("This is not a handbook content pack.")
    magic, version, signer, body_length = _HEAD.unpack_from(blob)
    if version != FORMAT:
        raise PackRefused(
            f"The pack has format {version}, which this version of the app cannot read."
        )
    keys = load_trusted() if trusted is None else trusted
    key = keys.get(signer)
    if key is None:
        raise PackRefused(
            f"The pack is signed with a key this handbook does not trust (key {signer.hex()})."
        )
    expected = HEADER_BYTES + body_length
    if len(blob) < expected:
        raise PackRefused("The pack is incomplete (truncated): copy it again.")
    if len(blob) > expected:
        raise PackRefused("The pack is damaged: it has data after its end.")
    signature = blob[_HEAD.size : HEADER_BYTES]
    if not key.verifies(blob[: _HEAD.size] + blob[HEADER_BYTES:], signature):
        raise PackRefused(
            "The pack's signature does not match: it was altered or damaged after it was signed."
        )
    # From here on the bytes are the editors' own; the checks below guard against their
    # mistakes and keep every size bounded all the same.
    return _unpack(blob[HEADER_BYTES:], key.path, blob)


def _unpack(body: bytes, signed_by: Path, raw: bytes) -> Pack:
    if len(body) < _META_LEN.size:
        raise PackRefused("The pack is damaged: it has no manifest.")
    (meta_length,) = _META_LEN.unpack_from(body)
    if meta_length > MAX_META_BYTES or _META_LEN.size + meta_length > len(body):
        raise PackRefused("The pack is damaged: its manifest is larger than the pack.")
    try:
        meta = json.loads(body[_META_LEN.size : _META_LEN.size + meta_length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackRefused("The pack is damaged: its manifest is not valid JSON.") from None
    listed = meta.get("entries") if isinstance(meta, dict) else None
    if not isinstance(listed, list) or not listed:
        raise PackRefused("The pack is damaged: its manifest lists no entries.")
    if len(listed) > MAX_ENTRIES:
        raise PackRefused(f"The pack lists {len(listed)} entries, over the limit of {MAX_ENTRIES}.")
    for name in ("edition", "built", "schema_version", "min_app_version"):
        if name not in meta:
            raise PackRefused(f"The pack is damaged: its manifest has no {name!r}.")
    entries = [_entry(item) for item in listed]
    seen: set[str] = set()
    total = 0
    for entry in entries:
        folded = entry.path.lower()  # Windows and macOS would write two names as one file
        if folded in seen:
            raise PackRefused(f"The pack is refused: entry {entry.path!r} is listed twice.")
        seen.add(folded)
        total += entry.size
    if total > MAX_TOTAL_BYTES:
        raise PackRefused(
            f"The pack would unpack to {_mb(total)}, over the limit of {_mb(MAX_TOTAL_BYTES)}."
        )
    files: dict[str, bytes] = {}
    offset = _META_LEN.size + meta_length
    for entry in entries:
        chunk = body[offset : offset + entry.stored]
        offset += entry.stored
        if len(chunk) != entry.stored:
            raise PackRefused("The pack is damaged: an entry runs past its end.")
        files[entry.path] = _inflate(chunk, entry)
    if offset != len(body):
        raise PackRefused("The pack is damaged: its entries do not fill it exactly.")
    return Pack(meta, files, signed_by, raw, entries)


def _entry(item: Any) -> Entry:
    if not isinstance(item, dict):
        raise PackRefused("The pack is damaged: an entry of its manifest is not a record.")
    path = item.get("path")
    if not isinstance(path, str):
        raise PackRefused("The pack is refused: an entry has no path.")
    problem = path_problem(path)
    if problem is not None:
        raise PackRefused(f"The pack is refused: {problem}.")
    size, stored, digest = item.get("size"), item.get("stored"), item.get("sha256")
    if not (_is_count(size) and _is_count(stored)):
        raise PackRefused(f"The pack is damaged: entry {path!r} has no usable size.")
    assert isinstance(size, int) and isinstance(stored, int)  # checked just above
    if size > MAX_ENTRY_BYTES or stored > MAX_ENTRY_BYTES:
        raise PackRefused(
            f"The pack is refused: entry {path!r} is {_mb(max(size, stored))}, over the "
            f"limit of {_mb(MAX_ENTRY_BYTES)} for one file."
        )
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise PackRefused(f"The pack is damaged: entry {path!r} has no SHA-256.")
    return Entry(path, size, digest, stored)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _inflate(chunk: bytes, entry: Entry) -> bytes:
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(chunk, entry.size + 1)  # never more than it claims
    except zlib.error:
        raise PackRefused(
            f"The pack is damaged: entry {entry.path!r} cannot be unpacked."
        ) from None
    if len(data) != entry.size or not inflater.eof or inflater.unconsumed_tail:
        raise PackRefused(f"The pack is damaged: entry {entry.path!r} is not the size it claims.")
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise PackRefused(f"The pack is damaged: entry {entry.path!r} does not match its SHA-256.")
    return data
