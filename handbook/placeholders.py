"""The clinic placeholders a page may hold, and what the clinic's own details read as when unset.

The build marks the placeholders in each page and writes these words into the search text
(so a snippet reads as the page does); the page view puts the clinic's details, or these
words, in their place (handbook/pagehtml.py). Qt-free, and part of the build code the
index is stamped with (handbook/manifest.py).
"""

from __future__ import annotations

CLINIC_PHONE = "clinic_phone"
CLINIC_NAME = "clinic_name"
EMERGENCY_NUMBER = "emergency_number"
PLACEHOLDERS = (CLINIC_PHONE, CLINIC_NAME, EMERGENCY_NUMBER)

DEFAULT_PHONE = "your clinic's urgent 24-hour number"
DEFAULT_CLINIC = "your clinic"


def placeholder(name: str) -> str:
    """How a placeholder is written in a page: ``{{clinic_phone}}``."""
    return "{{" + name + "}}"


def placeholder_span(name: str) -> str:
    """How the build marks a placeholder in a rendered page (print finds it by this)."""
    return f'<span class="placeholder {name.replace("_", "-")}">{placeholder(name)}</span>'
