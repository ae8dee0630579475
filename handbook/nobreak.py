"""Keep values whole on a line: "50 ×10⁹/L", "5 mg/kg", "< 0.5", "20–50 g/L" (Qt-free).

Qt breaks a line at a space, after a slash and after an en dash, so a count could
read "50 ×10⁹/" at the end of one line and "L" on the next. At build time the space
inside a quantity becomes a no-break space (U+00A0) and a word joiner (U+2060, which
prints nothing) follows each slash or dash inside it. The page view drops the word
joiners again when text is copied, and find in page matches across them.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
WORD_JOINER = "\u2060"

_NUMBER = r"\d+(?:[.,]\d+)*"
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# Units that follow a number in the handbook; a slash and more units may follow
# ("mg/kg/day", "×10⁹/L", "mL/kg/h").
_UNITS = (
    rf"×\s?10[{_SUPERSCRIPT}]+",
    r"[µμm]?g",
    r"mcg",
    r"[µμmn]?mol",
    r"[mµμd]?L",
    r"k?IU",
    r"U",
    r"units?",
    r"fL",
    r"pg",
    r"kg",
    r"[cm]m",
    r"m²",
    r"Gy",
    r"°C",
    r"%",
    r"h",
    r"hours?",
    r"min(?:utes?)?",
    r"days?",
    r"weeks?",
    r"months?",
    r"years?",
)
_UNIT = rf"(?:{'|'.join(_UNITS)})(?:/[A-Za-zµμ²³]+)*"
# A number or a range of numbers ("20–50", "20 - 50"), a space, a unit.
_QUANTITY = re.compile(
    rf"(?<![\w.,]){_NUMBER}(?:\s?[–-]\s?{_NUMBER})?\s{_UNIT}(?![\w/])", re.UNICODE
)
# A unit with a slash standing alone: "(×10⁹/L)", "g/dL".
_SLASHED_UNIT = re.compile(rf"(?<![A-Za-z/]){_UNIT}(?![\w/])")
_COMPARISON = re.compile(r"([<>≤≥]) (?=\d)")


def _glue(quantity: str) -> str:
    """The quantity with its spaces unbreakable and no break after a slash or dash."""
    glued = re.sub(r"\s", NBSP, quantity)
    glued = re.sub(r"([/–-])(?!\u2060)", "\\1" + WORD_JOINER, glued)
    return glued


def join_values(text: str) -> str:
    """``text`` with every quantity and comparison kept on one line."""
    if not any(ch.isdigit() for ch in text) and "/" not in text:
        return text
    text = _QUANTITY.sub(lambda m: _glue(m.group(0)), text)
    text = _SLASHED_UNIT.sub(lambda m: _glue(m.group(0)) if "/" in m.group(0) else m.group(0), text)
    return _COMPARISON.sub("\\1" + NBSP, text)


def plain(text: str) -> str:
    """What a reader copies: ordinary spaces, no word joiners."""
    return text.replace(WORD_JOINER, "").replace(NBSP, " ")
