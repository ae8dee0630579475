"""The core (catalog, search, build, printing composition) never imports Qt."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

QT_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:PySide6|shiboken6)\b", re.M)
CORE_MODULES = [
    "handbook.catalog",
    "handbook.search",
    "handbook.query",
    "handbook.indexer",
    "handbook.manifest",
    "handbook.pagehtml",
    "handbook.handout",
    "handbook.repair",
    "handbook.userdata",
    "handbook.selfcheck",
    "handbook.paths",
    "handbook.cli",
    "handbook.build.builder",
]


def test_core_imports_without_pyside6() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE_MODULES)
        + "from handbook.search import SearchEngine\n"
        + "engine = SearchEngine.open()\n"
        + "engine.search('PNH')\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        + "print('QT:' + ','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "QT:", out.stdout + out.stderr


def test_no_core_module_imports_pyside6() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "handbook").rglob("*.py")
        if "ui" not in path.relative_to(ROOT / "handbook").parts
        and QT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
