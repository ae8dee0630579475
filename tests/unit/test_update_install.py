"""Installing an edition: all checks before writing, all or nothing, newest valid edition used."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from handbook.catalog import Catalog
from handbook.editions import PackRefused
from handbook.editions import install as install_module
from handbook.editions.health import verify_installed
from handbook.editions.install import install, rollback
from handbook.editions.store import EDITIONS_DIR, PACK_COPY, select
from handbook.search import SearchEngine
from tests.editions_helpers import Editions, shared_editions, snapshot
from tests.helpers import ROOT


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    return shared_editions(tmp_path_factory)


@pytest.fixture()
def where(editions: Editions, tmp_path: Path) -> dict[str, Path]:
    """Shipped = edition 1; empty machine-wide and per-user folders of this test."""
    return {
        "shipped_dir": editions.e1_index,
        "machine_dir": tmp_path / "machine",
        "user_dir": tmp_path / "user-content",
    }


def _install(editions: Editions, pack: Path, where: dict[str, Path], **options: bool):  # type: ignore[no-untyped-def]
    return install(pack, trusted=editions.trusted, **where, **options)  # type: ignore[arg-type]


def _refused(editions: Editions, pack: Path, where: dict[str, Path], **options: bool) -> str:
    before = snapshot(where["machine_dir"], where["user_dir"])
    with pytest.raises(PackRefused) as caught:
        _install(editions, pack, where, **options)
    assert snapshot(where["machine_dir"], where["user_dir"]) == before  # nothing changed
    return str(caught.value)


def test_a_newer_edition_is_installed_machine_wide_and_used(
    editions: Editions, where: dict[str, Path]
) -> None:
    done = _install(editions, editions.e2_pack, where)
    assert done.previous.origin == "shipped" and done.edition.origin == "machine"
    in_use = select(**where).edition
    assert in_use.path == done.edition.path and in_use.edition == "2026-12-02"
    assert in_use.path.parent == where["machine_dir"] / EDITIONS_DIR
    catalog = Catalog.load(in_use.path)
    assert "pure-red-cell-aplasia" in catalog.pages and "handout-bleeding" not in catalog.pages
    engine = SearchEngine.open(in_use.path)  # the index built on install, from the documents
    try:
        assert engine.search("iptacopan").results[0].page == "pnh"
    finally:
        engine.close()
    assert (in_use.path / PACK_COPY).read_bytes() == editions.e2_pack.read_bytes()
    assert verify_installed(in_use, editions.trusted) == ""


def test_a_tampered_pack_is_refused_and_nothing_changes(
    editions: Editions, where: dict[str, Path], tmp_path: Path
) -> None:
    blob = bytearray(editions.e2_pack.read_bytes())
    blob[-100] ^= 0xFF
    tampered = tmp_path / "tampered.hbpack"
    tampered.write_bytes(bytes(blob))
    assert "signature does not match" in _refused(editions, tampered, where)
    assert select(**where).edition.origin == "shipped"


def test_a_truncated_pack_is_refused(
    editions: Editions, where: dict[str, Path], tmp_path: Path
) -> None:
    short = tmp_path / "short.hbpack"
    short.write_bytes(editions.e2_pack.read_bytes()[:-5000])
    assert "incomplete (truncated)" in _refused(editions, short, where)


def test_an_unknown_key_is_refused(editions: Editions, where: dict[str, Path]) -> None:
    with pytest.raises(PackRefused, match="signed with a key this handbook does not trust"):
        install(editions.e2_pack, trusted={}, **where)  # type: ignore[arg-type]
    assert snapshot(where["machine_dir"], where["user_dir"]) == {}


def test_an_older_edition_is_refused_unless_allowed(
    editions: Editions, where: dict[str, Path]
) -> None:
    _install(editions, editions.e2_pack, where)
    message = _refused(editions, editions.e1_pack, where)
    assert "not newer than the edition of 2 December 2026" in message
    assert "--allow-older" in message
    assert "already in use" in _refused(editions, editions.e2_pack, where)
    done = _install(editions, editions.e1_pack, where, allow_older=True)
    assert [e.edition for e in done.removed] == ["2026-12-02"]
    assert select(**where).edition.edition == "2026-11-03"


def test_a_pack_needing_a_newer_app_is_refused(
    editions: Editions, where: dict[str, Path], tmp_path: Path
) -> None:
    future = editions.sign(editions.e2_index, tmp_path / "future.hbpack", min_app_version="99.0")
    message = _refused(editions, future, where)
    assert "needs a newer app: version 99.0 or later" in message


def test_too_little_disk_space_is_refused_before_writing(
    editions: Editions, where: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = shutil.disk_usage(tempfile.gettempdir())
    monkeypatch.setattr(
        install_module.shutil, "disk_usage", lambda _p: usage._replace(free=1_000_000)
    )
    assert "Not enough free disk space" in _refused(editions, editions.e2_pack, where)


def test_a_full_disk_midway_leaves_the_edition_in_use(
    editions: Editions, where: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = install_module.rebuild_from_shipped

    def disk_full(source: Path, target: Path) -> None:
        real(source, target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(install_module, "rebuild_from_shipped", disk_full)
    message = _refused(editions, editions.e2_pack, where)
    assert "No space left on device" in message and "edition in use is unchanged" in message
    assert select(**where).edition.origin == "shipped"
    assert list((where["machine_dir"] / EDITIONS_DIR).iterdir()) == []  # no half-written folder


def test_a_damaged_installed_edition_falls_back_with_a_notice(
    editions: Editions, where: dict[str, Path]
) -> None:
    done = _install(editions, editions.e2_pack, where)
    (done.edition.path / "pages" / "pnh.html").unlink()
    chosen = select(**where)
    assert chosen.edition.origin == "shipped"
    assert "The content update of 2 December 2026" in chosen.notice
    assert "pages/pnh.html is missing" in chosen.notice
    assert "shows the edition of 3 November 2026 (came with the app) instead" in chosen.notice


def test_rollback_returns_to_the_previous_edition(
    editions: Editions, where: dict[str, Path]
) -> None:
    _install(editions, editions.e2_pack, where)
    removed, now = rollback(**where)
    assert removed.edition == "2026-12-02" and now.origin == "shipped"
    assert select(**where).edition.origin == "shipped"
    with pytest.raises(PackRefused, match="nothing to roll back"):
        rollback(**where)


@pytest.fixture()
def open_tree() -> Iterator[Path]:
    """A folder every user can reach (pytest's own is private to the user running it)."""
    base = Path(tempfile.mkdtemp(prefix="handbook-ro-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_a_read_only_machine_folder_sends_the_install_to_the_user(
    editions: Editions, open_tree: Path
) -> None:
    for name in ("e1-index", "trusted"):
        shutil.copytree(editions.base / name, open_tree / name)
    shutil.copy(editions.e2_pack, open_tree / "e2.hbpack")
    machine, user = open_tree / "machine", open_tree / "user"
    machine.mkdir(mode=0o555)
    machine.chmod(0o555)
    user.mkdir(mode=0o777)
    user.chmod(0o777)
    for path in open_tree.rglob("*"):
        if path.is_dir() and path not in (machine, user):
            path.chmod(0o755)
        elif path.is_file():
            path.chmod(0o644)
    code = (
        "from pathlib import Path\n"
        "from handbook.editions.install import install\n"
        "from handbook.editions.keys import load_trusted\n"
        f"base = Path({str(open_tree)!r})\n"
        "done = install(base / 'e2.hbpack', trusted=load_trusted(base / 'trusted'),"
        " shipped_dir=base / 'e1-index', machine_dir=base / 'machine', user_dir=base / 'user')\n"
        "print(done.edition.origin, done.edition.path)\n"
    )
    # Root ignores permissions, so the install runs as 'nobody' when the tests run as root.
    as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    command = [*(as_user if os.geteuid() == 0 else []), sys.executable, "-c", code]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", HOME=str(user))
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    origin, path = done.stdout.split()
    assert origin == "user" and Path(path).parent == user / EDITIONS_DIR
    assert list(machine.iterdir()) == []
    chosen = select(open_tree / "e1-index", machine, user)
    assert chosen.edition.origin == "user" and chosen.edition.edition == "2026-12-02"


def test_an_install_killed_midway_leaves_the_edition_in_use(
    editions: Editions, where: dict[str, Path], fixture_index: Path, tmp_path: Path
) -> None:
    where = where | {"shipped_dir": fixture_index}  # so that edition 1 can be installed first
    first = _install(editions, editions.e1_pack, where)
    marker = tmp_path / "indexing"
    code = (
        "import time\n"
        "from pathlib import Path\n"
        "from handbook.editions import install as module\n"
        "from handbook.editions.keys import load_trusted\n"
        "def stall(source, target):\n"
        f"    Path({str(marker)!r}).write_text(str(sorted(p.name for p in source.iterdir())))\n"
        "    time.sleep(120)\n"
        "module.rebuild_from_shipped = stall  # files written, index being built: then killed\n"
        f"module.install(Path({str(editions.e2_pack)!r}),"
        f" trusted=load_trusted(Path({str(editions.trusted_dir)!r})),"
        f" shipped_dir=Path({str(fixture_index)!r}),"
        f" machine_dir=Path({str(where['machine_dir'])!r}),"
        f" user_dir=Path({str(where['user_dir'])!r}))\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the install did not get as far as building the index"
        assert "pages" in marker.read_text(encoding="utf-8")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    chosen = select(**where)
    assert chosen.edition.path == first.edition.path and not chosen.skipped
    assert Catalog.load(chosen.edition.path).content_version == "2026-11-03"
    leftovers = [p.name for p in (where["machine_dir"] / EDITIONS_DIR).iterdir()]
    assert any(name.startswith(".install-") for name in leftovers)  # ignored, cleared later
    done = _install(editions, editions.e2_pack, where)  # and the next install goes through
    assert select(**where).edition.path == done.edition.path
