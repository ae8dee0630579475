"""Search on the fixture corpus: what a user typing in the search field gets back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.search import IndexUnavailable, SearchEngine


@pytest.fixture(scope="module")
def engine(fixture_index: Path) -> SearchEngine:
    return SearchEngine.open(fixture_index)


def top(engine: SearchEngine, text: str, **kwargs: object) -> str:
    outcome = engine.search(text, **kwargs)  # type: ignore[arg-type]
    assert outcome.results, f"nothing found for {text!r}"
    return outcome.results[0].page


def test_acronym_finds_its_page(engine: SearchEngine) -> None:
    assert top(engine, "PNH") == "pnh"
    assert top(engine, "pnh") == "pnh"


def test_british_and_us_spellings_are_one(engine: SearchEngine) -> None:
    assert top(engine, "paroxysmal nocturnal hemoglobinuria") == "pnh"
    assert top(engine, "paroxysmal nocturnal haemoglobinuria") == "pnh"
    assert [r.page for r in engine.search("anemia").results] == [
        r.page for r in engine.search("anaemia").results
    ]


def test_drug_name_variants(engine: SearchEngine) -> None:
    outcome = engine.search("cyclosporine")
    assert outcome.results[0].page == "aplastic-anaemia"
    assert outcome.results[0].anchor == "treatment"


def test_result_lands_on_the_matching_section(engine: SearchEngine) -> None:
    result = engine.search("camitta")
    assert (result.results[0].page, result.results[0].anchor, result.results[0].section) == (
        "aplastic-anaemia",
        "severity",
        "Severity",
    )
    assert "Camitta" in result.results[0].snippet
    assert "<b>Camitta</b>" in result.results[0].snippet_html


def test_typo_is_corrected(engine: SearchEngine) -> None:
    outcome = engine.search("aplastik anemia")
    assert outcome.suggestion == "aplastic anemia"
    assert outcome.corrected
    assert outcome.results[0].page == "aplastic-anaemia"


def test_hyphenated_tokens_stay_whole(engine: SearchEngine) -> None:
    # G-CSF must not match GM-CSF only pages, and must match its own page.
    assert top(engine, "G-CSF") == "aplastic-anaemia"
    assert engine.search('"GM-CSF"').results[0].page == "aplastic-anaemia"


def test_synonyms_from_glossary(engine: SearchEngine) -> None:
    pages = [r.page for r in engine.search("bone marrow transplant").results]
    assert "aplastic-anaemia" in pages[:2]


def test_lay_word_reaches_clinical_term(engine: SearchEngine) -> None:
    pages = [r.page for r in engine.search("bruising").results]
    assert "handout-bleeding" in pages


def test_audience_filter(engine: SearchEngine) -> None:
    outcome = engine.search("bleeding", audience="patient")
    assert outcome.results and all(r.audience == "patient" for r in outcome.results)


def test_phrase_and_not(engine: SearchEngine) -> None:
    assert top(engine, '"flow cytometry"') == "pnh"
    pages = {r.page for r in engine.search("PNH NOT camitta").results}
    assert "aplastic-anaemia" not in pages and "pnh" in pages


def test_prefix_while_typing(engine: SearchEngine) -> None:
    assert top(engine, "cyto", prefix_last=True) == "pnh"
    assert not engine.search("cyto", correct=False).results


def test_empty_and_operator_only_queries(engine: SearchEngine) -> None:
    for text in ["", "   ", "AND", "NOT NOT a", '"', "()", "*", "?"]:
        outcome = engine.search(text)
        assert outcome.results == [] or all(r.page for r in outcome.results)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_gives_results_or_nothing(engine: SearchEngine, text: str) -> None:
    outcome = engine.search(text)
    assert isinstance(outcome.results, list)
    assert outcome.results or outcome.message or outcome.suggestion is not None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "AND",
                "OR",
                "NOT",
                "(",
                ")",
                "*",
                "~",
                "^",
                "pnh",
                "anaemia",
                "-",
                "+",
                ":",
                "\\",
                "\u202e",
                "🩸",
                "\x00",
            ]
        ),
        max_size=30,
    )
)
def test_operator_soup_never_raises(engine: SearchEngine, parts: list[str]) -> None:
    engine.search(" ".join(parts))
    engine.search("".join(parts), prefix_last=True)


def test_huge_query_is_bounded(engine: SearchEngine) -> None:
    outcome = engine.search("anaemia " * 2000)
    assert outcome.results[0].page == "aplastic-anaemia"


def test_missing_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable):
        SearchEngine.open(tmp_path)
