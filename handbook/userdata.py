"""Per-user settings and bookmarks as JSON files: validated on load, saved atomically.

A damaged file (garbage, empty, wrong types) never stops the app: the damaged copy is
kept beside it, defaults are used for what was damaged, and ``problems`` says what
happened so the window can tell the user once. Every save writes a temporary file and
replaces the old one, so a crash or power cut mid-save leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from handbook import paths

SETTINGS_NAME = "settings.json"
BOOKMARKS_NAME = "bookmarks.json"
PAPER_SIZES = ("auto", "a4", "letter")
THEMES = ("light", "dark", "system")


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _keep_damaged(path: Path) -> Path | None:
    """Copy a damaged file aside (``name.damaged-YYYYmmdd-HHMMSS``) before defaults replace it."""
    target = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        target.write_bytes(path.read_bytes())
        return target
    except OSError:
        return None


def _read_json(path: Path, problems: list[str]) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.append(f"{path.name} could not be read ({exc.strerror}); defaults are used")
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        kept = _keep_damaged(path)
        where = f"; the damaged file was kept as {kept.name}" if kept else ""
        problems.append(f"{path.name} was damaged and has been reset{where}")
        return None


@dataclass
class Settings:
    clinic_name: str = ""
    clinic_phone: str = ""
    emergency_number: str = ""  # empty: the number for the workstation's country
    paper: str = "auto"
    large_print: bool = False
    zoom: int = 0
    theme: str = "light"
    last_page: str = ""
    window_geometry: str = ""
    window_state: str = ""
    splitter_state: str = ""
    disclaimer_accepted: bool = False
    problems: list[str] = field(default_factory=list, repr=False, compare=False)
    # The values as read from the file, so a save keeps what another copy of the app
    # changed meanwhile (None: not read from a file; a save writes these values as they are).
    _loaded: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        path = (folder or paths.user_data_dir()) / SETTINGS_NAME
        settings = cls()
        settings._loaded = settings.values()
        data = _read_json(path, settings.problems)
        if data is None:
            return settings
        if not isinstance(data, dict):
            kept = _keep_damaged(path)
            settings.problems.append(
                f"{SETTINGS_NAME} did not hold settings and has been reset"
                + (f"; the damaged file was kept as {kept.name}" if kept else "")
            )
            return settings
        bad = settings._take(data)
        if bad:
            _keep_damaged(path)
            settings.problems.append(
                f"{SETTINGS_NAME}: unusable values for {', '.join(bad)} were reset"
            )
        settings._loaded = settings.values()
        return settings

    def _take(self, data: dict[str, Any]) -> list[str]:
        """Use the usable values in ``data``; returns the names of unusable ones."""
        bad = []
        defaults = Settings()
        for name in self.names():
            if name not in data:
                continue
            value = data[name]
            if type(value) is not type(getattr(defaults, name)) or not _allowed(name, value):
                bad.append(name)
                continue
            setattr(self, name, value)
        return bad

    @classmethod
    def names(cls) -> list[str]:
        return [
            spec.name
            for spec in fields(cls)
            if not spec.name.startswith("_") and spec.name != "problems"
        ]

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.names()}

    def save(self, folder: Path | None = None) -> None:
        """Write the settings; what another copy of the app saved meanwhile is kept unless
        this copy changed the same setting (then this copy's value wins)."""
        path = (folder or paths.user_data_dir()) / SETTINGS_NAME
        if self._loaded is not None:
            mine = {k: v for k, v in self.values().items() if v != self._loaded.get(k)}
            on_disk = _read_json(path, [])
            if isinstance(on_disk, dict):
                self._take(on_disk)
            for name, value in mine.items():
                setattr(self, name, value)
        data = self.values()
        atomic_write(path, json.dumps(data, indent=2) + "\n")
        self._loaded = dict(data)


def _allowed(name: str, value: Any) -> bool:
    if name == "paper":
        return value in PAPER_SIZES
    if name == "theme":
        return value in THEMES
    if name == "zoom":
        return bool(-5 <= value <= 10)
    if name == "emergency_number":
        return len(value) <= 40 and "\n" not in value
    if isinstance(value, str):
        return len(value) <= 20000
    return True


@dataclass(frozen=True)
class Bookmark:
    page: str
    anchor: str
    title: str
    added: str


class Bookmarks:
    """An ordered list of bookmarks kept in ``bookmarks.json``."""

    def __init__(
        self, items: list[Bookmark] | None = None, problems: list[str] | None = None
    ) -> None:
        self.items = list(items or [])
        self.problems = problems or []
        # Bookmarks as read from the file, so a save keeps those another copy of the app
        # added meanwhile (None: not read from a file; a save writes ``items`` as they are).
        self._loaded: set[tuple[str, str]] | None = None

    @staticmethod
    def parse(data: Any) -> list[Bookmark] | None:
        if not isinstance(data, list):
            return None
        items = []
        for entry in data:
            if not isinstance(entry, dict):
                return None
            values = [entry.get(k) for k in ("page", "anchor", "title", "added")]
            if not all(isinstance(v, str) for v in values) or not values[0]:
                return None
            items.append(Bookmark(*values))  # type: ignore[arg-type]
        return items

    @classmethod
    def load(cls, folder: Path | None = None) -> Bookmarks:
        path = (folder or paths.user_data_dir()) / BOOKMARKS_NAME
        problems: list[str] = []
        data = _read_json(path, problems)
        items = [] if data is None else cls.parse(data)
        if items is None:
            kept = _keep_damaged(path)
            problems.append(
                f"{BOOKMARKS_NAME} was damaged and has been reset"
                + (f"; the damaged file was kept as {kept.name}" if kept else "")
            )
            bookmarks = cls([], problems)
        else:
            bookmarks = cls(items, problems)
        bookmarks._loaded = bookmarks._keys()
        return bookmarks

    def _keys(self) -> set[tuple[str, str]]:
        return {(b.page, b.anchor) for b in self.items}

    def to_json(self) -> str:
        return json.dumps([asdict(b) for b in self.items], indent=2, ensure_ascii=False) + "\n"

    def save(self, folder: Path | None = None) -> None:
        """Write the bookmarks, keeping those another copy of the app added or removed meanwhile."""
        path = (folder or paths.user_data_dir()) / BOOKMARKS_NAME
        if self._loaded is not None:
            on_disk = self.parse(_read_json(path, []))
            if on_disk is not None:
                mine = self._keys()
                removed = self._loaded - mine
                added = [b for b in self.items if (b.page, b.anchor) not in self._loaded]
                merged = [b for b in on_disk if (b.page, b.anchor) not in removed]
                known = {(b.page, b.anchor) for b in merged}
                merged += [b for b in added if (b.page, b.anchor) not in known]
                self.items = merged
        atomic_write(path, self.to_json())
        self._loaded = self._keys()

    def contains(self, page: str, anchor: str = "") -> bool:
        return any(b.page == page and b.anchor == anchor for b in self.items)

    def add(self, page: str, anchor: str, title: str) -> None:
        if not self.contains(page, anchor):
            self.items.append(Bookmark(page, anchor, title, time.strftime("%Y-%m-%d")))

    def remove(self, page: str, anchor: str = "") -> None:
        self.items = [b for b in self.items if not (b.page == page and b.anchor == anchor)]

    def import_file(self, path: Path) -> int:
        """Merge bookmarks from an exported file; returns how many were new. Raises ValueError."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ValueError(
                f"{path.name} is not a bookmarks file ({exc.__class__.__name__})"
            ) from None
        items = self.parse(data)
        if items is None:
            raise ValueError(f"{path.name} is not a bookmarks file")
        before = len(self.items)
        for item in items:
            if not self.contains(item.page, item.anchor):
                self.items.append(item)
        return len(self.items) - before
