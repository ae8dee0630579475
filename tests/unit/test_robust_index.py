"""Index faults from the December 2026 reliability review (D1, D15, D21): damage in the middle of
a segment is found at open and by ``check``, a Whoosh error is never a silent "Nothing found",
and odd index files give one line, never a traceback."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from handbook import indexfiles, selfcheck
from handbook.indexlayout import MANIFEST_NAME, RECORD_NAME, WHOOSH_DIR
from handbook.manifest import Manifest, StaleIndexError, check_fresh
from handbook.repair import open_search
from handbook.search import IndexUnavailable, SearchEngine
from tests.helpers import ROOT


@pytest.fixture()
def shipped(fixture_index: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "install" / "index"
    shutil.copytree(fixture_index, copy)
    return copy


def _segment(index: Path) -> Path:
    return next((index / WHOOSH_DIR).glob("*.seg"))


def _scramble(path: Path, at: float, size: int, seed: int = 5) -> None:
    """Random bytes in place, as bit rot or a half-copied USB stick leaves them."""
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    rng = random.Random(seed)
    data[start : start + size] = bytes(rng.getrandbits(8) for _ in range(size))
    path.write_bytes(bytes(data[: len(path.read_bytes())]))


def _install_listing(index: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (index / WHOOSH_DIR).iterdir()}


def test_4_kb_of_damage_in_a_segment_is_found_at_open_and_repaired(
    shipped: Path, tmp_path: Path
) -> None:
    """D1: such damage passed every check and 20 of 229 judged queries came back empty."""
    _scramble(_segment(shipped), 0.25, 4096)
    before = _install_listing(shipped)
    opened = open_search(shipped, tmp_path / "user-index")
    assert "damaged or out of date" in opened.notice
    assert opened.engine.search("PNH").results[0].page == "pnh"
    assert _install_listing(shipped) == before  # the install folder is never written
    opened.engine.close()
    again = open_search(shipped, tmp_path / "user-index")
    assert again.notice == ""  # the repaired copy, with its own record, is reused
    again.engine.close()


def test_check_fails_on_a_damaged_segment(shipped: Path) -> None:
    _scramble(_segment(shipped), 0.5, 256)
    checks = {name: (ok, figure) for name, ok, figure in selfcheck.collect(shipped)}
    assert checks["search index"][0] is False
    assert "does not match its record" in checks["search index"][1]


def test_without_a_record_the_whole_index_is_read_at_open(shipped: Path, tmp_path: Path) -> None:
    manifest = json.loads((shipped / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["whoosh_files"] = {}
    (shipped / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    segment = _segment(shipped)
    _scramble(segment, 0.2, segment.stat().st_size // 2)
    opened = open_search(shipped, tmp_path / "user-index")
    assert "damaged or out of date" in opened.notice
    opened.engine.close()


def _fail_inside_whoosh(engine: SearchEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """This engine's searches fail as a damaged block does ("Block tag error")."""
    searcher = engine._searcher()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise Exception("Block tag error")

    # Searches read postings directly (handbook/postings.py) and through Whoosh's search.
    monkeypatch.setattr(searcher, "search", broken)
    monkeypatch.setattr(searcher.reader(), "postings", broken)


def test_a_whoosh_error_during_a_search_repairs_the_index(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D1: every Whoosh error was taken for "no results" and no repair started."""
    opened = open_search(shipped, tmp_path / "user-index")
    _fail_inside_whoosh(opened.engine, monkeypatch)
    monkeypatch.setattr(
        indexfiles, "read_everything", lambda ix: (_ for _ in ()).throw(Exception("bad block"))
    )
    outcome = opened.engine.search("PNH")
    monkeypatch.undo()
    assert outcome.unavailable == "" and outcome.results[0].page == "pnh"
    assert (tmp_path / "user-index" / WHOOSH_DIR / RECORD_NAME).is_file()
    opened.engine.close()


def test_a_damaged_index_that_cannot_be_repaired_says_so(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = SearchEngine.open(shipped)
    _fail_inside_whoosh(engine, monkeypatch)
    monkeypatch.setattr(
        indexfiles, "read_everything", lambda ix: (_ for _ in ()).throw(Exception("bad block"))
    )
    outcome = engine.search("PNH")
    assert outcome.results == [] and "bad block" in outcome.unavailable
    assert outcome.message.startswith("Search is not available")
    assert "Nothing found" not in outcome.message


def test_a_query_whoosh_cannot_run_on_an_intact_index_is_not_called_nothing_found(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = SearchEngine.open(shipped)
    _fail_inside_whoosh(engine, monkeypatch)
    outcome = engine.search("PNH")
    assert outcome.unavailable == "" and "could not be run" in outcome.message
    engine.close()


def test_a_stale_manifest_fails_at_once_without_a_rebuild(shipped: Path, tmp_path: Path) -> None:
    """D21: a 1.5 s rebuild ran on every start and was then thrown away."""
    manifest = json.loads((shipped / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["documents_hash"] = "0" * 64
    (shipped / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="does not match the manifest") as caught:
        open_search(shipped, tmp_path / "user-index")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "user-index" / WHOOSH_DIR).exists()


def test_build_check_is_not_fresh_with_a_truncated_segment(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D21: ``build --check`` said "fresh" with a truncated segment."""
    # The sources are taken as unchanged: only the index's own files are under test here.
    recorded = Manifest.read(shipped).source_hash
    monkeypatch.setattr("handbook.manifest.source_hash", lambda resources: recorded)
    check_fresh(shipped, shipped.parent / "resources")
    segment = _segment(shipped)
    segment.write_bytes(segment.read_bytes()[:1000])
    with pytest.raises(StaleIndexError, match="wrong size"):
        check_fresh(shipped, shipped.parent / "resources")


def _cli(*args: str, user: Path) -> subprocess.CompletedProcess[str]:
    env = {"HANDBOOK_USER_DIR": str(user), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "handbook", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        (MANIFEST_NAME, "folder"),
        (MANIFEST_NAME, "nested"),
        ("catalog.json", "folder"),
        ("catalog.json", "nested"),
    ],
)
def test_odd_index_files_give_one_line_not_a_traceback(
    shipped: Path, tmp_path: Path, name: str, damage: str
) -> None:
    """D15: a folder in place of manifest.json or catalog.json, or one nested 100,000 deep."""
    path = shipped / name
    path.unlink()
    if damage == "folder":
        path.mkdir()
    else:
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    command = ("search", "PNH") if name == MANIFEST_NAME else ("list",)
    done = _cli("--index", str(shipped), *command, user=tmp_path / "u")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
