"""From a query's matched documents to ranked pages, each landing on a section (Qt-free).

Pure arithmetic over what the index already said: each matched document's score and
matched terms, its page, kind and audience, the query's concepts with their weights, and
how closely a typed question resembles each section's asked questions. ``search.py`` reads
those from Whoosh and turns the chosen documents into results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from handbook.questions import (
    QUESTION_LANDING,
    QUESTION_TOP_SHARE,
    Reading,
    asked_in_heading,
    intent_bonus,
    intent_words,
)

# A page's score is scaled by the share of the query's concepts it matches, so a page
# that has every word beats one that only repeats the commonest ones.
COVERAGE_POWER = 3.0
# The glossary and the about page define words; the page that covers the topic should win.
# Support organisations names its groups by their diseases ("Fanconi Cancer Foundation"):
# a question about the disease ("will she get cancer") should reach the disease's page.
PAGE_PRIOR = {
    "glossary": 0.45,
    "about-this-handbook": 0.6,
    "whats-changed": 0.5,
    "support-organisations": 0.7,
}
AUDIENCE_PRIOR = 0.85  # pages for the other audience than the query's wording suggests
# Concepts found in the page's own title or aliases (its names) lift it: the page named
# "Supportive care" beats a long page that merely mentions supportive care.
TITLE_BONUS = 3.0
NAME_FIELDS = frozenset({"title", "aliases"})
# A question lifts each document by how closely it matches the best of the questions its
# section answers (handbook/asked.py): value x (1 + ASKED_LIFT x match^ASKED_POWER), and its
# page by its best document's match (ASKED_PAGE_LIFT). A question in the first person lifts
# a document written for staff by ASKED_OTHER_AUDIENCE of that. Set on the tuning half only.
ASKED_LIFT = 6.0
ASKED_POWER = 2.0
ASKED_PAGE_LIFT = 3.0
ASKED_OTHER_AUDIENCE = 0.5
# Choosing which of a page's sections to land on, the sections that answer more than the
# page's top are compared with their asked-question match counting more again: value x
# (1 + ASKED_LANDING_LIFT x match^ASKED_POWER). Set on the tuning half, fresh and staff sets.
ASKED_LANDING_LIFT = 10.0
# Ranking reads each document's matched terms; beyond the 300 best (by score lifted by the
# asked questions) none changed a judged result, and the longest questions match 700.
RANK_CANDIDATES = 300
# A section can answer a question in words its text does not use ("when should I send a PNH
# flow screen" is answered by "Who to test for PNH"): on a page that matches, a section
# whose asked questions match the question at least ASKED_ONLY_MATCH is a landing choice
# too, valued at ASKED_ONLY_SHARE of the page's best document before its asked lift.
# Set on the tuning half, fresh and staff sets (0.5-0.8 and 0.1-0.6 all gave the same).
ASKED_ONLY_MATCH = 0.6
ASKED_ONLY_SHARE = 0.3
LOCAL_SHARE = 0.7  # weight of the best single document (vs the whole page) in a page's score
SECTION_LANDING = 0.8  # a section wins the landing spot at >= 80% of its page's best score
# ... or at >= 30% when its own heading names a part of the query the page's names do not.
HEADED_LANDING = 0.3
# A question's first result also offers up to ALSO_LINKS more of its page's sections (a
# keyword search wants pages: its list stays one row per page), the next best
# by the same measure as its landing, each scoring at least ALSO_SHARE of the landing's:
# a question whose section came second on the right page still shows it on the first row.
ALSO_LINKS = 2
ALSO_SHARE = 0.1


@dataclass(frozen=True)
class Columns:
    """Page id, kind ("page" or "section") and audience of every document, by number."""

    pages: Sequence[str]
    kinds: Sequence[str]
    audiences: Sequence[str]


@dataclass(frozen=True)
class Ranked:
    score: float
    page: str
    landing: int  # the document the result opens: the page's top or one of its sections
    # The first result only: the page's next best sections, offered beside it (ALSO_*).
    also: tuple[int, ...] = ()


@dataclass(frozen=True)
class Considered:
    """One document a ranked page could have landed on, and what ranking made of it: what
    ``rank`` records when asked to (``trace``), for studying how results are chosen."""

    page: str
    page_rank: int  # 1 for the first result
    page_score: float  # the page's final score
    document: int
    value: float  # the document's score in its page, lifted by the question (0: asked only)
    page_best: float  # the page's best such value
    covered: float  # the share of the query's concepts it covers, its page's names included
    heading_gain: float  # what its heading names of the query beyond the page's title
    in_heading: bool  # its heading says what the question asks
    intent: float  # the factor the question's intents gave it
    asked: float  # its best asked question's match with the typed question
    page_asked: float  # the page's best asked-question match
    top: bool  # the page's top, not a section
    other_audience: bool  # written for the other audience than the query's wording suggests
    asked_only: bool  # a landing choice by its asked questions alone
    choice: bool  # among the sections that answer more than the page's top
    landing: bool  # the document the result opens


def landing_value(value: float, doc: int, resembles: Mapping[int, float]) -> float:
    """A landing choice's value, lifted by how well its asked questions match."""
    match: float = resembles.get(doc, 0.0) ** ASKED_POWER
    return value * (1 + ASKED_LANDING_LIFT * match)


def sections_after(
    values: Mapping[int, float], resembles: Mapping[int, float], chosen: int, best: float
) -> tuple[int, ...]:
    """A page's sections worth offering beside the one landed on (``chosen``), best first:
    up to ALSO_LINKS of them by their value in the page (``values``), lifted as a landing
    choice is by their asked questions' match, each above ALSO_SHARE of the landing's."""
    order = sorted(
        ((landing_value(v, d, resembles), d) for d, v in values.items() if d != chosen),
        key=lambda item: (-item[0], item[1]),
    )
    floor = ALSO_SHARE * landing_value(values.get(chosen, best), chosen, resembles)
    return tuple(d for v, d in order[:ALSO_LINKS] if v > floor)


def offered_sections(items: Sequence[Considered], chosen: int) -> tuple[int, ...]:
    """What ``rank`` would offer beside ``chosen`` on the page ``items`` were considered on
    (its traced documents): for a page that another choice of landing put first."""
    values = {
        c.document: ASKED_ONLY_SHARE * c.page_best if c.asked_only else c.value
        for c in items
        if not c.top
    }
    resembles = {c.document: c.asked for c in items if c.asked}
    best = items[0].page_best if items else 0.0
    return sections_after(values, resembles, chosen, best)


def candidates(
    top_n: list[tuple[float, int]], resembles: Mapping[int, float], pages: Sequence[str]
) -> list[tuple[float, int]]:
    """The documents worth ranking: the RANK_CANDIDATES that score best (lifted by how
    closely their asked questions match), and every page's best, so that each page that
    matches is still listed. Kept in the order of their scores."""
    if len(top_n) <= RANK_CANDIDATES:
        return top_n
    lifted = sorted(
        top_n,
        key=lambda hit: (
            -hit[0] * (1 + ASKED_LIFT * resembles.get(hit[1], 0.0) ** ASKED_POWER),
            hit[1],
        ),
    )
    kept = {doc for _score, doc in lifted[:RANK_CANDIDATES]}
    seen: set[str] = set()
    for _score, doc in top_n:
        if pages[doc] not in seen:
            seen.add(pages[doc])
            kept.add(doc)
    return [hit for hit in top_n if hit[1] in kept]


def rank(
    hits: list[tuple[float, int]],
    docterms: Mapping[int, Any],
    columns: Columns,
    concepts: Sequence[Any],
    weights: Sequence[float],
    reading: Reading,
    resembles: Mapping[int, float],
    wanted: str,
    limit: int,
    trace: list[Considered] | None = None,
    offer_each_audience: bool = False,
) -> list[Ranked]:
    """The ``limit`` best pages that match, best first, with the document each lands on.

    A document scores its raw score x the share of the query's concepts it covers
    (its own matched words plus its page's names) ^ COVERAGE_POWER; a page scores
    a blend of that best document and its best hit x the coverage of the whole page,
    times a bonus for concepts in its names and its priors. A question's intents lift
    the documents that use the words it asks for (questions.intent_bonus). ``wanted`` is
    the audience the query's wording suggests ("patient" for a question about "my" count).
    ``trace``, when given, receives every document each ranked page could land on.
    """
    pages, kinds, audiences = columns.pages, columns.kinds, columns.audiences
    patient_wording = wanted == "patient"
    # Which of the query's concepts each matched term shows, as a bit mask: a concept is
    # found in a set of words when it is found in one of them, so a document's concepts
    # are the union of its terms' and its coverage is looked up by mask, once.
    total = sum(weights) or 1.0
    term_masks: dict[str, int] = {}
    covers: dict[int, float] = {}

    def mask_of(term: str) -> int:
        mask = term_masks.get(term)
        if mask is None:
            # A glossary name indexed as one token counts as its words, as a phrase would.
            words = term.split(" ")
            mask = sum(
                1 << i
                for i, concept in enumerate(concepts)
                if any(concept.found_in({word}) for word in words)
            )
            term_masks[term] = mask
        return mask

    def coverage(mask: int) -> float:
        if not concepts:
            return 1.0
        share = covers.get(mask)
        if share is None:
            share = sum(w for i, w in enumerate(weights) if mask >> i & 1) / total
            covers[mask] = share
        return share

    # (score, docnum, page, its matched (field, term) pairs, and the concepts found in
    # all its fields, in its heading, in its title, and in its fields but the heading)
    per_doc: list[tuple[float, int, str, list[tuple[str, str]], int, int, int, int]] = []
    matched: dict[str, int] = {}
    named: dict[str, int] = {}
    best: dict[str, tuple[float, int]] = {}
    for score, docnum in candidates(hits, resembles, pages):
        page = pages[docnum]
        if page not in best:
            best[page] = (score, docnum)
        pairs: list[tuple[str, str]] = []
        every = heading = title = own = names = 0
        for fieldname, value in docterms.get(docnum, ()):
            text = value.decode("utf-8") if isinstance(value, bytes) else value
            pairs.append((fieldname, text))
            mask = mask_of(text)
            every |= mask
            if fieldname == "heading":
                heading |= mask
            else:
                own |= mask
                if fieldname == "title":
                    title |= mask
            if fieldname in NAME_FIELDS:
                names |= mask
        named[page] = named.get(page, 0) | names
        matched[page] = matched.get(page, 0) | every
        per_doc.append((score, docnum, page, pairs, every, heading, title, own))

    local: dict[str, tuple[float, int]] = {}
    landing: dict[str, tuple[float, int]] = {}
    # What a page's top covers of the query without its list of every heading, and its
    # best section that covers more: that section answers what the top only lists.
    top_cover: dict[str, float] = {}
    answers: dict[str, list[tuple[float, float, int]]] = {}
    # A section whose own heading names more of the query than the page's names do.
    headed: dict[str, tuple[float, float, int]] = {}
    asked_page: dict[str, float] = {}  # a page's best match with the question
    # What the intents make of a document depends only on its terms that they ask for.
    asks_for = intent_words(reading)
    bonuses: dict[tuple[bool, frozenset[tuple[str, str]]], tuple[float, bool]] = {}
    # What trace records of each document: (value, covered, heading gain, in heading, intent).
    seen_docs: dict[int, tuple[float, float, float, bool, float]] = {}
    for score, docnum, page, pairs, every, heading, title, own in per_doc:
        covered = coverage(every | named[page])
        value = score * covered**COVERAGE_POWER
        section = kinds[docnum] == "section"
        in_heading = False
        intent = 1.0
        if reading.intents:
            key = (section, frozenset(p for p in pairs if p[1] in asks_for))
            known = bonuses.get(key)
            if known is None:
                known = (
                    intent_bonus(reading, key[1], section),
                    asked_in_heading(reading, key[1]),
                )
                bonuses[key] = known
            intent, in_heading = known
            value *= intent
        if reading.question and not section:
            value *= QUESTION_TOP_SHARE
        if docnum in resembles:
            lift = ASKED_LIFT * resembles[docnum] ** ASKED_POWER
            if patient_wording and audiences[docnum] != wanted:  # written for staff
                lift *= ASKED_OTHER_AUDIENCE
            value *= 1 + lift
            asked_page[page] = max(asked_page.get(page, 0.0), resembles[docnum])
        if page not in local or value > local[page][0]:
            local[page] = (value, docnum)
        if section and (page not in landing or value > landing[page][0]):
            landing[page] = (value, docnum)
        gain = coverage(heading | title) - coverage(title) if section else 0.0
        if trace is not None:
            seen_docs[docnum] = (value, covered, gain, in_heading, intent)
        if section:
            answers.setdefault(page, []).append((value, covered, docnum))
            # Judged against the title alone: aliases list what the sections cover.
            # ... or whose heading says what the question asks ("How long to continue").
            named_more = gain > 1e-9 or in_heading
            if named_more and (page not in headed or value > headed[page][1]):
                headed[page] = (gain, value, docnum)
        else:
            top_cover[page] = coverage(own | named[page])
    # Sections of matching pages that match only by their asked questions.
    hit_docs = {doc for _score, doc, *_rest in per_doc}
    asked_only: dict[str, list[int]] = {}
    for doc, match in resembles.items():
        page = pages[doc]
        if (
            match >= ASKED_ONLY_MATCH
            and page in best
            and doc not in hit_docs
            and kinds[doc] == "section"
        ):
            asked_only.setdefault(page, []).append(doc)
    scored = []
    for page, (score, top) in best.items():
        whole = score * coverage(matched[page]) ** COVERAGE_POWER
        factor = PAGE_PRIOR.get(page, 1.0)
        if audiences[top] != wanted:
            factor *= AUDIENCE_PRIOR
        factor *= 1 + TITLE_BONUS * coverage(named[page])
        factor *= 1 + ASKED_PAGE_LIFT * asked_page.get(page, 0.0) ** ASKED_POWER
        value = (1 - LOCAL_SHARE) * whole + LOCAL_SHARE * local[page][0]
        scored.append((value * factor, page))
    scored.sort(key=lambda item: (-item[0], item[1]))

    def next_sections(page: str, chosen: int) -> tuple[int, ...]:
        """The page's sections after the one landed on, best first (its top is not one)."""
        values = {doc: value for value, _covered, doc in answers.get(page, ())}
        for doc in asked_only.get(page, ()):
            values.setdefault(doc, ASKED_ONLY_SHARE * local[page][0])
        return sections_after(values, resembles, chosen, local[page][0])

    ranked: list[Ranked] = []
    offered_to: set[str] = set()
    share = QUESTION_LANDING if reading.question else SECTION_LANDING
    for final, page in scored[:limit]:
        if final <= 0:
            continue
        chosen = local[page][1]
        beyond = top_cover.get(page, 0.0) + 1e-9
        # Sections that answer more than the top (by their text, or by their heading):
        # the stronger lands.
        choices = [(a[0], a[2]) for a in answers.get(page, ()) if a[1] > beyond]
        if page in headed and headed[page][1] >= HEADED_LANDING * local[page][0]:
            choices.append((headed[page][1], headed[page][2]))
        choices += [(ASKED_ONLY_SHARE * local[page][0], doc) for doc in asked_only.get(page, ())]
        if resembles:  # which of them asks what was asked
            choices = [(landing_value(value, doc, resembles), doc) for value, doc in choices]
        if choices:
            chosen = max(choices)[1]
        elif reading.opening:
            pass  # "what is ...": the page's opening answers, unless a section names more
        elif page in landing and landing[page][0] >= share * local[page][0]:
            chosen = landing[page][1]
        also: tuple[int, ...] = ()
        # A question's first result offers more of its page; with ``offer_each_audience``
        # the first for each audience does, for a list its caller filters to one audience.
        offer_key = audiences[chosen] if offer_each_audience else ""
        if reading.question and offer_key not in offered_to:
            offered_to.add(offer_key)
            also = next_sections(page, chosen)
        ranked.append(Ranked(final, page, chosen, also))
        if trace is not None:
            offered = {doc for _value, doc in choices}
            others = [doc for doc in asked_only.get(page, ()) if doc not in seen_docs]
            for doc in [d for _s, d, p, *_r in per_doc if p == page] + others:
                value, covered, gain, in_heading, intent = seen_docs.get(
                    doc, (0.0, 0.0, 0.0, False, 1.0)
                )
                trace.append(
                    Considered(
                        page=page,
                        page_rank=len(ranked),
                        page_score=final,
                        document=doc,
                        value=value,
                        page_best=local[page][0],
                        covered=covered,
                        heading_gain=gain,
                        in_heading=in_heading,
                        intent=intent,
                        asked=resembles.get(doc, 0.0),
                        page_asked=asked_page.get(page, 0.0),
                        top=kinds[doc] != "section",
                        other_audience=audiences[doc] != wanted,
                        asked_only=doc not in seen_docs,
                        choice=doc in offered,
                        landing=doc == chosen,
                    )
                )
    return ranked
