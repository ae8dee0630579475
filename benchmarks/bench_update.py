"""Content update benchmark: installing the handbook's own signed pack, against building it.

Usage:
    python benchmarks/bench_update.py [--runs 3]

The handbook's sources are copied to a temporary folder and packed with a throwaway key
(the checkout, its index/ and the real keys are never touched). Then, alternately in the
same run, ``handbook build`` of those sources (render + index) and ``handbook update
install`` of the pack (verify the signature, unpack, build the search index from the
documents, check, swap in) each go into a fresh temporary folder. The build is the
reference: an install does the index half of a build and none of the rendering, so it
should take less. The pack's size is printed too (budget: a few MB).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from common import BUDGETS, ROOT, median, verdict

from handbook.build.builder import build
from handbook.build.pack import build_pack
from handbook.editions.container import open_pack
from handbook.editions.install import install
from handbook.editions.keys import generate, load_trusted
from handbook.indexlayout import MANIFEST_NAME, WHOOSH_DIR

BUDGET = BUDGETS.get("update", {})
INSTALL_RATIO_MAX = float(BUDGET.get("install_ratio_to_build_max", 1.0))
PACK_MB_MAX = float(BUDGET.get("pack_mb_max", 5.0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds and installs, alternated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-update-") as temp:
        base = Path(temp)
        resources = base / "resources"
        shutil.copytree(ROOT / "resources", resources, ignore=shutil.ignore_patterns("keys"))
        pair = generate(base / "keys", "bench")
        trusted_dir = base / "trusted"
        trusted_dir.mkdir()
        shutil.copy(pair.public_path, trusted_dir)
        trusted = load_trusted(trusted_dir)
        pack_path = base / "handbook.hbpack"
        started = time.perf_counter()
        _report, packed = build_pack(resources, base / "packed-index", pack_path, pair.private_path)
        pack_seconds = time.perf_counter() - started
        # The edition "in use" during the installs: the same pages with another source hash,
        # so the pack counts as newer and not as the edition already installed.
        shipped = base / "packed-index"
        shutil.rmtree(shipped / WHOOSH_DIR)
        (shipped / MANIFEST_NAME).write_text(
            (shipped / MANIFEST_NAME)
            .read_text("utf-8")
            .replace('"source_hash": "', '"source_hash": "0'),
            encoding="utf-8",
        )
        builds: list[float] = []
        installs: list[float] = []
        verifies: list[float] = []
        for run in range(args.runs):
            started = time.perf_counter()
            build(resources, base / f"built-{run}")
            builds.append(time.perf_counter() - started)
            started = time.perf_counter()
            open_pack(pack_path, trusted)
            verifies.append(time.perf_counter() - started)
            started = time.perf_counter()
            install(
                pack_path,
                trusted=trusted,
                shipped_dir=shipped,
                machine_dir=base / f"machine-{run}",
                user_dir=base / f"user-{run}",
            )
            installs.append(time.perf_counter() - started)
        size_mb = packed.size / 2**20
        build_s, install_s = median(builds), median(installs)
        ratio = install_s / build_s
        print(
            f"pack: {size_mb:.2f} MB holding {packed.entries} files "
            f"({packed.unpacked / 2**20:.1f} MB), made in {pack_seconds:.2f} s "
            f"(build included)  [budget <= {PACK_MB_MAX:.0f} MB: {verdict(size_mb <= PACK_MB_MAX)}]"
        )
        print(f"verify signature + unpack in memory: median {median(verifies) * 1000:.0f} ms")
        print(f"handbook build (reference):          median {build_s:.2f} s  {_runs(builds)}")
        print(f"update install:                      median {install_s:.2f} s  {_runs(installs)}")
        print(
            f"install / build = {ratio:.2f}  "
            f"[budget <= {INSTALL_RATIO_MAX:.2f}: {verdict(ratio <= INSTALL_RATIO_MAX)}]"
        )
        return 0 if size_mb <= PACK_MB_MAX and ratio <= INSTALL_RATIO_MAX else 1


def _runs(values: list[float]) -> str:
    return "(" + ", ".join(f"{v:.2f}" for v in values) + ")"


if __name__ == "__main__":
    raise SystemExit(main())
