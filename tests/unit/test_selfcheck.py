"""``handbook check`` passes on the real installation and names what is broken in a damaged one."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.selfcheck import run
from tests.helpers import REAL_INDEX, ROOT

# Every page the real index holds, as the catalog counts them.
PAGES = len(json.loads((REAL_INDEX / "catalog.json").read_text(encoding="utf-8"))["pages"])


def check(index_dir: Path) -> tuple[int, dict[str, str]]:
    """Run the Qt-free checks in-process; returns the exit code and {name: line}."""
    out = io.StringIO()
    code = run(index_dir, out=out)
    lines = out.getvalue().splitlines()
    assert "Traceback" not in out.getvalue()
    return code, {line.split(":", 1)[0]: line for line in lines[1:-1]}


@pytest.fixture()
def index_copy(tmp_path: Path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(REAL_INDEX, target)
    return target


def test_real_index_passes_every_check() -> None:
    code, lines = check(REAL_INDEX)
    assert code == 0, "\n".join(lines.values())
    assert lines["pages"].endswith(" OK") and lines["pages"] == f"pages: {PAGES} OK"
    assert lines["search"].startswith("search: 'PNH' -> pnh first")
    assert lines["sources"] == "sources: index matches resources/ OK"
    assert all(line.endswith(" OK") for line in lines.values())


def test_copied_index_skips_only_the_sources_check(index_copy: Path) -> None:
    code, lines = check(index_copy)
    assert code == 0
    assert "skipped" in lines["sources"]


def test_missing_page_fails(index_copy: Path) -> None:
    (index_copy / "pages" / "pnh.html").unlink()
    code, lines = check(index_copy)
    assert code == 1
    assert lines["pages"].endswith("FAIL") and "pnh" in lines["pages"]


def test_missing_image_fails(index_copy: Path) -> None:
    (index_copy / "images" / "blood-cell-tree.svg").unlink()
    code, lines = check(index_copy)
    assert code == 1
    assert "images/blood-cell-tree.svg" in lines["images"] and lines["images"].endswith("FAIL")


def test_missing_stylesheet_fails(index_copy: Path) -> None:
    (index_copy / "styles" / "page.css").unlink()
    code, lines = check(index_copy)
    assert code == 1 and lines["stylesheets"].endswith("FAIL")


def test_wrong_schema_version_fails(index_copy: Path) -> None:
    manifest = json.loads((index_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = 999
    (index_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, lines = check(index_copy)
    assert code == 1 and "schema 999" in lines["manifest"]


def test_damaged_manifest_and_catalog_fail_without_traceback(index_copy: Path) -> None:
    (index_copy / "manifest.json").write_bytes(b"\x00garbage")
    (index_copy / "catalog.json").unlink()
    code, lines = check(index_copy)
    assert code == 1
    for name in ("manifest", "catalog", "pages", "search index"):
        assert lines[name].endswith("FAIL"), lines[name]


def test_stale_search_index_fails(index_copy: Path) -> None:
    stamp = index_copy / "whoosh" / "stamp.json"
    stamp.write_text(
        json.dumps({"schema_version": 1, "documents_hash": "0" * 64}), encoding="utf-8"
    )
    code, lines = check(index_copy)
    assert code == 1
    assert "stamp does not match" in lines["search index"]
    assert lines["search"].endswith("FAIL")


def test_empty_folder_fails_every_index_check(tmp_path: Path) -> None:
    code, lines = check(tmp_path)
    assert code == 1
    assert sum(line.endswith("FAIL") for line in lines.values()) >= 6


def test_unwritable_user_folder_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(
        "HANDBOOK_USER_DIR", str(blocker / "user")
    )  # cannot be created, even as root
    code, lines = check(REAL_INDEX)
    assert code == 1 and lines["user data"].endswith("FAIL")


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HANDBOOK_USER_DIR=str(tmp_path / "user"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "handbook", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_check_includes_the_qt_checks(tmp_path: Path) -> None:
    done = _cli("check", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for expected in (
        f"pages: {PAGES} OK",
        "svg images: ",
        "svg icon: ",
        "page layout: pnh",
        "print to PDF: ",
    ):
        assert expected in done.stdout
    assert done.stdout.rstrip().endswith("checks passed")


def test_cli_check_on_a_damaged_index_exits_1_without_traceback(
    index_copy: Path, tmp_path: Path
) -> None:
    (index_copy / "pages" / "pnh.html").write_bytes(b"\xff\xfe not utf-8")
    done = _cli("--index", str(index_copy), "check", tmp_path=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert f"pages: 1 of {PAGES} unreadable: pnh FAIL" in done.stdout


def test_check_core_stays_qt_free(tmp_path: Path) -> None:
    code = (
        "import io, sys\n"
        "from handbook.selfcheck import run\n"
        "assert run(out=io.StringIO()) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    env = dict(os.environ, HANDBOOK_USER_DIR=str(tmp_path / "user"))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


@pytest.mark.parametrize(
    ("stamp", "reason"),
    [
        (b"{not json", "stamp unreadable (JSONDecodeError)"),
        (b"[1, 2]", "stamp does not match the manifest (stale index)"),
    ],
    ids=["garbage", "a-list"],
)
def test_damaged_stamp_fails_with_its_reason(index_copy: Path, stamp: bytes, reason: str) -> None:
    (index_copy / "whoosh" / "stamp.json").write_bytes(stamp)
    code, lines = check(index_copy)
    assert code == 1 and reason in lines["search index"], lines["search index"]
