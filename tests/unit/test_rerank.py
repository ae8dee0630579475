"""The question reranker: its weights file, and what it changes in the real handbook's search."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from handbook.questionvectors import RERANKER_NAME, VectorsError
from handbook.rerank import Reranker
from handbook.search import SearchEngine
from tests.helpers import REAL_INDEX


def test_the_highest_scoring_row_wins(tmp_path: Path) -> None:
    path = tmp_path / RERANKER_NAME
    path.write_text(json.dumps({"mean": [0, 1], "scale": [1, 2], "weights": [1.0, -1.0]}))
    reranker = Reranker.load(path)
    assert reranker.best([[0.0, 5.0], [1.0, 1.0], [1.0, 1.0]]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[1, 2]",
        json.dumps({"mean": [0], "scale": [1], "weights": [1, 2]}),
        json.dumps({"mean": [0], "scale": [0], "weights": [1]}),
        json.dumps({"mean": [0], "scale": [1], "weights": ["x"]}),
        '{"mean": [NaN], "scale": [1], "weights": [1]}',
    ],
)
def test_damaged_weights_are_refused_with_the_files_name(tmp_path: Path, text: str) -> None:
    path = tmp_path / RERANKER_NAME
    path.write_text(text)
    with pytest.raises(VectorsError, match=RERANKER_NAME):
        Reranker.load(path)


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    return SearchEngine.open(REAL_INDEX)


def first(engine: SearchEngine, text: str, limit: int = 1) -> tuple[str, str]:
    result = engine.search(text, limit=limit).results[0]
    return result.page, result.anchor


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        # Ranking's rules alone opened "Who gets aplastic anaemia" and the handout's list of
        # treatments for these (tuning questions).
        (
            "can I still work with aplastic anaemia",
            ("work-school-travel", "working-with-bone-marrow-failure"),
        ),
        (
            "which is better for aplastic anaemia ATG or bone marrow transplant",
            ("aplastic-anaemia", "transplant-or-immunosuppression-choosing-by-age-and-donor"),
        ),
        (
            "will i need blood transfusions for the rest of my life",
            ("faq", "will-i-need-transfusions-forever"),
        ),
    ],
)
def test_a_question_opens_the_section_the_question_vectors_prefer(
    engine: SearchEngine, typed: str, wanted: tuple[str, str]
) -> None:
    assert first(engine, typed) == wanted
    assert first(engine, typed, limit=10) == wanted  # however many results are asked for


def test_keyword_searches_are_not_reranked(engine: SearchEngine, tmp_path: Path) -> None:
    shutil.copytree(REAL_INDEX, tmp_path / "index")
    shutil.rmtree(tmp_path / "index" / "questions")
    without = SearchEngine.open(tmp_path / "index")
    for text in ("PNH", "camitta", "platelet transfusion threshold", "eltrombopag dose"):
        assert first(engine, text, 5) == first(without, text, 5)


def test_without_question_vectors_questions_are_ranked_by_the_rules_and_it_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copytree(REAL_INDEX, tmp_path / "index")
    (tmp_path / "index" / "questions" / "tokens.bin").write_bytes(b"damaged")
    damaged = SearchEngine.open(tmp_path / "index")
    with caplog.at_level(logging.WARNING):
        outcome = damaged.search("can I still work with aplastic anaemia", limit=3)
        again = damaged.search("can you recover from aplastic anemia", limit=3)
    assert outcome.results and again.results and not outcome.message
    assert outcome.results[0].page == "aplastic-anaemia"  # ranking's own first choice
    warnings = [r for r in caplog.records if "question vectors" in r.getMessage()]
    assert len(warnings) == 1 and "tokens.bin" in warnings[0].getMessage()


def test_the_section_ranking_chose_is_offered_under_the_one_the_model_opens(
    engine: SearchEngine,
) -> None:
    # Ranking's rules opened "Flying with low counts"; the model opens "Before booking".
    result = engine.search("travel insurance with PNH, who will cover me?", limit=3).results[0]
    assert (result.page, result.anchor) == ("work-school-travel", "before-booking")
    assert result.also and result.also[0].anchor == "flying-with-low-counts"


def test_a_page_the_model_puts_first_offers_its_next_sections(engine: SearchEngine) -> None:
    # Ranking's rules put another page first; the model opens this page's section on
    # choosing between transplant and immunosuppression, and its next sections are offered.
    typed = "which is better for aplastic anaemia ATG or bone marrow transplant"
    result = engine.search(typed, limit=3).results[0]
    assert result.page == "aplastic-anaemia"
    assert result.also and all(link.page == result.page for link in result.also)
    assert result.anchor not in {link.anchor for link in result.also}


@pytest.mark.parametrize(
    "typed",
    [
        "can I get pregnant if I have aplastic anaemia",
        "why am I still anaemic on eculizumab",
        "travel insurance with PNH, who will cover me?",
        "should i have the covid vaccine with aplastic anaemia?",
    ],
)
def test_offers_for_a_moved_page_are_the_ones_ranking_makes_for_its_own_first(
    typed: str, tmp_path: Path
) -> None:
    from handbook import ranking

    shutil.copytree(REAL_INDEX, tmp_path / "index")
    shutil.rmtree(tmp_path / "index" / "questions")
    rules = SearchEngine.open(tmp_path / "index")  # ranking's rules alone
    first_result = rules.search(typed, limit=3).results[0]
    traced = rules.considered(typed)
    items = [item for item, _anchor in traced if item.page_rank == 1]
    anchors = {item.document: anchor for item, anchor in traced}
    [landing] = [item.document for item in items if item.landing]
    offered = ranking.offered_sections(items, landing)
    assert [anchors[doc] for doc in offered] == [link.anchor for link in first_result.also]
    assert offered  # each of these questions is offered more of its page
