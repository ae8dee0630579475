"""ranking.py on hand-made matches: no index, only the arithmetic that orders pages."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from handbook import ranking
from handbook.questions import Reading


@dataclass(frozen=True)
class Word:
    """A query concept found by one analysed word, as query.Concept is."""

    term: str

    def found_in(self, words: set[str]) -> bool:
        return self.term in words


# Documents 0-2 are one page (its top and two sections), 3-4 another, 5 the glossary.
COLUMNS = ranking.Columns(
    pages=["pnh", "pnh", "pnh", "faq", "faq", "glossary"],
    kinds=["page", "section", "section", "page", "section", "section"],
    audiences=["clinician"] * 3 + ["patient"] * 2 + ["clinician"],
)


def rank(
    hits: list[tuple[float, int]],
    terms: dict[int, list[tuple[str, str]]],
    concepts: list[str],
    reading: Reading | None = None,
    wanted: str = "clinician",
    limit: int = 10,
    resembles: dict[int, float] | None = None,
) -> list[ranking.Ranked]:
    return ranking.rank(
        sorted(hits, reverse=True),
        terms,
        COLUMNS,
        [Word(c) for c in concepts],
        [1.0] * len(concepts),
        reading or Reading("query"),
        resembles or {},
        wanted,
        limit,
    )


def test_a_page_with_every_concept_beats_one_that_repeats_the_commonest() -> None:
    ranked = rank(
        [(10.0, 0), (30.0, 3)],
        {0: [("body", "clone"), ("body", "size")], 3: [("body", "clone")]},
        ["clone", "size"],
    )
    assert [r.page for r in ranked] == ["pnh", "faq"]


def test_the_page_named_by_the_query_is_lifted() -> None:
    ranked = rank(
        [(10.0, 0), (12.0, 3)],
        {0: [("title", "pnh")], 3: [("body", "pnh")]},
        ["pnh"],
    )
    assert ranked[0].page == "pnh"


def test_the_glossary_yields_to_the_page_about_the_topic() -> None:
    ranked = rank(
        [(10.0, 0), (11.0, 5)],
        {0: [("body", "clone")], 5: [("body", "clone")]},
        ["clone"],
    )
    assert [r.page for r in ranked] == ["pnh", "glossary"]


def test_a_page_for_the_other_audience_counts_less() -> None:
    hits = [(10.0, 0), (10.5, 3)]
    terms = {0: [("body", "clone")], 3: [("body", "clone")]}
    assert rank(hits, terms, ["clone"])[0].page == "pnh"  # staff wording
    assert rank(hits, terms, ["clone"], wanted="patient")[0].page == "faq"


def test_a_section_that_answers_more_than_the_top_is_landed_on() -> None:
    ranked = rank(
        [(20.0, 0), (9.0, 1), (8.0, 2)],
        {
            0: [("body", "clone")],
            1: [("body", "clone"), ("heading", "size")],
            2: [("body", "clone")],
        },
        ["clone", "size"],
    )
    assert ranked[0].page == "pnh"
    assert ranked[0].landing == 1  # the section whose heading names the size


def test_nothing_matched_ranks_nothing() -> None:
    assert rank([], {}, ["clone"]) == []


@pytest.mark.parametrize("limit", [1, 2])
def test_the_limit_is_the_number_of_pages(limit: int) -> None:
    ranked = rank(
        [(10.0, 0), (9.0, 3), (8.0, 5)],
        {0: [("body", "a")], 3: [("body", "a")], 5: [("body", "a")]},
        ["a"],
        limit=limit,
    )
    assert len(ranked) == limit


def test_a_section_whose_asked_question_matches_is_landed_on_without_the_words() -> None:
    """ "when should I send a PNH flow screen": "Who to test for PNH" (document 2) uses none
    of the topic words, but it answers the question its asked questions match closely."""
    question = Reading(
        "PNH flow screen", question=True, typed="when should I send a PNH flow screen"
    )
    hits = [(10.0, 0), (8.0, 1)]
    terms = {0: [("title", "pnh"), ("body", "flow")], 1: [("heading", "flow")]}
    ranked = rank(hits, terms, ["pnh", "flow"], question, resembles={2: 0.9})
    assert [(r.page, r.landing) for r in ranked] == [("pnh", 2)]
    # A weaker match does not move the landing, nor does a match on a page that did not
    # match at all (the FAQ's section 4) bring its page in.
    ranked = rank(hits, terms, ["pnh", "flow"], question, resembles={2: 0.4, 4: 1.0})
    assert [(r.page, r.landing) for r in ranked] == [("pnh", 1)]


def test_a_trace_lists_what_each_ranked_page_could_land_on_and_changes_nothing() -> None:
    """What benchmarks/study_ranker.py learns from: every document of each ranked page that
    matched, and the sections its asked questions alone offer, with the one landed on."""
    question = Reading(
        "PNH flow screen", question=True, typed="when should I send a PNH flow screen"
    )
    hits = [(10.0, 0), (8.0, 1), (3.0, 4)]
    terms = {
        0: [("title", "pnh"), ("body", "flow")],
        1: [("heading", "flow")],
        4: [("body", "pnh")],
    }
    args = (
        sorted(hits, reverse=True),
        terms,
        COLUMNS,
        [Word("pnh"), Word("flow")],
        [1.0, 1.0],
        question,
        {2: 0.9},
        "clinician",
        10,
    )
    trace: list[ranking.Considered] = []
    assert ranking.rank(*args, trace=trace) == ranking.rank(*args)
    by_doc = {item.document: item for item in trace}
    assert sorted(by_doc) == [0, 1, 2, 4]
    assert [by_doc[d].page for d in (0, 1, 2, 4)] == ["pnh", "pnh", "pnh", "faq"]
    assert [by_doc[d].page_rank for d in (0, 2, 4)] == [1, 1, 2]
    landed = [item.document for item in trace if item.landing]
    assert landed == [r.landing for r in ranking.rank(*args)]
    assert by_doc[2].asked_only and by_doc[2].asked == 0.9 and by_doc[2].choice
    assert by_doc[0].top and not by_doc[1].top
    assert by_doc[4].other_audience and not by_doc[0].other_audience
    assert by_doc[0].covered == 1.0 and by_doc[4].covered == 0.5


def test_the_first_result_offers_its_pages_next_sections_best_first() -> None:
    hits = [(20.0, 0), (9.0, 1), (8.0, 2), (6.0, 4)]
    terms = {
        0: [("body", "clone")],
        1: [("body", "clone"), ("heading", "size")],
        2: [("body", "clone"), ("body", "size")],
        4: [("body", "clone"), ("body", "size")],
    }
    question = Reading("clone size", question=True, typed="what size is a clone")
    ranked = rank(hits, terms, ["clone", "size"], question)
    assert [(r.page, r.landing) for r in ranked] == [("pnh", 1), ("faq", 4)]
    assert ranked[0].also == (2,)  # the other section; neither the landing nor the top
    assert ranked[1].also == ()  # the faq page (patients') has no other section to offer
    # A keyword search lists pages only.
    assert [r.also for r in rank(hits, terms, ["clone", "size"])] == [(), ()]


def test_the_first_result_for_each_audience_offers_more_so_a_filtered_list_can() -> None:
    """The search panel filters by audience after ranking: the first handout it keeps must
    still offer its page's other sections (they were only on the first result overall)."""
    columns = ranking.Columns(
        pages=["pnh", "pnh", "pnh", "leaflet", "leaflet", "leaflet", "glossary", "glossary"],
        kinds=["page", "section", "section"] * 2 + ["page", "section"],
        audiences=["clinician"] * 3 + ["patient"] * 3 + ["clinician"] * 2,
    )
    hits = [(20.0, 0), (9.0, 1), (8.0, 2), (15.0, 3), (7.0, 4), (6.0, 5), (9.0, 6), (8.0, 7)]
    terms = {d: [("body", "clone"), ("body", "size")] for d in (1, 2, 4, 5, 7)}
    terms.update({d: [("body", "clone")] for d in (0, 3, 6)})
    question = Reading("clone size", question=True, typed="what size is a clone")
    args = (hits, terms, columns, [Word("clone"), Word("size")], [1.0, 1.0], question, {})
    ranked = ranking.rank(*args, "clinician", 10, offer_each_audience=True)
    assert [r.page for r in ranked] == ["pnh", "leaflet", "glossary"]
    assert ranked[0].also and ranked[1].also  # the first clinician page, the first handout
    assert ranked[2].also == ()  # a second clinician page does not
    # Unasked, only the first result of all offers more (the list a search shows).
    assert [bool(r.also) for r in ranking.rank(*args, "clinician", 10)] == [True, False, False]


def test_a_section_far_weaker_than_the_landing_is_not_offered() -> None:
    hits = [(20.0, 0), (9.0, 1), (0.5, 2)]
    terms = {
        0: [("body", "clone")],
        1: [("body", "clone"), ("heading", "size")],
        2: [("body", "clone"), ("body", "size")],
    }
    question = Reading("clone size", question=True, typed="how big is my clone")
    assert rank(hits, terms, ["clone", "size"], question)[0].also == ()
    # ... unless its asked questions match the question well enough.
    first = rank(hits, terms, ["clone", "size"], question, resembles={2: 0.35})[0]
    assert (first.landing, first.also) == (1, (2,))
