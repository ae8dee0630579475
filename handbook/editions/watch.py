"""The watched folder: where IT drops packs (a USB stick, a shared folder mounted locally).

At start the app looks there through the file system only (it opens no connection of
its own) and offers the newest pack that is verified and newer than the edition in use.
The folder comes from the ``watch_folder`` setting for now; the functions take it as a
parameter so a clinic site file can name it later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from handbook import paths
from handbook.editions import PackRefused
from handbook.editions.container import MAX_PACK_BYTES, PACK_SUFFIX, Pack, open_pack
from handbook.editions.keys import TrustedKey
from handbook.editions.store import Edition, same_content
from handbook.indexlayout import MANIFEST_NAME
from handbook.textutil import readable_date

SETTING = "watch_folder"
MAX_CANDIDATES = 20  # the newest files looked at; a folder of old packs is not read whole


@dataclass
class Offer:
    path: Path
    pack: Pack
    in_use: Edition

    def sentence(self) -> str:
        return (
            f"A newer edition of the handbook (edition of {readable_date(self.pack.edition)}) "
            f"is waiting in {self.path.parent}: install it with File → Install content update… "
            f"or 'handbook update install \"{self.path}\"'."
        )


def watch_folder_setting(user_dir: Path | None = None) -> Path | None:
    """The folder IT names as ``watch_folder`` in the site file, else in settings.json."""
    from handbook.sitefile import read_site

    site_folder = read_site().watch_folder
    if site_folder:
        return Path(site_folder)
    try:
        data = json.loads(
            ((user_dir or paths.user_data_dir()) / "settings.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    value = data.get(SETTING) if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        return None
    folder = Path(value.strip()).expanduser()
    return folder if folder.is_absolute() else None


def _is_newer(pack: Pack, in_use: Edition) -> bool:
    same = same_content(pack.files.get(MANIFEST_NAME), in_use)
    return not same and (pack.edition, pack.built) > in_use.order


def newest_pack(
    folder: Path, in_use: Edition, trusted: dict[bytes, TrustedKey] | None = None
) -> Offer | None:
    """The newest verified pack in ``folder`` that is newer than ``in_use`` (None if none)."""
    try:
        files = [
            p
            for p in folder.iterdir()
            if p.suffix == PACK_SUFFIX and p.is_file() and p.stat().st_size <= MAX_PACK_BYTES
        ]
        files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return None  # the stick was pulled out or the share is not there today
    best: Offer | None = None
    for path in files[:MAX_CANDIDATES]:
        try:
            pack = open_pack(path, trusted)
        except PackRefused:
            continue  # a damaged or foreign file is not offered; 'update install' says why
        if _is_newer(pack, in_use) and (
            best is None or (pack.edition, pack.built) > (best.pack.edition, best.pack.built)
        ):
            best = Offer(path, pack, in_use)
    return best


def watched_offer(
    in_use: Edition, folder: Path | None = None, trusted: dict[bytes, TrustedKey] | None = None
) -> Offer | None:
    folder = folder or watch_folder_setting()
    if folder is None or not folder.is_dir():
        return None
    return newest_pack(folder, in_use, trusted)
