"""The WordPiece tokenizer gives the pieces the question vectors were trained on."""

from __future__ import annotations

import pytest

from handbook.wordpiece import Vocabulary, WordPiece, basic_words
from tests.helpers import REAL_INDEX

VOCABULARY = REAL_INDEX / "questions" / "vocab.txt"

# Ids from transformers' BertTokenizer(vocab.txt, do_lower_case=True), add_special_tokens=False.
REFERENCE = [
    ("can you recover from aplastic anemia", [2064, 2017, 8980, 2013, 9706, 28723, 2019, 17577]),
    (
        "Is it safe to take ibuprofen?? (platelets 15×10⁹/L)",
        [2003, 2009, 3647, 2000, 2202, 21307, 6279, 3217, 18940, 1029, 1029, 1006, 5127]
        + [13461, 2321, 26306, 10790, 30078, 1013, 1048, 1007],
    ),
    ("Café, naïve — Schwachman–Diamond", [7668, 1010, 15743, 1517, 8040, 18663, 19944, 1516, 6323]),
    ("eltrombopag", [3449, 13887, 5092, 4502, 2290]),
]


@pytest.fixture(scope="module")
def pieces() -> WordPiece:
    return WordPiece(Vocabulary.from_text(VOCABULARY.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("text", "ids"), REFERENCE)
def test_pieces_match_the_reference_tokenizer(pieces: WordPiece, text: str, ids: list[int]) -> None:
    assert pieces.pieces(text, 100) == ids


def test_no_text_is_one_unknown_piece_and_long_text_is_cut(pieces: WordPiece) -> None:
    assert pieces.pieces("", 62) == [pieces.unknown]
    assert pieces.pieces("   \u200b\x00 ", 62) == [pieces.unknown]
    assert len(pieces.pieces("anaemia " * 500, 62)) == 62


def test_words_are_lower_case_without_accents_and_split_at_punctuation() -> None:
    assert basic_words("Anémie (sévère)!") == ["anemie", "(", "severe", ")", "!"]


def test_the_compact_vocabulary_finds_every_line_and_nothing_else() -> None:
    lines = VOCABULARY.read_text(encoding="utf-8").splitlines()
    vocabulary = Vocabulary.from_text("\n".join(lines))
    assert len(vocabulary) == len(lines)
    assert all(vocabulary.get(line) == n for n, line in enumerate(lines) if line not in lines[:n])
    assert vocabulary.get("anaemiaxyz") is None and vocabulary.get("") is None
