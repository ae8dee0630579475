"""The adversarial suite: hostile input, files, disks, pages and environments (issue 21).

Bounded to about a minute on 2 cores so it runs in every ``pytest``; longer runs are behind
environment variables: ``HANDBOOK_FUZZ_QUERIES`` (generated queries on the fixture index,
default 10,000), ``HANDBOOK_FUZZ_REAL`` (on the real index, default 300) and
``HANDBOOK_KILL_LOOPS`` (``kill -9`` during saves, default 12).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.adversarial.figures import FIGURES
from tests.helpers import REAL_INDEX


@pytest.fixture()
def index_copy(tmp_path: Path) -> Path:
    """A private copy of the real index, to damage."""
    copy = tmp_path / "install" / "index"
    shutil.copytree(REAL_INDEX, copy)
    return copy


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not (FIGURES.queries or FIGURES.faults):
        return  # the suite did not run (another selection of tests)
    terminalreporter.section("adversarial suite figures")
    for line in FIGURES.lines():
        terminalreporter.write_line(line)
