"""handbook.asked: how closely a typed question matches the questions a section answers."""

from __future__ import annotations

import pytest

from handbook.asked import AskedQuestions
from handbook.indexlayout import ASKED_SEPARATOR as SEPARATOR

STOP = frozenset({"can", "i", "my", "the", "a", "is", "it", "me", "will", "what"})


def analyze(text: str) -> list[str]:
    return [w.strip("?,.").lower() for w in text.split() if w.strip("?,.")]


@pytest.fixture
def asked() -> AskedQuestions:
    return AskedQuestions(
        [
            (1, SEPARATOR.join(["can my brother give me blood", "can relatives donate blood"])),
            (2, "will aplastic anaemia come back after treatment"),
            (3, "what is aplastic anaemia"),
        ],
        analyze,
        STOP,
    )


def test_the_same_question_matches_fully(asked: AskedQuestions) -> None:
    assert asked.matches("Can my brother give me blood?")[1] == pytest.approx(1.0)


def test_a_section_scores_its_best_question(asked: AskedQuestions) -> None:
    match = asked.matches("can relatives donate")
    assert 0.5 < match[1] < 1.0


def test_rare_shared_words_count_for_more_than_common_ones(asked: AskedQuestions) -> None:
    # "come back" is only in document 2; "aplastic anaemia" is in 2 and 3.
    match = asked.matches("does it come back")
    assert match[2] > 0.4
    assert 3 not in match
    assert asked.matches("aplastic anaemia come back")[2] > asked.matches("aplastic anaemia")[2]


def test_nothing_shared_or_only_filler_matches_nothing(asked: AskedQuestions) -> None:
    assert asked.matches("platelet count") == {}
    assert asked.matches("can I? what is it") == {}
    assert asked.matches("") == {}


def test_questions_are_counted(asked: AskedQuestions) -> None:
    assert len(asked) == 4


def test_questions_analysed_by_the_build_match_as_their_text_does(asked: AskedQuestions) -> None:
    analysed = AskedQuestions(
        [
            (1, [analyze("can my brother give me blood"), analyze("can relatives donate blood")]),
            (2, [analyze("will aplastic anaemia come back after treatment")]),
            (3, [analyze("what is aplastic anaemia")]),
        ],
        analyze,
        STOP,
    )
    assert len(analysed) == len(asked) == 4
    for typed in ("can relatives donate", "will it come back", "aplastic anaemia"):
        assert analysed.matches(typed) == asked.matches(typed)


def test_the_real_index_stores_each_asked_question_analysed_as_search_analyses_it() -> None:
    from handbook.search import SearchEngine
    from tests.helpers import REAL_INDEX

    engine = SearchEngine.open(REAL_INDEX)
    try:
        reader = engine._searcher().reader()
        stored = [(n, f) for n, f in reader.iter_docs() if f.get("asked")]
        assert len(stored) > 900
        for _docnum, fields in stored[::7]:
            questions = [q for q in fields["asked"].split(SEPARATOR) if q.strip()]
            assert [list(t) for t in fields["asked_terms"]] == [
                engine._analyze(q) for q in questions
            ]
        # The engine compares typed questions with the stored terms, as it did with the text.
        from_text = AskedQuestions(
            [(n, f["asked"]) for n, f in stored], engine._analyze, engine._stopwords
        )
        from_terms = engine._asked_questions(engine._searcher())
        for typed in ("can my brother give me blood", "will aplastic anaemia come back"):
            assert from_terms.matches(typed) == from_text.matches(typed)
    finally:
        engine.close()
