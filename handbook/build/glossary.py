"""Read ``resources/glossary.yml``: the glossary page, search synonyms and spellings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.build.problems import Problem, display_path
from handbook.build.render import GlossaryTerm
from handbook.build.sources import iso_date, read_text, yaml_mapping
from handbook.textutil import fold, slugify

GLOSSARY_ID = "glossary"


@dataclass
class Entry:
    term: str
    definition: str
    line: int
    expansion: str = ""
    synonyms: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    page: str = ""

    @property
    def anchor(self) -> str:
        return slugify(self.term)

    def names(self) -> list[str]:
        """Every name that means exactly this entry (term, expansion, synonyms)."""
        names = [self.term]
        if self.expansion:
            names.append(self.expansion)
        names.extend(self.synonyms)
        return names


@dataclass
class Glossary:
    title: str
    reviewed: str
    sources: list[str]
    entries: list[Entry]
    spellings: list[list[str]]
    shown_path: str = "glossary.yml"

    def spelling_map(self) -> dict[str, str]:
        """Every listed form -> the group's US form (the second in each group)."""
        mapping: dict[str, str] = {}
        for group in self.spellings:
            forms = [fold(word) for word in group]
            target = forms[1] if len(forms) > 1 else forms[0]
            for form in forms:
                mapping[form] = target
        return mapping

    def acronyms(self) -> set[str]:
        """Terms written in capitals (MDS, PNH, ANC): never stemmed."""
        found: set[str] = set()
        for entry in self.entries:
            for name in entry.names():
                for word in name.replace("-", " ").split():
                    if sum(ch.isupper() for ch in word) >= 2:
                        found.add(fold(word))
        return found

    def abbreviations(self) -> dict[str, GlossaryTerm]:
        """Entries that expand an abbreviation (ANC, PNH, G-CSF), for linking in page text."""
        found: dict[str, GlossaryTerm] = {}
        for entry in self.entries:
            if entry.expansion and len(entry.term) >= 2 and entry.term not in found:
                found[entry.term] = GlossaryTerm(entry.anchor, f"{entry.term}: {entry.expansion}")
        return found


def _list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def _entry_lines(text: str) -> list[int]:
    return [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if line.lstrip().startswith("- term:")
    ]


def read_glossary(path: Path, base: Path, problems: list[Problem]) -> Glossary | None:
    shown = display_path(path, base)
    if not path.is_file():
        problems.append(Problem(shown, 1, "glossary file not found"))
        return None
    text = read_text(path, shown, problems)
    if text is None:
        return None
    data = yaml_mapping(text, shown, problems, "the glossary must be a mapping with 'entries'")
    if data is None:
        return None
    before = len(problems)
    reviewed = iso_date(data.get("reviewed"))
    if not isinstance(reviewed, dt.date):
        problems.append(Problem(shown, 1, "the glossary needs 'reviewed' as an ISO date"))
    sources = _list(data.get("sources"))
    if not sources:
        problems.append(Problem(shown, 1, "the glossary needs a non-empty 'sources' list"))
    spellings = data.get("spellings") or []
    if not isinstance(spellings, list) or not all(
        isinstance(g, list) and len(g) >= 2 and all(isinstance(w, str) for w in g)
        for g in spellings
    ):
        problems.append(Problem(shown, 1, "'spellings' must be a list of [british, us, ...] lists"))
        spellings = []
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append(Problem(shown, 1, "the glossary needs a non-empty 'entries' list"))
        raw_entries = []
    lines = _entry_lines(text)
    entries: list[Entry] = []
    anchors: dict[str, int] = {}
    for index, raw in enumerate(raw_entries):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(raw, dict):
            problems.append(
                Problem(shown, line, "each entry must be a mapping with term and definition")
            )
            continue
        term, definition = raw.get("term"), raw.get("definition")
        if not isinstance(term, str) or not term.strip():
            problems.append(Problem(shown, line, "entry needs a 'term'"))
            continue
        if not isinstance(definition, str) or not definition.strip():
            problems.append(Problem(shown, line, f"entry {term!r} needs a 'definition'"))
            continue
        synonyms, related = _list(raw.get("synonyms")), _list(raw.get("related"))
        if synonyms is None or related is None:
            problems.append(
                Problem(shown, line, f"entry {term!r}: synonyms and related must be lists of text")
            )
            continue
        expansion, page = raw.get("expansion") or "", raw.get("page") or ""
        if not isinstance(expansion, str) or not isinstance(page, str):
            problems.append(
                Problem(shown, line, f"entry {term!r}: expansion and page must be text")
            )
            continue
        entry = Entry(
            term.strip(),
            " ".join(definition.split()),
            line,
            expansion.strip(),
            synonyms,
            related,
            page.strip(),
        )
        if entry.anchor in anchors:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"duplicate glossary term {term!r} (also line {anchors[entry.anchor]})",
                )
            )
            continue
        anchors[entry.anchor] = line
        entries.append(entry)
    if len(problems) != before:
        return None
    assert isinstance(reviewed, dt.date) and sources
    raw_title = data.get("title")
    title = raw_title if isinstance(raw_title, str) else "Glossary and abbreviations"
    entries.sort(key=lambda e: fold(e.term))
    return Glossary(title, reviewed.isoformat(), sources, entries, spellings, shown)


def _md_escape(text: str) -> str:
    for ch in "\\`*_[]{}>#":
        text = text.replace(ch, "\\" + ch)
    return text.replace("<", "&lt;")


def glossary_markdown(glossary: Glossary, page_titles: dict[str, str]) -> str:
    """Markdown of the glossary page: entries grouped under their first letter.

    It goes through the same renderer as written pages, so anchors, links and
    search sections work the same way.
    """
    out = [
        "Abbreviations and terms used in this handbook, with British and US spellings. "
        "Search understands every name listed here.",
        "",
    ]
    letter = ""
    for entry in glossary.entries:
        first = fold(entry.term)[:1].upper()
        first = first if first.isalpha() else "#"
        if first != letter:
            letter = first
            out += [f"## {letter} {{#letter-{slugify(letter) or 'other'}}}", ""]
        heading = _md_escape(entry.term)
        if entry.expansion:
            heading += f" — {_md_escape(entry.expansion)}"
        out += [f"### {heading} {{#{entry.anchor}}}", "", _md_escape(entry.definition), ""]
        extra = []
        if entry.synonyms:
            extra.append("Also: " + _md_escape(", ".join(entry.synonyms)) + ".")
        if entry.page:
            title = _md_escape(page_titles.get(entry.page, entry.page))
            extra.append(f"See [{title}]({entry.page}.md).")
        if extra:
            out += [" ".join(extra), ""]
    return "\n".join(out)
