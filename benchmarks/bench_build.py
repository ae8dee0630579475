"""Build benchmark: render + index of the handbook (and of a generated corpus), by phase.

Usage:
    python benchmarks/bench_build.py                        # the handbook, median of 3 builds
    python benchmarks/bench_build.py --corpus 10000         # also one build of 10,000 pages
    python benchmarks/bench_build.py --corpus 1000 --corpus-only --profile
                                                            # where a 1,000-page build spends time

Every build goes into a temporary folder through ``handbook.build.builder.build`` (the
checkout's index/ is never touched). The phases are timed by wrapping the builder's own
functions: read + check (``collect`` less rendering), render (``render_markdown``),
index add (``write_index`` less the commit), index commit (Whoosh's sort and write of
the postings) and the rest (page files, catalog, assets, hashes, swap).

There is no natural reference for a build, so two are measured in the same run over the
same pages: plain ``markdown.markdown`` on each page body (no extensions), and a bare
Whoosh index of the same search documents' text in one field with a StandardAnalyzer.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import BUDGETS, ROOT, generate_corpus, median, peak_rss_mib, table, verdict

from handbook.build import builder, searchfiles
from handbook.indexlayout import DOCUMENTS_NAME

PHASES = ("read+check", "render", "index add", "index commit", "other")
TEXT_FIELDS = ("title", "pagetitle", "heading", "aliases", "body")


def _timed(spent: dict[str, float], key: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - started

    return wrapper


@contextmanager
def phase_timers() -> Iterator[dict[str, float]]:
    """Wrap the builder's functions for the duration of one build; yields seconds per name."""
    from whoosh.writing import SegmentWriter

    spent: dict[str, float] = {}
    saved = (
        builder.collect,
        builder.render_markdown,
        searchfiles.write_index,
        SegmentWriter.commit,
    )
    builder.collect = _timed(spent, "collect", builder.collect)
    builder.render_markdown = _timed(spent, "render", builder.render_markdown)
    searchfiles.write_index = _timed(spent, "write_index", searchfiles.write_index)
    SegmentWriter.commit = _timed(spent, "commit", SegmentWriter.commit)
    try:
        yield spent
    finally:
        builder.collect, builder.render_markdown, searchfiles.write_index, SegmentWriter.commit = (
            saved
        )


def timed_build(resources: Path, work: Path) -> tuple[float, dict[str, float], Any]:
    out = work / "index"
    with phase_timers() as spent:
        started = time.perf_counter()
        report = builder.build(resources, out)
        total = time.perf_counter() - started
    phases = {
        "read+check": spent["collect"] - spent["render"],
        "render": spent["render"],
        "index add": spent["write_index"] - spent["commit"],
        "index commit": spent["commit"],
    }
    phases["other"] = total - spent["collect"] - spent["write_index"]
    return total, phases, report


def page_bodies(resources: Path) -> list[str]:
    bodies = []
    for path in sorted((resources / "content").rglob("*.md")):
        if path.name != "_section.md":
            bodies.append(path.read_text(encoding="utf-8").split("---", 2)[-1])
    return bodies


def reference_markdown(bodies: list[str]) -> float:
    import markdown

    started = time.perf_counter()
    for body in bodies:
        markdown.markdown(body)
    return time.perf_counter() - started


def reference_whoosh(documents: list[dict[str, str]], folder: Path) -> float:
    from whoosh import index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    texts = [" ".join(doc.get(name, "") for name in TEXT_FIELDS) for doc in documents]
    folder.mkdir(parents=True)
    started = time.perf_counter()
    schema = Schema(id=ID(stored=True), text=TEXT(analyzer=StandardAnalyzer()))
    ix = index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=128)
    for doc, text in zip(documents, texts, strict=True):
        writer.add_document(id=doc["id"], text=text)
    writer.commit()
    ix.close()
    return time.perf_counter() - started


def read_documents(index_dir: Path) -> list[dict[str, str]]:
    with (index_dir / DOCUMENTS_NAME).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def measure(label: str, resources: Path, runs: int) -> dict[str, Any]:
    """Median build time and phases over ``runs`` builds, with both references."""
    totals: list[float] = []
    phases: dict[str, list[float]] = {name: [] for name in PHASES}
    md_ref: list[float] = []
    whoosh_ref: list[float] = []
    bodies = page_bodies(resources)
    report = None
    for number in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
            total, split, report = timed_build(resources, Path(tmp))
            totals.append(total)
            for name in PHASES:
                phases[name].append(split[name])
            documents = read_documents(Path(tmp) / "index")
            md_ref.append(reference_markdown(bodies))
            whoosh_ref.append(reference_whoosh(documents, Path(tmp) / f"ref-{number}"))
    assert report is not None
    return {
        "label": label,
        "pages": report.pages,
        "documents": report.documents,
        "total": median(totals),
        "min": min(totals),
        "phases": {name: median(values) for name, values in phases.items()},
        "markdown": median(md_ref),
        "whoosh": median(whoosh_ref),
        "runs": runs,
    }


def print_result(result: dict[str, Any], budget_s: float | None, budget_name: str) -> bool:
    phases = result["phases"]
    total = result["total"]
    print(
        f"\n{result['label']}: {result['pages']} pages, {result['documents']} search documents, "
        f"median of {result['runs']} build(s)"
    )
    rows = [[name, f"{phases[name]:.2f}", f"{phases[name] / total:.0%}"] for name in PHASES]
    rows.append(["total", f"{total:.2f}", "100%"])
    print(table(["phase", "seconds", "share"], rows))
    render, index = phases["render"], phases["index add"] + phases["index commit"]
    reference = result["markdown"] + result["whoosh"]
    print(
        table(
            ["same-run reference", "seconds", "ours", "ratio"],
            [
                [
                    "markdown.markdown per page",
                    f"{result['markdown']:.2f}",
                    f"render {render:.2f}",
                    f"{render / result['markdown']:.1f}x",
                ],
                [
                    "bare Whoosh, 1 field, StandardAnalyzer",
                    f"{result['whoosh']:.2f}",
                    f"index {index:.2f}",
                    f"{index / result['whoosh']:.1f}x",
                ],
                ["both", f"{reference:.2f}", f"total {total:.2f}", f"{total / reference:.1f}x"],
            ],
        )
    )
    if budget_s is None:
        print(
            f"no verdict: [build] {budget_name} applies to 10,000 pages "
            f"(linear share for {result['pages']} pages: "
            f"{BUDGETS['build']['corpus10k_s'] * result['pages'] / 10000:.1f} s, indicative)"
        )
        return True
    ok = total <= budget_s
    print(f"{verdict(ok)}: {total:.2f} s against [build] {budget_name} = {budget_s} s")
    return ok


def profile_build(resources: Path, top: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-build-prof-") as tmp:
        profiler = cProfile.Profile()
        profiler.enable()
        builder.build(resources, Path(tmp) / "index")
        profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(f"\ncProfile of one build (cProfile slows it about twofold), top {top}:")
    print(text.getvalue().replace(str(ROOT) + "/", ""))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="handbook builds to time (default 3)")
    parser.add_argument("--corpus", type=int, default=0, help="also build an N-page corpus once")
    parser.add_argument("--corpus-only", action="store_true", help="skip the handbook builds")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one build (of the corpus if given) with cProfile",
    )
    parser.add_argument("--top", type=int, default=25, help="rows of the profile (default 25)")
    args = parser.parse_args()
    budgets = BUDGETS["build"]
    ok = True
    if not args.corpus_only:
        result = measure("handbook", ROOT / "resources", args.runs)
        ok &= print_result(result, budgets["handbook_s"], "handbook_s")
        if args.profile and not args.corpus:
            profile_build(ROOT / "resources", args.top)
    if args.corpus:
        with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
            started = time.perf_counter()
            resources = generate_corpus(Path(tmp) / "resources", args.corpus)
            print(f"\ngenerated {args.corpus} pages in {time.perf_counter() - started:.1f} s")
            result = measure(f"generated corpus of {args.corpus} pages", resources, 1)
            budget = budgets["corpus10k_s"] if args.corpus == 10000 else None
            ok &= print_result(result, budget, "corpus10k_s")
            if args.profile:
                profile_build(resources, args.top)
    print(f"\npeak RSS of this process: {peak_rss_mib():.0f} MiB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
