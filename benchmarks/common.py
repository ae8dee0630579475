"""Shared helpers for the benchmarks: budgets, timing statistics, the generated corpus."""

from __future__ import annotations

import random
import re
import shutil
import statistics
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGETS = tomllib.loads((ROOT / "benchmarks" / "budgets.toml").read_text(encoding="utf-8"))
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Citation numbers ("[2]", "[2, 3]", "[2][5]"): a generated page lists one source.
_CITATION = re.compile(r"\s?\[\d+(?:\s*[,\u2013-]\s*\d+)*\](?:\[\d+(?:\s*[,\u2013-]\s*\d+)*\])*")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def generate_corpus(target: Path, pages: int, seed: int = 7) -> Path:
    """A handbook-like corpus of ``pages`` pages made by recombining the real paragraphs.

    Vocabulary and paragraph lengths are the handbook's own, so analysis and scoring
    cost is realistic. Returns the resources folder to build.
    """
    rng = random.Random(seed)
    source = ROOT / "resources"
    paragraphs: list[str] = []
    headings: list[str] = []
    for path in (source / "content").rglob("*.md"):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        for block in body.split("\n\n"):
            block = _CITATION.sub("", _LINK.sub(r"\1", block.strip()))
            if block.startswith("## ") or block.startswith("### "):
                headings.append(block.lstrip("#").strip())
            elif block and not block.startswith(("!!!", "|", "<")) and "{{" not in block:
                paragraphs.append(block)
    if target.exists():
        shutil.rmtree(target)
    content = target / "content"
    per_section = 250
    for number in range(pages):
        section = content / f"{number // per_section + 1:03d}-section-{number // per_section + 1}"
        if not section.exists():
            section.mkdir(parents=True)
            (section / "_section.md").write_text(
                f"---\ntitle: Section {number // per_section + 1}\n---\n", encoding="utf-8"
            )
        words = rng.choice(headings).split()
        title = " ".join(rng.sample(words, k=min(4, len(words)))) or "Page"
        parts = [
            "---",
            f'title: "{title.replace(chr(34), "")} {number}"',
            f"audience: {'patient' if number % 6 == 0 else 'clinician'}",
            "reviewed: 2026-11-01",
            "sources:",
            '  - "Generated benchmark page."',
            "---",
            rng.choice(paragraphs),
            "",
        ]
        for _ in range(rng.randint(3, 7)):
            parts += [f"## {rng.choice(headings)}", ""]
            parts += [p + "\n" for p in rng.sample(paragraphs, k=rng.randint(1, 3))]
        (section / f"{number % per_section + 1:03d}-page-{number}.md").write_text(
            "\n".join(parts), encoding="utf-8"
        )
    shutil.copy(source / "glossary.yml", target / "glossary.yml")
    for name in ("styles", "icons"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    # Glossary entries point to handbook pages that the corpus lacks: drop those links.
    glossary = (target / "glossary.yml").read_text(encoding="utf-8")
    (target / "glossary.yml").write_text(
        re.sub(r"^\s+page: .*$\n", "", glossary, flags=re.M), encoding="utf-8"
    )
    return target


def load_queries(path: Path | None = None) -> list[tuple[str, str]]:
    """(text, expected) rows of a judged TSV: a header row first; '#' lines are comments."""
    path = path or ROOT / "benchmarks" / "queries.tsv"
    rows = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cells = line.split("\t")
        rows.append((cells[0], cells[1]))
    return rows


# -- helpers for the process-level benchmarks (start-up, memory, build) ----------------


def child_env(user_dir: Path, pycache: Path | None = None) -> dict[str, str]:
    """Environment for a timed child process: offscreen Qt unless a display is set, a
    throwaway user folder so no real settings or bookmarks are read or written.

    With ``pycache``, bytecode is cached in that folder (PYTHONPYCACHEPREFIX) even where
    PYTHONDONTWRITEBYTECODE is set, as an installed or frozen app runs from compiled
    bytecode; the checkout gets no __pycache__ folders.
    """
    import os

    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["HANDBOOK_USER_DIR"] = str(user_dir)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def peak_rss_mib() -> float:
    """Peak resident set size of this process in MiB (ru_maxrss: KiB on Linux, bytes on macOS)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table, columns padded to their widest cell."""
    columns = zip(headers, *rows, strict=True)
    widths = [max(len(str(cell)) for cell in column) for column in columns]
    lines = [headers, ["-" * width for width in widths], *rows]
    return "\n".join(
        "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )
