"""Colour contrast of the page stylesheets: every text colour on every background it can sit on."""

from __future__ import annotations

import itertools
import re

import pytest

from handbook.contrast import (
    LARGE_TEXT,
    NON_TEXT,
    NORMAL_TEXT,
    contrast_ratio,
    css_rules,
    parse_colour,
    relative_luminance,
    rule_colour,
    system_colours_css,
)
from tests.helpers import REAL_RESOURCES

STYLES = REAL_RESOURCES / "styles"
PAGE = (STYLES / "page.css").read_text(encoding="utf-8")
DARK = (STYLES / "page-dark.css").read_text(encoding="utf-8")
PRINT = (STYLES / "print.css").read_text(encoding="utf-8")

# Every selector that gives text a colour, and every background that text can sit on
# (links, notes and headings can all appear inside a table cell or a callout box).
TEXTS = [
    "body", "h1", "h2", "h3", "h4", "p.meta", "p.summary", "a", "a.external", "th", "td",
    "p.callout-title", "ol.sources", "p.disclaimer", "p.see", "code",
]  # fmt: skip
BACKGROUNDS = [
    "body", "th", "table.callout td", "table.warning td", "table.danger td", "table.tip td",
]  # fmt: skip
BOXES = ["th", "td", "table.callout td", "table.warning td", "table.danger td", "table.tip td"]
LARGE = {"h1", "h2"}  # 20 pt and 15 pt bold: WCAG "large text"
WHITE = (255, 255, 255)  # the light page has no background of its own: the white palette base


def text_colour(rules: dict[str, dict[str, str]], selector: str) -> tuple[int, int, int]:
    return rule_colour(rules, selector, "color") or rule_colour(rules, "body", "color") or (0, 0, 0)


def background(rules: dict[str, dict[str, str]], selector: str) -> tuple[int, int, int]:
    return (
        rule_colour(rules, selector, "background-color")
        or rule_colour(rules, "body", "background-color")
        or WHITE
    )


def pairs(*sheets: str) -> list[tuple[str, str, float, float]]:
    rules = css_rules(*sheets)
    return [
        (
            text,
            ground,
            contrast_ratio(text_colour(rules, text), background(rules, ground)),
            LARGE_TEXT if text in LARGE else NORMAL_TEXT,
        )
        for text, ground in itertools.product(TEXTS, BACKGROUNDS)
    ]


def test_luminance_and_ratio_match_wcag_reference_values() -> None:
    assert relative_luminance((0, 0, 0)) == 0
    assert relative_luminance((255, 255, 255)) == pytest.approx(1)
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((255, 255, 255), (0, 0, 0)) == pytest.approx(21)
    assert contrast_ratio(parse_colour("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(parse_colour("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(parse_colour("#595959"), WHITE) == pytest.approx(7.0, abs=0.01)


@pytest.mark.parametrize(
    ("text", "rgb"),
    [("#fff", WHITE), ("#1B1B1B", (27, 27, 27)), ("rgb(1, 2, 3)", (1, 2, 3)), ("black", (0, 0, 0))],
)
def test_parse_colour(text: str, rgb: tuple[int, int, int]) -> None:
    assert parse_colour(text) == rgb


@pytest.mark.parametrize("text", ["", "#12", "#12345g", "rgb(1, 2, 300)", "blue", "palette(text)"])
def test_parse_colour_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError):
        parse_colour(text)


def test_later_sheet_overrides_only_what_it_names() -> None:
    rules = css_rules("/* c */ h1, h2 { color: #111; font-size: 20pt }", "h1 { color: #eee; }")
    assert rules["h1"] == {"color": "#eee", "font-size": "20pt"}
    assert rules["h2"] == {"color": "#111", "font-size": "20pt"}
    border = rule_colour(css_rules("td { border: 2px solid #a61b1b }"), "td", "border")
    assert border == (166, 27, 27)


@pytest.mark.parametrize(("text", "ground", "ratio", "needed"), pairs(PAGE, DARK))
def test_dark_page_text_is_readable(text: str, ground: str, ratio: float, needed: float) -> None:
    assert ratio >= needed, f"dark: {text} on {ground}: {ratio:.2f}:1 < {needed}:1"


@pytest.mark.parametrize(("text", "ground", "ratio", "needed"), pairs(PAGE))
def test_light_page_text_is_readable(text: str, ground: str, ratio: float, needed: float) -> None:
    assert ratio >= needed, f"light: {text} on {ground}: {ratio:.2f}:1 < {needed}:1"


@pytest.mark.parametrize(("text", "ground", "ratio", "needed"), pairs(PRINT))
def test_printed_text_is_readable(text: str, ground: str, ratio: float, needed: float) -> None:
    assert ratio >= needed, f"print: {text} on {ground}: {ratio:.2f}:1 < {needed}:1"


@pytest.mark.parametrize("box", BOXES)
def test_dark_borders_stand_out_from_the_page(box: str) -> None:
    rules = css_rules(PAGE, DARK)
    border = rule_colour(rules, box, "border")
    assert border is not None
    ratio = contrast_ratio(border, background(rules, "body"))
    assert ratio >= NON_TEXT, f"{box} border on the page: {ratio:.2f}:1"


def test_dark_sheet_recolours_every_coloured_rule_of_page_css() -> None:
    light, dark = css_rules(PAGE), css_rules(DARK)
    for selector in light:
        for prop in ("color", "background-color", "border"):
            if rule_colour(light, selector, prop) is not None:
                assert rule_colour(dark, selector, prop) is not None, f"{selector} {prop}"


def test_dark_sheet_only_changes_colours() -> None:
    for selector, declarations in css_rules(DARK).items():
        for name, value in declarations.items():
            assert name in ("color", "background-color") or name.startswith("border"), selector
            if name.startswith("border"):
                light = css_rules(PAGE)[selector][name]
                assert re.sub(r"#\w+", "", value) == re.sub(r"#\w+", "", light), selector


def test_system_colours_sheet_keeps_layout_and_drops_colours() -> None:
    css = system_colours_css(PAGE, "#ffffff")
    rules = css_rules(css)
    assert rules["h1"]["font-size"] == "20pt"
    for selector, declarations in rules.items():
        assert "color" not in declarations and "background-color" not in declarations, selector
        if "border" in declarations:
            assert rule_colour(rules, selector, "border") == WHITE
    assert rules["a"]["text-decoration"] == "underline"  # links do not rely on colour alone
    assert rules["table.danger td"]["border"] == "2px solid #ffffff"
