"""Benchmark: scoring a generated 10,000-row CSV against reading and writing it with csv alone.

Usage:
    python benchmarks/bench_score.py [--rows N]

The reference is the same file read with csv.reader and written with csv.writer, timed in
turns with the scoring in the same run; the budget ([score] csv10k_ratio_max) is on the
median of the run-by-run ratios.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import BUDGETS, verdict

from handbook.scores.batch import score_csv
from handbook.scores.fields import CYTO_CATEGORIES, IPSSM_FIELDS, MAIN_GENES, RESIDUAL_GENES

RUNS = 7


def generate(path: Path, rows: int, seed: int = 15) -> None:
    """Plausible rows in the official columns, with some NA, a few bad values and no ANC/AGE."""
    rng = random.Random(seed)
    genes = ("TP53loh", "MLL_PTD", "FLT3", *MAIN_GENES, *RESIDUAL_GENES)
    header = ["ID", "HB", "PLT", "BM_BLAST", "ANC", "AGE", "CYTO_IPSSR", "del5q", "del7_7q",
              "complex", "del17_17p", "TP53mut", "TP53maxvaf", *genes]  # fmt: skip
    assert set(header) - {"ID", "ANC", "AGE"} == {spec.name for spec in IPSSM_FIELDS}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            row = [
                f"p{number}",
                f"{rng.uniform(5, 16):.1f}",
                str(rng.randint(5, 600)),
                str(rng.randint(0, 19)),
                "NA" if rng.random() < 0.05 else f"{rng.uniform(0.1, 6):.2f}",
                "NA" if rng.random() < 0.05 else str(rng.randint(40, 95)),
                "Good" if rng.random() < 0.01 * 97 else "bad",  # about 3% rows with an error
                *(rng.choice("0001") for _ in range(4)),
                rng.choice(("0", "0", "1", "2 or more")),
                "NA" if rng.random() < 0.5 else f"{rng.random():.2f}",
                *("NA" if rng.random() < 0.05 else rng.choice("00001") for _ in genes),
            ]
            row[6] = rng.choice(CYTO_CATEGORIES) if row[6] == "Good" else "bad"
            writer.writerow(row)


def copy_with_csv(source: Path, target: Path) -> None:
    with (
        source.open(encoding="utf-8", newline="") as infile,
        target.open("w", encoding="utf-8", newline="") as outfile,
    ):
        writer = csv.writer(outfile)
        for row in csv.reader(infile):
            writer.writerow(row)


def seconds(task: Callable[[], object]) -> float:
    start = time.perf_counter()
    task()
    return time.perf_counter() - start


def paired_runs(
    reference: Callable[[], object], measured: Callable[[], object]
) -> tuple[list[float], list[float]]:
    """Both tasks timed in turns, so a machine that slows down mid-run slows both alike."""
    reference(), measured()  # warm-up: imports, file cache
    references, measures = [], []
    for _ in range(RUNS):
        references.append(seconds(reference))
        measures.append(seconds(measured))
    return references, measures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    budget = BUDGETS["score"]["csv10k_ratio_max"]
    with tempfile.TemporaryDirectory() as folder:
        source, scored, copied = (Path(folder) / n for n in ("in.csv", "out.csv", "copy.csv"))
        generate(source, args.rows)
        references, scorings = paired_runs(
            lambda: copy_with_csv(source, copied), lambda: score_csv(source, scored)
        )
        report = score_csv(source, scored)
    reference, scoring = statistics.median(references), statistics.median(scorings)
    ratio = statistics.median(s / r for s, r in zip(scorings, references, strict=True))
    print(f"rows: {report.rows} ({report.errors} with ERROR)")
    print(f"csv read+write alone: {reference * 1000:.1f} ms (median of {RUNS})")
    print(
        f"handbook score --csv: {scoring * 1000:.1f} ms ({scoring / report.rows * 1e6:.1f} µs/row)"
    )
    print(
        "ratios run by run: "
        + ", ".join(f"{s / r:.2f}" for s, r in zip(scorings, references, strict=True))
    )
    ok = ratio <= budget
    print(f"{verdict(ok)}: ratio {ratio:.2f} against [score] csv10k_ratio_max = {budget}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
