"""The per-user log file: capped in size, old files kept, silent when it cannot write."""

from __future__ import annotations

import logging
from pathlib import Path

from handbook.logsetup import _QuietFileHandler


def _record(text: str) -> logging.LogRecord:
    return logging.LogRecord("handbook.test", logging.WARNING, __file__, 1, "%s", (text,), None)


def test_log_is_created_with_its_folder_on_first_record(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "handbook.log"
    handler = _QuietFileHandler(path)
    assert not path.exists()  # nothing written, nothing created
    handler.emit(_record("first line"))
    handler.close()
    assert "first line" in path.read_text(encoding="utf-8")


def test_log_rotates_at_its_size_cap_and_keeps_two_old_files(tmp_path: Path) -> None:
    path = tmp_path / "handbook.log"
    handler = _QuietFileHandler(path, max_bytes=200, keep=2)
    for number in range(40):
        handler.emit(_record(f"line {number:02d} " + "x" * 30))
    handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["handbook.log", "handbook.log.1", "handbook.log.2"]
    for name in names:
        assert (tmp_path / name).stat().st_size <= 200 + 60  # one record past the cap at most
    assert "line 39" in path.read_text(encoding="utf-8")  # the newest is in the current file
    assert "line 00" not in "".join((tmp_path / n).read_text(encoding="utf-8") for n in names)


def test_a_big_log_from_an_earlier_session_is_rotated_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "handbook.log"
    path.write_text("old session\n" * 100, encoding="utf-8")
    handler = _QuietFileHandler(path, max_bytes=500)
    handler.emit(_record("new session"))
    handler.close()
    assert path.read_text(encoding="utf-8").count("\n") == 1
    assert "old session" in (tmp_path / "handbook.log.1").read_text(encoding="utf-8")


def test_log_file_in_a_missing_place_goes_silent(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    handler = _QuietFileHandler(blocker / "logs" / "handbook.log")
    handler.emit(_record("nowhere to go"))
    assert handler.broken
    handler.close()
