"""Odd environments: the C locale, a Turkish locale (dotted and dotless I), no HOME, and
folders with spaces and non-ASCII characters."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.textutil import fold
from tests.adversarial.figures import FIGURES
from tests.helpers import REAL_INDEX, ROOT


def _handbook(*args: str, env: dict[str, str], index: Path = REAL_INDEX) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "handbook", "--index", str(index), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", **env},
        timeout=120,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout) if "--json" in args else {"out": done.stdout}


def _pages(outcome: dict[str, object]) -> list[str]:
    return [r["page"] for r in outcome["results"]]  # type: ignore[index, union-attr]


def _turkish_locale(tmp_path: Path) -> dict[str, str]:
    """tr_TR.UTF-8, built into a private folder when the system lacks it (no root needed)."""
    env = {"LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8"}
    if shutil.which("localedef"):
        built = tmp_path / "locales"
        built.mkdir()
        made = subprocess.run(
            ["localedef", "-i", "tr_TR", "-f", "UTF-8", str(built / "tr_TR.UTF-8")],
            capture_output=True,
            timeout=60,
        )
        if made.returncode in (0, 1) and (built / "tr_TR.UTF-8").exists():
            env["LOCPATH"] = str(built)
    return env


def test_the_c_locale(tmp_path: Path) -> None:
    env = {"LANG": "C", "LC_ALL": "C", "HANDBOOK_USER_DIR": str(tmp_path / "u")}
    FIGURES.faults += 1
    assert "aplastic-anaemia" in _pages(_handbook("search", "anémie", "--json", env=env))


def test_a_turkish_locale_folds_i_as_the_index_does(tmp_path: Path) -> None:
    """Qt lowers I to dotless ı in tr_TR; search must fold case the same in every locale."""
    env = {**_turkish_locale(tmp_path), "HANDBOOK_USER_DIR": str(tmp_path / "u")}
    FIGURES.faults += 1
    upper = _pages(_handbook("search", "IRON OVERLOAD", "--json", env=env))
    assert upper and upper == _pages(_handbook("search", "iron overload", "--json", env=env))
    assert _pages(_handbook("search", "İRON OVERLOAD", "--json", env=env)) == upper
    assert fold("İNFECTİON") == fold("infection")
    if "LOCPATH" in env:
        FIGURES.notes.append("environment: tr_TR.UTF-8 built with localedef and used")


def test_no_home(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg")}  # HOME is not set at all
    FIGURES.faults += 1
    assert _pages(_handbook("search", "PNH", "--json", env=env))[0] == "pnh"


@pytest.mark.parametrize("folder", ["sp ace/ünï cödé/日本 語"])
def test_folders_with_spaces_and_non_ascii_names(tmp_path: Path, folder: str) -> None:
    base = tmp_path / folder
    index = base / "index"
    shutil.copytree(REAL_INDEX, index)
    env = {"HOME": str(base), "HANDBOOK_USER_DIR": str(base / "user data")}
    FIGURES.faults += 1
    assert _pages(_handbook("search", "PNH", "--json", env=env, index=index))[0] == "pnh"
    out = base / "handout ü.pdf"
    _handbook("export-pdf", "pnh", "-o", str(out), env=env, index=index)
    assert out.read_bytes().startswith(b"%PDF")
    assert os.access(out, os.R_OK)
