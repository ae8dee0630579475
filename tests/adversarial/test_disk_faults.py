"""Disk faults during saves: a full file system, a read-only home, ``kill -9`` mid-save, and two
copies of the app saving at the same moment. Nothing acknowledged is ever lost."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook import userfiles
from handbook.userdata import BOOKMARKS_NAME, SETTINGS_NAME, Bookmarks, Settings
from tests.adversarial.figures import FIGURES
from tests.helpers import ROOT, setting

# Saves a bookmark and the clinic name, fills or freezes the disk, then tries again.
DISK_SCRIPT = r"""
import json, os, sys
from pathlib import Path
from handbook.userdata import Bookmarks, Settings
folder, fault = Path(sys.argv[1]), sys.argv[2]
marks = Bookmarks.load(folder); marks.add("pnh", "", "PNH"); marks.save(folder)
settings = Settings.load(folder); settings.clinic_name = "Ward 7"; settings.save(folder)
if fault == "full":
    filler = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(filler, b"x" * 4096)
    except OSError:
        os.close(filler)
else:
    os.system(f"mount -o remount,ro '{folder}'")
errors = []
marks.add("red-flags", "", "Red flags")
settings.clinic_name = "Ward 8"
for item in (marks, settings):
    try:
        item.save(folder)
        errors.append("saved")
    except OSError as exc:
        errors.append(exc.strerror or str(exc))
again_marks, again_settings = Bookmarks.load(folder), Settings.load(folder)
print(json.dumps({
    "errors": errors,
    "pages": [b.page for b in again_marks.items],
    "clinic": again_settings.clinic_name,
    "problems": again_marks.problems + again_settings.problems,
    "temps": sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")),
}))
"""


def _private_mounts() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "true"], capture_output=True, timeout=30
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _private_mounts(), reason="needs root and unshare for a private tmpfs")
@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_full_or_read_only_user_folder_damages_nothing(tmp_path: Path, fault: str) -> None:
    """A 64 KB tmpfs in a private mount namespace (never visible outside this test)."""
    folder = tmp_path / "user data ü"
    folder.mkdir()
    command = (
        f"mount -t tmpfs -o size=64k tmpfs '{folder}' && "
        f"'{sys.executable}' -c \"$SCRIPT\" '{folder}' {fault}"
    )
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SCRIPT": DISK_SCRIPT, "HANDBOOK_USER_DIR": str(folder)},
    )
    FIGURES.faults += 2
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    wanted = "No space left on device" if fault == "full" else "Read-only file system"
    assert report["errors"] == [wanted, wanted]  # each save says why it failed
    lost = int(report["pages"] != ["pnh"]) + int(report["clinic"] != "Ward 7")
    FIGURES.data_lost += lost
    assert lost == 0 and report["problems"] == [] and report["temps"] == []


def test_a_full_disk_mid_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same without a tmpfs: the write itself fails with ENOSPC."""
    Settings(clinic_name="Ward 7").save(tmp_path)
    before = (tmp_path / SETTINGS_NAME).read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(userfiles.os, "fsync", full)
    settings = Settings.load(tmp_path)
    settings.clinic_name = "Ward 8"
    with pytest.raises(OSError, match="No space left"):
        settings.save(tmp_path)
    FIGURES.faults += 1
    monkeypatch.undo()
    assert (tmp_path / SETTINGS_NAME).read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))


SAVER_SCRIPT = r"""
import sys
from pathlib import Path
from handbook.userdata import Bookmarks, Settings
folder, name = Path(sys.argv[1]), sys.argv[2]
number = 0
while True:
    marks = Bookmarks.load(folder)
    marks.add(f"{name}-{number}", "", f"{name} {number}")
    marks.save(folder)
    settings = Settings.load(folder)
    settings.clinic_name = f"{name}-{number}"
    settings.save(folder)
    print(number, flush=True)  # acknowledged: both saves returned
    number += 1
"""


def test_kill_9_during_saves_loses_nothing_acknowledged(tmp_path: Path) -> None:
    """After each kill the files are valid and every acknowledged save is there."""
    loops = setting("HANDBOOK_KILL_LOOPS", 12)
    rng = random.Random(9)
    acknowledged: set[str] = set()
    env = {**os.environ, "HANDBOOK_USER_DIR": str(tmp_path)}
    for loop in range(loops):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER_SCRIPT, str(tmp_path), f"run{loop}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # started and saving
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        child.stdout.close()
        child.wait()
        FIGURES.faults += 1
        lines = [line for line in (first + rest).splitlines() if line.strip()]
        acknowledged.update(f"run{loop}-{line}" for line in lines)
        marks, settings = Bookmarks.load(tmp_path), Settings.load(tmp_path)
        assert marks.problems == [] and settings.problems == []
        on_disk = {b.page for b in marks.items}
        missing = acknowledged - on_disk
        FIGURES.data_lost += len(missing)
        assert not missing
        last = int(lines[-1]) if lines else -1
        assert settings.clinic_name in (f"run{loop}-{last}", f"run{loop}-{last + 1}")
    FIGURES.notes.append(f"kill -9 during saves: {loops} kills, {len(acknowledged)} acknowledged")
    # Temporary files of killed saves are removed once they are old enough to be orphans.
    for temp in tmp_path.glob(".*.tmp"):
        os.utime(temp, (time.time() - 3600, time.time() - 3600))
    Settings.load(tmp_path)
    Bookmarks.load(tmp_path)
    assert not list(tmp_path.glob(".*.tmp"))


RACER_SCRIPT = r"""
import sys
from pathlib import Path
from handbook.userdata import Bookmarks, Settings
folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
marks, settings = Bookmarks.load(folder), Settings.load(folder)  # one open window each
for number in range(count):
    marks.add(f"{name}-{number}", "", name)
    marks.save(folder)
    if name == "a":
        settings.clinic_name = f"a-{number}"
    else:
        settings.zoom = number % 10
    settings.save(folder)
"""


def test_two_copies_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    """D5: 274–295 of 600 bookmarks were lost when two copies saved in a tight loop."""
    count = 150
    env = {**os.environ, "HANDBOOK_USER_DIR": str(tmp_path)}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER_SCRIPT, str(tmp_path), name, str(count)],
            cwd=ROOT,
            env=env,
        )
        for name in ("a", "b")
    ]
    for racer in racers:
        assert racer.wait(timeout=300) == 0
    FIGURES.faults += 2 * count
    pages = {b.page for b in Bookmarks.load(tmp_path).items}
    expected = {f"{name}-{n}" for name in ("a", "b") for n in range(count)}
    FIGURES.data_lost += len(expected - pages)
    assert pages == expected
    final = Settings.load(tmp_path)
    assert (final.clinic_name, final.zoom) == (f"a-{count - 1}", (count - 1) % 10)
    assert json.loads((tmp_path / BOOKMARKS_NAME).read_text(encoding="utf-8"))
