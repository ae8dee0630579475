"""Colour contrast (WCAG 2 luminance and ratio) and the colours of our stylesheets (Qt-free)."""

from __future__ import annotations

import re

NORMAL_TEXT = 4.5  # WCAG 2 AA, body text
LARGE_TEXT = 3.0  # WCAG 2 AA, text of 18 pt, or 14 pt bold, and larger
NON_TEXT = 3.0  # WCAG 2.1 AA 1.4.11, borders that tell boxes apart

RGB = tuple[int, int, int]

_NAMED = {"black": (0, 0, 0), "white": (255, 255, 255)}
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_RGB_FUNCTION = re.compile(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOUR_IN_VALUE = re.compile(r"#[0-9a-fA-F]{3,6}\b|rgb\([^)]*\)|\b(?:black|white)\b")
COLOUR_PROPERTIES = ("color", "background-color", "background")


def parse_colour(text: str) -> RGB:
    """``#rgb``, ``#rrggbb``, ``rgb(r, g, b)``, ``black`` or ``white``; ValueError otherwise."""
    value = text.strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    match = _RGB_FUNCTION.fullmatch(value)
    if match:
        r, g, b = (int(part) for part in match.groups())
        if all(0 <= c <= 255 for c in (r, g, b)):
            return r, g, b
    elif _HEX.fullmatch(value):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    raise ValueError(f"not a colour: {text!r}")


def relative_luminance(colour: RGB) -> float:
    """WCAG 2 relative luminance: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG 2 contrast ratio, from 1 (same colour) to 21 (black on white); order does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def css_rules(*sheets: str) -> dict[str, dict[str, str]]:
    """Declarations by selector, later sheets overriding earlier ones (as when appended)."""
    rules: dict[str, dict[str, str]] = {}
    for css in sheets:
        for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
            declarations = _declarations(body)
            for selector in selectors.split(","):
                key = " ".join(selector.split())
                if key:
                    rules.setdefault(key, {}).update(declarations)
    return rules


def _declarations(body: str) -> dict[str, str]:
    found = {}
    for part in body.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            found[name.strip().lower()] = value.strip()
    return found


def rule_colour(rules: dict[str, dict[str, str]], selector: str, prop: str) -> RGB | None:
    """The colour ``selector`` sets for ``color``, ``background-color`` or ``border``, or None."""
    declarations = rules.get(selector, {})
    if prop == "border":
        value = declarations.get("border-color") or declarations.get("border", "")
        match = _COLOUR_IN_VALUE.search(value)
        return parse_colour(match.group(0)) if match else None
    declared = declarations.get(prop) or (
        declarations.get("background") if prop == "background-color" else None
    )
    return parse_colour(declared) if declared else None


def system_colours_css(css: str, border_colour: str) -> str:
    """The stylesheet without its own text and background colours, for the system's high contrast.

    Text, links and backgrounds then come from the system palette; borders, which
    tell boxes and table cells apart, are drawn in ``border_colour`` (the palette's text
    colour) and links are underlined so they do not depend on colour alone.
    """
    out = []
    for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
        kept = []
        for name, value in _declarations(body).items():
            if name in COLOUR_PROPERTIES:
                continue
            if name.startswith("border"):
                value = _COLOUR_IN_VALUE.sub(border_colour, value)
            if name == "text-decoration" and _is_link(selectors):
                value = "underline"
            kept.append(f"{name}: {value};")
        if kept:
            out.append(f"{' '.join(selectors.split())} {{ {' '.join(kept)} }}")
    return "\n".join(out) + "\n"


def _is_link(selectors: str) -> bool:
    return any(
        part.split()[-1].split(".")[0] == "a" for part in selectors.split(",") if part.split()
    )
