"""Search benchmark: quality on the judged queries, and latency against SQLite FTS5.

Usage:
    python benchmarks/bench_search.py                 # quality + latency on the handbook
    python benchmarks/bench_search.py --corpus 10000  # also latency on a generated corpus
    python benchmarks/bench_search.py --failures      # list the judged queries that miss
    python benchmarks/bench_search.py --index DIR     # measure a private build instead of index/
    python benchmarks/bench_search.py --no-heldout    # tuning: leave the held-out questions unseen

Four judged sets: the keyword queries (queries.tsv, judged by page) and the two halves
of the questions people type (questions-tune.tsv, questions-heldout.tsv, judged by section:
"page#anchor", "page#top" for the page's top, a bare page id for any section of it).
Questions the handbook cannot answer are marked NONE, kept and counted as misses.
A fresh set (questions-fresh.tsv), written and judged later by a writer who never saw
search results, measures what tuning on the first halves did not see; a staff set
(questions-staff.tsv), written and judged the same way for clinic staff, likewise. A second judge
(questions-judge2.tsv) judged both halves again, blind, against the current handbook: the
halves are also scored against that judgement, and the two judges' agreement is printed.

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

from handbook.indexlayout import DOCUMENTS_NAME
from handbook.search import SearchEngine

REPEATS = 5
_FTS_WORD = re.compile(r"\w+")


SETS = (
    ("keywords", "queries.tsv"),
    ("questions, tuning half", "questions-tune.tsv"),
    ("questions, held-out half", "questions-heldout.tsv"),
    ("questions, fresh set", "questions-fresh.tsv"),
    ("questions, staff set", "questions-staff.tsv"),
)
# A second, blind judgement of both halves against the current handbook (see its header).
SECOND_JUDGE = "questions-judge2.tsv"
NO_ANSWER = "NONE"  # judged: no section of the handbook answers the question


def is_right(expected: str, page: str, anchor: str) -> bool:
    """Whether a result (its page, and the section it lands on) is one the judge accepted."""
    for option in expected.split("|"):
        want_page, has_anchor, want_anchor = option.partition("#")
        if want_page != page:
            continue
        if not has_anchor or want_anchor == anchor or (want_anchor == "top" and not anchor):
            return True
    return False


def page_only(expected: str) -> str:
    """The same judgement at page level: any section of an accepted page counts."""
    return "|".join(dict.fromkeys(option.partition("#")[0] for option in expected.split("|")))


def quality(
    engine: SearchEngine, queries: list[tuple[str, str]], show: bool, typing: bool = False
) -> tuple[float, float, float]:
    """Top-1 share, MRR@5 and top-1 at page level; a result counts when its page (and its
    section, where one was judged) is right. ``typing``: searched as the window searches
    while the last word is typed (as a prefix); Enter opens the first result shown."""
    top1 = 0
    page_top1 = 0
    reciprocal = 0.0
    for text, expected in queries:
        results = engine.search(text, limit=5, prefix_last=typing).results
        if results and is_right(page_only(expected), results[0].page, ""):
            page_top1 += 1
        ranks = [rank for rank, r in enumerate(results, 1) if is_right(expected, r.page, r.anchor)]
        if ranks and ranks[0] == 1:
            top1 += 1
        if ranks:
            reciprocal += 1.0 / ranks[0]
        if show and not (ranks and ranks[0] == 1):
            got = [f"{r.page}#{r.anchor or 'top'}" for r in results[:3]]
            print(f"  miss: {text!r:50} expected {expected[:60]:60} got {got}")
    return top1 / len(queries), reciprocal / len(queries), page_top1 / len(queries)


def first_row(engine: SearchEngine, queries: list[tuple[str, str]]) -> float:
    """The share whose first result shows a right section on its row: the section it lands
    on, or one of the page's sections offered under it."""
    shown = 0
    for text, expected in queries:
        results = engine.search(text, limit=5).results
        if results:
            first = results[0]
            shown += any(is_right(expected, r.page, r.anchor) for r in (first, *first.also))
    return shown / len(queries)


def report_quality(
    engine: SearchEngine, label: str, path: Path, show: bool
) -> list[tuple[str, str]]:
    """Print one judged set's figures against its budget; returns its judged rows."""
    budgets = BUDGETS["search"]
    judged = load_queries(path)
    top1, mrr, page_top1 = quality(engine, judged, show)
    keywords = path.name == "queries.tsv"
    top1_min = budgets["top1_min" if keywords else "questions_top1_min"]
    mrr_min = budgets["mrr5_min" if keywords else "questions_mrr5_min"]
    answerable = [(q, e) for q, e in judged if e != NO_ANSWER]
    extra = ""
    if len(answerable) < len(judged):
        a_top1, a_mrr, _ = quality(engine, answerable, False)
        extra = (
            f"; without the {len(judged) - len(answerable)} the handbook cannot answer: "
            f"top-1 {a_top1:.1%}, MRR@5 {a_mrr:.3f}"
        )
    print(
        f"{label} ({len(judged)}): top-1 {top1:.1%} (target >= {top1_min:.0%}: "
        f"{verdict(top1 >= top1_min)}), MRR@5 {mrr:.3f} (target >= {mrr_min}: "
        f"{verdict(mrr >= mrr_min)}){extra}"
    )
    t_top1, t_mrr, _ = quality(engine, judged, False, typing=True)
    print(
        f"  as typed in the window (last word as a prefix): top-1 {t_top1:.1%}, MRR@5 {t_mrr:.3f}"
    )
    if keywords:
        guard = budgets["keywords_guard_min"]
        print(
            f"  keywords kept by question reading: top-1 >= {guard:.0%}: {verdict(top1 >= guard)}"
        )
    else:
        print(
            f"  right page first (any section): {page_top1:.1%}; a right section on the "
            f"first result's row (its landing or a section offered under it): "
            f"{first_row(engine, judged):.1%}"
        )
    return judged


def agreement(first: list[tuple[str, str]], second: dict[str, str]) -> tuple[float, float]:
    """How often the second judge's best target is one the first judge accepted, and how
    often the two accepted sets share a target (a bare page id accepts its sections)."""
    best = shared = 0
    for text, expected in first:
        targets = [as_result(option) for option in second[text].split("|")]
        best += is_right(expected, *targets[0])
        shared += any(is_right(expected, *target) for target in targets)
    return best / len(first), shared / len(first)


def as_result(target: str) -> tuple[str, str]:
    """A judged "page#anchor" (or "page#top") as the page and anchor a result carries."""
    page, _, anchor = target.partition("#")
    return page, "" if anchor == "top" else anchor


def report_second_judge(
    engine: SearchEngine, path: Path, halves: dict[str, list[tuple[str, str]]], show: bool
) -> None:
    """The halves (label -> first judge's rows) scored against the second judge's targets,
    and the judges' agreement."""
    second = dict(load_queries(path))
    for label, first in halves.items():
        rejudged = [(text, second[text]) for text, _ in first]
        top1, mrr, page_top1 = quality(engine, rejudged, show)
        best, shared = agreement(first, second)
        # What a careful reader scores: each judge's best, marked by the other judge.
        reverse, _ = agreement(rejudged, dict(first))
        either = [(text, either_judge(expected, second[text])) for text, expected in first]
        e_top1, e_mrr, _ = quality(engine, either, False)
        print(
            f"{label}, second judge ({len(rejudged)}): top-1 {top1:.1%}, MRR@5 {mrr:.3f}, "
            f"right page first {page_top1:.1%}; accepted by either judge: top-1 {e_top1:.1%}, "
            f"MRR@5 {e_mrr:.3f}\n  judges agree: the second's best is accepted by the first "
            f"{best:.1%}, the first's by the second {reverse:.1%}; a target in common {shared:.1%}"
        )


def either_judge(first: str, second: str) -> str:
    """The targets either judge accepted (a question one judge found no answer to keeps
    only the other's targets; both NONE stays NONE)."""
    options = [o for o in (*first.split("|"), *second.split("|")) if o != NO_ANSWER]
    return "|".join(dict.fromkeys(options)) or NO_ANSWER


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


def first_searches(engine: SearchEngine, queries: list[str]) -> list[float]:
    """Each query searched with nothing kept from the searches before it (a first search)."""
    times = []
    for text in queries:
        engine.clear_caches()
        start = time.perf_counter()
        engine.search(text, limit=10)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report_latency(label: str, index_dir: Path, queries: list[str], budget_ms: float) -> None:
    engine = SearchEngine.open(index_dir)
    ours = latency(lambda q: engine.search(q, limit=10), queries)
    first = first_searches(engine, queries)
    db = fts_index(index_dir / DOCUMENTS_NAME)
    ref = latency(lambda q: fts_search(db, q), queries)
    p50, p95 = percentile(ours, 0.5), percentile(ours, 0.95)
    f50, f95 = percentile(first, 0.5), percentile(first, 0.95)
    r50, r95 = percentile(ref, 0.5), percentile(ref, 0.95)
    print(
        f"{label:<20} engine p50 {p50:6.2f} ms  p95 {p95:6.2f} ms | FTS5 p50 {r50:5.2f} ms  p95 "
        f"{r95:5.2f} ms | "
        f"ratio p95 {p95 / r95:5.1f}x | budget p95 <= {budget_ms:.0f} ms: "
        f"{verdict(p95 <= budget_ms)}"
    )
    # The engine keeps each query word's documents once read; a search whose words none
    # before it used pays for reading them. Measured with that memory emptied first:
    print(
        f"{'':<20} first search p50 {f50:6.2f} ms  p95 {f95:6.2f} ms | ratio p95 to FTS5 "
        f"{f95 / r95:5.1f}x | budget p95 <= {budget_ms:.0f} ms: {verdict(f95 <= budget_ms)}"
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
    parser.add_argument(
        "--index", type=Path, default=ROOT / "index", help="the built index to measure"
    )
    parser.add_argument(
        "--no-heldout",
        action="store_true",
        help="skip the held-out questions (while tuning, so they stay unseen)",
    )
    args = parser.parse_args()
    budgets = BUDGETS["search"]
    engine = SearchEngine.open(args.index)
    judged: dict[str, list[tuple[str, str]]] = {}
    for label, name in SETS:
        if args.no_heldout and "held-out" in label:
            continue
        judged[label] = report_quality(engine, label, ROOT / "benchmarks" / name, args.failures)
    second = ROOT / "benchmarks" / SECOND_JUDGE
    if second.exists():
        halves = {label: rows for label, rows in judged.items() if "half" in label}
        report_second_judge(engine, second, halves, args.failures)
    engine.close()
    texts = {label: [q for q, _ in rows] for label, rows in judged.items()}
    questions = [q for label, group in texts.items() if label != "keywords" for q in group]
    report_latency("handbook, keywords", args.index, texts["keywords"], budgets["handbook_p95_ms"])
    report_latency("handbook, questions", args.index, questions, budgets["handbook_p95_ms"])
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
                f"{args.corpus} pages",
                Path(tmp) / "index",
                texts["keywords"],
                budgets["corpus10k_p95_ms"],
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
