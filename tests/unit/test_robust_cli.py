"""The command line on hostile consoles and environments (D12, D16): a stdout that cannot encode
the index's characters, a closed pipe, a relative XDG_DATA_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import paths
from tests.helpers import REAL_INDEX, ROOT


def _run(*args: str, encoding: str, user: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        "HANDBOOK_USER_DIR": str(user),
        "PATH": "/usr/bin:/bin",
        "PYTHONIOENCODING": encoding,
        "LANG": "C",
    }
    return subprocess.run(
        [sys.executable, "-m", "handbook", "--index", str(REAL_INDEX), *args],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize(
    "args",
    [("search", "platelets"), ("search", "platelets", "--json"), ("list",), ("list", "--json")],
)
def test_output_that_the_console_cannot_encode_does_not_crash(
    tmp_path: Path, encoding: str, args: tuple[str, ...]
) -> None:
    """D12: ⁹ ≥ − ≤ β on a cp1252 stdout (a Windows redirect) ended in UnicodeEncodeError."""
    done = _run(*args, encoding=encoding, user=tmp_path / "u")
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding)
    if "--json" in args:
        data = json.loads(text)  # \u escapes keep every character, in any encoding
        assert data
    else:
        assert len(text.splitlines()) > 5


def test_json_keeps_every_character_on_a_cp1252_stdout(tmp_path: Path) -> None:
    done = _run("list", "--json", encoding="cp1252", user=tmp_path / "u")
    utf8 = _run("list", "--json", encoding="utf-8", user=tmp_path / "u")
    assert json.loads(done.stdout.decode("cp1252")) == json.loads(utf8.stdout.decode("utf-8"))


def test_list_into_a_pipe_closed_early_exits_quietly(tmp_path: Path) -> None:
    """``handbook list | head -1`` must not end in a BrokenPipeError traceback."""
    env = dict(os.environ, HANDBOOK_USER_DIR=str(tmp_path / "u"))
    handbook = f"'{sys.executable}' -m handbook --index '{REAL_INDEX}'"
    # "true" reads nothing and has exited long before the handbook writes: every write fails.
    for command in (f"{handbook} list | head -1", f"{handbook} list --json | true"):
        done = subprocess.run(
            ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
        )
        assert len(done.stdout.splitlines()) <= 1
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
        assert "Exception ignored" not in done.stderr


def test_a_relative_xdg_data_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    """D16: data went to ./relative/xdg under whatever folder the app was started from."""
    monkeypatch.delenv("HANDBOOK_USER_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(paths, "portable_dir", lambda: None)
    monkeypatch.setenv("XDG_DATA_HOME", "relative/xdg")
    folder = paths.user_data_dir()
    assert folder.is_absolute() and "relative" not in folder.parts
    assert folder.parent.parent == Path.home() / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/xdg")
    assert paths.user_data_dir().parent.parent == Path("/srv/xdg")


def test_build_into_a_read_only_folder_gives_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """D15: ``handbook build`` in a read-only checkout ended in a raw OSError traceback."""
    import errno

    from handbook import cli
    from handbook.build import builder

    def read_only(resources: Path, out: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(builder, "build", read_only)
    assert cli.main(["build", "--out", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err
    assert "Read-only file system" in err and len(err.strip().splitlines()) == 1
