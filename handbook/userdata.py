"""Per-user settings and bookmarks as JSON files: validated on load, saved atomically.

A damaged file (garbage, empty, wrong types, nested or sized absurdly) never stops the
app: it is kept aside, defaults are used for what was damaged, and ``problems`` says
what happened so the window can tell the user once. A file that cannot be read is left
alone and never saved over. Saves hold a lock from reading what another copy of the
app wrote to replacing the file (see :mod:`handbook.userfiles`).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from handbook import filelock, paths, safejson, userfiles
from handbook.userfiles import atomic_write

__all__ = ["Bookmark", "Bookmarks", "Settings", "atomic_write"]

SETTINGS_NAME = "settings.json"
BOOKMARKS_NAME = "bookmarks.json"
PAPER_SIZES = ("auto", "a4", "letter")
THEMES = ("light", "dark", "system")
ZOOM_MIN, ZOOM_MAX = -5, 10  # text size steps below and above normal (0)
SETTINGS_MAX_BYTES = 1 << 20  # every setting together is a few KB
BOOKMARKS_MAX_BYTES = 5 << 20  # about 50,000 bookmarks
MAX_IMPORT = 2000  # bookmarks in one imported file, and in the list after an import
PAGE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
ANCHOR = re.compile(r"[A-Za-z0-9_.:-]{0,200}")
DATE = re.compile(r"(\d{4}-\d{2}-\d{2})?")


@dataclass
class Settings:
    clinic_name: str = ""
    clinic_phone: str = ""
    emergency_number: str = ""  # empty: the number for the workstation's country
    # More of the clinic profile (handbook/clinicprofile.py); a site file may set or lock them.
    clinic_department: str = ""
    clinic_out_of_hours: str = ""
    clinic_address: str = ""
    clinic_logo: str = ""  # a file name in the user-data folder
    # Profile fields this user chose to differ from the site file's value.
    clinic_own: list[str] = field(default_factory=list)
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
        found = userfiles.load(path, SETTINGS_MAX_BYTES)
        if found.problem:
            settings.problems.append(found.problem)
        data = found.value
        if data is None:
            return settings
        if not isinstance(data, dict):
            kept = userfiles.set_aside(path)
            settings.problems.append(
                f"{SETTINGS_NAME} did not hold settings and has been reset"
                + (f"; the damaged file was kept as {kept.name}" if kept else "")
            )
            return settings
        bad = settings._take(data)
        if bad:
            kept = userfiles.copy_aside(path, found.data)
            settings.problems.append(
                f"{SETTINGS_NAME}: unusable values for {', '.join(bad)} were reset"
                + (f"; the file as it was is kept as {kept.name}" if kept else "")
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
        this copy changed the same setting (then this copy's value wins).

        Raises OSError (SaveRefused) rather than replace a file that cannot be read.
        """
        path = (folder or paths.user_data_dir()) / SETTINGS_NAME
        with filelock.locked(path):
            on_disk = userfiles.read_for_merge(path, SETTINGS_MAX_BYTES)
            if self._loaded is not None:
                mine = {k: v for k, v in self.values().items() if v != self._loaded.get(k)}
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
        return bool(ZOOM_MIN <= value <= ZOOM_MAX)
    if name == "emergency_number":
        return len(value) <= 40 and "\n" not in value
    if name == "clinic_own":
        return len(value) <= 20 and all(isinstance(v, str) and len(v) <= 40 for v in value)
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
        """The bookmarks in a file's JSON value, or None when it does not hold bookmarks."""
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

    @staticmethod
    def unusable(bookmark: Bookmark) -> str:
        """Why an imported bookmark cannot be one of this handbook's ("" when it can)."""
        if not PAGE_ID.fullmatch(bookmark.page):
            return "a page id that is not a handbook page id"
        if not ANCHOR.fullmatch(bookmark.anchor):
            return "a section name that is not a handbook section"
        if not DATE.fullmatch(bookmark.added):
            return "an 'added' value that is not a date"
        if len(bookmark.title) > 500 or "\n" in bookmark.title:
            return "a title that is not a page title"
        return ""

    @classmethod
    def load(cls, folder: Path | None = None) -> Bookmarks:
        path = (folder or paths.user_data_dir()) / BOOKMARKS_NAME
        found = userfiles.load(path, BOOKMARKS_MAX_BYTES)
        problems = [found.problem] if found.problem else []
        items = [] if found.value is None else cls.parse(found.value)
        if items is None:
            kept = userfiles.set_aside(path)
            problems.append(
                f"{BOOKMARKS_NAME} did not hold bookmarks and has been reset"
                + (f"; the damaged file was kept as {kept.name}" if kept else "")
            )
            items = []
        bookmarks = cls(items, problems)
        bookmarks._loaded = bookmarks._keys()
        return bookmarks

    def _keys(self) -> set[tuple[str, str]]:
        return {(b.page, b.anchor) for b in self.items}

    def to_json(self) -> str:
        return json.dumps([asdict(b) for b in self.items], indent=2, ensure_ascii=False) + "\n"

    def save(self, folder: Path | None = None) -> None:
        """Write the bookmarks, keeping those another copy of the app added or removed meanwhile.

        Raises OSError (SaveRefused) rather than replace a file that cannot be read.
        """
        path = (folder or paths.user_data_dir()) / BOOKMARKS_NAME
        with filelock.locked(path):
            on_disk = self.parse(userfiles.read_for_merge(path, BOOKMARKS_MAX_BYTES))
            if self._loaded is not None and on_disk is not None:
                removed = self._loaded - self._keys()
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
        """Merge bookmarks from an exported file; returns how many were new.

        Raises ValueError (saying what was wrong) and then changes nothing.
        """
        try:
            data = safejson.read_json(path, BOOKMARKS_MAX_BYTES)
        except FileNotFoundError:
            raise ValueError(f"{path.name} was not found") from None
        except safejson.UserFileError as exc:
            raise ValueError(f"{path.name} is not a bookmarks file ({exc.reason})") from None
        items = self.parse(data)
        if items is None:
            raise ValueError(f"{path.name} is not a bookmarks file")
        if len(items) > MAX_IMPORT:
            raise ValueError(
                f"{path.name} holds {len(items):,} bookmarks; at most {MAX_IMPORT:,} can be "
                "imported at once"
            )
        for number, item in enumerate(items, start=1):
            why = self.unusable(item)
            if why:
                raise ValueError(f"{path.name} is not a bookmarks file (entry {number} has {why})")
        known = self._keys()
        new = []
        for item in items:
            if (item.page, item.anchor) not in known:
                known.add((item.page, item.anchor))
                new.append(item)
        if len(self.items) + len(new) > MAX_IMPORT and new:
            raise ValueError(
                f"importing {path.name} would make {len(self.items) + len(new):,} bookmarks; "
                f"at most {MAX_IMPORT:,} are kept"
            )
        self.items.extend(new)
        return len(new)
