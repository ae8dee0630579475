"""Run generated queries through the engine and measure them; also used by worker processes."""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handbook.search import SearchEngine
from tests.adversarial.queries import random_options, random_queries

LIMIT_SECONDS = 1.0


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        resident_pages = int(handle.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class FuzzResult:
    queries: int = 0
    matcher_calls: int = 0
    exceptions: int = 0
    slowest_cpu: float = 0.0
    slowest_wall: float = 0.0
    slowest_query: str = ""
    over_limit: int = 0
    rss_growth_mb: float = 0.0
    failures: list[str] = field(default_factory=list)


def fuzz(engine: SearchEngine, queries: Iterable[str], seed: int, matcher_every: int) -> FuzzResult:
    """Every query through ``engine.search`` (random options) and some through the matcher."""
    rng = random.Random(seed)
    result = FuzzResult()
    before = rss_mb()
    for number, text in enumerate(queries):
        options = random_options(rng)
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            outcome = engine.search(text, **options)  # type: ignore[arg-type]
            json.dumps(outcome.to_json())
            if any("<script" in r.snippet_html.lower() for r in outcome.results):
                result.failures.append(f"unescaped markup in a snippet for {text[:40]!r}")
            if number % matcher_every == 0:
                engine.term_matcher(text).spans("aplastic anaemia treated with ATG")
                result.matcher_calls += 1
        except Exception as exc:  # the property under test: nothing escapes
            result.exceptions += 1
            result.failures.append(f"{exc.__class__.__name__}: {exc} for {text[:60]!r} {options}")
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        result.queries += 1
        if cpu > result.slowest_cpu:
            result.slowest_cpu, result.slowest_wall, result.slowest_query = cpu, wall, text[:200]
        if cpu > LIMIT_SECONDS:
            result.over_limit += 1
            result.failures.append(f"{cpu:.2f} s CPU for {text[:60]!r} {options}")
    result.rss_growth_mb = rss_mb() - before
    return result


def fuzz_generated(index_dir: str, count: int, seed: int) -> FuzzResult:
    """A worker's share: its own engine on ``index_dir``, ``count`` queries from ``seed``."""
    engine = SearchEngine.open(Path(index_dir))
    try:
        return fuzz(engine, random_queries(count, seed), seed, matcher_every=10)
    finally:
        engine.close()
