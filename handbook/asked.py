"""How closely a typed question matches the questions a section answers (issue 20).

Each section's search document carries, in its ``asked`` field, the questions it answers in
askers' words (``resources/search/asked/``, reviewed content). A typed question is compared
with each of them: the share of their words they have in common, rarer words counting for
more (inverse frequency among all the asked questions). A section's match is its best
question's. Search lifts a document by its match, so "can my brother give me blood" finds
the section written for it even when the section itself says "blood components from
relatives".
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence

from handbook.indexlayout import ASKED_SEPARATOR

Analyze = Callable[[str], list[str]]


Terms = Sequence[Sequence[str]]  # each question's terms, as the analyzer gives them


class AskedQuestions:
    """Every document's asked questions, analysed once, for comparing typed questions."""

    def __init__(
        self,
        documents: Iterable[tuple[int, str | Terms]],
        analyze: Analyze,
        stopwords: frozenset[str],
    ) -> None:
        """``documents``: each document's questions, as its ``asked`` field's text or
        already analysed (the build stores them so in ``asked_terms``)."""
        self._analyze = analyze
        self._stopwords = stopwords
        # Kept compact (about 6,900 questions): each word once, numbers in arrays.
        questions: list[tuple[str, ...]] = []
        docnums: array[int] = array("I")
        counts: dict[str, int] = {}
        for docnum, asked in documents:
            analysed: Iterable[Sequence[str]] = (
                [self._analyze(q) for q in asked.split(ASKED_SEPARATOR)]
                if isinstance(asked, str)
                else asked
            )
            for terms in analysed:
                tokens = tuple(sys.intern(t) for t in self._content(terms))
                if tokens:
                    questions.append(tokens)
                    docnums.append(docnum)
                    for token in tokens:
                        counts[token] = counts.get(token, 0) + 1
        total = len(questions) or 1
        self._docnums = docnums
        self._weight = {t: math.log(1 + total / n) for t, n in counts.items()}
        self._unknown = math.log(1 + total)  # a word no asked question uses
        by_token: dict[str, array[int]] = {}
        for number, tokens in enumerate(questions):
            for token in tokens:
                by_token.setdefault(token, array("I")).append(number)
        self._by_token = by_token
        # Each question's own weight, summed once.
        self._own = array("d", (sum(self.weight(t) for t in tokens) for tokens in questions))

    def __len__(self) -> int:
        return len(self._docnums)

    def tokens(self, text: str) -> frozenset[str]:
        """A question's content words, analysed (and so stemmed) as the index analyses text."""
        return self._content(self._analyze(text))

    def _content(self, terms: Iterable[str]) -> frozenset[str]:
        return frozenset(t for t in terms if t not in self._stopwords)

    def weight(self, token: str) -> float:
        return self._weight.get(token, self._unknown)

    def matches(self, text: str) -> dict[int, float]:
        """Each document's best match with ``text``, from 0 (no shared word) to 1 (the same words).

        The match is a weighted Dice coefficient: twice the weight of the shared words over
        the weight of both questions' words.
        """
        typed = self.tokens(text)
        if not typed:
            return {}
        typed_weight = sum(self.weight(t) for t in typed)
        # The weight each question shares with the typed one, gathered word by word.
        shared: dict[int, float] = {}
        get = shared.get
        for token in typed:
            weight = self.weight(token)
            for number in self._by_token.get(token, ()):
                shared[number] = get(number, 0.0) + weight
        best: dict[int, float] = {}
        docnums, own = self._docnums, self._own
        for number, common in shared.items():
            docnum = docnums[number]
            score = 2 * common / (typed_weight + own[number])
            if score > best.get(docnum, 0.0):
                best[docnum] = score
        return best
