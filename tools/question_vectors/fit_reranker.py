"""Fit the question reranker (``resources/search/question-vectors/reranker.json``).

    pip install -e ".[study]"
    python -m handbook build            # the index must hold the question vectors
    python tools/question_vectors/fit_reranker.py [--heldout]

For every judged query of the tuning sets (keywords, tuning half, fresh and staff sets;
never the held-out half), search records each document its first eight results could open
(``SearchEngine.considered``). Each gets ranking's signals (``benchmarks/study_ranker.py``'s
features) and the question vectors' (``handbook.rerank.vector_features``, computed as search
computes them). A linear softmax model is fitted to choose a document a judge accepted, as
in the study; its standardisation and weights are written out. ``--heldout`` then reports,
once, how many held-out questions the fitted model gets right (the held-out half is never
fitted on). Rebuild the index after writing, so that it carries the new weights.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import study_ranker  # noqa: E402

from handbook.indexlayout import QUESTIONS_DIR  # noqa: E402
from handbook.questionvectors import DocumentVectors, Tokens  # noqa: E402
from handbook.rerank import closeness  # noqa: E402
from handbook.search import SearchEngine  # noqa: E402

OUT = ROOT / "resources" / "search" / "question-vectors" / "reranker.json"


class Closeness(study_ranker.Dense):
    """The question vectors' features for the considered documents, as search makes them."""

    def __init__(self, index: Path) -> None:  # noqa: D107 (no MiniLM here)
        self.tokens = Tokens.load(index / QUESTIONS_DIR)
        self.vectors = DocumentVectors.load(index / QUESTIONS_DIR, self.tokens.dims)
        self.right_alone: dict[str, int] = {}

    def extra(self, considered: list[Any], text: str, group: str, judged: str) -> list[list[float]]:
        rows = [self.vectors.keys.get((item.page, anchor or "")) for item, anchor in considered]
        return [features[:8] for features in closeness(self.tokens, self.vectors, text, rows)]


def fit(train: list[study_ranker.Query]) -> dict[str, Any]:
    """study_ranker's linear model: its standardisation and weights, as reranker.json holds them."""
    mean, scale, weights = study_ranker.linear_parameters(train)
    return {"mean": mean.tolist(), "scale": scale.tolist(), "weights": weights.tolist()}


def right(model: dict[str, Any], queries: list[study_ranker.Query]) -> int:
    mean, scale, weights = (np.array(model[k]) for k in ("mean", "scale", "weights"))
    return sum(
        bool(q.rows.size) and bool(q.right[int(np.argmax(((q.rows - mean) / scale) @ weights))])
        for q in queries
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="report the held-out half once")
    args = parser.parse_args()
    index = ROOT / "index"
    engine = SearchEngine.open(index)
    closeness = Closeness(index)
    groups = dict(study_ranker.SETS)
    queries = study_ranker.collect(engine, groups, closeness)
    learned = study_ranker.cross_validate(
        queries,
        lambda train: (
            lambda m: (
                lambda rows: (
                    ((rows - np.array(m["mean"])) / np.array(m["scale"])) @ np.array(m["weights"])
                )
            )
        )(fit(train)),
    )
    for group in groups:
        mine = [q for q in queries if q.group == group]
        print(
            f"{group:16} {len(mine):>4} ranking.py {sum(q.ranked_right for q in mine):>4}"
            f"  reranked (5-fold) {learned.get(group, 0):>4}"
        )
    model = fit([q for q in queries if q.rows.size])
    model["fitted_on"] = sorted(groups)
    OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: rebuild the index to use it")
    if args.heldout:
        unseen = study_ranker.collect(engine, study_ranker.HELD_OUT, closeness)
        print(
            f"held-out half {len(unseen)}: ranking.py {sum(q.ranked_right for q in unseen)},"
            f" reranked {right(model, unseen)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
