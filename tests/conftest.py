"""Shared fixtures: the offscreen Qt platform, a per-test user folder, the fixture index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Must be set before Qt is imported anywhere: without a display Qt aborts otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_RESOURCES = Path(__file__).resolve().parent / "data" / "resources"
REAL_INDEX = ROOT / "index"
REAL_RESOURCES = ROOT / "resources"


@pytest.fixture(autouse=True)
def _user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own per-user data folder; nothing touches the real one."""
    user = tmp_path / "user"
    monkeypatch.setenv("HANDBOOK_USER_DIR", str(user))
    return user


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny fixture corpus built once into a temporary index."""
    from handbook.build.builder import build

    base = tmp_path_factory.mktemp("fixture")
    resources = base / "resources"
    shutil.copytree(FIXTURE_RESOURCES, resources)
    out = base / "index"
    build(resources, out)
    return out


@pytest.fixture()
def fixture_resources(tmp_path: Path) -> Path:
    """A private, editable copy of the fixture sources (for tests that break them)."""
    resources = tmp_path / "src" / "resources"
    shutil.copytree(FIXTURE_RESOURCES, resources)
    return resources


def edit_source(resources: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) with ``new`` in a file of the sources."""
    path = resources / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_source(resources: Path, rel: str, text: str) -> None:
    """Add ``text`` at the end of a file of the sources."""
    path = resources / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
