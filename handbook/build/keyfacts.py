"""Key facts every page must state alike: ``resources/keyfacts.yml``, checked at build time.

The review of December 2026 found pages that gave different values for one fact (how
often iptacopan is taken, what temperature is a fever). Shared wording lives in
snippets; this check catches a value written by hand that disagrees. Each fact names
the words that show a sentence is about it (``about``), the forms its value can take
(``values``: canonical value -> pattern), the value every page must give (``expect``)
and optionally the audience it applies to. The first value found within ``window``
characters after the ``about`` words in one sentence or table row is the value that
sentence states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.build.problems import Problem, display_path
from handbook.build.sources import AUDIENCES, SourcePage, read_text

KEYFACTS_FILE = "keyfacts.yml"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(*])")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]")


@dataclass(frozen=True)
class KeyFact:
    fact: str
    about: re.Pattern[str]
    values: dict[str, re.Pattern[str]]
    expect: str
    audience: str | None
    window: int
    line: int

    def stated(self, unit: str) -> list[str]:
        """The values this sentence gives for the fact (one per mention of its subject)."""
        found: list[str] = []
        for mention in self.about.finditer(unit):
            window = unit[mention.end() : mention.end() + self.window]
            best: tuple[int, int, str] | None = None
            for value, pattern in self.values.items():
                match = pattern.search(window)
                if match and (best is None or (match.start(), -len(match.group(0))) < best[:2]):
                    best = (match.start(), -len(match.group(0)), value)
            if best is not None:
                found.append(best[2])
        return found


def read_keyfacts(path: Path, base: Path, problems: list[Problem]) -> list[KeyFact]:
    shown = display_path(path, base)
    if not path.is_file():
        return []
    text = read_text(path, shown, problems)
    if text is None:
        return []
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(shown, mark.line + 1 if mark else 1, "invalid YAML"))
        return []
    items = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.append(Problem(shown, 1, "expected a 'facts:' list"))
        return []
    lines = text.splitlines()
    facts: list[KeyFact] = []
    for number, item in enumerate(items, start=1):
        name = item.get("fact") if isinstance(item, dict) else None
        line = next((i for i, row in enumerate(lines, 1) if name and str(name) in row), 1)
        try:
            assert isinstance(item, dict) and isinstance(name, str)
            values = item["values"]
            assert isinstance(values, dict) and values
            expect = str(item["expect"])
            assert expect in values
            audience = item.get("audience")
            assert audience is None or audience in AUDIENCES
            facts.append(
                KeyFact(
                    fact=name,
                    about=re.compile(str(item["about"]), re.I),
                    values={str(k): re.compile(str(v), re.I) for k, v in values.items()},
                    expect=expect,
                    audience=audience,
                    window=int(item.get("window", 80)),
                    line=line,
                )
            )
        except (AssertionError, KeyError, TypeError, ValueError, re.error) as exc:
            detail = f": {exc}" if isinstance(exc, re.error) else ""
            problems.append(
                Problem(
                    shown,
                    line,
                    f"fact {number} needs 'fact', 'about', 'values' (value: pattern), "
                    f"'expect' (one of the values) and optionally 'audience' and 'window'{detail}",
                )
            )
    return facts


def units(body: str) -> list[tuple[int, str]]:
    """(line offset, text) for every sentence and table row of a Markdown body."""
    out: list[tuple[int, str]] = []
    for offset, raw in enumerate(body.splitlines()):
        line = _MARKUP.sub(lambda m: m.group(1) or "", raw).strip()
        if not line:
            continue
        if line.startswith("|"):
            out.append((offset, line))
        else:
            out.extend((offset, part) for part in _SENTENCE.split(line))
    return out


def statements(facts: list[KeyFact], page: SourcePage) -> list[tuple[KeyFact, str, int, str]]:
    """(fact, value, line, sentence) for every statement of a key fact on the page."""
    found = []
    for offset, unit in units(page.body):
        for fact in facts:
            if fact.audience and fact.audience != page.audience:
                continue
            for value in fact.stated(unit):
                found.append((fact, value, page.body_line + offset, unit))
    return found


def check_keyfacts(facts: list[KeyFact], pages: list[SourcePage], problems: list[Problem]) -> None:
    """A problem for every sentence that gives a key fact a value other than the expected one."""
    for page in pages:
        for fact, value, line, unit in statements(facts, page):
            if value != fact.expect:
                quoted = unit if len(unit) <= 120 else unit[:117] + "..."
                problems.append(
                    Problem(
                        page.shown_path,
                        line,
                        f"key fact '{fact.fact}': this says {value!r}, "
                        f"every page says {fact.expect!r} (resources/{KEYFACTS_FILE}): "
                        f'"{quoted}"',
                    )
                )
