"""Two copies of the app never interleave a save (handbook/filelock.py)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook.filelock import LockTimeout, lock_path, locked
from tests.helpers import ROOT

HOLDER = """
import sys, time
from pathlib import Path
from handbook.filelock import locked
with locked(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_the_lock_is_a_hidden_file_beside_the_one_it_guards(tmp_path: Path) -> None:
    assert lock_path(tmp_path / "settings.json") == tmp_path / ".settings.json.lock"


def test_the_lock_makes_the_folder_and_is_free_again_afterwards(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "bookmarks.json"
    with locked(target):
        assert lock_path(target).exists()
    with locked(target, wait=0):
        pass


def test_a_second_holder_waits_then_gives_up_with_a_reason(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    with locked(target):
        started = time.monotonic()
        with pytest.raises(
            LockTimeout, match="another copy of the handbook is still saving settings.json"
        ):
            with locked(target, wait=0.1):
                pass  # pragma: no cover - never reached
        assert time.monotonic() - started >= 0.1


def test_a_copy_killed_while_holding_the_lock_leaves_none_behind(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(target)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with pytest.raises(LockTimeout):
                with locked(target, wait=0.05):
                    pass  # pragma: no cover - never reached
        finally:
            holder.kill()  # as kill -9 or a power cut would
            holder.wait(timeout=10)
    with locked(target, wait=5):
        pass


def test_a_folder_where_no_lock_can_be_made_raises_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the user folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        with locked(blocker / "settings.json"):
            pass  # pragma: no cover - never reached
