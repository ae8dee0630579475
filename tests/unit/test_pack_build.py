"""``build --pack``, ``pack keygen`` and the change list computed against the last edition."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from handbook import cli
from handbook.build.builder import build
from handbook.build.changes import EDITIONS_FILE
from handbook.build.pack import index_files
from handbook.build.problems import BuildFailed
from handbook.editions import PackRefused
from handbook.editions.container import open_pack
from tests.editions_helpers import NEW_NOTE, PNH, PNH_NOTE, Editions, shared_editions
from tests.helpers import edit_source


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    return shared_editions(tmp_path_factory)


def test_keygen_writes_a_secret_private_key_and_a_public_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["pack", "keygen", "--out", str(tmp_path), "--name", "editors"]) == 0
    private, public = tmp_path / "editors.signing-key", tmp_path / "editors.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert public.read_text(encoding="utf-8").startswith("bmf-handbook-ed25519 ")
    assert "never commit it" in capsys.readouterr().out
    assert cli.main(["pack", "keygen", "--out", str(tmp_path), "--name", "editors"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_build_pack_signs_the_edition_and_records_its_pages(
    editions: Editions, fixture_resources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "edition.hbpack"
    args = ["build", "--resources", str(fixture_resources), "--out", str(tmp_path / "index")]
    code = cli.main([*args, "--pack", str(target), "--key", str(editions.key_path)])
    assert code == 0, capsys.readouterr().err
    assert "packed edition 2026-11-03" in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # IT copies it for everyone
    pack = open_pack(target, editions.trusted)
    assert pack.meta["min_app_version"] == "0.1.0" and pack.meta["schema_version"] == 1
    assert json.loads(pack.files["manifest.json"])["whoosh_files"] == {}
    assert pack.size < 200_000
    record = json.loads((fixture_resources / "content" / EDITIONS_FILE).read_text("utf-8"))
    assert [r["content_version"] for r in record["editions"]] == ["2026-11-03"]
    assert set(record["editions"][0]["pages"]) == {"pnh", "aplastic-anaemia", "handout-bleeding"}


def test_build_pack_without_a_key_or_with_a_bad_one_is_refused(
    fixture_resources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["build", "--resources", str(fixture_resources), "--out", str(tmp_path / "index")]
    assert cli.main([*args, "--pack", str(tmp_path / "e.hbpack")]) == 2
    assert "--pack needs --key KEYFILE" in capsys.readouterr().err
    (tmp_path / "bad.signing-key").write_text("not a key\n", encoding="utf-8")
    bad = ["--pack", str(tmp_path / "e.hbpack"), "--key", str(tmp_path / "bad.signing-key")]
    assert cli.main([*args, *bad]) == 2
    assert "is not a handbook private key file" in capsys.readouterr().err
    assert not (tmp_path / "e.hbpack").exists() and not (tmp_path / "index").exists()


def test_the_change_list_names_new_changed_and_removed_pages(editions: Editions) -> None:
    changes = open_pack(editions.e2_pack, editions.trusted).changes
    assert changes["compared_with"] == "2026-11-03"
    kinds = {e["page"]: (e["kind"], e["note"], e["date"]) for e in changes["entries"]}
    assert kinds == {
        "pnh": ("changed", PNH_NOTE, "2026-12-02"),
        "pure-red-cell-aplasia": ("new", NEW_NOTE, "2026-12-02"),
        "handout-bleeding": ("removed", "Removed from the handbook.", "2026-12-02"),
    }
    page = (editions.e2_index / "pages" / "whats-changed.html").read_text(encoding="utf-8")
    assert "compared with the edition of 3 November 2026: 1 new, 1 changed and 1 removed" in page
    assert PNH_NOTE in page and 'href="pnh.html"' in page
    assert "Removed pages" in page and "Preventing bleeding" in page
    assert "aplastic-anaemia.html" not in page  # unchanged since the last edition


def test_a_changed_page_without_its_line_is_refused(editions: Editions, tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(editions.base / "src" / "resources", resources)
    edit_source(resources, "content/01-disorders/20-aplastic-anaemia.md", "low counts", "few cells")
    with pytest.raises(BuildFailed) as caught:
        build(resources, tmp_path / "index")
    assert any(
        "20-aplastic-anaemia.md" in str(p) and "add a one-line 'changed:' note" in str(p)
        for p in caught.value.problems
    )


def test_a_change_line_on_an_unchanged_page_is_refused(editions: Editions, tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(editions.base / "src" / "resources", resources)
    # Record edition 2 as packed, then bring a later edition that leaves PNH as it was.
    record = json.loads((resources / "content" / EDITIONS_FILE).read_text("utf-8"))
    assert record["editions"][-1]["edition"] == "2026-12-02"
    edit_source(resources, PNH, "reviewed: 2026-12-02", "reviewed: 2027-01-10")
    edit_source(
        resources,
        "content/01-disorders/30-pure-red-cell-aplasia.md",
        "reviewed: 2026-12-02",
        "reviewed: 2027-01-10",
    )
    with pytest.raises(BuildFailed) as caught:
        build(resources, tmp_path / "index")
    messages = [str(p) for p in caught.value.problems]
    assert any("10-pnh.md" in m and "it is as in the edition of 2026-12-02" in m for m in messages)


def test_a_symbolic_link_in_the_index_is_not_packed(editions: Editions, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(editions.e1_index, index)
    (index / "pages" / "link.html").symlink_to("/etc/hostname")
    with pytest.raises(PackRefused, match="symbolic link"):
        index_files(index)
