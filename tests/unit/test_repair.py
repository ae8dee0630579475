"""A damaged, missing or stale search index is rebuilt into the per-user folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.indexlayout import WHOOSH_DIR
from handbook.repair import open_search
from handbook.search import IndexUnavailable
from tests.helpers import ROOT


@pytest.fixture()
def shipped(fixture_index: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "install" / "index"
    shutil.copytree(fixture_index, copy)
    return copy


def _damage_truncate(index: Path) -> None:
    for seg in (index / WHOOSH_DIR).glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:100])


def _damage_garbage(index: Path) -> None:
    for item in (index / WHOOSH_DIR).iterdir():
        item.write_bytes(b"\x00garbage" * 50)


def _damage_delete(index: Path) -> None:
    shutil.rmtree(index / WHOOSH_DIR)


def _damage_stale(index: Path) -> None:
    stamp = index / WHOOSH_DIR / "stamp.json"
    data = json.loads(stamp.read_text(encoding="utf-8"))
    data["documents_hash"] = "0" * 64
    stamp.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "damage", [_damage_truncate, _damage_garbage, _damage_delete, _damage_stale]
)
def test_damaged_index_is_rebuilt_outside_the_install(
    shipped: Path, tmp_path: Path, damage
) -> None:  # type: ignore[no-untyped-def]
    damage(shipped)
    before = (
        sorted(p.name for p in (shipped / WHOOSH_DIR).iterdir())
        if (shipped / WHOOSH_DIR).exists()
        else []
    )
    user = tmp_path / "user-index"
    opened = open_search(shipped, user)
    assert "damaged or out of date" in opened.notice
    assert opened.engine.search("PNH").results[0].page == "pnh"
    assert (user / WHOOSH_DIR / "stamp.json").is_file()
    after = (
        sorted(p.name for p in (shipped / WHOOSH_DIR).iterdir())
        if (shipped / WHOOSH_DIR).exists()
        else []
    )
    assert after == before, "the install folder must not be written"
    opened.engine.close()
    # The next start reuses the repaired copy silently.
    again = open_search(shipped, user)
    assert again.notice == ""
    again.engine.close()


def test_unrepairable_index_fails_with_one_line(shipped: Path, tmp_path: Path) -> None:
    _damage_delete(shipped)
    (shipped / "documents.jsonl").write_text("not json\n", encoding="utf-8")
    with pytest.raises(IndexUnavailable) as caught:
        open_search(shipped, tmp_path / "user-index")
    assert "\n" not in str(caught.value)


def test_cli_search_repairs_and_says_so(shipped: Path, tmp_path: Path) -> None:
    _damage_garbage(shipped)
    env = {"HANDBOOK_USER_DIR": str(tmp_path / "u"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "handbook", "--index", str(shipped), "search", "PNH", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "damaged or out of date" in done.stderr
    assert json.loads(done.stdout)["results"][0]["page"] == "pnh"
    _damage_delete(shipped)
    (shipped / "documents.jsonl").unlink()
    shutil.rmtree(tmp_path / "u")
    broken = subprocess.run(
        [sys.executable, "-m", "handbook", "--index", str(shipped), "search", "PNH"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert broken.returncode == 1
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr
