"""Reading what a person types (handbook/query.py): words, phrases, operators, synonyms.

The engine-level checks (which page comes first) are in test_search.py; these look at the
query itself, on the real analyzer with a small glossary, so a failure names the step.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS

from handbook.analysis import text_analyzer
from handbook.query import (
    FIELD_BOOSTS,
    MAX_ITEMS,
    MAX_QUERY_CHARS,
    BuiltQuery,
    Concept,
    Lexicon,
    QueryBuilder,
    clean,
    is_acronym,
    parse,
)
from handbook.search import EXTRA_STOPWORDS
from handbook.textutil import fold

SPELLINGS = {"haemoglobinuria": "hemoglobinuria"}
GLOSSARY = {
    "synonyms": [["bone marrow transplant", "BMT", "stem cell transplant"], ["!!!", "ATG"]],
    "related": {"bruising": ["bleeding"]},
}
_ANALYZER = text_analyzer(SPELLINGS, {"pnh", "atg", "mds", "as"}, ["bone marrow transplant"])


def analyze(text: str) -> list[str]:
    return [token.text for token in _ANALYZER(text, mode="query")]


def make_builder(
    lexicon: Lexicon | None = None, acronyms: frozenset[str] = frozenset()
) -> QueryBuilder:
    stopwords = frozenset(fold(w) for w in STOP_WORDS | EXTRA_STOPWORDS)
    lexicon = lexicon or Lexicon.from_json(GLOSSARY, analyze)
    return QueryBuilder(analyze, lexicon, SPELLINGS, stopwords, _ANALYZER.phrases, acronyms)


def build(
    text: str, prefix_last: bool = False, acronyms: frozenset[str] = frozenset()
) -> BuiltQuery:
    built = make_builder(acronyms=acronyms).build(parse(text), prefix_last=prefix_last)
    assert built is not None, f"nothing to search for {text!r}"
    return built


def searched(query: wq.Query, field: str = "body") -> set[str]:
    """What ``query`` looks for in one field: words, "phrases" and prefixes*."""
    found: set[str] = set()
    for leaf in query.leaves():
        if leaf.field() != field:
            continue
        if isinstance(leaf, wq.Phrase):
            found.add('"' + " ".join(leaf.words) + '"')
        elif isinstance(leaf, wq.Prefix):
            found.add(f"{leaf.text}*")
        else:
            found.add(leaf.text)
    return found


def words(text: str) -> list[list[str]]:
    return [item.words for item in parse(text).items]


# -- Parsing: what was typed, item by item ---------------------------------------------------


def test_words_keep_their_case_and_lose_trailing_punctuation() -> None:
    assert words("what is  ATG?") == [["what"], ["is"], ["ATG"]]
    assert words("PNH, aplastic anaemia.") == [["PNH"], ["aplastic"], ["anaemia"]]


def test_joined_medical_terms_stay_one_word() -> None:
    assert words("G-CSF del(5q) 10⁹/L") == [["G-CSF"], ["del(5q)"], ["10⁹/L"]]
    assert words("(5q)") == [["(5q)"]]


def test_a_quoted_phrase_is_one_item_even_when_the_quote_is_not_closed() -> None:
    for text in ['"flow cytometry"', '"flow cytometry']:
        (item,) = parse(text).items
        assert item.words == ["flow", "cytometry"] and item.phrase
    (single,) = parse('"eculizumab"').items
    assert single.words == ["eculizumab"] and not single.phrase  # one word is just a word
    assert parse('""').items == []


def test_not_and_minus_exclude_the_next_item() -> None:
    for text in ["PNH NOT camitta", "PNH -camitta", "PNH ! camitta"]:
        first, second = parse(text).items
        assert first.words == ["PNH"] and not first.excluded
        assert second.words == ["camitta"] and second.excluded and not second.required


def test_and_and_plus_make_items_required_and_or_is_the_default() -> None:
    a, b = parse("aplastic AND pnh").items
    assert a.required and b.required
    a, b = parse("aplastic && pnh").items
    assert a.required and b.required
    (required,) = [item for item in parse("+eculizumab steroids").items if item.required]
    assert required.words == ["eculizumab"]
    assert not any(item.required or item.excluded for item in parse("aplastic OR pnh").items)
    assert not any(item.required for item in parse("aplastic || pnh").items)
    (leading,) = parse("AND pnh").items
    assert leading.required
    excluded, kept = parse("NOT aplastic AND pnh").items
    assert excluded.excluded and not excluded.required and kept.required


def test_a_trailing_star_asks_for_a_prefix_of_two_letters_or_more() -> None:
    (item,) = parse("cyto*").items
    assert item.words == ["cyto"] and item.prefix
    (short,) = parse("c*").items
    assert short.words == ["c"] and not short.prefix


def test_a_double_dash_is_not_an_operator() -> None:
    (item,) = parse("--x").items
    assert item.words == ["x"] and not item.excluded


@pytest.mark.parametrize(
    "text",
    ["", "   ", "AND", "OR", "NOT", "NOT NOT", "()", "-", "+", "*", "?", "!! && ||", '"'],
)
def test_operators_and_punctuation_alone_give_nothing_to_search(text: str) -> None:
    assert parse(text).items == []
    assert make_builder().build(parse(text)) is None


def test_plain_words_leave_out_phrases_and_excluded_words() -> None:
    assert parse('PNH "flow cytometry" NOT camitta eculizumab').plain_words() == [
        "PNH",
        "eculizumab",
    ]


def test_control_and_direction_characters_separate_words() -> None:
    assert words("a\u202eb\x00c\u200bd") == [["a"], ["b"], ["c"], ["d"]]
    assert clean("  pnh\t\tand\n\x07atg  ") == "pnh and atg"


def test_long_input_is_cut_to_a_bounded_query() -> None:
    assert len(clean("word " * 1000)) <= MAX_QUERY_CHARS
    assert len(clean("x" * 100_000)) == MAX_QUERY_CHARS
    assert len(parse("a " * 200).items) == MAX_ITEMS


@given(st.text(max_size=400))
def test_any_text_parses_into_bounded_items_of_real_words(text: str) -> None:
    parsed = parse(text)
    assert len(parsed.items) <= MAX_ITEMS
    for item in parsed.items:
        assert item.words and all(item.words)
        assert not (item.required and item.excluded)
        if not item.phrase:
            assert any(ch.isalnum() for ch in item.words[0])
    cleaned = clean(text)
    assert len(cleaned) <= MAX_QUERY_CHARS and cleaned == cleaned.strip()


@given(st.lists(st.sampled_from([*'ab "*-+!()?&|', "AND", "NOT", "OR", "the", "BMT"]), max_size=30))
def test_any_mix_of_operators_builds_a_query_or_none(parts: list[str]) -> None:
    built = make_builder().build(parse(" ".join(parts)), prefix_last=True)
    assert built is None or isinstance(built.query, wq.Query)


def test_acronyms_are_words_in_capitals_longer_than_a_letter() -> None:
    assert is_acronym("AS") and is_acronym("MDS") and is_acronym("G-CSF")
    assert not is_acronym("A") and not is_acronym("As") and not is_acronym("as")


def test_given_the_handbooks_acronyms_only_those_count() -> None:
    known = {"who", "mds/aml"}
    assert is_acronym("WHO", known) and is_acronym("WHO?", known) and is_acronym("MDS/AML", known)
    assert not is_acronym("IT", known) and not is_acronym("who", known)


# -- Building: what the index is asked --------------------------------------------------------


def test_british_and_us_spellings_ask_the_same_thing() -> None:
    assert str(build("haemoglobinuria").query) == str(build("hemoglobinuria").query)
    assert str(build("anaemia").query) == str(build("anemia").query)
    assert "hem*" in searched(build("haem*").query)


def test_stop_words_are_dropped_when_the_query_has_other_words() -> None:
    assert searched(build("how can I get a transplant").query) == {"transplant"}


def test_a_query_of_stop_words_only_still_searches_them() -> None:
    built = build("the")
    assert searched(built.query) == {"the"}
    assert built.concepts == []


def test_an_acronym_in_capitals_is_kept_where_the_lower_case_word_is_dropped() -> None:
    known = frozenset({"as"})
    assert searched(build("AS in children", acronyms=known).query) == {"as", "children"}
    assert searched(build("as in children", acronyms=known).query) == {"children"}
    # Capitals the handbook does not use as an acronym are the stop word they spell.
    assert searched(build("IT in children").query) == {"children"}


def test_a_glossary_name_brings_its_synonyms() -> None:
    built = build("how can I get a BMT")
    assert searched(built.query) == {"bmt", "bone marrow transplant", '"stem cell transplant"'}
    (concept,) = built.concepts
    assert {"bmt", "bone", "marrow", "transplant", "stem", "cell"} <= concept.terms


def test_a_lay_word_reaches_the_clinical_term() -> None:
    built = build("bruising")
    assert searched(built.query) == {"bruis", "bleed"}
    assert built.concepts[0].found_in({"bleed"})


def test_everyday_words_added_later_search_the_handbook_words() -> None:
    lexicon = Lexicon.from_json(GLOSSARY, analyze)
    lexicon.widen([(["pee"], ["urine"]), (["???"], ["urine"])], analyze)
    built = make_builder(lexicon).build(parse("pee"))
    assert built is not None and searched(built.query) == {"pee", "urin"}


def test_names_that_analyse_to_nothing_are_not_synonyms() -> None:
    lexicon = Lexicon.from_json(GLOSSARY, analyze)
    assert lexicon.groups[("atg",)] == []
    assert () not in lexicon.groups


def test_a_quoted_phrase_is_searched_as_a_phrase() -> None:
    built = build('"flow cytometry"')
    assert searched(built.query) == {'"flow cytometri"'}
    assert built.concepts[0].terms == {"flow", "cytometri"}


def test_a_quoted_glossary_name_indexed_as_one_token_is_searched_as_that_token() -> None:
    assert searched(build('"bone marrow transplant"').query) == {"bone marrow transplant"}


def test_excluded_words_are_left_out_of_what_the_page_must_cover() -> None:
    built = build("PNH NOT camitta")
    assert isinstance(built.query, wq.AndNot)
    assert searched(built.query.a) == {"pnh"}
    assert searched(built.query.b) == {"camitta"}
    assert [sorted(c.terms) for c in built.concepts] == [["pnh"]]
    assert [sorted(c.terms) for c in build("-cyto* pnh").concepts] == [["pnh"]]


def test_only_excluded_words_give_nothing_to_search() -> None:
    assert make_builder().build(parse("NOT pnh")) is None


def test_a_required_word_must_match_and_the_others_only_rank() -> None:
    built = build("+pnh eculizumab")
    assert isinstance(built.query, wq.AndMaybe)
    assert searched(built.query.a) == {"pnh"}
    assert searched(built.query.b) == {"eculizumab"}


def test_the_last_word_is_a_prefix_while_typing() -> None:
    assert searched(build("cyto", prefix_last=True).query) == {"cyto", "cyto*"}
    assert searched(build("cyto").query) == {"cyto"}
    typing = build("cyto", prefix_last=True).concepts[0]
    assert typing.found_in({"cytometri"}) and not typing.found_in({"flow"})


def test_a_match_in_a_title_counts_most() -> None:
    (title,) = [leaf for leaf in build("eculizumab").query.leaves() if leaf.field() == "title"]
    (body,) = [leaf for leaf in build("eculizumab").query.leaves() if leaf.field() == "body"]
    assert title.boost == FIELD_BOOSTS["title"] > body.boost == FIELD_BOOSTS["body"]


def test_a_concept_is_found_by_any_of_its_terms_or_prefixes() -> None:
    concept = Concept(frozenset({"pnh"}), frozenset({"haemo"}))
    assert concept.found_in({"pnh"}) and concept.found_in({"haemolysis"})
    assert not concept.found_in({"anaemia"})
