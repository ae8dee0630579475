"""Check that the question halves are the fixed, seeded split of questions-asked.tsv.

Usage:
    python benchmarks/split_questions.py          # exits 1 if a half differs from the split

The split was made once, before any tuning (2026-12-02): each asker's questions
(askers in sorted order) shuffled with random.Random(SEED), the first half to tuning,
an odd group's extra question alternating between the halves. The judged halves
(questions-tune.tsv, questions-heldout.tsv) add the expected sections.
"""

from __future__ import annotations

import random
import sys

from common import ROOT, load_queries

SEED = 20261202
FOLDER = ROOT / "benchmarks"


def split() -> tuple[list[str], list[str]]:
    """The tuning and held-out questions, as the seeded split makes them."""
    lines = (FOLDER / "questions-asked.tsv").read_text(encoding="utf-8").splitlines()[1:]
    by_asker: dict[str, list[str]] = {}
    for line in lines:
        if line.strip():
            question, asker, _note = line.split("\t")
            by_asker.setdefault(asker, []).append(question)
    rng = random.Random(SEED)
    tune: list[str] = []
    held: list[str] = []
    extra_to_tune = True
    for asker in sorted(by_asker):
        group = by_asker[asker]
        rng.shuffle(group)
        half = len(group) // 2
        if len(group) % 2:
            half += 1 if extra_to_tune else 0
            extra_to_tune = not extra_to_tune
        tune += group[:half]
        held += group[half:]
    return tune, held


def main() -> int:
    tune, held = split()
    ok = True
    for name, wanted in (("questions-tune.tsv", tune), ("questions-heldout.tsv", held)):
        found = [text for text, _expected in load_queries(FOLDER / name)]
        same = sorted(found) == sorted(wanted)
        ok = ok and same
        print(f"{name}: {len(found)} questions, {'matches' if same else 'DIFFERS FROM'} the split")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
