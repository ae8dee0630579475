"""The pack file is refused, with its own sentence, for any tampering, foreign key or bad entry."""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path
from typing import Any

import pytest

from handbook.editions import PackRefused
from handbook.editions.container import (
    HEADER_BYTES,
    MAX_ENTRIES,
    MAX_ENTRY_BYTES,
    build_pack_bytes,
    open_pack,
    path_problem,
    seal,
    verify_bytes,
)
from handbook.editions.keys import generate, load_signing_key, load_trusted
from tests.editions_helpers import Editions, shared_editions

META = {"edition": "2026-12-02", "built": "2026-12-02T10:00:00Z", "schema_version": 1}
META |= {"min_app_version": "0.1.0"}


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    return shared_editions(tmp_path_factory)


def _refusal(blob: bytes, editions: Editions) -> str:
    with pytest.raises(PackRefused) as caught:
        verify_bytes(blob, editions.trusted)
    return str(caught.value)


def _entry(path: str, data: bytes, **overrides: Any) -> tuple[dict[str, Any], bytes]:
    packed = zlib.compress(data)
    entry = {
        "path": path,
        "size": len(data),
        "stored": len(packed),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return entry | overrides, packed


def _sealed(editions: Editions, *entries: tuple[dict[str, Any], bytes]) -> bytes:
    """A pack signed with the trusted key around hand-made entries (no builder checks)."""
    meta = META | {"entries": [e for e, _ in entries]}
    return seal(meta, [packed for _, packed in entries], load_signing_key(editions.key_path))


def test_a_pack_verifies_and_gives_back_every_file(editions: Editions) -> None:
    pack = open_pack(editions.e2_pack, editions.trusted)
    assert pack.edition == "2026-12-02"
    assert pack.files["pages/pnh.html"] == (editions.e2_index / "pages" / "pnh.html").read_bytes()
    assert "catalog.json" in pack.files and "documents.jsonl" in pack.files
    assert not any(path.startswith("whoosh") for path in pack.files)  # no pickles shipped


def test_a_tampered_byte_anywhere_is_refused(editions: Editions) -> None:
    blob = editions.e1_pack.read_bytes()
    # Every header byte, then positions spread over the whole body, the last byte included.
    positions = list(range(HEADER_BYTES)) + list(range(HEADER_BYTES, len(blob), 97))
    positions.append(len(blob) - 1)
    for at in positions:
        tampered = bytearray(blob)
        tampered[at] ^= 0x01
        with pytest.raises(PackRefused):
            verify_bytes(bytes(tampered), editions.trusted)
    body_flip = bytearray(blob)
    body_flip[len(blob) // 2] ^= 0x40
    assert "signature does not match" in _refusal(bytes(body_flip), editions)


def test_a_pack_signed_with_an_unknown_key_is_refused(editions: Editions, tmp_path: Path) -> None:
    stranger = generate(tmp_path, "stranger")
    blob = build_pack_bytes({"catalog.json": b"{}"}, META, load_signing_key(stranger.private_path))
    message = _refusal(blob, editions)
    assert "key this handbook does not trust" in message and stranger.key_id in message
    # ... and it verifies once that key is trusted: the refusal was about the key alone.
    assert verify_bytes(blob, load_trusted(tmp_path)).files == {"catalog.json": b"{}"}


def test_a_truncated_pack_is_refused(editions: Editions) -> None:
    blob = editions.e1_pack.read_bytes()
    for length in (0, 5, HEADER_BYTES - 1, HEADER_BYTES + 10, len(blob) - 1):
        assert "incomplete (truncated)" in _refusal(blob[:length], editions)
    assert "data after its end" in _refusal(blob + b"\0", editions)


def test_other_files_are_not_packs(editions: Editions, tmp_path: Path) -> None:
    assert "not a handbook content pack" in _refusal(b"PK\x03\x04" + bytes(200), editions)
    with pytest.raises(PackRefused, match="does not exist"):
        open_pack(tmp_path / "missing.hbpack", editions.trusted)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("../outside.html", "outside its folder"),
        ("pages/../../outside.html", "outside its folder"),
        ("pages//twice.html", "outside its folder"),
        ("/etc/passwd", "absolute or foreign"),
        ("C:/Windows/evil.html", "absolute or foreign"),
        ("pages\\evil.html", "absolute or foreign"),
        ("whoosh/MAIN_1.seg", "not part of a handbook edition"),
        ("pages/run.py", "kind of file"),
        ("settings.json", "not part of a handbook edition"),
    ],
)
def test_an_entry_path_escaping_its_folder_is_refused(
    editions: Editions, path: str, reason: str
) -> None:
    message = _refusal(_sealed(editions, _entry(path, b"<p>x</p>")), editions)
    assert reason in message and "refused" in message
    with pytest.raises(PackRefused, match="Cannot make the pack"):
        build_pack_bytes({path: b"x"}, META, load_signing_key(editions.key_path))


def test_plain_index_paths_are_allowed() -> None:
    for path in ("catalog.json", "pages/pnh.html", "images/cells.svg", "styles/page.css"):
        assert path_problem(path) is None


def test_a_huge_entry_is_refused(editions: Editions) -> None:
    claims_huge = _entry("pages/big.html", b"small", size=MAX_ENTRY_BYTES + 1)
    assert "over the limit of 16 MB" in _refusal(_sealed(editions, claims_huge), editions)
    # A small claim that inflates to far more (a zip bomb) stops at the claim.
    bomb = zlib.compress(b"\0" * 5_000_000)
    lying = _entry("pages/bomb.html", b"tiny")
    lying = (lying[0] | {"stored": len(bomb)}, bomb)
    assert "not the size it claims" in _refusal(_sealed(editions, lying), editions)


def test_too_many_entries_or_a_duplicate_are_refused(editions: Editions) -> None:
    many = [_entry(f"pages/p{n}.html", b"x") for n in range(MAX_ENTRIES + 1)]
    assert "over the limit of 5000" in _refusal(_sealed(editions, *many), editions)
    twice = [_entry("pages/a.html", b"x"), _entry("pages/A.html", b"y")]
    assert "listed twice" in _refusal(_sealed(editions, *twice), editions)


def test_an_entry_whose_bytes_do_not_match_its_hash_is_refused(editions: Editions) -> None:
    wrong = _entry("pages/a.html", b"the text", sha256="0" * 64)
    assert "does not match its SHA-256" in _refusal(_sealed(editions, wrong), editions)
