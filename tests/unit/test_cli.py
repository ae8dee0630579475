"""The command line as a user types it: version, build, list, search (in process)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from handbook import __version__, cli, paths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_app_and_content_version(
    capsys: pytest.CaptureFixture[str], fixture_index: Path
) -> None:
    code, out, _ = run(capsys, "--version", "--index", str(fixture_index))
    assert code == 0
    assert re.fullmatch(
        rf"handbook {re.escape(__version__)} \(content version \d{{4}}-\d\d-\d\d\)\n", out
    )


def test_list_prints_every_page_with_its_section(
    capsys: pytest.CaptureFixture[str], fixture_index: Path
) -> None:
    code, out, _ = run(capsys, "--index", str(fixture_index), "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {"pnh", "aplastic-anaemia"} <= {r["id"] for r in rows}
    assert all(r["section"] and r["title"] for r in rows)


def test_search_prints_numbered_results_with_page_ids(
    capsys: pytest.CaptureFixture[str], fixture_index: Path
) -> None:
    code, out, _ = run(capsys, "--index", str(fixture_index), "search", "PNH", "--limit", "2")
    assert code == 0
    assert re.search(r"^ 1\. .+\[pnh(#[\w-]+)?\]$", out, re.MULTILINE)


def test_build_without_sources_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "resources_dir", lambda: None)
    code, _, err = run(capsys, "build")
    assert code == 1
    assert "no content sources here" in err


def test_frozen_build_without_build_code_says_so_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fixture_resources: Path,
    tmp_path: Path,
) -> None:
    # The bundle leaves handbook.build out (build.spec excludes it): importing it fails.
    monkeypatch.setitem(sys.modules, "handbook.build.builder", None)
    code, out, err = run(
        capsys, "build", "--resources", str(fixture_resources), "--out", str(tmp_path / "i")
    )
    assert code == 1
    assert "no content sources here" in err
    assert "Traceback" not in err + out and "ModuleNotFoundError" not in err + out
    assert not (tmp_path / "i").exists()


def test_build_check_reports_a_fresh_index(
    capsys: pytest.CaptureFixture[str], fixture_resources: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "index"
    assert (
        run(capsys, "build", "--resources", str(fixture_resources), "--out", str(out_dir))[0] == 0
    )
    code, out, _ = run(
        capsys, "build", "--check", "--resources", str(fixture_resources), "--out", str(out_dir)
    )
    assert code == 0
    assert out.startswith("index is fresh:")
