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
