"""Shared fixtures: the offscreen Qt platform, a per-test user folder, the fixture index."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_RESOURCES, REAL_PROFILE, listing

# Must be set before Qt is imported anywhere: without a display Qt aborts otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# The suite never touches the tester's own profile: home and the XDG folders point at a
# throw-away folder before anything (Qt, the app, a subprocess) reads them, and a guard
# below fails any test that changes the real folder anyway.
_REAL_LISTING = listing(REAL_PROFILE)
_FAKE_HOME = Path(tempfile.mkdtemp(prefix="handbook-tests-home-"))
os.environ["HOME"] = str(_FAKE_HOME)
for _name, _rel in (
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_CACHE_HOME", ".cache"),
):
    os.environ[_name] = str(_FAKE_HOME / _rel)


@pytest.fixture(autouse=True)
def _real_profile_untouched() -> Iterator[None]:
    """Fail the test that wrote into the tester's real user folder (settings, bookmarks…)."""
    yield
    now = listing(REAL_PROFILE)
    if now != _REAL_LISTING:
        changed = sorted(set(now.items()) ^ set(_REAL_LISTING.items()))
        names = sorted({name for name, _ in changed})
        _REAL_LISTING.clear()
        _REAL_LISTING.update(now)  # report each change once, against the test that made it
        pytest.fail(f"this test changed the real user folder {REAL_PROFILE}: {names}")


@pytest.fixture(scope="session", autouse=True)
def _throw_away_home() -> Iterator[Path]:
    yield _FAKE_HOME
    shutil.rmtree(_FAKE_HOME, ignore_errors=True)


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


# -- Ending the run -------------------------------------------------------------------------
# After the last test and the summary, PySide6 can crash while the interpreter tears down Qt
# objects that Python still references (seen: SIGSEGV after "N passed", no Python frame in
# faulthandler). Nothing is left to check by then, so leave at once with pytest's own status.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if (
        _EXIT_STATUS
        and "PySide6" in sys.modules
        and not os.environ.get("HANDBOOK_TEST_NORMAL_EXIT")
    ):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
