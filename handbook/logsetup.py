"""Logging to a per-user file, and safe output when a windowed build has no console."""

from __future__ import annotations

import contextlib
import faulthandler
import io
import logging
import os
import sys
import types
from pathlib import Path
from typing import Any

from handbook import __version__, paths

LOG_NAME = "handbook.log"
LOG_BYTES = 512 * 1024
CRASH_LOGGER = "handbook.crash"  # file only: the console gets Python's own traceback
_state: dict[str, Any] = {}


class _QuietFileHandler(logging.FileHandler):
    """A size-capped log that creates its folder on first use and goes silent if it cannot write.

    When the file passes ``LOG_BYTES`` it is renamed to ``.1`` (``.1`` to ``.2``) and a new
    one is started. A read-only home or a full disk must never stop the app or spill
    "Logging error" tracebacks onto a console. (``logging.handlers.RotatingFileHandler``
    does the same, but importing ``logging.handlers`` costs about 10 ms at start-up.)
    """

    def __init__(self, path: Path, max_bytes: int = LOG_BYTES, keep: int = 2) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes = max_bytes
        self.keep = keep
        self.broken = False

    def _open(self) -> io.TextIOWrapper:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.keep - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")

    def emit(self, record: logging.LogRecord) -> None:
        if self.broken:
            return
        try:
            if self.stream is None:
                if (
                    os.path.exists(self.baseFilename)
                    and os.path.getsize(self.baseFilename) >= self.max_bytes
                ):
                    self._rotate()
            elif self.stream.tell() >= self.max_bytes:
                self._rotate()
            super().emit(record)  # opens the file on first use: that can fail too
        except OSError:
            self.broken = True

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        self.broken = True


class _LogStream:
    """Stands in for a missing sys.stdout/sys.stderr: what is printed goes to the log."""

    def __init__(self, level: int) -> None:
        self._level = level
        self._pending = ""
        self.encoding = "utf-8"
        self.errors = "replace"

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            logging.getLogger("handbook.output").log(self._level, "%s", line)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def log_path() -> Path:
    return paths.user_data_dir() / "logs" / LOG_NAME


def _attach_windows_console() -> bool:
    """A windowed .exe started from cmd.exe may print to that console (e.g. ``handbook check``)."""
    if sys.platform != "win32" or len(sys.argv) < 2:
        return False
    try:
        import ctypes

        if not ctypes.windll.kernel32.AttachConsole(-1):
            return False
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        return True
    except (OSError, AttributeError):
        return False


def _log_uncaught(
    kind: type[BaseException], value: BaseException, tb: types.TracebackType | None
) -> None:
    """Record a crash in the log file; a console (if any) still gets the usual traceback."""
    if not issubclass(kind, KeyboardInterrupt):
        logging.getLogger(CRASH_LOGGER).critical("uncaught exception", exc_info=(kind, value, tb))
    if sys.stderr is not None and not isinstance(sys.stderr, _LogStream):
        _state.get("excepthook", sys.__excepthook__)(kind, value, tb)


def _enable_faulthandler() -> None:
    """Dump Python stacks into the log on a hard crash (a Qt abort) when there is no console."""
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        path = log_path().with_name("crash.log")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a", encoding="utf-8")
        _state["crash_file"] = handle  # faulthandler needs the file kept open
        faulthandler.enable(file=handle)


def configure_logging() -> Path:
    """Set up logging once per process; returns the log file's path (created on first record).

    Call it first thing at start-up. In a windowed build ``sys.stdout`` and ``sys.stderr``
    are None and ``print`` would raise; they are replaced by streams into the log.
    """
    if "path" in _state:
        return Path(_state["path"])
    path = log_path()
    _state["path"] = str(path)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    handler = _QuietFileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    crash = logging.getLogger(CRASH_LOGGER)
    crash.addHandler(handler)
    crash.propagate = False
    headless = sys.stdout is None or sys.stderr is None
    if headless and not _attach_windows_console():
        if sys.stdout is None:
            sys.stdout = _LogStream(logging.INFO)
        if sys.stderr is None:
            sys.stderr = _LogStream(logging.WARNING)
        _enable_faulthandler()
    elif not isinstance(sys.stderr, _LogStream):
        console = logging.StreamHandler()  # stderr: warnings still show in a terminal
        console.setLevel(logging.WARNING)
        root.addHandler(console)
    _state["excepthook"] = sys.excepthook
    sys.excepthook = _log_uncaught
    if paths.is_frozen() or headless:
        logging.getLogger("handbook").info(
            "handbook %s starting (frozen=%s, pid %d, args %s)",
            __version__,
            paths.is_frozen(),
            os.getpid(),
            sys.argv[1:],
        )
    return path
