"""Command-line manners: exit codes scripts can test, near-miss page ids, no display, no abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import cli
from handbook.ui.display import display_problem, package_for
from tests.helpers import REAL_INDEX, ROOT


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_exits_1_when_nothing_is_found(
    capsys: pytest.CaptureFixture[str], fixture_index: Path
) -> None:
    found = run(capsys, "--index", str(fixture_index), "search", "PNH")
    nothing = run(capsys, "--index", str(fixture_index), "search", "qqzzxxvv")
    assert found[0] == 0 and "PNH" in found[1]
    assert nothing[0] == 1 and "Nothing found" in nothing[1]
    as_json = run(capsys, "--index", str(fixture_index), "search", "qqzzxxvv", "--json")
    assert as_json[0] == 1 and '"results": []' in as_json[1]


def test_an_unknown_page_id_suggests_the_closest_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    code, _, err = run(
        capsys, "--index", str(REAL_INDEX), "export-pdf", "handout-pnhh", "zzzz", "-o", str(out)
    )
    assert code == 2 and not out.exists()
    assert "handout-pnhh (did you mean handout-pnh" in err
    assert "zzzz (see 'handbook list')" in err  # nothing close: named alone
    assert err.count("\n") == 1


def _start_window(
    env_changes: dict[str, str | None], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for name, value in env_changes.items():
        env.pop(name, None)
        if value is not None:
            env[name] = value
    env["HANDBOOK_USER_DIR"] = str(tmp_path / "user")
    return subprocess.run(
        [sys.executable, "-m", "handbook"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 display check")
@pytest.mark.parametrize(
    ("display", "says"),
    [(":99", "cannot open the display ':99'"), (None, "DISPLAY is not set")],
)
def test_no_usable_display_gives_one_line_and_exit_1(
    tmp_path: Path, display: str | None, says: str
) -> None:
    done = _start_window(
        {"QT_QPA_PLATFORM": None, "WAYLAND_DISPLAY": None, "DISPLAY": display}, tmp_path
    )
    assert done.returncode == 1  # not a signal (Qt's abort is -6 and leaves a core dump)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handbook: ") and says in lines[0]
    assert "qt.qpa" not in done.stderr and "Aborted" not in done.stderr


def test_missing_libraries_are_named_with_their_package() -> None:
    assert package_for("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert package_for("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert package_for("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"


def test_a_chosen_platform_is_left_to_qt() -> None:
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    if sys.platform.startswith("linux"):
        assert "DISPLAY is not set" in (display_problem({}) or "")
