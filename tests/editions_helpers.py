"""Two signed editions of the fixture corpus, made once per test session, and throwaway keys.

Edition 1 is the fixture corpus as it is (content version 2026-11-02). Edition 2 revises
the PNH page (with its ``changed:`` line and a word only it has, "iptacopan"), adds a
page and removes the handout, so its change list has one entry of each kind. Packs are
signed with a key made in the session's temporary folder; the app's own trust store is
never touched: tests hand the trusted folder in, or point ``paths.trusted_keys_dir`` at it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from handbook.editions.keys import TrustedKey, generate, load_signing_key, load_trusted
from tests.helpers import FIXTURE_RESOURCES, edit_source

PNH = "content/01-disorders/10-pnh.md"
NEW_PAGE = "content/01-disorders/30-pure-red-cell-aplasia.md"
PNH_NOTE = "Iptacopan, taken by mouth, added as a treatment option."
NEW_NOTE = "New page on pure red cell aplasia."
NEW_PAGE_TEXT = """---
title: Pure red cell aplasia
audience: clinician
reviewed: 2026-12-02
changed: "New page on pure red cell aplasia."
sources:
  - "Means RT. Blood 2016;128:2504."
---
Pure red cell aplasia leaves red cell precursors absent from an otherwise normal marrow.
"""


@dataclass
class Editions:
    key_path: Path
    trusted_dir: Path
    e1_index: Path
    e1_pack: Path
    e2_index: Path
    e2_pack: Path
    base: Path

    @property
    def trusted(self) -> dict[bytes, TrustedKey]:
        return load_trusted(self.trusted_dir)

    def sign(self, index_dir: Path, target: Path, **options: object) -> Path:
        """Another pack of a built index (e.g. needing a newer app)."""
        from handbook.build.pack import pack_index

        changes = options.pop("changes", {"compared_with": None, "entries": []})
        pack_index(
            index_dir,
            target,
            load_signing_key(self.key_path),
            changes,  # type: ignore[arg-type]
            **options,  # type: ignore[arg-type]
        )
        return target


def make_editions(base: Path) -> Editions:
    from handbook.build.pack import build_pack

    keys = base / "editor-keys"
    pair = generate(keys, "test-editors")
    trusted = base / "trusted"
    trusted.mkdir()
    shutil.copy(pair.public_path, trusted / pair.public_path.name)
    resources = base / "src" / "resources"
    shutil.copytree(FIXTURE_RESOURCES, resources)
    e1_index, e1_pack = base / "e1-index", base / "packs" / "e1.hbpack"
    build_pack(resources, e1_index, e1_pack, pair.private_path)
    edit_source(
        resources,
        PNH,
        "reviewed: 2026-11-01",
        f'reviewed: 2026-12-02\nchanged: "{PNH_NOTE}"',
    )
    path = resources / PNH
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n## Oral treatment\n\nIptacopan blocks factor B and is taken by mouth.\n",
        encoding="utf-8",
    )
    (resources / "content/02-handouts/10-handout-bleeding.md").unlink()
    edit_source(resources, "glossary.yml", "    page: handout-bleeding\n", "")
    (resources / NEW_PAGE).write_text(NEW_PAGE_TEXT, encoding="utf-8")
    e2_index, e2_pack = base / "e2-index", base / "packs" / "e2.hbpack"
    build_pack(resources, e2_index, e2_pack, pair.private_path)
    return Editions(pair.private_path, trusted, e1_index, e1_pack, e2_index, e2_pack, base)


_MADE: dict[Path, Editions] = {}


def shared_editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    """The session's editions, made on first use (each test module's fixture calls this)."""
    base = tmp_path_factory.getbasetemp() / "editions"
    if base not in _MADE:
        base.mkdir()
        _MADE[base] = make_editions(base)
    return _MADE[base]


def use_places(
    editions: Editions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """This test's machine-wide folder, the shipped index (edition 1) and the trusted keys."""
    from handbook import paths

    machine = tmp_path / "machine-content"
    monkeypatch.setenv("HANDBOOK_CONTENT_DIR", str(machine))
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: editions.e1_index)
    monkeypatch.setattr(paths, "trusted_keys_dir", lambda: editions.trusted_dir)
    return {"machine": machine, "user": Path(os.environ["HANDBOOK_USER_DIR"]) / "content"}


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folders`` with its size and modification time (to prove no change;
    an empty folder made on the way does not count)."""
    found: dict[str, tuple[int, int]] = {}
    for folder in folders:
        if folder.exists():
            for path in folder.rglob("*"):
                stat = path.lstat()
                if not path.is_dir():
                    found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found
