"""Analysis: glossary names of several words are indexed as one token as well."""

from __future__ import annotations

import pickle

from handbook.analysis import text_analyzer
from handbook.search import SearchEngine
from tests.helpers import REAL_INDEX

NAMES = ["aplastic anaemia", "bone marrow transplant", "G-CSF"]


def _tokens(analyzer, text: str, mode: str) -> list[tuple[str, int, int, int]]:  # type: ignore[no-untyped-def]
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, mode=mode)
    ]


def _name(analyzer, name: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(t.text for t in analyzer(name, mode="query"))


def test_a_glossary_name_in_the_text_is_also_one_token_at_its_first_word() -> None:
    analyzer = text_analyzer({}, [], NAMES)
    text = "Severe aplastic anaemia, treated with a bone marrow transplant."
    tokens = _tokens(analyzer, text, "index")
    plain = _tokens(text_analyzer({}, [], []), text, "index")
    extra = [t for t in tokens if t not in plain]
    assert extra == [
        (_name(analyzer, "aplastic anaemia"), 1, text.index("aplastic"), text.index(",")),
        (_name(analyzer, "bone marrow transplant"), 6, text.index("bone"), text.index(".")),
    ]


def test_names_are_not_joined_across_other_words_or_in_queries() -> None:
    analyzer = text_analyzer({}, [], NAMES)
    apart = "aplastic, not anaemia"
    assert _tokens(analyzer, apart, "index") == _tokens(text_analyzer({}, [], []), apart, "index")
    # A query is analysed word by word; the query builder decides when a name is one term.
    assert all(" " not in t[0] for t in _tokens(analyzer, "aplastic anaemia", "query"))


def test_the_names_survive_the_index_schema_pickle() -> None:
    analyzer = text_analyzer({}, [], NAMES)
    again = pickle.loads(pickle.dumps(analyzer))
    assert again == analyzer and again.phrases == analyzer.phrases
    text = "after a bone marrow transplant"
    assert _tokens(again, text, "index") == _tokens(analyzer, text, "index")


def test_the_shipped_index_holds_glossary_names_as_terms() -> None:
    engine = SearchEngine.open(REAL_INDEX)
    try:
        reader = engine._searcher().reader()
        name = _name(engine._analyzer, "bone marrow transplant")
        assert " " in name and reader.doc_frequency("body", name) > 0
    finally:
        engine.close()


def test_a_synonym_that_is_a_phrase_still_finds_its_pages() -> None:
    # "BMT" expands to "stem cell transplant" and "bone marrow transplant"; the pages that
    # only say the long forms are found, and the long form's words are highlighted.
    engine = SearchEngine.open(REAL_INDEX)
    try:
        results = engine.search("BMT", limit=5).results
        assert "handout-after-transplant" in [r.page for r in results]
        handout = next(r for r in results if r.page == "handout-after-transplant")
        assert "<b>stem</b> <b>cell</b> <b>transplant</b>" in handout.snippet_html
        quoted = engine.search('"aplastic anaemia"', limit=3).results
        assert quoted[0].page == "aplastic-anaemia"
        assert "<b>Aplastic</b> <b>anaemia</b>" in quoted[0].snippet_html
    finally:
        engine.close()


LOW = ["low platelets", "low neutrophils", "low counts"]


def test_a_low_count_said_the_other_way_round_is_the_same_name() -> None:
    analyzer = text_analyzer({}, [], LOW)
    text = "Avoid compost while neutrophils are very low."
    extra = [t for t in _tokens(analyzer, text, "index") if " " in t[0]]
    name = _name(analyzer, "low neutrophils")
    assert extra == [(name, 3, text.index("neutrophils"), text.index("."))]
    # "the platelet count is low": both the count and the platelets are low.
    names = {t[0] for t in _tokens(analyzer, "the platelet count is low", "index") if " " in t[0]}
    assert names == {_name(analyzer, "low platelets"), _name(analyzer, "low counts")}


def test_the_other_way_round_needs_a_verb_between_and_no_other_words() -> None:
    analyzer = text_analyzer({}, [], LOW)
    for text in ("platelets. Low doses", "platelets rise, and ferritin is low", "platelets low"):
        assert all(" " not in t[0] for t in _tokens(analyzer, text, "index")), text


def test_a_question_about_low_neutrophils_finds_the_section_that_says_they_are_low() -> None:
    # Daily life › Gardening says "while neutrophils are very low", never "low neutrophils".
    engine = SearchEngine.open(REAL_INDEX)
    try:
        for typed in ("gardening with low neutrophils", "gardening when my neutrophils are low"):
            first = engine.search(typed).results[0]
            assert (first.page, first.anchor) == ("daily-life", "gardening-and-outdoor-work")
    finally:
        engine.close()
