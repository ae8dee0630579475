"""Whether settings and bookmarks can be kept, and what the user hears (handbook/userfolder.py)."""

from __future__ import annotations

from pathlib import Path

from handbook.paths import PORTABLE_MARKER
from handbook.userfolder import USER_DIR_ENV, unwritable_message, unwritable_reason


def test_a_writable_folder_is_made_and_left_clean(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "user"
    assert unwritable_reason(folder) is None
    assert folder.is_dir() and list(folder.iterdir()) == []  # the write test leaves nothing


def test_the_per_user_folder_is_checked_by_default(_user_dir: Path) -> None:
    assert unwritable_reason() is None
    assert _user_dir.is_dir()


def test_a_file_in_the_folders_place_gives_the_systems_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "user"
    blocker.write_text("not a folder", encoding="utf-8")
    reason = unwritable_reason(blocker)
    assert reason is not None and reason  # e.g. "File exists" or "Not a directory"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_message_says_what_is_lost_and_both_ways_out(tmp_path: Path) -> None:
    message = unwritable_message(tmp_path / "user", "Permission denied")
    assert message.startswith("Settings and bookmarks cannot be kept")
    assert f"{tmp_path / 'user'} cannot be written (Permission denied)" in message
    assert "bookmarks, clinic details, zoom and the last page are forgotten" in message
    assert USER_DIR_ENV in message and PORTABLE_MARKER in message
