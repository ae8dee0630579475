"""Reading level of a page (handbook/build/readability.py): words, sentences, syllables."""

from __future__ import annotations

import pytest

from handbook.build.readability import measure, plain_text, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("cake", 1), ("table", 2), ("free", 1), ("anaemia", 3), ("Transfusion", 3)],
)
def test_syllables_are_vowel_groups_less_a_silent_e(word: str, count: int) -> None:
    assert syllables(word) == count


def test_numbers_count_by_their_length() -> None:
    assert syllables("5") == 1
    assert syllables("1234567") == 2


def test_sentences_end_at_stops_and_blank_lines() -> None:
    assert measure("The cat sat. The dog ran!").sentences == 2
    assert measure("First part\n\nsecond part").sentences == 2


def test_each_list_item_is_a_sentence_of_its_own() -> None:
    assert measure("You may feel:\n- tired\n- short of breath\n").sentences == 3
    assert measure("Steps:\n1. Wash your hands\n2. Dry them\n").sentences == 3
    assert measure("## Why\nBecause it helps\n\n| a | b |\n| c | d |\n").sentences == 4


def test_bold_at_the_start_of_a_line_is_not_a_list_item() -> None:
    assert measure("**Call us** now if you bleed").sentences == 1


def test_markup_links_and_box_titles_are_not_read() -> None:
    text = plain_text('!!! warning "Get help"\n    See [the page](pnh.md) **now**.\n')
    assert text.split() == ["See", "the", "page", "now", "."]
    assert measure("Call {{clinic_phone}} now.").words == 2


def test_readability_measure_orders_texts() -> None:
    plain = measure("You feel tired. Rest when you can. Call us if you get a fever.")
    dense = measure(
        "Haematopoietic stem cell transplantation necessitates myeloablative or reduced-intensity "
        "conditioning, immunosuppressive prophylaxis against graft-versus-host disease, and "
        "surveillance."
    )
    assert plain.grade < 4 < 14 < dense.grade
    assert plain.ease > 60 > dense.ease  # 60-80 is plain English


def test_an_empty_page_is_measured_without_dividing_by_zero() -> None:
    empty = measure("")
    assert (empty.words, empty.sentences, empty.syllables) == (1, 1, 1)
    assert isinstance(empty.grade, float)
