"""Read ``resources/search/asked/*.yml``: the questions each section answers, in askers' words.

People at a clinic workstation type whole questions ("will it come back", "can my brother
give me blood"), worded otherwise than the section that answers them. Each file maps a page
id to its sections (an anchor, or ``top`` for the page's opening) and each section to the
questions it answers best, written in patients', families' and clinic staff's words. The
build adds them to that section's search document (the ``asked`` field); search weighs a
typed question against them (document expansion). They are content a clinician reviews, like
the glossary: the build refuses, with ``file:line`` messages, an unknown page or section, a
question that is not text, and the same question given to two sections of one page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from handbook.build.problems import Problem, display_path
from handbook.build.sources import read_text, yaml_mapping
from handbook.indexlayout import ASKED_SEPARATOR
from handbook.textutil import fold

ASKED_DIR = Path("search") / "asked"
TOP = "top"
MAX_WORDS = 20
_KEY = re.compile(r"^(\s*)([^\s#:][^:#]*?):\s*(?:#.*)?$")


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each page key (indent 0) and section key (indented), for messages."""
    lines: dict[tuple[str, ...], int] = {}
    page = ""
    for number, line in enumerate(text.splitlines(), 1):
        match = _KEY.match(line)
        if not match:
            continue
        key = match.group(2).strip().strip("'\"")
        if not match.group(1):
            page = key
            lines.setdefault((page,), number)
        elif page:
            lines.setdefault((page, key), number)
    return lines


def _same(question: str) -> str:
    return " ".join(fold(question).lower().replace("?", " ").split())


def read_asked(
    folder: Path,
    base: Path,
    anchors: dict[str, set[str]],
    problems: list[Problem],
) -> dict[str, list[str]]:
    """Questions by search document id (``page`` for a page's top, ``page#anchor``).

    ``anchors`` gives each page id's section anchors. A missing folder means none.
    """
    asked: dict[str, list[str]] = {}
    # (page, a question compared folded) -> the section it is given to, and where
    owner: dict[tuple[str, str], tuple[str, str, int]] = {}
    if not folder.is_dir():
        return asked
    for path in sorted(folder.glob("*.yml")):
        shown = display_path(path, base)
        text = read_text(path, shown, problems)
        if text is None:
            continue
        data = yaml_mapping(text, shown, problems, "must map page ids to their sections")
        if data is None:
            continue
        lines = _key_lines(text)
        for page, sections in data.items():
            line = lines.get((str(page),), 1)
            if page not in anchors:
                problems.append(Problem(shown, line, f"'{page}' is not a page id"))
                continue
            if not isinstance(sections, dict):
                problems.append(Problem(shown, line, f"'{page}' must map its sections to lists"))
                continue
            for anchor, questions in sections.items():
                where = lines.get((str(page), str(anchor)), line)
                if anchor != TOP and anchor not in anchors[page]:
                    problems.append(
                        Problem(shown, where, f"'{page}' has no section '{anchor}' (or use 'top')")
                    )
                    continue
                for question in _questions(questions, shown, where, problems):
                    # A page's handout and its clinician page may both answer a question;
                    # two sections of one page may not.
                    key = (str(page), _same(question))
                    doc_id = page if anchor == TOP else f"{page}#{anchor}"
                    if key in owner and owner[key][0] != doc_id:
                        first = owner[key]
                        problems.append(
                            Problem(
                                shown,
                                where,
                                f"'{question}' is also given to {first[0]} "
                                f"({first[1]}:{first[2]}): give it to the section that answers",
                            )
                        )
                        continue
                    if key not in owner:
                        owner[key] = (doc_id, shown, where)
                        asked.setdefault(doc_id, []).append(question)
    return asked


def _questions(value: Any, shown: str, line: int, problems: list[Problem]) -> Iterable[str]:
    if not isinstance(value, list) or not value:
        problems.append(Problem(shown, line, "a section needs a list of questions"))
        return []
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            problems.append(Problem(shown, line, f"{item!r} is not a question (quote yes/no)"))
            continue
        words = item.split()
        if len(words) > MAX_WORDS:
            problems.append(Problem(shown, line, f"'{item[:40]}…' is over {MAX_WORDS} words"))
            continue
        out.append(" ".join(words))
    return out


def asked_field(questions: list[str]) -> str:
    """The text of a document's ``asked`` field."""
    return ASKED_SEPARATOR.join(questions)
