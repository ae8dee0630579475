"""Start-up benchmark: process spawn to first painted home page, against a bare Qt window.

Usage:
    python benchmarks/bench_startup.py                  # 7 timed runs of each, alternating
    python benchmarks/bench_startup.py --runs 15
    python benchmarks/bench_startup.py --frozen dist/handbook/handbook   # time the bundle

Each run spawns ``python -m handbook --quit-after-show`` (or the frozen executable with
``--quit-after-show``) and ``python benchmarks/bare_window.py`` (the same-run reference:
one QMainWindow with one QTextBrowser showing one handbook page), alternately, and
measures wall-clock time from spawn to exit. Both quit after the first painted frame.
Qt runs offscreen unless a display is set; the app gets a throwaway user folder.

"Cold" is approximate: after the first run the OS file cache holds Python, Qt and the
index, so the runs measure a warm-cache start (what a user sees on the second launch of
the day). The first pair is run as a warm-up and not counted unless --no-warmup.

Bytecode: both children cache compiled bytecode in a temporary folder
(PYTHONPYCACHEPREFIX), even where PYTHONDONTWRITEBYTECODE is set, because an installed
wheel or the frozen bundle runs from compiled bytecode; otherwise every run would also
time compiling the app's own modules. --compile-each-run keeps the environment's setting.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BUDGETS, ROOT, child_env, median, table, verdict


def timed_run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--frozen", type=Path, help="time this PyInstaller executable instead")
    parser.add_argument("--no-warmup", action="store_true", help="count the first pair too")
    parser.add_argument("--page", default="aplastic-anaemia", help="page the bare window shows")
    parser.add_argument(
        "--compile-each-run",
        action="store_true",
        help="no bytecode cache: honour PYTHONDONTWRITEBYTECODE if set",
    )
    args = parser.parse_args()
    budget = BUDGETS["startup"]["ratio_to_bare_max"]

    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_window.py"), "--page", args.page]
    if args.frozen:
        app = [str(args.frozen.resolve()), "--quit-after-show"]
        label = f"frozen {args.frozen}"
    else:
        app = [sys.executable, "-m", "handbook", "--quit-after-show"]
        label = "python -m handbook"
    times: dict[str, list[float]] = {"bare": [], "app": []}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        pycache = None if args.compile_each_run else Path(tmp) / "pycache"
        for number in range(args.runs + (0 if args.no_warmup else 1)):
            env = child_env(Path(tmp) / f"user-{number}", pycache)
            # Alternate which goes first so neither always follows the other's cache effects.
            order = [("bare", bare), ("app", app)]
            if number % 2:
                order.reverse()
            for name, command in order:
                seconds = timed_run(command, env)
                if number or args.no_warmup:
                    times[name].append(seconds)

    bare_med, app_med = median(times["bare"]), median(times["app"])
    ratio = app_med / bare_med
    rows = [
        [
            f"bare window ({args.page})",
            f"{bare_med * 1000:.0f}",
            f"{min(times['bare']) * 1000:.0f}",
            f"{max(times['bare']) * 1000:.0f}",
        ],
        [
            label,
            f"{app_med * 1000:.0f}",
            f"{min(times['app']) * 1000:.0f}",
            f"{max(times['app']) * 1000:.0f}",
        ],
    ]
    print(f"spawn to exit after first paint, {len(times['app'])} runs each (alternating)")
    print(table(["process", "median ms", "min ms", "max ms"], rows))
    print(
        f"ratio app/bare (medians): {ratio:.2f}x, (minima): "
        f"{min(times['app']) / min(times['bare']):.2f}x"
    )
    print("note: warm OS file cache after the first run; figures are warm starts, not a cold boot")
    if args.compile_each_run:
        print("note: no bytecode cache requested: compile time of each module is included")
    else:
        print("note: bytecode cached in a temporary folder, as an installed or frozen app has it")
    print(
        f"{verdict(ratio <= budget)}: ratio {ratio:.2f} against [startup] "
        f"ratio_to_bare_max = {budget}"
    )
    return 0 if ratio <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
