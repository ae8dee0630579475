"""``export-pdf -o`` and File → Export PDF against what may be at the output path (D6, D19),
and without asking the print system anything (D7)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from handbook import outputfile
from handbook.cli import run_export_pdf
from handbook.ui import printdialogs
from handbook.ui.mainwindow import MainWindow
from tests.helpers import REAL_INDEX, ROOT

PAGE = "pnh"


def _export(out: Path, capsys: pytest.CaptureFixture[str], **kw: object) -> tuple[int, str]:
    code = run_export_pdf([PAGE], out, index_dir=REAL_INDEX, **kw)  # type: ignore[arg-type]
    return code, capsys.readouterr().err


def test_an_existing_file_is_replaced_only_with_force(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """D6: ``-o bookmarks.json`` silently destroyed the bookmarks."""
    target = tmp_path / "bookmarks.json"
    target.write_text('[{"page": "pnh"}]', encoding="utf-8")
    target.chmod(0o664)
    code, err = _export(target, capsys)
    assert code == 2 and "already exists; add --force" in err
    assert target.read_text(encoding="utf-8") == '[{"page": "pnh"}]'
    code, err = _export(target, capsys, force=True)
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664  # the old file's mode, not 0600


def test_a_new_pdf_gets_the_usual_mode_not_owner_only(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """D6: every PDF was 0600, so colleagues could not open a handout in a shared folder."""
    old = os.umask(0o022)
    try:
        code, _err = _export(tmp_path / "handout.pdf", capsys)
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE((tmp_path / "handout.pdf").stat().st_mode) == 0o644


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder", "empty name", "missing folder"])
def test_what_is_not_a_regular_file_is_refused_and_left_alone(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """D6/D19: device nodes and links were replaced by a PDF; folders were made without a word."""
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me", encoding="utf-8")
    target = {
        "fifo": tmp_path / "pipe",
        "symlink": tmp_path / "link.pdf",
        "folder": tmp_path / "exp",
        "empty name": Path(""),
        "missing folder": tmp_path / "missing" / "deeper" / "x.pdf",
    }[kind]
    if kind == "fifo":
        os.mkfifo(target)  # stands in for /dev/null: never write over a device on a real /dev
    elif kind == "symlink":
        target.symlink_to(elsewhere)
    elif kind == "folder":
        target.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    code, err = _export(target, capsys, force=True)
    assert code == 2 and "nothing was written" in err
    assert ".tmp" not in err  # never the name of a temporary file
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert elsewhere.read_text(encoding="utf-8") == "keep me"
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_an_unwritable_folder_names_the_chosen_file_not_a_temporary_one(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """D19: "Permission denied: '/…/ro/.new.pdf.wgg41wqn.tmp'" named an internal file."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".x.pdf.abcd.tmp"))

    monkeypatch.setattr(outputfile.tempfile, "mkstemp", refuse)
    code, err = _export(tmp_path / "x.pdf", capsys)
    assert code == 1 and str(tmp_path / "x.pdf") in err
    assert ".tmp" not in err and "folder must be writable" in err


def test_the_window_asks_before_replacing_a_file_it_added_pdf_to(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "notes.pdf"
    existing.write_bytes(b"mine")
    monkeypatch.setattr(
        printdialogs.QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(tmp_path / "notes"), "")),
    )
    asked: list[Path] = []
    answers = [False, True]

    def confirm(cls: object, parent: object, path: Path) -> bool:
        asked.append(path)
        return answers[len(asked) - 1]

    monkeypatch.setattr(printdialogs.SavePdfDialog, "confirm_replace", classmethod(confirm))
    assert printdialogs.SavePdfDialog.ask(window, "x.pdf") is None
    assert printdialogs.SavePdfDialog.ask(window, "x.pdf") == existing
    assert asked == [existing, existing] and existing.read_bytes() == b"mine"


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace to watch connect()")
@pytest.mark.parametrize("command", [["export-pdf", PAGE, "-o", "{out}"], ["check"]])
def test_pdf_export_and_check_open_no_socket(tmp_path: Path, command: list[str]) -> None:
    """D7: every export and ``check`` connected to CUPS on port 631 (or a print server)."""
    args = [part.replace("{out}", str(tmp_path / "x.pdf")) for part in command]
    # HOME is set: without it the C library looks the user up (the local nscd socket).
    env = {
        "HOME": str(tmp_path),
        "HANDBOOK_USER_DIR": str(tmp_path / "u"),
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        "CUPS_SERVER": "198.51.100.7",  # a configured print server (TEST-NET-2, never routed)
    }
    trace = tmp_path / "trace.txt"
    done = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)]
        + [sys.executable, "-m", "handbook", "--index", str(REAL_INDEX), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert "Traceback" not in done.stderr
    calls = [
        line for line in trace.read_text().splitlines() if "socket(" in line or "connect(" in line
    ]
    assert calls == []
