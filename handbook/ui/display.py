"""Before the window opens: is there a display Qt can use? One clear line instead of an abort.

Without a usable display Qt prints a paragraph about platform plugins and aborts the process
(a core dump). On Linux the X11 (xcb) platform is tried here first, with no Qt loaded: the
display must answer, and the plugin's system libraries must load.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

PLATFORM_ENV = "QT_QPA_PLATFORM"
XCB_LIBRARY = "libxcb.so.1"
_MISSING_LIBRARY = re.compile(r"(lib[\w.+-]+?)\.so\.(\d+)")
# What the README lists for the pip route; the plugin needs these beyond a desktop's usual set.
XCB_PACKAGES = "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"


def package_for(library: str) -> str:
    """The Debian/Ubuntu package that ships ``libxcb-icccm.so.4`` (``libxcb-icccm4``)."""
    match = _MISSING_LIBRARY.search(library)
    if match is None:
        return library
    name, version = match.groups()
    return f"{name}{'-' if name[-1].isdigit() else ''}{version}".lower()


def _xcb_plugin() -> Path | None:
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "PySide6"
    else:
        spec = importlib.util.find_spec("PySide6")
        if spec is None or spec.origin is None:
            return None
        base = Path(spec.origin).parent
    plugin = base / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def _display_answers(display: str) -> bool:
    """Whether the X server named by ``display`` accepts a connection."""
    import ctypes  # only here: the check costs nothing where no X server is asked

    try:
        # By its soname, as the plugin links it: ctypes.util.find_library would run
        # ldconfig, and importing it alone took 18 ms of every start.
        xcb = ctypes.CDLL(XCB_LIBRARY)
    except OSError:
        return True  # cannot ask without libxcb; the plugin check below names it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why the window cannot open on this display, in one line; None when it can (or when
    a platform other than X11 is asked for, which Qt then reports itself)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get(PLATFORM_ENV, "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc…: chosen on purpose
    if not platform and env.get("WAYLAND_DISPLAY"):
        return None  # a Wayland session: Qt uses it
    display = env.get("DISPLAY", "")
    if not display:
        return (
            "no display to open the window on (DISPLAY is not set). Start the handbook "
            "from a desktop session; 'handbook --help' lists what works without one"
        )
    if not _display_answers(display):
        return (
            f"cannot open the display {display!r} (no X server answers there). Check DISPLAY, "
            "or start the handbook from a desktop session"
        )
    plugin = _xcb_plugin()
    if plugin is None:
        return None
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        missing = _MISSING_LIBRARY.search(str(exc))
        library = f"{missing.group(0)}" if missing else str(exc)
        return (
            f"the window needs the system library {library}, which is not installed "
            f"(on Debian or Ubuntu: sudo apt install {package_for(library)}; all of them: "
            f"{XCB_PACKAGES})"
        )
    return None
