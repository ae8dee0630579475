"""Which document a question's first result opens: a linear model over ranking's own signals
and the question vectors' (Qt-free).

For a question, ranking (``handbook.ranking``) records every document its first
``CONSIDERED_PAGES`` results could land on (``Considered``). This scores each from what
ranking made of it (its page's rank and score, its score in its page, coverage, heading,
intents, asked-question match, audience) and from how close the question's vector is to the
document and to its asked questions (``handbook.questionvectors``). The best one becomes the
first result. The weights (``reranker.json``) are fitted by
``tools/question_vectors/fit_reranker.py`` on the judged tuning sets (keywords, tuning half,
fresh and staff sets), never on the held-out half; keyword searches are not reranked.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.questions import Reading
from handbook.questionvectors import RERANKER_NAME, DocumentVectors, Tokens, VectorsError
from handbook.ranking import Considered

CONSIDERED_PAGES = 8  # as in fitting: the documents of the first eight results


# A question that asks for urgent help, or for a handout, keeps ranking's first page: the
# model may choose another of its sections, not another page. The model was fitted for
# accuracy, not safety, and ranking's rules send "fever" and "A&E" to the urgent pages.
KEEPS_PAGE = frozenset({"urgent", "emerg", "leaflet", "handout"})


def keeps_first_page(reading: Reading) -> bool:
    """The question asks for urgent help or for a handout (its intents say so)."""
    return any(KEEPS_PAGE & set(words) for intent in reading.intents for words in intent.means)


def asked_in_heading(item: Considered) -> bool:
    """Ranking's first result opens a section whose heading says what the question asks
    ("how do we tell them apart", "when will it start to work"): that rule stands."""
    return item.page_rank == 1 and item.landing and item.in_heading and item.intent > 1


def ranking_features(
    item: Considered, best_page_score: float, handout: bool, question: bool = True
) -> list[float]:
    """What the model reads of one considered document, from ranking (its page's score as a
    share of the best page's). Some signals count again for a question, as in fitting."""
    share = item.page_score / best_page_score if best_page_score else 0.0
    page_share = math.log(max(share, 1e-9))
    doc_share = math.log(item.value / item.page_best) if item.value > 0 and item.page_best else -9
    q = float(question)
    return [
        page_share,
        page_share * q,
        1 / item.page_rank,
        float(item.page_rank == 1),
        float(item.landing),
        float(item.landing and item.page_rank == 1),
        float(item.choice),
        doc_share,
        doc_share * q,
        item.asked,
        item.asked**2,
        item.page_asked,
        float(item.top),
        float(item.top) * q,
        float(item.asked_only),
        item.covered,
        item.covered**3,
        item.heading_gain,
        float(item.in_heading),
        math.log(max(item.intent, 1e-3)),
        float(item.other_audience),
        float(handout),
        float(handout) * q,
    ]


def vector_features(own: Sequence[float], asked: Sequence[float]) -> list[list[float]]:
    """Each document's closeness to the question, alone and against the closest considered."""
    both = [(d + a) / 2 for d, a in zip(own, asked, strict=True)]
    top_own, top_asked, top_both = max(own), max(asked), max(both)
    return [
        [
            d,
            d - top_own,
            float(d == top_own),
            a,
            a - top_asked,
            float(a == top_asked),
            b,
            b - top_both,
            b,
        ]
        for d, a, b in zip(own, asked, both, strict=True)
    ]  # b twice: the study adds it again for a question (study_ranker.collect)


def closeness(
    tokens: Tokens, documents: DocumentVectors, typed: str, rows: Sequence[int | None]
) -> list[list[float]]:
    """``vector_features`` of the question against each document (by its row in the
    document vectors; None: it has none, and counts as far from everything)."""
    vector = tokens.encode(typed)
    length = math.fsum(x * x for x in vector)
    own, asked = [], []
    for row in rows:
        d, a = documents.similarity(row, vector, length) if row is not None else (0.0, 0.0)
        own.append(d)
        asked.append(a)
    return vector_features(own, asked)


@dataclass(frozen=True)
class Reranker:
    """A linear score over standardised features; the highest-scoring document wins."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]

    @classmethod
    def load(cls, path: Path) -> Reranker:
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise VectorsError(f"{path.name}: cannot be read ({exc})") from exc
        try:
            mean, scale, weights = (
                tuple(float(x) for x in data[k]) for k in ("mean", "scale", "weights")
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise VectorsError(f"{path.name}: not a reranker's weights") from exc
        if not len(mean) == len(scale) == len(weights) or not weights:
            raise VectorsError(f"{path.name}: its weights do not fit one another")
        if not all(math.isfinite(x) for x in (*mean, *scale, *weights)) or min(scale) <= 0:
            raise VectorsError(f"{path.name}: its weights are not all finite")
        return cls(mean, scale, weights)

    def score(self, row: Sequence[float]) -> float:
        if len(row) != len(self.weights):
            raise VectorsError("the reranker was fitted on other features")
        return sum(
            (x - m) / s * w
            for x, m, s, w in zip(row, self.mean, self.scale, self.weights, strict=True)
        )

    def best(self, rows: Sequence[Sequence[float]]) -> int:
        """The index of the highest-scoring row (the first of equals)."""
        scores = [self.score(row) for row in rows]
        return scores.index(max(scores))


@dataclass(frozen=True)
class QuestionModel:
    """What reranking a question needs, read from an index's ``questions`` folder."""

    tokens: Tokens
    documents: DocumentVectors
    reranker: Reranker

    @classmethod
    def load(cls, folder: Path) -> QuestionModel:
        """Raises ``VectorsError`` when a file is missing, damaged or does not fit the others."""
        tokens = Tokens.load(folder)
        return cls(
            tokens, DocumentVectors.load(folder, tokens.dims), Reranker.load(folder / RERANKER_NAME)
        )

    def choose(
        self,
        typed: str,
        considered: Sequence[Considered],
        rows: Sequence[int | None],
        handouts: Sequence[bool],
    ) -> int:
        """The index in ``considered`` of the document the question's first result should open;
        ``rows`` gives each one's row in the document vectors (None: it has none)."""
        best_page = max(item.page_score for item in considered)
        near = closeness(self.tokens, self.documents, typed, rows)
        features = [
            ranking_features(item, best_page, handout) + near
            for item, handout, near in zip(considered, handouts, near, strict=True)
        ]
        return self.reranker.best(features)
