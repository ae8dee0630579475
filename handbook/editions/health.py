"""``handbook check``'s edition line: which edition is in use, where from, and is it whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

from handbook.editions import PackRefused
from handbook.editions.container import open_pack
from handbook.editions.keys import TrustedKey
from handbook.editions.store import PACK_COPY, Edition, Selection, select
from handbook.manifest import Manifest


def verify_installed(edition: Edition, trusted: dict[bytes, TrustedKey] | None = None) -> str:
    """Check the kept pack's signature and every installed file against it; '' when whole."""
    try:
        pack = open_pack(edition.path / PACK_COPY, trusted)
    except PackRefused as exc:
        return f"its kept pack fails verification: {exc}"
    for entry in pack.entries:
        try:
            digest = hashlib.sha256((edition.path / entry.path).read_bytes()).hexdigest()
        except OSError:
            return f"{entry.path} is missing"
        if digest != entry.sha256:
            return f"{entry.path} differs from the signed pack"
    return ""


def describe_in_use(
    index_dir: Path | None = None,
    selection: Selection | None = None,
    trusted: dict[bytes, TrustedKey] | None = None,
) -> tuple[bool, str]:
    """(passed, one line): the edition in use and where it came from."""
    if index_dir is not None:
        try:
            version = Manifest.read(index_dir).content_version
        except RuntimeError as exc:
            return False, str(exc)
        return True, f"content version {version} from --index {index_dir}"
    chosen = selection or select()
    line = chosen.edition.describe()
    if chosen.edition.installed:
        problem = verify_installed(chosen.edition, trusted)
        if problem:
            return False, f"{line}: {problem}"
        line += ", signature and files verified"
    if chosen.skipped:
        return False, f"{line}; {chosen.notice}"
    return True, line
