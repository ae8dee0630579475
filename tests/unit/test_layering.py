"""The core (catalog, search, build, printing composition) never imports Qt or the UI."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

import handbook
from tests.helpers import ROOT

QT_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:PySide6|shiboken6)\b", re.M)
UI_IMPORT = re.compile(
    r"^\s*(?:from\s+handbook\.ui\b|import\s+handbook\.ui\b|from\s+handbook\s+import\s+ui\b)", re.M
)
# The command line is the composition root: it starts the window and hands the Qt checks
# to the self-check, so it alone may import handbook.ui (lazily, inside the commands).
ENTRY_POINTS = {"handbook.cli", "handbook.__main__"}


def core_modules() -> list[str]:
    """Every module of the package outside handbook.ui, found by walking it."""
    found = [
        info.name
        for info in pkgutil.walk_packages(handbook.__path__, prefix="handbook.")
        if not info.name.startswith("handbook.ui")
    ]
    return sorted(found)


def _source(module: str) -> str:
    relative = module.split(".")[1:]
    path = ROOT.joinpath("handbook", *relative)
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return path.read_text(encoding="utf-8")


def test_the_walk_finds_the_core_modules() -> None:
    modules = core_modules()
    for expected in ("handbook.selfcheck", "handbook.search", "handbook.build.builder"):
        assert expected in modules
    assert not [m for m in modules if m.startswith("handbook.ui")]


def test_core_imports_without_pyside6() -> None:
    modules = [m for m in core_modules() if m != "handbook.__main__"]
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "from handbook.search import SearchEngine\n"
        + "engine = SearchEngine.open()\n"
        + "engine.search('PNH')\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')"
        + " or m.startswith('handbook.ui'))\n"
        + "print('QT:' + ','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "QT:", out.stdout + out.stderr


def test_no_core_module_imports_pyside6_or_the_ui() -> None:
    offenders = [
        module
        for module in core_modules()
        if QT_IMPORT.search(_source(module))
        or (module not in ENTRY_POINTS and UI_IMPORT.search(_source(module)))
    ]
    assert offenders == []
