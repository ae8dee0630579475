"""``handbook update install|list|rollback``, ``check``'s edition line, the watched folder."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from handbook import cli
from handbook.editions.seen import SeenState
from handbook.editions.store import select
from handbook.editions.watch import newest_pack, watch_folder_setting, watched_offer
from handbook.selfcheck import collect, run
from tests.editions_helpers import Editions, shared_editions, use_places


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    return shared_editions(tmp_path_factory)


@pytest.fixture()
def places(editions: Editions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    return use_places(editions, tmp_path, monkeypatch)


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_install_list_and_rollback_from_the_command_line(
    editions: Editions, places: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _main(capsys, "update", "install", str(editions.e2_pack))
    assert code == 0, err
    assert "Edition of 2 December 2026 (1 new, 1 changed, 1 removed)" in out
    machine = places["machine"]
    assert (
        f"installed the edition of 2 December 2026 (installed for every user in {machine})" in out
    )
    code, out, _ = _main(capsys, "update", "list")
    lines = out.splitlines()
    assert lines[0].startswith("* 2026-12-02") and lines[0].endswith("in use")
    assert "came with the app" in lines[1] and "available" in lines[1]
    code, out, _ = _main(capsys, "--version")
    assert out.strip() == "handbook 0.1.0 (content version 2026-12-02)"
    code, out, _ = _main(capsys, "search", "iptacopan", "--json")
    assert json.loads(out)["results"][0]["page"] == "pnh"
    code, out, _ = _main(capsys, "update", "rollback")
    assert code == 0 and "now shows the edition of 3 November 2026 (came with the app)" in out
    code, _out, err = _main(capsys, "update", "rollback")
    assert code == 2 and err.startswith("handbook: There is nothing to roll back")


def test_a_refused_pack_exits_2_with_one_sentence(
    editions: Editions, places: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.hbpack"
    bad.write_bytes(editions.e2_pack.read_bytes()[:-1])
    code, out, err = _main(capsys, "update", "install", str(bad))
    assert code == 2 and out == ""
    assert err == "handbook: The pack is incomplete (truncated): copy it again.\n"
    code, _out, err = _main(capsys, "update", "install", str(editions.e1_pack))
    assert code == 2 and "This edition is already in use" in err
    assert select().edition.origin == "shipped"
    assert cli.main(["update", "install", str(editions.e2_pack)]) == 0
    code, _out, err = _main(capsys, "update", "install", str(editions.e1_pack))
    assert code == 2 and "use --allow-older to install it anyway" in err
    assert select().edition.edition == "2026-12-02"


def test_check_reports_the_edition_in_use_and_where_it_came_from(
    editions: Editions, places: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = {name: (passed, text) for name, passed, text in collect()}
    assert lines["edition"] == (True, "edition of 3 November 2026 (came with the app)")
    assert cli.main(["update", "install", str(editions.e2_pack)]) == 0
    capsys.readouterr()
    out = io.StringIO()
    run(out=out)
    report = out.getvalue()
    assert (
        "edition: edition of 2 December 2026 (installed for every user in "
        f"{places['machine']}), signature and files verified OK"
    ) in report
    assert "catalog: 5 pages" in report  # the checks ran on the installed edition
    installed = select().edition
    (installed.path / "pages" / "pnh.html").write_text("<p>altered</p>", encoding="utf-8")
    passed, text = {n: (p, t) for n, p, t in collect()}["edition"]
    assert not passed and "pages/pnh.html" in text


def test_the_watched_folder_offers_the_newest_verified_pack(
    editions: Editions, places: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    shutil.copy(editions.e1_pack, folder / "old.hbpack")
    tampered = bytearray(editions.e2_pack.read_bytes())
    tampered[-10] ^= 1
    (folder / "tampered.hbpack").write_bytes(bytes(tampered))
    in_use = select().edition
    assert newest_pack(folder, in_use) is None  # old and tampered packs are not offered
    shutil.copy(editions.e2_pack, folder / "new.hbpack")
    offer = newest_pack(folder, in_use)
    assert offer is not None and offer.path.name == "new.hbpack"
    assert "edition of 2 December 2026" in offer.sentence()
    settings = Path(os.environ["HANDBOOK_USER_DIR"]) / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"watch_folder": str(folder)}), encoding="utf-8")
    assert watch_folder_setting() == folder
    offered = watched_offer(in_use)
    assert offered is not None and offered.path == folder / "new.hbpack"
    shutil.rmtree(folder)  # the stick is pulled out: nothing to offer, no error
    assert watched_offer(in_use) is None


def test_changed_pages_stay_marked_until_opened(
    editions: Editions, places: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["update", "install", str(editions.e2_pack)]) == 0
    edition = select().edition
    seen = SeenState()
    assert seen.should_show_changes(edition)
    assert seen.marked_pages(edition) == {"pnh": "changed", "pure-red-cell-aplasia": "new"}
    seen.page_opened(edition, "pnh")
    seen.changes_shown(edition)
    again = SeenState()  # as at the next start
    assert not again.should_show_changes(edition)
    assert again.marked_pages(edition) == {"pure-red-cell-aplasia": "new"}
