"""Faults from the December 2026 reliability review in settings and bookmarks (D2–D5, D8, D10,
D18, D20): each test reproduces the reported fault and checks what the user keeps."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from handbook import safejson, userfiles
from handbook.userdata import (
    BOOKMARKS_NAME,
    MAX_IMPORT,
    SETTINGS_NAME,
    Bookmark,
    Bookmarks,
    Settings,
)

DEEP = b"[" * 100_000 + b"]" * 100_000
CLINIC = {"clinic_name": "Ward 7", "clinic_phone": "0123 456", "zoom": 3}


def _aside(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.damaged-*"))


@pytest.mark.parametrize("name", [SETTINGS_NAME, BOOKMARKS_NAME])
def test_a_file_nested_100000_deep_is_set_aside_and_the_app_starts(
    tmp_path: Path, name: str
) -> None:
    """D2: a RecursionError used to escape the loader, on every start."""
    (tmp_path / name).write_bytes(DEEP)
    loaded: Any = Settings.load(tmp_path) if name == SETTINGS_NAME else Bookmarks.load(tmp_path)
    assert "nested far too deeply" in loaded.problems[0]
    kept = _aside(tmp_path, name)
    assert len(kept) == 1 and kept[0].read_bytes() == DEEP
    assert not (tmp_path / name).exists()  # the next start is clean
    again: Any = Settings.load(tmp_path) if name == SETTINGS_NAME else Bookmarks.load(tmp_path)
    assert again.problems == []


def test_importing_a_deeply_nested_file_says_nothing_was_imported(tmp_path: Path) -> None:
    (tmp_path / "shared.json").write_bytes(DEEP)
    marks = Bookmarks([Bookmark("pnh", "", "PNH", "2026-11-25")])
    with pytest.raises(ValueError, match="nested far too deeply"):
        marks.import_file(tmp_path / "shared.json")
    assert [b.page for b in marks.items] == ["pnh"]


def _unreadable(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Reading ``path`` fails with EACCES, as for a non-root user after chmod 000."""
    real_open = open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(safejson, "open", guarded, raising=False)


def test_an_unreadable_settings_file_is_never_saved_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D3: the window's close replaced an unreadable file (the clinic's details) with defaults."""
    path = tmp_path / SETTINGS_NAME
    path.write_text(json.dumps(CLINIC), encoding="utf-8")
    _unreadable(monkeypatch, path)
    settings = Settings.load(tmp_path)
    assert settings.clinic_name == ""
    assert "could not be read (Permission denied)" in settings.problems[0]
    assert "left as it is" in settings.problems[0]
    settings.window_geometry = "AAAA"
    with pytest.raises(OSError, match="cannot be read"):
        settings.save(tmp_path)
    monkeypatch.undo()
    assert json.loads(path.read_text(encoding="utf-8")) == CLINIC
    # Once it can be read again, a save keeps the clinic's details and adds this copy's change.
    settings.save(tmp_path)
    again = Settings.load(tmp_path)
    assert (again.clinic_name, again.clinic_phone, again.zoom) == ("Ward 7", "0123 456", 3)
    assert again.window_geometry == "AAAA"


def test_an_unreadable_bookmarks_file_is_never_saved_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / BOOKMARKS_NAME
    Bookmarks([Bookmark("pnh", "", "PNH", "2026-11-25")]).save(tmp_path)
    before = path.read_bytes()
    _unreadable(monkeypatch, path)
    marks = Bookmarks.load(tmp_path)
    assert marks.items == [] and "could not be read" in marks.problems[0]
    marks.add("red-flags", "", "Red flags")
    with pytest.raises(OSError):
        marks.save(tmp_path)
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_a_folder_in_place_of_settings_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_NAME).mkdir()
    settings = Settings.load(tmp_path)
    assert "a folder is in its place" in settings.problems[0]
    with pytest.raises(OSError):
        settings.save(tmp_path)
    assert (tmp_path / SETTINGS_NAME).is_dir()


def _save_b_while_a_writes(monkeypatch: pytest.MonkeyPatch, action: Any) -> list[threading.Thread]:
    """While A writes (holding its lock if it has one), B saves from another thread."""
    real_write = userfiles.atomic_write
    started: list[threading.Thread] = []

    def write(path: Path, text: str) -> None:
        if not started:
            thread = threading.Thread(target=action)
            started.append(thread)
            thread.start()
            thread.join(0.3)  # without a lock, B finishes here, between A's read and replace
        real_write(path, text)

    monkeypatch.setattr("handbook.userdata.atomic_write", write)
    return started


def test_a_copy_saving_in_the_middle_of_another_copys_save_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D5: B saved between A's read and A's replace, and B's bookmark was lost for good."""
    a, b = Bookmarks.load(tmp_path), Bookmarks.load(tmp_path)

    def b_saves() -> None:
        b.add("pnh", "", "PNH")
        b.save(tmp_path)

    threads = _save_b_while_a_writes(monkeypatch, b_saves)
    a.add("aplastic-anaemia", "", "AA")
    a.save(tmp_path)
    for thread in threads:
        thread.join(5)
    monkeypatch.undo()
    assert sorted(x.page for x in Bookmarks.load(tmp_path).items) == ["aplastic-anaemia", "pnh"]
    b.add("red-flags", "", "RF")
    b.save(tmp_path)
    assert sorted(x.page for x in b.items) == ["aplastic-anaemia", "pnh", "red-flags"]


def test_settings_saved_in_the_middle_of_another_save_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = Settings.load(tmp_path), Settings.load(tmp_path)

    def b_saves() -> None:
        b.clinic_name = "Ward 7"
        b.save(tmp_path)

    threads = _save_b_while_a_writes(monkeypatch, b_saves)
    a.zoom = 2
    a.save(tmp_path)
    for thread in threads:
        thread.join(5)
    monkeypatch.undo()
    final = Settings.load(tmp_path)
    assert (final.clinic_name, final.zoom) == ("Ward 7", 2)


def test_a_sparse_2_gb_settings_file_is_renamed_not_read_or_copied(tmp_path: Path) -> None:
    """D8: a 2 GB file took 30 s and 6.3 GB of memory, and two 2 GB copies were written."""
    path = tmp_path / SETTINGS_NAME
    with path.open("wb") as handle:
        handle.truncate(2 << 30)
    settings = Settings.load(tmp_path)
    assert "2.0 GB" in settings.problems[0]
    kept = _aside(tmp_path, SETTINGS_NAME)
    assert len(kept) == 1 and kept[0].stat().st_size == 2 << 30
    settings.save(tmp_path)
    assert len(_aside(tmp_path, SETTINGS_NAME)) == 1  # save made no second copy
    assert path.stat().st_size < 10_000


def test_a_settings_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """D20: Notepad's UTF-8 with a BOM was reported as damaged and reset."""
    (tmp_path / SETTINGS_NAME).write_bytes(b"\xef\xbb\xbf" + json.dumps(CLINIC).encode())
    settings = Settings.load(tmp_path)
    assert settings.problems == [] and settings.clinic_name == "Ward 7"


def test_temporary_files_left_by_a_killed_save_are_removed(tmp_path: Path) -> None:
    """D18: kill -9 during a save left .NAME.xxxx.tmp files that were never removed."""
    Settings(clinic_name="Ward 7").save(tmp_path)
    old = tmp_path / f".{SETTINGS_NAME}.abcd1234.tmp"
    old.write_text("{", encoding="utf-8")
    past = time.time() - 3600
    os.utime(old, (past, past))
    fresh = tmp_path / f".{BOOKMARKS_NAME}.efgh5678.tmp"
    fresh.write_text("[", encoding="utf-8")  # another copy may be writing it right now
    assert Settings.load(tmp_path).clinic_name == "Ward 7"
    Bookmarks.load(tmp_path)
    assert not old.exists() and fresh.exists()


def test_an_import_with_html_as_a_page_id_is_refused(tmp_path: Path) -> None:
    """D4: a shared file's page id was rendered as HTML in the "Page not found" page."""
    shared = tmp_path / "shared.json"
    entry = {
        "page": '<h1 style="color:#c00">UPDATED GUIDANCE</h1><p>call 0800 000 0000',
        "anchor": "",
        "title": "Aplastic anaemia (updated)",
        "added": "2026-11-30",
    }
    shared.write_text(json.dumps([entry]), encoding="utf-8")
    marks = Bookmarks()
    with pytest.raises(ValueError, match="entry 1 has a page id"):
        marks.import_file(shared)
    entry.update(page="pnh", added="<b>today</b>")
    shared.write_text(json.dumps([entry]), encoding="utf-8")
    with pytest.raises(ValueError, match="not a date"):
        marks.import_file(shared)
    assert marks.items == []


def test_a_huge_import_is_refused_at_once_and_a_large_one_is_linear(tmp_path: Path) -> None:
    """D10: 16,000 bookmarks took 2.7 s on the GUI thread (quadratic), with no limit."""

    def entries(count: int) -> str:
        rows = [
            {"page": f"page-{n}", "anchor": "", "title": f"P{n}", "added": "2026-11-30"}
            for n in range(count)
        ]
        return json.dumps(rows)

    (tmp_path / "big.json").write_text(entries(16_000), encoding="utf-8")
    marks = Bookmarks()
    with pytest.raises(ValueError, match="at most 2,000"):
        marks.import_file(tmp_path / "big.json")
    (tmp_path / "ok.json").write_text(entries(MAX_IMPORT), encoding="utf-8")
    assert marks.import_file(tmp_path / "ok.json") == MAX_IMPORT
    assert marks.import_file(tmp_path / "ok.json") == 0
