"""How a user file is read, set aside and replaced: the rules behind settings and bookmarks.

- A file that cannot be read (permission, a folder in its place) is never saved over:
  it may hold the clinic's details. Loading says so; saving refuses with an OSError.
- A damaged or far too large file is renamed to ``NAME.damaged-YYYYmmdd-HHMMSS`` (a
  rename: a 2 GB file is not copied) before defaults are used, so nothing is lost.
- Every save holds the file's lock (:mod:`handbook.filelock`) from reading what another
  copy wrote to replacing the file, and writes a temporary file that replaces the old one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from handbook import filelock, safejson

STALE_TEMP_SECONDS = 60.0  # a temporary file this old, found under the lock, is a crash's leftover


class SaveRefused(OSError):
    """The file on disk could not be read or set aside, so it was not replaced."""


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it (never half a file)."""
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


def aside_name(path: Path) -> Path:
    """A free ``NAME.damaged-DATE`` name beside ``path``."""
    stem = f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    target = path.with_name(stem)
    number = 2
    while os.path.lexists(target):
        target = path.with_name(f"{stem}-{number}")
        number += 1
    return target


def set_aside(path: Path) -> Path | None:
    """Rename a damaged file out of the way; None when that was not possible."""
    try:
        target = aside_name(path)
        os.rename(path, target)
    except OSError:
        return None
    return target


def copy_aside(path: Path, data: bytes) -> Path | None:
    """Keep a copy of a file that stays in use (some of its values were unusable)."""
    try:
        target = aside_name(path)
        target.write_bytes(data)
    except OSError:
        return None
    return target


@contextlib.contextmanager
def lock_if_possible(path: Path) -> Iterator[bool]:
    """The file's lock for reading at start-up; a read-only folder reads without it."""
    held = contextlib.ExitStack()
    try:
        held.enter_context(filelock.locked(path))
        have_lock = True
    except OSError:
        have_lock = False
    with held:
        yield have_lock


def remove_stale_temps(path: Path) -> int:
    """Delete ``.NAME.*.tmp`` left by a save that was killed (call with the lock held)."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for temp in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - temp.lstat().st_mtime >= STALE_TEMP_SECONDS:
                    temp.unlink()
                    removed += 1
    return removed


class Loaded:
    """What loading a user file found: its bytes and value, and what to tell the user."""

    def __init__(self) -> None:
        self.data: bytes = b""
        self.value: Any = None  # None: nothing usable (missing, unreadable or damaged)
        self.problem = ""


def load(path: Path, max_bytes: int) -> Loaded:
    """Read a user file at start-up; a damaged one is set aside, an unreadable one left alone."""
    found = Loaded()
    with lock_if_possible(path) as have_lock:
        if have_lock:
            remove_stale_temps(path)
        try:
            found.data = safejson.read_bytes(path, max_bytes)
            found.value = safejson.parse(path, found.data)
        except FileNotFoundError:
            pass
        except safejson.Unreadable as exc:
            found.problem = (
                f"{path.name} could not be read ({exc.reason}); defaults are used for now and "
                "the file is left as it is (changes are not saved over it)"
            )
        except safejson.UserFileError as exc:
            kept = set_aside(path)
            found.problem = (
                f"{path.name} was damaged ({exc.reason}) and has been reset; "
                f"the damaged file was kept as {kept.name}"
                if kept
                else f"{path.name} was damaged ({exc.reason}) and could not be moved aside; "
                "defaults are used for now and the file is left as it is"
            )
    return found


def read_for_merge(path: Path, max_bytes: int) -> Any:
    """What is on disk now, during a save (the lock held): None if missing or set aside.

    Raises SaveRefused when the file is there but cannot be read or moved aside.
    """
    try:
        return safejson.read_json(path, max_bytes)
    except FileNotFoundError:
        return None
    except safejson.Unreadable as exc:
        raise SaveRefused(
            errno.EACCES, f"{path.name} cannot be read ({exc.reason}), so it was left as it is"
        ) from None
    except safejson.UserFileError as exc:
        if set_aside(path) is None:
            raise SaveRefused(
                errno.EACCES,
                f"{path.name} is damaged ({exc.reason}) and could not be moved aside",
            ) from None
        return None
