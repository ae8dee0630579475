"""Settings and bookmarks survive damage, wrong types, crashes mid-save and two writers."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from handbook.userdata import (
    BOOKMARKS_NAME,
    SETTINGS_NAME,
    ZOOM_MAX,
    ZOOM_MIN,
    Bookmark,
    Bookmarks,
    Settings,
    atomic_write,
)


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b"{not json", b"[1, 2, 3]", b"null"])
def test_damaged_settings_give_defaults_and_keep_a_copy(tmp_path: Path, content: bytes) -> None:
    (tmp_path / SETTINGS_NAME).write_bytes(content)
    settings = Settings.load(tmp_path)
    assert settings.clinic_name == "" and settings.paper == "auto"
    if content != b"null":
        assert settings.problems
        copies = list(tmp_path.glob(f"{SETTINGS_NAME}.damaged-*"))
        assert copies and copies[0].read_bytes() == content


def test_wrong_types_reset_only_what_is_wrong(tmp_path: Path) -> None:
    data = {
        "clinic_name": "Ward 7",
        "clinic_phone": 12345,
        "paper": "A3",
        "zoom": 99,
        "large_print": "yes",
    }
    (tmp_path / SETTINGS_NAME).write_text(json.dumps(data), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings.clinic_name == "Ward 7"
    assert (settings.clinic_phone, settings.paper, settings.zoom, settings.large_print) == (
        "",
        "auto",
        0,
        False,
    )
    assert "clinic_phone" in settings.problems[0] and "paper" in settings.problems[0]


def test_round_trip(tmp_path: Path) -> None:
    settings = Settings(
        clinic_name="Haematology day unit", clinic_phone="01234 567890", large_print=True
    )
    settings.save(tmp_path)
    again = Settings.load(tmp_path)
    assert (again.clinic_name, again.clinic_phone, again.large_print, again.problems) == (
        "Haematology day unit",
        "01234 567890",
        True,
        [],
    )


def test_crash_mid_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marks = Bookmarks()
    marks.add("pnh", "", "PNH")
    marks.save(tmp_path)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", broken_replace)
    marks.add("hsct", "", "HSCT")
    with pytest.raises(OSError):
        marks.save(tmp_path)
    monkeypatch.undo()
    assert [b.page for b in Bookmarks.load(tmp_path).items] == ["pnh"]
    assert not list(tmp_path.glob("*.tmp"))


def test_damaged_bookmarks(tmp_path: Path) -> None:
    (tmp_path / BOOKMARKS_NAME).write_text('[{"page": 3}]', encoding="utf-8")
    marks = Bookmarks.load(tmp_path)
    assert marks.items == [] and "damaged" in marks.problems[0]
    assert list(tmp_path.glob(f"{BOOKMARKS_NAME}.damaged-*"))


def test_bookmark_export_import(tmp_path: Path) -> None:
    marks = Bookmarks()
    marks.add("pnh", "testing", "PNH › Testing")
    exported = tmp_path / "export.json"
    atomic_write(exported, marks.to_json())
    other = Bookmarks()
    other.add("hsct", "", "HSCT")
    assert other.import_file(exported) == 1
    assert other.import_file(exported) == 0
    (tmp_path / "bad.json").write_text("nope", encoding="utf-8")
    with pytest.raises(ValueError):
        other.import_file(tmp_path / "bad.json")


def _writer(folder: str, name: str) -> None:
    for number in range(150):
        Settings(clinic_name=f"{name}-{number}").save(Path(folder))


def test_two_copies_saving_at_once_leave_a_valid_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_writer, args=(str(tmp_path), n)) for n in ("a", "b")]
    for proc in procs:
        proc.start()
    readings = []
    while any(p.is_alive() for p in procs):
        readings.append(Settings.load(tmp_path))
    for proc in procs:
        proc.join()
        assert proc.exitcode == 0
    final = Settings.load(tmp_path)
    assert final.problems == [] and final.clinic_name.endswith("-149")
    assert all(not r.problems for r in readings)


def test_two_copies_keep_each_others_settings(tmp_path: Path) -> None:
    first, second = Settings.load(tmp_path), Settings.load(tmp_path)
    first.clinic_name = "Day Unit"
    first.save(tmp_path)
    second.zoom = 3
    second.save(tmp_path)  # second never saw the clinic name, and must not wipe it
    final = Settings.load(tmp_path)
    assert (final.clinic_name, final.zoom) == ("Day Unit", 3)
    assert second.clinic_name == "Day Unit"  # the running copy picks it up too
    second.clinic_name = "Ward 7"
    second.save(tmp_path)
    assert Settings.load(tmp_path).clinic_name == "Ward 7"  # a copy's own change wins


def test_two_copies_keep_each_others_bookmarks(tmp_path: Path) -> None:
    Bookmarks(
        [Bookmark("pnh", "", "PNH", "2026-11-25"), Bookmark("mds", "", "MDS", "2026-11-25")]
    ).save(tmp_path)
    first, second = Bookmarks.load(tmp_path), Bookmarks.load(tmp_path)
    first.add("red-flags", "", "Red flags")
    first.save(tmp_path)
    second.add("glossary", "", "Glossary")
    second.remove("mds")
    second.save(tmp_path)
    pages = [b.page for b in Bookmarks.load(tmp_path).items]
    assert pages == ["pnh", "red-flags", "glossary"]
    first.remove("pnh")
    first.save(tmp_path)
    assert [b.page for b in Bookmarks.load(tmp_path).items] == ["red-flags", "glossary"]


@pytest.mark.parametrize("zoom", [ZOOM_MIN, ZOOM_MAX, ZOOM_MIN - 1, ZOOM_MAX + 1])
def test_zoom_is_kept_only_inside_the_range(tmp_path: Path, zoom: int) -> None:
    """The View menu's zoom limits (handbook/ui/zoom.py) are the ones a saved zoom must keep."""
    (tmp_path / SETTINGS_NAME).write_text(json.dumps({"zoom": zoom}), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings.zoom == (zoom if ZOOM_MIN <= zoom <= ZOOM_MAX else 0)
