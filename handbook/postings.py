"""Run a built query over posting lists kept in memory: Whoosh's scores, without its matchers.

Whoosh scores a query by walking a tree of matcher objects, one Python call per node per
document; a question of eight words searched in five fields builds forty leaves, and most
of a search's time went there. The handbook's index is small (about 1,200 documents), so
each leaf's documents and BM25F scores are read once into two arrays and kept (a cache
bounded by postings, per searcher), and the query's Or/And/AndMaybe/AndNot nodes are summed
over them. The scores are the ones Whoosh gives (tests compare them on the real index).

Leaves other than plain terms (phrases, prefixes) are run through Whoosh on their own and
their results kept the same way. A query holding a node this module does not know returns
None and is searched by Whoosh as before.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

# Postings kept per searcher, over all cached leaves (12 bytes each: about 5 MB at most).
CACHED_POSTINGS = 400_000
Scores = dict[int, float]
Pair = tuple[str, str]  # (field, term) a document matched


@dataclass
class Matches:
    """What a search matched, shaped as Whoosh's results are where search.py reads them."""

    top_n: list[tuple[float, int]]  # (score, docnum), best first, ties by docnum
    docterms: dict[int, list[Pair]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Leaf:
    docs: array[int]  # the documents it matches, in order
    values: array[float]  # their scores (unboosted for a term: the boost is applied as summed)
    pairs: tuple[Pair, ...]  # what every matched document matched (a term or a phrase)
    per_doc: dict[int, tuple[Pair, ...]] | None = None  # a prefix: its terms differ per doc

    @classmethod
    def of(cls, scores: Scores, pairs: tuple[Pair, ...], per_doc: Any = None) -> _Leaf:
        return cls(array("i", scores), array("d", scores.values()), pairs, per_doc)

    def scores(self, boost: float = 1.0) -> Scores:
        if boost == 1.0:
            return dict(zip(self.docs, self.values, strict=True))
        return {doc: score * boost for doc, score in zip(self.docs, self.values, strict=True)}


class Unsupported(Exception):
    """A query node the runner does not evaluate; Whoosh runs the whole query instead."""


class QueryRunner:
    """Evaluates queries for one searcher (one thread), caching each leaf's documents."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._cache: OrderedDict[Any, _Leaf] = OrderedDict()
        self._held = 0  # postings in the cache
        self._lengths: dict[str, list[int]] = {}

    def clear(self) -> None:
        """Forget every cached leaf (benchmarks measure first searches this way)."""
        self._cache.clear()
        self._held = 0

    def run(self, query: wq.Query, allowed: frozenset[int] | None = None) -> Matches | None:
        """The documents ``query`` matches (only ``allowed`` ones, if given), scored and with
        the terms each matched; None when the query holds a node this runner cannot run."""
        used: list[_Leaf] = []
        try:
            scores = self._node(query, used)
        except Unsupported:
            return None
        if allowed is not None:
            scores = {doc: score for doc, score in scores.items() if doc in allowed}
        top = sorted(((score, doc) for doc, score in scores.items()), key=_best_first)
        docterms: dict[int, list[Pair]] = {}
        for leaf in used:
            if leaf.per_doc is not None:
                for doc, pairs in leaf.per_doc.items():
                    if doc in scores:
                        docterms.setdefault(doc, []).extend(pairs)
                continue
            for doc in leaf.docs:
                if doc in scores:
                    docterms.setdefault(doc, []).extend(leaf.pairs)
        return Matches(top, docterms)

    # -- nodes --------------------------------------------------------------------
    def _node(self, query: wq.Query, used: list[_Leaf]) -> Scores:
        if type(query) is wq.Term:
            leaf = self._term(query.fieldname, query.text)
            used.append(leaf)
            return leaf.scores(query.boost)
        if type(query) in (wq.Or, wq.DefaultOr) and not query.scale:
            total: Scores = {}
            get = total.get
            for sub, boost in _flattened(query):
                if type(sub) is wq.Term:  # the common case, summed without a copy
                    leaf = self._term(sub.fieldname, sub.text)
                    used.append(leaf)
                    boost *= sub.boost
                    for doc, score in zip(leaf.docs, leaf.values, strict=True):
                        total[doc] = get(doc, 0.0) + score * boost
                else:
                    for doc, score in self._node(sub, used).items():
                        total[doc] = get(doc, 0.0) + score * boost
            return total
        if type(query) in (wq.AndMaybe, wq.AndNot):
            # As Query.normalize() leaves them: without a boost, and with an empty left side
            # replaced by the right.
            if query.a is wq.NullQuery:
                return self._node(query.b, used)
            kept = self._node(query.a, used)
            if query.b is wq.NullQuery:
                return kept
            if type(query) is wq.AndNot:
                dropped = self._node(query.b, [])
                return {doc: score for doc, score in kept.items() if doc not in dropped}
            optional = self._node(query.b, used)
            return {doc: score + optional.get(doc, 0.0) for doc, score in kept.items()}
        if type(query) is wq.And:
            parts = [_scaled(self._node(sub, used), boost) for sub, boost in _flattened(query)]
            if not parts:
                return {}
            common = set(parts[0]).intersection(*parts[1:])
            return {doc: sum(p[doc] for p in parts) for doc in common}
        if isinstance(query, (wq.Phrase, wq.Prefix)):
            leaf = self._whoosh_leaf(query)
            used.append(leaf)
            return leaf.scores()
        if isinstance(query, type(wq.NullQuery)):
            return {}
        raise Unsupported(type(query).__name__)

    def _term(self, fieldname: str, text: str) -> _Leaf:
        key = (fieldname, text)
        leaf = self._recall(key)
        if leaf is not None:
            return leaf
        leaf = _Leaf.of(self._term_scores(fieldname, text), ((fieldname, text),))
        self._keep(key, leaf)
        return leaf

    def _term_scores(self, fieldname: str, text: str) -> Scores:
        """Each document holding the term and its BM25F score (Whoosh's formula, unboosted)."""
        searcher = self._searcher
        schema = searcher.schema
        if fieldname not in schema:
            return {}
        try:
            token = schema[fieldname].to_bytes(text)
        except ValueError:
            return {}
        reader = searcher.reader()
        if (fieldname, token) not in reader:
            return {}
        scorer = searcher.weighting.scorer(searcher, fieldname, token)
        scores: Scores = {}
        if not all(hasattr(scorer, name) for name in ("idf", "avgfl", "B", "K1")):
            # Not BM25F (a field that is not scored): Whoosh scores each posting.
            matcher = searcher.postings(fieldname, token, weighting=searcher.weighting)
            while matcher.is_active():
                scores[matcher.id()] = matcher.score()
                matcher.next()
            return scores
        idf, k1, b = scorer.idf, scorer.K1, scorer.B
        lengths = self._field_lengths(fieldname)
        steady = k1 * (1 - b)
        per_length = k1 * b / scorer.avgfl
        lift = k1 + 1
        for doc, weight in _postings(reader.postings(fieldname, token)):
            # whoosh.scoring.bm25, with its constant parts taken out of the loop
            scores[doc] = idf * (weight * lift) / (weight + steady + per_length * lengths[doc])
        return scores

    def _field_lengths(self, fieldname: str) -> list[int]:
        """Every document's length in ``fieldname``, as Whoosh stores it (rounded to a byte)."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            searcher = self._searcher
            lengths = [
                searcher.doc_field_length(doc, fieldname, 1)
                for doc in range(searcher.doc_count_all())
            ]
            self._lengths[fieldname] = lengths
        return lengths

    def _whoosh_leaf(self, query: wq.Query) -> _Leaf:
        leaf = self._recall(query)
        if leaf is not None:
            return leaf
        hits = self._searcher.search(query, limit=None, terms=True)
        scores = {doc: score for score, doc in hits.top_n}
        if isinstance(query, wq.Phrase):
            # A phrase counts its words as matched where the phrase matched.
            leaf = _Leaf.of(scores, tuple((query.fieldname, word) for word in query.words))
        else:
            per_doc = {
                doc: tuple(_pair(name, value) for name, value in hits.docterms.get(doc, ()))
                for doc in scores
            }
            leaf = _Leaf.of(scores, (), per_doc)
        self._keep(query, leaf)
        return leaf

    def _recall(self, key: Any) -> _Leaf | None:
        """A cached leaf, marked as the most recently used."""
        leaf = self._cache.get(key)
        if leaf is not None:
            self._cache.move_to_end(key)
        return leaf

    def _keep(self, key: Any, leaf: _Leaf) -> None:
        self._cache[key] = leaf
        self._held += len(leaf.docs)
        while self._held > CACHED_POSTINGS and len(self._cache) > 1:
            _key, dropped = self._cache.popitem(last=False)
            self._held -= len(dropped.docs)


def _postings(matcher: Any) -> Iterator[tuple[int, float]]:
    """(document, weight) of every posting, a block at a time where the matcher allows.

    whoosh-reloaded 2.7.5 (pinned) keeps a block's documents and weights in ``_ids`` and
    ``_weights``; reading them whole is about twice as fast as a call per posting. Any
    other matcher is read posting by posting.
    """
    blocks = all(
        hasattr(matcher, name)
        for name in ("_ids", "_weights", "_read_ids", "_read_weights", "_lastblock", "_next_block")
    )
    if not blocks:
        while matcher.is_active():
            yield matcher.id(), matcher.weight()
            matcher.next()
        return
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        yield from zip(matcher._ids, matcher._weights, strict=True)
        if matcher._lastblock:
            return
        matcher._next_block()


def _flattened(query: Any) -> list[tuple[Any, float]]:
    """An Or's (or an And's) parts with nested ones of its kind merged in and each boost
    multiplied through, the same part given once: what ``Query.normalize()`` leaves, without
    the copies it makes (a copy of every term, about 2 ms a question)."""
    kind = type(query)
    parts: list[tuple[Any, float]] = []
    seen: set[Any] = set()

    def walk(node: Any, boost: float) -> None:
        for sub in node.subqueries:
            if sub is wq.NullQuery:
                continue
            if type(sub) is kind:
                walk(sub, boost * sub.boost)
                continue
            own = boost * sub.boost
            if type(sub) is wq.Term:
                key: Any = (sub.fieldname, sub.text, own)
            else:
                key = sub.with_boost(own)
            if key in seen:
                continue
            seen.add(key)
            parts.append((sub, boost))  # the part's own boost is applied by the part

    walk(query, query.boost)
    return parts


def _pair(name: str, value: Any) -> Pair:
    return (name, value.decode("utf-8") if isinstance(value, bytes) else value)


def _scaled(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {doc: score * boost for doc, score in scores.items()}


def _best_first(item: tuple[float, int]) -> tuple[float, int]:
    return (-item[0], item[1])
