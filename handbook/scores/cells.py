"""How score cells are written: numbers with up to 4 decimals, formula-like text escaped."""

from __future__ import annotations

import math

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # spreadsheet formula triggers (OWASP)
FORMULA_FIRST = frozenset(FORMULA_STARTS)


def format_number(value: float) -> str:
    """Up to 4 decimals, no trailing zeros: 4, 3.5, 4.475, -0.22."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def is_number(text: str) -> bool:
    """True for text that reads as a finite number (a spreadsheet shows it as a number)."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def safe_cell(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading quote; numbers stay."""
    if text.startswith(FORMULA_STARTS) and not is_number(text):
        return "'" + text
    return text
