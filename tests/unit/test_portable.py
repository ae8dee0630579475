"""Portable mode: with portable.ini beside the app, user data, logs and a rebuilt index stay
beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import paths
from handbook.indexer import rebuild_from_shipped
from handbook.indexlayout import WHOOSH_DIR
from handbook.userdata import Bookmarks, Settings
from tests.helpers import ROOT


@pytest.fixture()
def app_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pretend install folder, and no HANDBOOK_USER_DIR override (the rule itself is tested)."""
    folder = tmp_path / "app"
    folder.mkdir()
    monkeypatch.setattr(paths, "app_dir", lambda: folder)
    monkeypatch.delenv("HANDBOOK_USER_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return folder


def test_without_marker_data_goes_to_the_per_user_folder(app_folder: Path, tmp_path: Path) -> None:
    assert paths.portable_dir() is None
    assert paths.user_data_dir() != app_folder / "userdata"
    assert tmp_path / "app" not in paths.user_data_dir().parents


def test_marker_puts_everything_beside_the_app(app_folder: Path) -> None:
    (app_folder / "portable.ini").write_text("", encoding="utf-8")
    userdata = app_folder / "userdata"
    assert paths.portable_dir() == userdata
    assert paths.user_data_dir() == userdata
    assert paths.user_index_dir() == userdata / "index"
    settings = Settings(clinic_name="Ward 7")
    settings.save()
    bookmarks = Bookmarks()
    bookmarks.add("pnh", "", "PNH")
    bookmarks.save()
    assert (userdata / "settings.json").is_file() and (userdata / "bookmarks.json").is_file()
    assert Settings.load().clinic_name == "Ward 7"
    assert [b.page for b in Bookmarks.load().items] == ["pnh"]


def test_rebuilt_index_lands_in_userdata(app_folder: Path, fixture_index: Path) -> None:
    (app_folder / "portable.ini").write_text("", encoding="utf-8")
    rebuild_from_shipped(fixture_index, paths.user_index_dir())
    assert (app_folder / "userdata" / "index" / "stamp.json").is_file()
    assert not (fixture_index / WHOOSH_DIR / "userdata").exists()


def test_a_folder_named_portable_ini_is_not_the_marker(app_folder: Path) -> None:
    (app_folder / "portable.ini").mkdir()
    assert paths.portable_dir() is None


def test_environment_override_beats_portable(
    app_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (app_folder / "portable.ini").write_text("", encoding="utf-8")
    monkeypatch.setenv("HANDBOOK_USER_DIR", str(tmp_path / "elsewhere"))
    assert paths.user_data_dir() == tmp_path / "elsewhere"


def test_frozen_rule_uses_the_executables_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "dist" / "handbook"
    (bundle / "_internal").mkdir(parents=True)
    monkeypatch.setattr(paths, "is_frozen", lambda: True)
    monkeypatch.setattr(sys, "executable", str(bundle / "handbook"))
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle / "_internal"), raising=False)
    monkeypatch.delenv("HANDBOOK_USER_DIR", raising=False)
    assert paths.app_dir() == bundle.resolve()
    assert paths.bundled_index_dir() == bundle / "_internal" / "index"  # data sits in _internal
    assert paths.portable_dir() is None
    (bundle / "portable.ini").write_text("[handbook]\n", encoding="utf-8")
    assert (
        paths.portable_dir() == bundle.resolve() / "userdata"
    )  # beside the executable, not in _internal


def test_windowed_output_goes_to_the_log_in_userdata(tmp_path: Path) -> None:
    """A windowed build has no stdout/stderr: printing must not crash, and the log is in
    userdata.
    """
    code = (
        "import sys\n"
        "sys.stdout = None\n"
        "sys.stderr = None\n"
        "from handbook import logsetup\n"
        "path = logsetup.configure_logging()\n"
        "print('hello from a windowed build')\n"
        "print('to stderr', file=sys.stderr)\n"
        "raise RuntimeError('boom')\n"
    )
    env = dict(os.environ, HANDBOOK_USER_DIR=str(tmp_path / "userdata"))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    log = (tmp_path / "userdata" / "logs" / "handbook.log").read_text(encoding="utf-8")
    assert "hello from a windowed build" in log and "to stderr" in log
    assert "RuntimeError: boom" in log


def test_log_failure_is_silent(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    code = (
        "import logging, sys\n"
        "from handbook import logsetup\n"
        "logsetup.configure_logging()\n"
        "logging.getLogger('handbook').info('cannot be written')\n"
        "print('still fine')\n"
    )
    env = dict(os.environ, HANDBOOK_USER_DIR=str(blocker / "user"))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout == "still fine\n" and done.stderr == ""
