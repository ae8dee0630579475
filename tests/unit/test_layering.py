"""The core (catalog, search, build, printing composition) never imports Qt or the UI."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

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


def _runtime_imports(path: Path, known: set[str]) -> set[str]:
    """The handbook modules a file imports when it runs (anywhere in it), not for typing."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & known


def test_the_window_modules_import_each_other_without_cycles() -> None:
    """Inside handbook/ui, imports (lazy ones too) form no cycle; type-only imports may."""
    folder = ROOT / "handbook" / "ui"
    files = {f"handbook.ui.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    edges = {name: _runtime_imports(path, set(files)) - {name} for name, path in files.items()}
    assert edges["handbook.ui.app"], "the walk found no imports: it is broken"

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            name, trail = stack.pop()
            for target in edges[name]:
                if target == start:
                    return [*trail, start]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*trail, target]))
        return None

    cycles = [c for c in (cycle_from(name) for name in sorted(files)) if c]
    assert cycles == [], " ; ".join(" -> ".join(c) for c in cycles)
