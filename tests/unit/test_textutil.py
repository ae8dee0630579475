"""Text helpers shared by build and run time (handbook/textutil.py): folding and anchors."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handbook.textutil import fold, slugify, strip_control


def test_fold_drops_case_accents_and_compatibility_forms() -> None:
    assert fold("Ménière") == "meniere"
    assert fold("PNH") == "pnh"
    assert fold("10⁹/L") == "109/l"  # a superscript is typed as a plain digit
    assert fold("ﬁbrin") == "fibrin"  # the ligature a PDF copy leaves behind


def test_a_heading_anchor_is_folded_words_joined_by_dashes() -> None:
    assert slugify("Severity & Camitta (2024)") == "severity-camitta-2024"
    assert slugify("  Anämie — Überblick  ") == "anamie-uberblick"
    assert slugify("Anämie — Überblick", "_") == "anamie_uberblick"
    assert slugify("!!!") == ""


@given(st.text(max_size=80))
def test_an_anchor_is_always_safe_in_a_link(text: str) -> None:
    anchor = slugify(text)
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in anchor)
    assert not anchor.startswith("-") and not anchor.endswith("-") and "--" not in anchor


def test_control_and_direction_marks_become_spaces_but_lines_and_tabs_stay() -> None:
    assert strip_control("a\u202eb\x07c\u200bd\u2066e") == "a b c d e"
    assert strip_control("one\ntwo\tthree") == "one\ntwo\tthree"


@given(st.text(max_size=80))
def test_stripping_keeps_the_length_and_leaves_nothing_to_strip(text: str) -> None:
    stripped = strip_control(text)
    assert len(stripped) == len(text)
    assert strip_control(stripped) == stripped
