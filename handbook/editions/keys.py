"""The editors' Ed25519 signing keys: key files, key ids and the store of trusted public keys.

A public key file (``NAME.pub``) is one line: ``bmf-handbook-ed25519 BASE64 COMMENT``. The
private key (``NAME.signing-key``) holds the 32-byte seed the same way and is written
readable only by its owner; ``.gitignore`` keeps such files out of the repository. The
app trusts every ``*.pub`` in its trust store, so a new key can ship beside the old one
before the old one is retired.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from handbook import paths
from handbook.editions import PackRefused

PUBLIC_TAG = "bmf-handbook-ed25519"
PRIVATE_TAG = "bmf-handbook-ed25519-private"
PUBLIC_SUFFIX = ".pub"
PRIVATE_SUFFIX = ".signing-key"
KEY_ID_BYTES = 8
MAX_KEY_FILE = 4096  # a key file is one short line; anything bigger is not one


def key_id(public_key: bytes) -> bytes:
    """The short id a pack names its signing key by (a hash, so ids cannot be chosen)."""
    return hashlib.sha256(public_key).digest()[:KEY_ID_BYTES]


@dataclass(frozen=True)
class TrustedKey:
    key_id: bytes
    verify_key: VerifyKey
    path: Path

    def verifies(self, message: bytes, signature: bytes) -> bool:
        try:
            self.verify_key.verify(message, signature)
        except BadSignatureError:
            return False
        return True


def _read_key_line(path: Path, tag: str) -> tuple[bytes, str]:
    """(32 key bytes, comment) from a key file, or PackRefused saying what is wrong."""
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise PackRefused(f"{path} is not a handbook key file (too large).")
        words = path.read_text(encoding="utf-8").split(maxsplit=2)
    except (OSError, UnicodeDecodeError) as exc:
        raise PackRefused(
            f"The key file {path} cannot be read ({exc.__class__.__name__})."
        ) from None
    if len(words) < 2 or words[0] != tag:
        raise PackRefused(f"{path} is not a handbook {tag.rsplit('-', 1)[-1]} key file.")
    try:
        raw = base64.b64decode(words[1], validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise PackRefused(f"{path} is damaged: the key is not 32 bytes of base64.")
    return raw, words[2].strip() if len(words) > 2 else ""


def load_signing_key(path: Path) -> SigningKey:
    seed, _comment = _read_key_line(path, PRIVATE_TAG)
    return SigningKey(seed)


def load_trusted(folder: Path | None = None) -> dict[bytes, TrustedKey]:
    """Every public key in the trust store, by key id (an unreadable file is skipped)."""
    folder = folder or paths.trusted_keys_dir()
    trusted: dict[bytes, TrustedKey] = {}
    if not folder.is_dir():
        return trusted
    for path in sorted(folder.glob(f"*{PUBLIC_SUFFIX}")):
        try:
            raw, _comment = _read_key_line(path, PUBLIC_TAG)
        except PackRefused:
            continue  # one damaged key file must not stop the others from working
        trusted[key_id(raw)] = TrustedKey(key_id(raw), VerifyKey(raw), path)
    return trusted


@dataclass(frozen=True)
class KeyPair:
    private_path: Path
    public_path: Path
    key_id: str


def generate(folder: Path, name: str, comment: str = "") -> KeyPair:
    """Write ``NAME.signing-key`` (owner-only) and ``NAME.pub`` in ``folder``; never overwrite."""
    if not name or any(c in name for c in "/\\:") or name.startswith("."):
        raise PackRefused(f"{name!r} is not a usable key name (letters, digits, - and _).")
    folder.mkdir(parents=True, exist_ok=True)
    private_path = folder / f"{name}{PRIVATE_SUFFIX}"
    public_path = folder / f"{name}{PUBLIC_SUFFIX}"
    for path in (private_path, public_path):
        if path.exists():
            raise PackRefused(f"{path} already exists; choose another name or folder.")
    key = SigningKey.generate()
    public = bytes(key.verify_key)
    label = comment or name
    seed_text = base64.b64encode(bytes(key)).decode("ascii")
    handle = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(f"{PRIVATE_TAG} {seed_text} {label}\n")
    public_text = base64.b64encode(public).decode("ascii")
    public_path.write_text(f"{PUBLIC_TAG} {public_text} {label}\n", encoding="utf-8")
    return KeyPair(private_path, public_path, key_id(public).hex())
