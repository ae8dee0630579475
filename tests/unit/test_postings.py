"""The query runner gives Whoosh's scores and matched terms, on the real index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from whoosh import query as wq

from handbook import postings
from handbook.postings import QueryRunner
from handbook.query import parse
from handbook.search import SearchEngine
from tests.helpers import REAL_INDEX

# Keywords, questions (with intents), prefixes, phrases, AND / NOT and spelling variants.
TEXTS = [
    "PNH",
    "camitta criteria",
    "anemia",
    "platelet transfusion threshold",
    "side effects of eltrombopag",
    "can you recover from aplastic anemia",
    "how long can I stay on cyclosporine",
    "does a bone marrow biopsy hurt",
    "dental treatment low platelets",
    "is it ok to drink alcohol on ciclosporin",
    "what is a PNH clone and should I be worried?",
    '"bone marrow" -pnh',
    "pnh AND clone",
    "ciclosporin NOT level",
    "eltro*",
    "G-CSF",
]


@pytest.fixture(scope="module")
def engine() -> Iterator[SearchEngine]:
    opened = SearchEngine.open(REAL_INDEX)
    yield opened
    opened.close()


def built(engine: SearchEngine, text: str, prefix_last: bool = False) -> Any:
    """The query search.py runs for ``text`` (its topic words and what a question asks)."""
    reading = engine._questions.read(text)  # noqa: SLF001
    query = engine._builder.build(parse(reading.text), prefix_last=prefix_last)  # noqa: SLF001
    assert query is not None, text
    asked = engine._questions.intent_query(reading, engine._analyzer.phrases)  # noqa: SLF001
    return wq.AndMaybe(query.query, asked) if asked is not None else query.query


def pairs(docterms: Any, doc: int) -> list[tuple[str, str]]:
    return sorted(
        (name, value.decode("utf-8") if isinstance(value, bytes) else value)
        for name, value in docterms.get(doc, ())
    )


def has_phrase(query: Any) -> bool:
    return any(isinstance(leaf, wq.Phrase) for leaf in query.leaves())


@pytest.mark.parametrize("prefix_last", [False, True])
@pytest.mark.parametrize("text", TEXTS)
def test_scores_and_documents_are_whooshs(
    engine: SearchEngine, text: str, prefix_last: bool
) -> None:
    searcher, _ = engine._thread_state()  # noqa: SLF001
    query = built(engine, text, prefix_last)
    ours = QueryRunner(searcher).run(query)
    theirs = searcher.search(query.normalize(), limit=None, terms=True)
    assert ours is not None
    assert [doc for _, doc in ours.top_n] == [doc for _, doc in theirs.top_n]
    for (mine, _), (whoosh, _) in zip(ours.top_n, theirs.top_n, strict=True):
        assert mine == pytest.approx(whoosh, rel=1e-9)
    if not has_phrase(query):  # Whoosh credits a phrase's words erratically (next test)
        for _, doc in theirs.top_n:
            assert pairs(ours.docterms, doc) == pairs(theirs.docterms, doc)


def test_a_phrase_counts_its_words_where_it_matched(engine: SearchEngine) -> None:
    searcher, _ = engine._thread_state()  # noqa: SLF001
    phrase = wq.Phrase("body", ["low", "platelet"])
    query = wq.Or([phrase, wq.Term("body", "dental")])
    found = QueryRunner(searcher).run(query)
    assert found is not None
    matched = {doc for _, doc in searcher.search(phrase, limit=None).top_n}
    assert matched
    for _, doc in found.top_n:
        words = {term for name, term in found.docterms[doc] if name == "body"}
        assert ({"low", "platelet"} <= words) == (doc in matched)


def test_only_allowed_documents_are_returned(engine: SearchEngine) -> None:
    searcher, _ = engine._thread_state()  # noqa: SLF001
    query = built(engine, "PNH")
    everything = QueryRunner(searcher).run(query)
    assert everything is not None
    some = frozenset(doc for _, doc in everything.top_n[::3])
    kept = QueryRunner(searcher).run(query, some)
    assert kept is not None and {doc for _, doc in kept.top_n} == some


def test_a_node_it_does_not_know_is_left_to_whoosh(engine: SearchEngine) -> None:
    searcher, _ = engine._thread_state()  # noqa: SLF001
    runner = QueryRunner(searcher)
    assert runner.run(wq.Or([wq.Term("body", "pnh"), wq.FuzzyTerm("body", "aplastik")])) is None
    assert runner.run(wq.Every()) is None


def test_the_cache_stays_bounded(engine: SearchEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postings, "CACHED_POSTINGS", 2000)
    searcher, _ = engine._thread_state()  # noqa: SLF001
    runner = QueryRunner(searcher)
    for text in TEXTS:
        runner.run(built(engine, text))
        held = sum(len(leaf.docs) for leaf in runner._cache.values())  # noqa: SLF001
        assert held <= 2000 or len(runner._cache) == 1  # noqa: SLF001
    assert len(runner._cache) > 1  # noqa: SLF001
    runner.clear()
    assert not runner._cache  # noqa: SLF001


def test_a_word_missing_from_the_index_matches_nothing(engine: SearchEngine) -> None:
    searcher, _ = engine._thread_state()  # noqa: SLF001
    found = QueryRunner(searcher).run(wq.Or([wq.Term("body", "zzqx"), wq.Term("nofield", "a")]))
    assert found is not None and found.top_n == []


def test_postings_are_read_whole_blocks_or_one_by_one_alike(engine: SearchEngine) -> None:
    searcher, _ = engine._thread_state()  # noqa: SLF001
    reader = searcher.reader()

    def one_by_one(matcher: Any) -> list[tuple[int, float]]:
        out = []
        while matcher.is_active():
            out.append((matcher.id(), matcher.weight()))
            matcher.next()
        return out

    class Plain:  # a matcher without the blocks whoosh-reloaded keeps
        def __init__(self, inner: Any) -> None:
            self.is_active, self.id, self.weight, self.next = (
                inner.is_active,
                inner.id,
                inner.weight,
                inner.next,
            )

    for fieldname, text in (("body", b"anemia"), ("body", b"pnh"), ("heading", b"transfus")):
        expected = one_by_one(reader.postings(fieldname, text))
        assert len(expected) > 5
        assert list(postings._postings(reader.postings(fieldname, text))) == expected  # noqa: SLF001
        assert list(postings._postings(Plain(reader.postings(fieldname, text)))) == expected  # noqa: SLF001


@pytest.mark.parametrize("audience", [None, "clinician", "patient"])
@pytest.mark.parametrize("text", ["aplastic anaemia treatment options", "blood", "what is it"])
def test_ranking_a_share_of_many_matches_still_lists_every_page(
    engine: SearchEngine, text: str, audience: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the best RANK_CANDIDATES documents are ranked in full; every page that matches
    is still listed (the window lists all of them when a search is filtered by audience)."""
    import handbook.ranking as ranking_module

    ranked = engine.search(text, limit=100, audience=audience).results
    monkeypatch.setattr(ranking_module, "RANK_CANDIDATES", 10**6)
    everything = engine.search(text, limit=100, audience=audience).results
    assert len(everything) > 10
    assert {r.page for r in ranked} == {r.page for r in everything}
    assert ranked[0].page == everything[0].page
