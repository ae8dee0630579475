"""Where the app finds its prebuilt index and where it keeps per-user data.

The app runs three ways: from a source checkout, from an installed wheel and frozen
by PyInstaller. Only this module knows the difference (``build.spec`` imports
:func:`bundle_data` from here so the bundle and the code agree).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from handbook import APP_NAME, ORG_NAME

PORTABLE_MARKER = "portable.ini"
SITE_FILE_NAME = "site.json"  # the clinic's details for every user of this installation
PACKAGE_DIR = Path(__file__).resolve().parent


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def source_root() -> Path | None:
    """The checkout root when running from source (it holds ``resources/``), else None."""
    root = PACKAGE_DIR.parent
    if (root / "resources" / "content").is_dir() and (root / "pyproject.toml").is_file():
        return root
    return None


def bundled_index_dir() -> Path:
    """The read-only index shipped with the app."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "index"
    root = source_root()
    if root is not None:
        return root / "index"
    return PACKAGE_DIR / "_bundled" / "index"


def resources_dir() -> Path | None:
    """Content sources; only a source checkout has them."""
    root = source_root()
    return root / "resources" if root else None


def app_dir() -> Path:
    """The folder of the executable (frozen) or of the checkout/package (not frozen)."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return source_root() or PACKAGE_DIR


def site_dir() -> Path:
    """The install folder where IT puts the clinic's site file (``site.json``).

    Beside the executable when frozen, the checkout root in a source checkout, and the
    package's data folder (``handbook/_bundled``) when installed by pip. The app only reads
    it; ``handbook clinic set``/``import`` write it when run with the rights to.
    """
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return source_root() or PACKAGE_DIR / "_bundled"


def site_file() -> Path:
    return site_dir() / SITE_FILE_NAME


def portable_dir() -> Path | None:
    """The user-data folder beside the app when a ``portable.ini`` marker sits there."""
    base = app_dir()
    if (base / PORTABLE_MARKER).is_file():
        return base / "userdata"
    return None


def user_data_dir() -> Path:
    """Per-user data folder: the one Qt's QStandardPaths.AppDataLocation names.

    Computed here without Qt so the command line shares it with the window
    (a GUI test checks the two agree). ``HANDBOOK_USER_DIR`` overrides it, for
    tests and for IT staff who want it elsewhere.
    """
    override = os.environ.get("HANDBOOK_USER_DIR")
    if override:
        return Path(override)
    portable = portable_dir()
    if portable is not None:
        return portable
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        # The XDG spec (and Qt) ignore a relative XDG_DATA_HOME; so must we, or user data
        # would follow the current folder and the two would disagree.
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORG_NAME / APP_NAME


def user_index_dir() -> Path:
    """Where an index rebuilt at run time goes (never into the install folder)."""
    return user_data_dir() / "index"


def trusted_keys_dir() -> Path:
    """The editors' public keys that content packs must be signed with (shipped, read-only)."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "keys"
    root = source_root()
    if root is not None:
        return root / "resources" / "keys"
    return PACKAGE_DIR / "_bundled" / "keys"


def machine_content_dir() -> Path:
    """Content updates installed for every user: ``content/`` beside the executable (or the
    checkout or package); ``HANDBOOK_CONTENT_DIR`` overrides it."""
    override = os.environ.get("HANDBOOK_CONTENT_DIR")
    if override:
        return Path(override)
    return app_dir() / "content"


def user_content_dir() -> Path:
    """Content updates installed for this user only (``userdata/content`` when portable)."""
    return user_data_dir() / "content"


def bundle_data() -> list[tuple[str, str]]:
    """(source, destination) pairs PyInstaller copies into the bundle."""
    root = source_root()
    if root is None:
        raise RuntimeError("bundle_data() needs a source checkout")
    return [(str(root / "index"), "index"), (str(root / "resources" / "keys"), "keys")]
