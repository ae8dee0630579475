"""Small text helpers shared by the build and the run time: anchors, normalisation, dates."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """Lower-case, strip accents and compatibility forms (10⁹ -> 109, é -> e)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def slugify(text: str, separator: str = "-") -> str:
    """The anchor of a heading: folded, runs of other characters become one '-'."""
    return _NON_ALNUM.sub(separator, fold(text)).strip(separator)


def readable_date(iso: str) -> str:
    """``2026-12-02`` as ``2 December 2026`` (the text itself when it is not an ISO date).

    The one way a date is written for people: footers, covers, About, editions. English month
    names whatever the locale, not ``strftime('%B')``, which says "Dezember" under German.
    """
    import datetime  # here, not at import: this module is on the start-up path

    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def strip_control(text: str) -> str:
    """Remove control and bidi-override characters (they are never meaningful in a query)."""
    return _CONTROL.sub(" ", text)
