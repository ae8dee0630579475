"""Values kept whole on a line (handbook/nobreak.py).

Quantities such as "50 ×10⁹/L" in running text are checked in test_ux_render.py; these
are the comparisons, lone units and what a reader copies.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.nobreak import NBSP, WORD_JOINER, join_values, plain


def test_a_comparison_stays_with_its_number() -> None:
    assert join_values("ANC ≥ 0.5") == f"ANC ≥{NBSP}0.5"
    assert join_values("Hb < 80 g/L") == f"Hb <{NBSP}80{NBSP}g/{WORD_JOINER}L"


@pytest.mark.parametrize("unit", ["g/dL", "(×10⁹/L)", "mL/kg/h"])
def test_a_unit_standing_alone_is_not_broken_after_its_slash(unit: str) -> None:
    joined = join_values(f"measured in {unit} here")
    assert plain(joined) == f"measured in {unit} here"
    assert "/" + WORD_JOINER in joined and "/ " not in joined


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("5 mg", f"5{NBSP}mg"),
        ("12.5 mg/kg", f"12.5{NBSP}mg/{WORD_JOINER}kg"),
        ("every 2 hours", f"every 2{NBSP}hours"),
    ],
)
def test_a_number_and_its_unit_share_a_line(text: str, joined: str) -> None:
    assert join_values(text) == joined


@pytest.mark.parametrize("text", ["take 2 tablets", "and/or", "CD59/CD55", "no numbers"])
def test_words_that_are_not_values_are_left_alone(text: str) -> None:
    assert join_values(text) == text


def test_joining_twice_changes_nothing_more() -> None:
    once = join_values("between 20–50 ×10⁹/L and < 0.5 ×10⁹/L")
    assert join_values(once) == once


@given(st.text(alphabet=st.sampled_from(list("0123456789 .,/–-<>≥×⁹mgLkdh%")), max_size=40))
def test_what_a_reader_copies_is_what_was_written(text: str) -> None:
    assert plain(join_values(text)) == text
