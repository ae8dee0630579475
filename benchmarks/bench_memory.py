"""Memory benchmark: peak RSS after 20 pages and 20 searches, against a bare Qt window.

Usage:
    python benchmarks/bench_memory.py              # 3 runs of each, medians
    python benchmarks/bench_memory.py --runs 5

Each run is a fresh process. The measured one opens the real window on index/
(``create_window``), shows it and starts the search worker as the app does after the
first paint, opens 20 different pages (``window.open_page``, waiting for each page to
paint), then runs 20 judged queries, 10 keyword queries and 10 questions of the tuning half,
through the search panel (``search_now``: the
worker thread, the real engine, results shown in the list and painted), and reports its
peak resident set size (``ru_maxrss``). The reference is ``benchmarks/bare_window.py
--memory`` (one QTextBrowser with one page) measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BUDGETS, ROOT, child_env, load_queries, median, peak_rss_mib, table, verdict

PAGES = 20
SEARCHES = 20


def current_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def child() -> int:
    """The measured process: the real window, 20 pages, 20 searches; prints JSON."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    from handbook.ui.app import create_window, make_application

    class PaintCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    def wait_until(condition, what: str, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            loop = QEventLoop()
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    stages: dict[str, float] = {}
    app = make_application()
    window = create_window(ROOT / "index")
    page_paints = PaintCounter()
    window.page_view.viewport().installEventFilter(page_paints)
    window.show()
    wait_until(lambda: page_paints.count > 0, "the first paint")
    window.search_panel.warm_up()  # what the app does right after the first paint
    stages["shown_mib"] = current_rss_mib()

    pages = [p.id for p in window.catalog.ordered_pages()]
    step = max(1, len(pages) // PAGES)
    chosen = pages[::step][:PAGES]
    for page_id in chosen:
        before = page_paints.count
        window.open_page(page_id)
        wait_until(lambda before=before: page_paints.count > before, f"page {page_id} to paint")
    stages["pages_mib"] = current_rss_mib()

    panel = window.search_panel
    result_paints = PaintCounter()
    panel.results.viewport().installEventFilter(result_paints)
    # Half keyword queries, half questions: a question loads what question search reads
    # (the asked questions, the question vectors), which keyword queries never do.
    keywords = list(dict.fromkeys(q for q, _ in load_queries()))[: SEARCHES // 2]
    asked = load_queries(ROOT / "benchmarks" / "questions-tune.tsv")
    texts = keywords + list(dict.fromkeys(q for q, _ in asked))[: SEARCHES - len(keywords)]
    for text in texts:
        before = result_paints.count
        panel.search_now(text)
        wait_until(
            lambda text=text: panel.last_outcome is not None and panel.last_outcome.query == text,
            f"results for {text!r}",
        )
        if panel.results.count():
            wait_until(lambda before=before: result_paints.count > before, "results to paint")
    stages["searches_mib"] = current_rss_mib()
    window.close()  # stops the search thread
    del app
    print(
        json.dumps(
            {
                "peak_mib": peak_rss_mib(),
                "pages": len(chosen),
                "searches": len(texts),
                **stages,
            }
        ),
        flush=True,
    )
    return 0


def run_json(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        output = done.stdout + done.stderr
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{output}")
    return done.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--child", action="store_true", help="internal: be the measured process")
    args = parser.parse_args()
    if args.child:
        return child()
    extra_budget = BUDGETS["memory"]["extra_over_bare_mb"]
    bare: list[float] = []
    ours: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        # Bytecode cached as an installed app has it (compiling would add to the peak);
        # the first pair is a warm-up that fills that cache and is not counted.
        pycache = Path(tmp) / "pycache"
        for number in range(args.runs + 1):
            env = child_env(Path(tmp) / f"user-{number}", pycache)
            line = run_json(
                [sys.executable, str(ROOT / "benchmarks" / "bare_window.py"), "--memory"], env
            )
            measured = json.loads(run_json([sys.executable, __file__, "--child"], env))
            if number:
                bare.append(int(line.split()[1]) / 1024)
                ours.append(measured)

    bare_peak = median(bare)
    app_peak = median([o["peak_mib"] for o in ours])
    extra = app_peak - bare_peak
    rows = [
        ["bare window, one page", f"{bare_peak:.1f}", f"{min(bare):.1f}", f"{max(bare):.1f}"],
        [
            f"app, {ours[0]['pages']:.0f} pages + {ours[0]['searches']:.0f} searches",
            f"{app_peak:.1f}",
            f"{min(o['peak_mib'] for o in ours):.1f}",
            f"{max(o['peak_mib'] for o in ours):.1f}",
        ],
    ]
    print(f"peak resident memory (ru_maxrss), {args.runs} runs each, MiB")
    print(table(["process", "median", "min", "max"], rows))
    print(
        "app RSS by stage (median MiB): "
        f"window shown {median([o['shown_mib'] for o in ours]):.1f}, "
        f"after pages {median([o['pages_mib'] for o in ours]):.1f}, "
        f"after searches {median([o['searches_mib'] for o in ours]):.1f}"
    )
    print(f"extra over bare: {extra:+.1f} MiB (ratio {app_peak / bare_peak:.2f}x)")
    ok = extra <= extra_budget
    print(
        f"{verdict(ok)}: {extra:.1f} MiB over bare against [memory] extra_over_bare_mb = "
        f"{extra_budget}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
