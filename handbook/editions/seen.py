"""What this user has seen of an update: the change list (shown once) and the changed pages.

Kept in ``updates.json`` in the user's folder: edition keys and page ids only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handbook import paths
from handbook.editions.store import Edition
from handbook.userdata import atomic_write

STATE_NAME = "updates.json"
MARKED_KINDS = ("new", "changed")


def _key(edition: Edition) -> str:
    return f"{edition.edition}@{edition.built}"


class SeenState:
    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or paths.user_data_dir()) / STATE_NAME
        self.data: dict[str, Any] = {"shown": "", "opened": {}}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return  # nothing seen yet, or a damaged file: at worst the list is shown again
        if isinstance(loaded, dict) and isinstance(loaded.get("opened"), dict):
            self.data = {"shown": str(loaded.get("shown", "")), "opened": loaded["opened"]}

    def _save(self) -> None:
        try:
            atomic_write(self.path, json.dumps(self.data, indent=1) + "\n")
        except OSError:
            pass  # only a convenience: the list may show again next time

    def should_show_changes(self, edition: Edition) -> bool:
        """True once per installed edition that lists changes."""
        return (
            edition.installed
            and bool(edition.changes.get("entries"))
            and self.data["shown"] != _key(edition)
        )

    def changes_shown(self, edition: Edition) -> None:
        self.data["shown"] = _key(edition)
        self._save()

    def marked_pages(self, edition: Edition) -> dict[str, str]:
        """New and changed pages of an installed edition not yet opened: page id -> kind."""
        if not edition.installed:
            return {}
        opened = set(self.data["opened"].get(_key(edition), []))
        marked = {}
        for entry in edition.changes.get("entries", []):
            if isinstance(entry, dict) and entry.get("kind") in MARKED_KINDS:
                page = str(entry.get("page", ""))
                if page and page not in opened:
                    marked[page] = str(entry["kind"])
        return marked

    def page_opened(self, edition: Edition, page_id: str) -> None:
        key = _key(edition)
        opened = [p for p in self.data["opened"].get(key, []) if isinstance(p, str)]
        if page_id in opened:
            return
        # Only this edition's pages are kept: older editions' marks no longer matter.
        self.data["opened"] = {key: opened + [page_id]}
        self._save()
