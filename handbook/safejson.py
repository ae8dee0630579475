"""Read a JSON file a user (or anyone) may have damaged: size and depth capped, never a traceback.

``read_json`` looks at the file before reading it (a folder, a device or a 2 GB file is
refused without reading a byte), decodes UTF-8 with or without a byte-order mark, and
raises one of three errors that say what was wrong in words a user understands:
:class:`Unreadable` (it is there but cannot be read), :class:`Damaged` (it was read and
is not usable JSON) or :class:`TooLarge`. A missing file raises ``FileNotFoundError``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

MAX_DEPTH = 32  # settings are 1 deep, bookmarks 2, the index's own files about 5


class UserFileError(Exception):
    """A file that exists could not be used; ``reason`` says why in a few words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


class Unreadable(UserFileError):
    """It is there but cannot be read (permission, a folder in its place, a disk error)."""


class Damaged(UserFileError):
    """It was read but is not usable JSON (garbage, cut short, nested too deep)."""


class TooLarge(UserFileError):
    """It is far larger than such a file can be; it was not read."""


def describe_size(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing what is not a regular file or is over ``max_bytes``."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Unreadable(path, _reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable(path, "a folder is in its place")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(path, "it is not a regular file")
    if info.st_size > max_bytes:
        raise TooLarge(path, f"it is {describe_size(info.st_size)}, more than such a file can be")
    try:
        with open(path, "rb") as handle:
            # One byte more than allowed: a file that grew since stat() is still caught.
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Unreadable(path, _reason(exc)) from None
    if len(data) > max_bytes:
        raise TooLarge(path, "it is larger than such a file can be")
    return data


def depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (0 for a plain value), without recursion."""
    deepest = 0
    # Only lists and objects are visited: a catalog's 20,000 strings are never queued.
    pending: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, (dict, list)) else []
    while pending:
        item, level = pending.pop()
        if level > deepest:
            deepest = level
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def parse(path: Path, data: bytes, max_depth: int = MAX_DEPTH) -> Any:
    """Decode ``data`` (UTF-8, a byte-order mark allowed) as JSON nested at most ``max_depth``."""
    try:
        text = data.decode("utf-8-sig")  # Notepad saves UTF-8 with a byte-order mark
    except UnicodeDecodeError:
        raise Damaged(path, "it is not UTF-8 text") from None
    try:
        value = json.loads(text)
    except RecursionError:  # the C decoder gives up at about 1,000 levels
        raise Damaged(path, "it is nested far too deeply") from None
    except ValueError as exc:  # includes integers of more than 4,300 digits
        raise Damaged(path, f"it is not valid JSON ({exc.__class__.__name__})") from None
    if depth(value) > max_depth:
        raise Damaged(path, "it is nested far too deeply")
    return value


def read_json(path: Path, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in ``path``; raises FileNotFoundError or a :class:`UserFileError`."""
    return parse(path, read_bytes(path, max_bytes), max_depth)
