"""Result snippets: the passages with the most query terms, marked, never repeated."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handbook.analysis import text_analyzer
from handbook.snippets import BETWEEN, MARK_CLOSE, MARK_OPEN, opening, snippet

ANALYZER = text_analyzer({"anaemia": "anemia"}, ["mds"])


def spans(text: str, *terms: str):  # type: ignore[no-untyped-def]
    return ANALYZER.spans(text, frozenset(terms))


def plain(marked: str) -> str:
    return marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def test_marks_every_matched_word_in_the_passage() -> None:
    text = "Aplastic anaemia is rare. Anemia of other causes is common."
    marked = snippet(text, spans(text, "anemia"))
    assert marked.count(MARK_OPEN) == 2
    assert f"{MARK_OPEN}anaemia{MARK_CLOSE}" in marked
    assert f"{MARK_OPEN}Anemia{MARK_CLOSE}" in marked


def test_prefers_the_passage_with_more_distinct_terms() -> None:
    filler = " ".join(["word"] * 80)
    text = f"platelets alone here. {filler} platelets and bleeding together here. {filler} end"
    marked = snippet(text, spans(text, "platelet", "bleed"), top=1)
    assert "together" in marked and "alone" not in marked


def test_two_passages_are_joined_and_not_repeated() -> None:
    filler = " ".join(["word"] * 80)
    text = f"ATG first. {filler} ciclosporin second. {filler}"
    marked = snippet(text, spans(text, "atg", "ciclosporin"))
    assert BETWEEN in marked
    first, second = marked.split(BETWEEN)
    assert "ATG" in first and "ciclosporin" in second
    close = "ATG and ciclosporin together, ATG again."
    assert BETWEEN not in snippet(close, spans(close, "atg", "ciclosporin"))


def test_nothing_matched_gives_empty() -> None:
    assert snippet("no match here", []) == ""


@given(st.text(max_size=600), st.sampled_from(["anemia", "mds", "platelet", "x"]))
def test_any_text_gives_a_passage_of_the_text(text: str, term: str) -> None:
    marked = snippet(text, spans(text, term))
    # Marks open and close in pairs, even where the text itself holds a mark character.
    assert marked.count(MARK_OPEN) == marked.count(MARK_CLOSE)
    for piece in plain(marked).split(BETWEEN):
        assert piece.strip() in plain(text)


def test_a_mark_character_in_the_text_does_not_open_a_highlight() -> None:
    text = f"platelets{MARK_CLOSE} and {MARK_OPEN}bleeding"
    marked = snippet(text, spans(text, "platelet"))
    assert marked == f"{MARK_OPEN}platelets{MARK_CLOSE} and bleeding"
    assert opening(f"A page{MARK_OPEN} opening", 80) == "A page opening"
