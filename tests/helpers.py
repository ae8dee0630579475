"""What tests import: the folders they read, source-editing helpers and environment knobs.

``tests/conftest.py`` imports this module before it points HOME at a throw-away folder, so
``REAL_PROFILE`` is the tester's own per-user folder, the one the suite must never change.
Fixtures stay in the conftest files and are used by name; nothing imports a conftest.
"""

from __future__ import annotations

import csv
import os
import struct
import unicodedata
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_RESOURCES = Path(__file__).resolve().parent / "data" / "resources"
REAL_INDEX = ROOT / "index"
REAL_RESOURCES = ROOT / "resources"


def _real_profile_folder() -> Path:
    """The per-user folder the app would use for the person running the tests."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "BMF Handbook"


REAL_PROFILE = _real_profile_folder()


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder`` with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    if not folder.exists():
        return found
    for path in [folder, *folder.rglob("*")]:
        try:
            info = path.lstat()
        except OSError:
            continue
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


def edit_source(resources: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) with ``new`` in a file of the sources."""
    path = resources / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_source(resources: Path, rel: str, text: str) -> None:
    """Add ``text`` at the end of a file of the sources."""
    path = resources / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def setting(name: str, default: int) -> int:
    """A whole-number knob from the environment (longer adversarial runs), never negative."""
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


def png(width: int, height: int) -> bytes:
    """A real, tiny PNG (one grey row repeated), made here rather than shipped."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def page_lines(path: Path) -> list[list[str]]:
    """Each page's text lines as pypdf extracts them (ligatures unfolded)."""
    from pypdf import PdfReader

    pages = PdfReader(path).pages
    return [
        unicodedata.normalize("NFKC", page.extract_text()).replace("\t", " ").splitlines()
        for page in pages
    ]


def page_texts(path: Path) -> list[str]:
    """Each page's text with whitespace collapsed, for phrase checks across line breaks."""
    return [" ".join(" ".join(lines).split()) for lines in page_lines(path)]


# The worked examples of ../shared/reference/prognostic-scores.md, as the calculators read them.
EXAMPLES = Path(__file__).resolve().parent / "data" / "prognostic-scores-examples.csv"


def example_rows() -> dict[str, dict[str, str]]:
    with EXAMPLES.open(encoding="utf-8", newline="") as handle:
        return {row["ID"]: row for row in csv.DictReader(handle)}
