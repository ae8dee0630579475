"""Reading a JSON file someone may have damaged (handbook/safejson.py): a reason, not a crash."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from handbook.safejson import (
    MAX_DEPTH,
    Damaged,
    TooLarge,
    Unreadable,
    depth,
    describe_size,
    read_json,
)


def test_a_good_file_is_read_with_or_without_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"zoom": 120}), encoding="utf-8")
    assert read_json(path, 1000) == {"zoom": 120}
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"zoom": 90}).encode())  # as Notepad saves
    assert read_json(path, 1000) == {"zoom": 90}


def test_a_missing_file_is_not_an_error_of_its_own(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_json(tmp_path / "absent.json", 1000)


def test_a_folder_in_the_files_place_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "bookmarks.json").mkdir()
    with pytest.raises(Unreadable) as caught:
        read_json(tmp_path / "bookmarks.json", 1000)
    assert str(caught.value) == "bookmarks.json: a folder is in its place"


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are a POSIX thing")
def test_a_pipe_is_refused_without_waiting_for_it(tmp_path: Path) -> None:
    pipe = tmp_path / "settings.json"
    os.mkfifo(pipe)
    with pytest.raises(Unreadable, match="not a regular file"):
        read_json(pipe, 1000)


def test_a_huge_file_is_refused_with_its_size_and_not_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    with path.open("wb") as handle:
        handle.truncate(3 << 30)  # sparse: 3 GB on paper, nothing on disk
    with pytest.raises(TooLarge) as caught:
        read_json(path, 1 << 20)
    assert caught.value.reason == "it is 3.0 GB, more than such a file can be"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe{}", "it is not UTF-8 text"),
        (b'{"zoom": 12', "it is not valid JSON (JSONDecodeError)"),
        (b"[" * 5000 + b"]" * 5000, "it is nested far too deeply"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "it is nested far too deeply"),
        (b"1" * 5000, "it is not valid JSON (ValueError)"),
    ],
)
def test_damage_is_named_in_a_few_words(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(data)
    with pytest.raises(Damaged) as caught:
        read_json(path, 1 << 20)
    assert caught.value.reason == reason and caught.value.path == path


def test_nesting_up_to_the_limit_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    path.write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, encoding="utf-8")
    assert depth(read_json(path, 1000)) == MAX_DEPTH


def test_depth_counts_lists_and_objects() -> None:
    assert depth(3) == 0 and depth("text") == 0
    assert depth([]) == 1 and depth({}) == 1
    assert depth({"a": [1, {"b": []}]}) == 4


def test_sizes_read_as_a_person_would_say_them() -> None:
    assert describe_size(512) == "512 bytes"
    assert describe_size(1536) == "1.5 KB"
    assert describe_size(5 << 20) == "5.0 MB"
    assert describe_size(2 << 30) == "2.0 GB"
