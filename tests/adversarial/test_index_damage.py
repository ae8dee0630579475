"""Damage in the middle of the real index's segment (the review's D1 cases): found, repaired,
and the judged queries answer again, without writing the install folder.

Reading the whole index misses some damage (256 bytes at offset 64 reads without an
error); the sizes and hashes the build records in the manifest catch all of it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from handbook import indexfiles
from handbook.indexlayout import MANIFEST_NAME, WHOOSH_DIR
from handbook.repair import open_search
from tests.adversarial.figures import FIGURES

QUERIES = ("ATG side effects", "serum sickness after ATG", "what does ANC mean", "PNH")


def _record_files(index: Path) -> None:
    """What the build records (an index built before records existed gets them here)."""
    path = index / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if not manifest.get("whoosh_files"):
        manifest["whoosh_files"] = indexfiles.describe(index / WHOOSH_DIR)
        path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(("at", "size"), [(0.25, 4096), (None, 256)])
def test_damage_anywhere_in_the_segment_is_repaired(
    index_copy: Path, tmp_path: Path, at: float | None, size: int
) -> None:
    _record_files(index_copy)
    segment = next((index_copy / WHOOSH_DIR).glob("*.seg"))
    data = bytearray(segment.read_bytes())
    start = 64 if at is None else int(len(data) * at)
    data[start : start + size] = random.Random(5).randbytes(size)
    segment.write_bytes(bytes(data))
    FIGURES.faults += 1
    opened = open_search(index_copy, tmp_path / "user-index")
    try:
        assert "damaged" in opened.notice
        empty = [q for q in QUERIES if not opened.engine.search(q).results]
    finally:
        opened.engine.close()
    assert empty == []
    assert segment.read_bytes() == bytes(data)  # the install folder is left as it was
