"""Every file a user or a colleague hands the handbook, damaged every way a file can be.

Settings, bookmarks, an imported bookmarks file and a ``score --csv`` input: garbage, empty,
a sparse 2 GB file, nested 100,000 deep, wrong types, a folder in its place, a symlink to
another file, unreadable. The app starts (the loader returns), says what was wrong once,
keeps the damaged file, and loses nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook import cli
from handbook.userdata import BOOKMARKS_NAME, SETTINGS_NAME, Bookmark, Bookmarks, Settings
from tests.adversarial.figures import FIGURES
from tests.helpers import ROOT

CLINIC = {"clinic_name": "Ward 7", "clinic_phone": "0123 456", "zoom": 2}
MARKS = [Bookmark("pnh", "", "PNH", "2026-11-25"), Bookmark("mds", "", "MDS", "2026-11-25")]


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _huge(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(2 << 30)  # sparse: no disk is used


def _nested(path: Path) -> None:
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)


def _wrong_types(path: Path) -> None:
    path.write_text(json.dumps({"page": 3, "zoom": "big", "theme": ["dark"]}), encoding="utf-8")


def _folder(path: Path) -> None:
    path.mkdir()


def _symlink(path: Path) -> None:
    path.symlink_to(path.parent / "precious.txt")


FAULTS: dict[str, Callable[[Path], None]] = {
    "garbage": _garbage,
    "empty": _empty,
    "sparse 2 GB": _huge,
    "nested 100,000 deep": _nested,
    "wrong types": _wrong_types,
    "a folder in its place": _folder,
    "a symlink to another file": _symlink,
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _setup(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    precious = folder / "precious.txt"
    precious.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return precious


@pytest.mark.parametrize("fault", FAULTS)
def test_a_damaged_settings_file(tmp_path: Path, fault: str) -> None:
    precious = _setup(tmp_path)
    Bookmarks(MARKS).save(tmp_path)
    bookmarks_before = _digest(tmp_path / BOOKMARKS_NAME)
    FAULTS[fault](tmp_path / SETTINGS_NAME)
    FIGURES.faults += 1
    settings = Settings.load(tmp_path)
    assert len(settings.problems) == 1, settings.problems  # said once
    settings.zoom = 4
    try:
        settings.save(tmp_path)  # the window's close
    except OSError:
        assert fault == "a folder in its place"  # left alone, and the save says so
    kept = list(tmp_path.glob(f"{SETTINGS_NAME}.damaged-*"))
    if fault != "a folder in its place":
        assert len(kept) == 1  # the damaged file (or the link) is kept, renamed
    if fault == "a symlink to another file":
        assert kept[0].is_symlink()
    lost = int(_digest(tmp_path / BOOKMARKS_NAME) != bookmarks_before)
    lost += int(precious.read_text(encoding="utf-8").startswith("root:") is False)
    FIGURES.data_lost += lost
    assert lost == 0
    assert Settings.load(tmp_path).problems in ([], [settings.problems[0]])


@pytest.mark.parametrize("fault", FAULTS)
def test_a_damaged_bookmarks_file(tmp_path: Path, fault: str) -> None:
    precious = _setup(tmp_path)
    Settings(**CLINIC).save(tmp_path)  # type: ignore[arg-type]
    settings_before = _digest(tmp_path / SETTINGS_NAME)
    FAULTS[fault](tmp_path / BOOKMARKS_NAME)
    FIGURES.faults += 1
    marks = Bookmarks.load(tmp_path)
    assert len(marks.problems) == 1, marks.problems  # said once
    marks.add("red-flags", "", "Red flags")
    try:
        marks.save(tmp_path)
    except OSError:
        assert fault == "a folder in its place"
    lost = int(_digest(tmp_path / SETTINGS_NAME) != settings_before)
    lost += int(not precious.read_text(encoding="utf-8").startswith("root:"))
    if fault != "a folder in its place":
        lost += int([b.page for b in Bookmarks.load(tmp_path).items] != ["red-flags"])
    FIGURES.data_lost += lost
    assert lost == 0


@pytest.mark.parametrize("fault", FAULTS)
def test_a_damaged_file_to_import(tmp_path: Path, fault: str) -> None:
    _setup(tmp_path)
    shared = tmp_path / "shared.json"
    FAULTS[fault](shared)
    FIGURES.faults += 1
    marks = Bookmarks(list(MARKS))
    try:
        marks.import_file(shared)
    except ValueError as exc:
        assert "shared.json" in str(exc) and "\n" not in str(exc)
    else:
        raise AssertionError(f"{fault}: imported")
    assert marks.items == MARKS


@pytest.mark.parametrize("fault", [*FAULTS, "not a CSV", "a header only"])
def test_a_damaged_csv_for_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fault: str
) -> None:
    _setup(tmp_path)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    if fault == "not a CSV":
        source.write_bytes(b"\x00\x01PK\x03\x04" * 500)
    elif fault == "a header only":
        source.write_text("HB,PLT\n", encoding="utf-8")
    else:
        FAULTS[fault](source)
    FIGURES.faults += 1
    code = cli.main(["score", "--csv", str(source), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not target.exists()


UNREADABLE_SCRIPT = r"""
import json, sys
from pathlib import Path
from handbook.userdata import Bookmarks, Settings
from handbook import cli
folder = Path(sys.argv[1])
settings = Settings.load(folder)
marks = Bookmarks.load(folder)
said = settings.problems + marks.problems
saved = []
for item in (settings, marks):
    try:
        item.save(folder)
        saved.append("saved")
    except OSError as exc:
        saved.append(str(exc))
try:
    Bookmarks().import_file(folder / "shared.json")
    imported = "imported"
except ValueError as exc:
    imported = str(exc)
code = cli.main(["score", "--csv", str(folder / "in.csv"), "-o", str(folder / "out.csv")])
print(json.dumps({"said": said, "saved": saved, "imported": imported, "score": code}))
"""


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="as root, permissions are only enforced without CAP_DAC_OVERRIDE (setpriv)",
)
def test_unreadable_files_are_never_saved_over(tmp_path: Path) -> None:
    """chmod 000, read by a process that permissions apply to (root drops its override)."""
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / SETTINGS_NAME).write_text(json.dumps(CLINIC), encoding="utf-8")
    Bookmarks(MARKS).save(folder)
    (folder / "shared.json").write_text((folder / BOOKMARKS_NAME).read_text(), encoding="utf-8")
    (folder / "in.csv").write_text("HB,PLT\n9,100\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    for name in (SETTINGS_NAME, BOOKMARKS_NAME, "shared.json", "in.csv"):
        (folder / name).chmod(0)
    FIGURES.faults += 4
    prefix: list[str] = []
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"]
    done = subprocess.run(
        [*prefix, sys.executable, "-c", UNREADABLE_SCRIPT, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HANDBOOK_USER_DIR": str(folder)},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    for name in (SETTINGS_NAME, BOOKMARKS_NAME, "shared.json", "in.csv"):
        (folder / name).chmod(0o644)
    assert len(report["said"]) == 2 and all("could not be read" in s for s in report["said"])
    assert all("cannot be read" in s for s in report["saved"])
    assert "shared.json" in report["imported"] and report["score"] == 2
    after = {name: (folder / name).read_bytes() for name in before}
    FIGURES.data_lost += sum(after[name] != before[name] for name in before)
    assert after == before
