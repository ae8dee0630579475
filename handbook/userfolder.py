"""Whether the per-user folder can keep settings and bookmarks, and what to tell the user if not."""

from __future__ import annotations

import tempfile
from pathlib import Path

from handbook import paths

USER_DIR_ENV = "HANDBOOK_USER_DIR"


def unwritable_reason(folder: Path | None = None) -> str | None:
    """Why nothing can be saved in ``folder`` (the per-user folder), or None when it can."""
    folder = folder or paths.user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        return exc.strerror or exc.__class__.__name__
    return None


def unwritable_message(folder: Path, reason: str) -> str:
    """One message: what will not be kept, and the two ways to give the handbook a folder."""
    return (
        f"Settings and bookmarks cannot be kept: the folder {folder} cannot be written "
        f"({reason}). The handbook works, but bookmarks, clinic details, zoom and the last "
        "page are forgotten when it closes. To keep them, ask IT to make that folder "
        f"writable, or to set {USER_DIR_ENV} to a folder you can write, or to put an empty "
        f"{paths.PORTABLE_MARKER} beside the program so they are kept in userdata/ there."
    )
