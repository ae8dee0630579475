"""An advisory lock beside a user file, so two copies of the app never interleave a save.

A save reads what the other copy wrote, merges and replaces the file; without a lock a
copy that saves between another's read and replace has its change overwritten. The
lock is ``.NAME.lock`` in the same folder, held with ``flock`` (POSIX) or
``msvcrt.locking`` (Windows). The operating system releases it when the holder dies,
so a ``kill -9`` or a power cut never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

WAIT_SECONDS = 10.0  # a save takes milliseconds; a copy hung longer than this is not waited for
POLL_SECONDS = 0.01


class LockTimeout(OSError):
    """Another copy of the app held the lock for longer than a save can take."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _try_lock(handle: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True


def _unlock(handle: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def locked(path: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock for ``path`` (creating its folder); raises OSError when it cannot be had.

    A folder where no lock file can be made (read-only, full) raises that OSError: the
    save that wanted the lock could not have written its file there either.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    errno.EAGAIN,
                    f"another copy of the handbook is still saving {path.name}",
                )
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        os.close(handle)
