"""Read ``resources/search/question-words.yml``: how search reads questions, compiled at build.

The file is content a clinician reviews, like the glossary: question openers, filler,
everyday words for the handbook's terms, and what questions ask about (intents). Every
entry in ``words`` and ``intents`` names a source (a key of ``sources``) or says
"plain English". The build refuses the file, with ``file:line`` messages, when an entry
is malformed or cites an unknown source; a missing file means no question reading.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from handbook.build.problems import Problem, display_path
from handbook.build.sources import iso_date, read_text, yaml_mapping
from handbook.textutil import fold

QUESTION_WORDS_FILE = Path("search") / "question-words.yml"
PLAIN = "plain English"
ENTRY_KEYS = {
    "words": frozenset({"asks", "means", "source"}),
    "intents": frozenset({"asks", "means", "source", "weight", "keep", "top"}),
}
_APOSTROPHES = re.compile("['\u2019]")


def asked_form(text: str) -> str:
    """How typed words are compared with the file's: folded, lower case, no apostrophes."""
    return " ".join(_APOSTROPHES.sub("", fold(text).lower()).split())


def _entry_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("- asks:")]


def _words(value: Any) -> list[str] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def _listed(value: Any, name: str, shown: str, problems: list[Problem]) -> list[str]:
    """A list of words, or a problem naming the first item that is not text."""
    if not isinstance(value, list) or not value:
        problems.append(Problem(shown, 1, f"'{name}' must be a list of words"))
        return []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            # YAML reads bare yes/no/on/off as true/false: they must be quoted.
            problems.append(
                Problem(shown, 1, f"'{name}': {item!r} is not a word (quote yes, no, on, off)")
            )
            return []
    return [item.strip() for item in value]


def _entries(
    raw: Any,
    kind: str,
    sources: dict[str, str],
    lines: list[int],
    first: int,
    shown: str,
    problems: list[Problem],
) -> list[dict[str, Any]]:
    """The valid entries of ``words`` or ``intents``; a problem for each invalid one."""
    if not isinstance(raw, list):
        problems.append(Problem(shown, 1, f"'{kind}' must be a list of entries"))
        return []
    out: list[dict[str, Any]] = []
    for offset, item in enumerate(raw):
        line = lines[first + offset] if first + offset < len(lines) else 1
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, f"each {kind} entry needs 'asks' and 'means'"))
            continue
        asks, means = _words(item.get("asks")), _words(item.get("means"))
        if asks is None or means is None:
            problems.append(
                Problem(shown, line, f"{kind} entry: 'asks' and 'means' must be lists of words")
            )
            continue
        source = item.get("source")
        if source != PLAIN and source not in sources:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"{kind} entry {asks[0]!r}: 'source' must be a key of 'sources' or "
                    f"'{PLAIN}' (got {source!r})",
                )
            )
            continue
        weight = item.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 3:
            problems.append(Problem(shown, line, f"{kind} entry {asks[0]!r}: weight must be 0-3"))
            continue
        keep, top = item.get("keep", True), item.get("top", False)
        if not isinstance(keep, bool) or not isinstance(top, bool):
            problems.append(
                Problem(shown, line, f"{kind} entry {asks[0]!r}: keep and top must be true/false")
            )
            continue
        unknown = sorted(set(item) - ENTRY_KEYS[kind])
        if unknown:
            problems.append(
                Problem(
                    shown, line, f"{kind} entry {asks[0]!r}: unknown key(s) {', '.join(unknown)}"
                )
            )
            continue
        entry: dict[str, Any] = {"asks": [asked_form(a) for a in asks], "means": means}
        if kind == "intents":
            entry.update(weight=float(weight), keep=keep, top=top)
        out.append(entry)
    return out


def read_question_words(path: Path, base: Path, problems: list[Problem]) -> dict[str, Any]:
    """The compiled question vocabulary for ``lexicon.json`` ({} when the file is absent)."""
    shown = display_path(path, base)
    if not path.is_file():
        return {}
    text = read_text(path, shown, problems)
    if text is None:
        return {}
    data = yaml_mapping(text, shown, problems, "the question words must be a mapping")
    if data is None:
        return {}
    before = len(problems)
    reviewed = iso_date(data.get("reviewed"))
    if not isinstance(reviewed, dt.date):
        problems.append(Problem(shown, 1, "the question words need 'reviewed' as an ISO date"))
    sources = data.get("sources")
    if not isinstance(sources, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in sources.items()
    ):
        problems.append(Problem(shown, 1, "'sources' must map a short name to a reference"))
        sources = {}
    raw_filler = data.get("filler")
    filler: dict[str, Any] = raw_filler if isinstance(raw_filler, dict) else {}
    starts, phrases, fill_words = (
        _listed(value, name, shown, problems)
        for value, name in (
            (data.get("starts"), "starts"),
            (filler.get("phrases"), "filler: phrases"),
            (filler.get("words"), "filler: words"),
        )
    )
    lines = _entry_lines(text)
    raw_words = data.get("words") or []
    words = _entries(raw_words, "words", sources, lines, 0, shown, problems)
    count = len(raw_words) if isinstance(raw_words, list) else 0
    intents = _entries(data.get("intents") or [], "intents", sources, lines, count, shown, problems)
    if len(problems) != before:
        return {}
    return {
        "starts": sorted({asked_form(w) for w in starts}),
        "filler_phrases": sorted({asked_form(p) for p in phrases}),
        "filler_words": sorted({asked_form(w) for w in fill_words}),
        "words": words,
        "intents": intents,
    }
