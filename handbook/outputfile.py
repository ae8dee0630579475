"""Writing a file the user named (``export-pdf -o``, File → Export PDF): whole or not at all,
never over a device, a link, a folder or, unasked, an existing file.

The file is written to a temporary file beside the target and renamed over it, so a
crash or a full disk never leaves half a PDF. The result gets the mode a new file
normally gets (``0666`` less the umask) or, when it replaces one, the old file's mode.
Messages name the file the user chose, never the temporary one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Result = TypeVar("Result")


class OutputError(OSError):
    """The output could not be written; ``str()`` is a sentence naming the chosen file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class OutputRefused(OutputError):
    """The target is not something a PDF may be written over."""


class OutputExists(OutputRefused):
    """The target is an existing file and replacing it was not confirmed."""


def check_target(path: Path, replace: bool) -> Path:
    """The absolute path to write, or OutputRefused saying why it will not be written."""
    if not str(path).strip() or str(path) in (".", ".."):
        raise OutputRefused("give the name of the PDF file to write")
    target = path.absolute()
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputRefused(f"{target} cannot be checked ({exc.strerror})") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputRefused(f"{target} is a symbolic link; name the file itself")
        if stat.S_ISDIR(info.st_mode):
            raise OutputRefused(f"{target} is a folder; name a file inside it")
        if not stat.S_ISREG(info.st_mode):
            raise OutputRefused(f"{target} is not a regular file (a device or a pipe)")
        if not replace:
            raise OutputExists(f"{target} already exists")
    if not target.parent.is_dir():
        raise OutputRefused(f"the folder {target.parent} does not exist")
    return target


def _new_file_mode() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def _is_complete_pdf(path: Path) -> bool:
    """A PDF ends with ``%%EOF``; a full disk cuts it short without Qt saying so."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 1024))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


def write_through_temp(target: Path, render: Callable[[Path], Result]) -> Result:
    """Call ``render(temp)`` to write a PDF beside ``target``, then rename it over ``target``."""
    folder = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = _new_file_mode()
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{target} could not be written: the folder {folder} cannot be written "
            f"({exc.strerror}); the PDF is made beside it first, so the folder must be writable"
        ) from None
    os.close(handle)
    temp = Path(name)
    try:
        result = render(temp)
        if not _is_complete_pdf(temp):
            raise OutputError(f"{target} could not be written completely (is the disk full?)")
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"{target} could not be written ({exc.strerror})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return result
