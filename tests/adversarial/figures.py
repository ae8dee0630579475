"""The adversarial suite's running totals, printed at the end of the run to compare run to run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figures:
    queries: int = 0  # engine.search calls with generated or hostile text
    matcher_calls: int = 0  # term_matcher calls (what a result highlights)
    exceptions: int = 0  # raised by the engine on any of them
    slowest_ms: float = 0.0  # CPU time of the slowest query on its own thread
    slowest_wall_ms: float = 0.0  # wall time of that query (includes other processes' load)
    slowest_query: str = ""
    over_one_second: int = 0
    rss_growth_mb: float = 0.0
    faults: int = 0  # injected faults: damaged files, full or read-only disks, kills, races
    hangs: int = 0  # runs that did not finish within their time limit
    data_lost: int = 0  # acknowledged saves, bookmarks or settings missing afterwards
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        slowest = self.slowest_query[:50].encode("unicode_escape").decode("ascii")
        return [
            f"queries fuzzed: {self.queries:,} searches + {self.matcher_calls:,} term matchers",
            f"exceptions: {self.exceptions}",
            f"slowest query: {self.slowest_ms:.0f} ms CPU ({self.slowest_wall_ms:.0f} ms wall) "
            f"for {slowest!r}",
            f"queries over 1 s: {self.over_one_second}",
            f"memory growth over the fuzz: {self.rss_growth_mb:.0f} MB",
            f"faults injected: {self.faults}",
            f"hangs: {self.hangs}",
            f"data lost: {self.data_lost}",
            *self.notes,
        ]


FIGURES = Figures()
