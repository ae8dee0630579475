"""Search benchmark: quality on the judged queries, and latency against SQLite FTS5.

Usage:
    python benchmarks/bench_search.py                 # quality + latency on the handbook
    python benchmarks/bench_search.py --corpus 10000  # also latency on a generated corpus
    python benchmarks/bench_search.py --failures      # list the judged queries that miss

FTS5 (SQLite's full-text engine, porter stemmer, bm25, snippet()) over the same
documents is the reference measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from common import BUDGETS, ROOT, generate_corpus, load_queries, percentile, verdict

from handbook.search import SearchEngine

REPEATS = 5
_FTS_WORD = re.compile(r"\w+")


def quality(
    engine: SearchEngine, queries: list[tuple[str, str]], show: bool
) -> tuple[float, float]:
    top1 = 0
    reciprocal = 0.0
    misses = []
    for text, expected in queries:
        # "a|b": pages that answer the query equally well (any of them counts as right).
        right = set(expected.split("|"))
        pages = [r.page for r in engine.search(text, limit=5).results]
        if pages[:1] and pages[0] in right:
            top1 += 1
        ranks = [rank for rank, page in enumerate(pages, 1) if page in right]
        if ranks:
            reciprocal += 1.0 / ranks[0]
        else:
            misses.append((text, expected, pages[:3]))
        if show and not (pages[:1] and pages[0] in right):
            print(f"  miss: {text!r:45} expected {expected:30} got {pages[:3]}")
    return top1 / len(queries), reciprocal / len(queries)


def fts_index(documents: Path) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(page UNINDEXED, title, heading, body, "
        "tokenize='porter unicode61')"
    )
    with documents.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?)",
        [(d["page"], d["title"], d.get("heading", ""), d.get("body", "")) for d in rows],
    )
    return db


def fts_search(db: sqlite3.Connection, text: str) -> list[str]:
    words = _FTS_WORD.findall(text)
    if not words:
        return []
    match = " OR ".join(f'"{w}"' for w in words)
    rows = db.execute(
        "SELECT page, snippet(docs, 3, '<b>', '</b>', '…', 24) FROM docs WHERE docs MATCH ? "
        "ORDER BY bm25(docs, 3.0, 2.0, 1.0) LIMIT 10",
        (match,),
    ).fetchall()
    return [r[0] for r in rows]


def latency(run, queries: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    for text in queries[:10]:
        run(text)  # warm caches, as a running app would be
    times = []
    for _ in range(REPEATS):
        for text in queries:
            start = time.perf_counter()
            run(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def report_latency(label: str, index_dir: Path, queries: list[str], budget_ms: float) -> None:
    engine = SearchEngine.open(index_dir)
    ours = latency(lambda q: engine.search(q, limit=10), queries)
    db = fts_index(index_dir / "documents.jsonl")
    ref = latency(lambda q: fts_search(db, q), queries)
    p50, p95 = percentile(ours, 0.5), percentile(ours, 0.95)
    r50, r95 = percentile(ref, 0.5), percentile(ref, 0.95)
    print(
        f"{label:<22} engine p50 {p50:6.2f} ms  p95 {p95:6.2f} ms | FTS5 p50 {r50:5.2f} ms  p95 "
        f"{r95:5.2f} ms | "
        f"ratio p95 {p95 / r95:5.1f}x | budget p95 <= {budget_ms:.0f} ms: "
        f"{verdict(p95 <= budget_ms)}"
    )
    engine.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=int, default=0, help="also measure a generated corpus of N pages"
    )
    parser.add_argument(
        "--failures", action="store_true", help="print the judged queries that miss"
    )
    args = parser.parse_args()
    budgets = BUDGETS["search"]
    judged = load_queries()
    engine = SearchEngine.open(ROOT / "index")
    top1, mrr = quality(engine, judged, args.failures)
    engine.close()
    print(
        f"quality on {len(judged)} judged queries: top-1 {top1:.1%} (target >= "
        f"{budgets['top1_min']:.0%}: "
        f"{verdict(top1 >= budgets['top1_min'])}), MRR@5 {mrr:.3f} (target >= "
        f"{budgets['mrr5_min']}: "
        f"{verdict(mrr >= budgets['mrr5_min'])})"
    )
    texts = [q for q, _ in judged]
    report_latency("handbook", ROOT / "index", texts, budgets["handbook_p95_ms"])
    if args.corpus:
        from handbook.build.builder import build

        with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
            resources = generate_corpus(Path(tmp) / "resources", args.corpus)
            started = time.perf_counter()
            report = build(resources, Path(tmp) / "index")
            print(
                f"built {report.pages} generated pages ({report.documents} documents) "
                f"in {time.perf_counter() - started:.1f} s"
            )
            report_latency(
                f"{args.corpus} pages", Path(tmp) / "index", texts, budgets["corpus10k_p95_ms"]
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
