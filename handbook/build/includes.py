"""Shared text written once: ``resources/snippets/NAME.md`` included by ``{{snippet:NAME}}``.

A fact that many pages state (the fever threshold, who needs irradiated blood, the
vaccines each complement inhibitor needs) lives in one snippet file with its own
sources. A page includes it with a line holding only ``{{snippet:NAME}}`` (indented to
sit inside a box); the build puts the snippet's Markdown there, indented the same, and
adds the snippet's sources to the page's list. An unknown name, a snippet that includes
another, or a clinician snippet in a patient handout is refused with ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handbook.build.problems import Problem, display_path
from handbook.build.sources import AUDIENCES, SourcePage, parse_front_matter, read_text

SNIPPETS_DIR = "snippets"
INCLUDE = re.compile(r"^(?P<indent>[ \t]*)\{\{snippet:(?P<name>[^}]*)\}\}[ \t]*$", re.M)
ANY_INCLUDE = re.compile(r"\{\{snippet:")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Snippet:
    name: str
    shown_path: str
    title: str
    audience: str
    sources: list[str]
    body: str


_AUTHOR = re.compile(r"^\s*([^\W\d_][\w'’-]*)")
_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_VOLUME = re.compile(r"\b(19|20)\d\d\s*;\s*(\d+)")


def _same_work(one: str, other: str) -> bool:
    """Whether two citations name the same work, however differently they are written:
    same first word (first author or issuing body), same year, and the same volume when
    both give one (a journal article); without volumes (guidelines, labels, chapters)
    nearly the same words."""
    if one == other:
        return True
    first, second = _AUTHOR.match(one), _AUTHOR.match(other)
    if not first or not second or first.group(1).lower() != second.group(1).lower():
        return False
    years = {m.group(0) for m in _YEAR.finditer(one)} & {m.group(0) for m in _YEAR.finditer(other)}
    if not years:
        return False
    vol_one, vol_two = _VOLUME.search(one), _VOLUME.search(other)
    if vol_one and vol_two:
        return vol_one.group(0).replace(" ", "") == vol_two.group(0).replace(" ", "")
    words_one, words_two = set(_WORD.findall(one.lower())), set(_WORD.findall(other.lower()))
    return len(words_one & words_two) >= 0.9 * len(words_one | words_two)


def read_snippets(folder: Path, base: Path, problems: list[Problem]) -> dict[str, Snippet]:
    """Every snippet in ``folder`` by name (a missing folder is no snippets)."""
    snippets: dict[str, Snippet] = {}
    if not folder.is_dir():
        return snippets
    for path in sorted(folder.glob("*.md")):
        shown = display_path(path, base)
        if not _NAME.match(path.stem):
            problems.append(
                Problem(
                    shown,
                    1,
                    "snippet files are named with a-z, 0-9 and '-' (e.g. patient-fever.md)",
                )
            )
            continue
        text = read_text(path, shown, problems)
        if text is None:
            continue
        parsed = parse_front_matter(text, shown, problems)
        if parsed is None:
            continue
        meta, body, body_line = parsed
        title, audience, sources = meta.get("title"), meta.get("audience"), meta.get("sources")
        before = len(problems)
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem(shown, 1, "snippet front matter needs a 'title'"))
        if audience not in AUDIENCES:
            problems.append(
                Problem(shown, 1, f"snippet 'audience' must be one of {', '.join(AUDIENCES)}")
            )
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) and s.strip() for s in sources)
        ):
            problems.append(
                Problem(shown, 1, "snippet front matter needs a non-empty 'sources' list")
            )
        if not body.strip():
            problems.append(Problem(shown, body_line, "the snippet has no text"))
        if ANY_INCLUDE.search(body):
            problems.append(Problem(shown, body_line, "a snippet cannot include another snippet"))
        if len(problems) != before:
            continue
        assert isinstance(title, str) and isinstance(audience, str) and isinstance(sources, list)
        snippets[path.stem] = Snippet(
            path.stem,
            shown,
            title.strip(),
            audience,
            [s.strip() for s in sources],
            body.strip("\n"),
        )
    return snippets


def expand(page: SourcePage, snippets: dict[str, Snippet], problems: list[Problem]) -> None:
    """Put each included snippet into ``page.body`` and its sources into ``page.sources``."""

    def line_of(offset: int) -> int:
        return page.body_line + page.body.count("\n", 0, offset)

    def refuse(offset: int, message: str) -> str:
        problems.append(Problem(page.shown_path, line_of(offset), message))
        return ""

    def replace(match: re.Match[str]) -> str:
        name, indent = match.group("name").strip(), match.group("indent")
        snippet = snippets.get(name)
        if snippet is None:
            known = ", ".join(sorted(snippets)) or "none"
            return refuse(match.start(), f"unknown snippet {name!r} (known: {known})")
        if page.audience == "patient" and snippet.audience != "patient":
            return refuse(
                match.start(),
                f"snippet {name!r} is for clinicians; a handout needs a patient snippet",
            )
        for source in snippet.sources:
            if not any(_same_work(source, listed) for listed in page.sources):
                page.sources.append(source)
        return "\n".join(
            indent + line if line.strip() else "" for line in snippet.body.splitlines()
        )

    included = [m.span() for m in INCLUDE.finditer(page.body)]
    for stray in ANY_INCLUDE.finditer(page.body):
        if not any(start <= stray.start() < end for start, end in included):
            refuse(stray.start(), "'{{snippet:NAME}}' must stand alone on its line")
    page.body = INCLUDE.sub(replace, page.body)
