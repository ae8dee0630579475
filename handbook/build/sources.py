"""Read the content tree: sections, pages and their front matter, with file:line problems."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook.build.problems import Problem, display_path

AUDIENCES = ("clinician", "patient")
_ORDERED_NAME = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)$")
SECTION_FILE = "_section.md"


@dataclass
class SourcePage:
    id: str
    path: Path
    shown_path: str
    order: int
    title: str
    audience: str
    reviewed: str
    sources: list[str]
    summary: str = ""
    aliases: list[str] = field(default_factory=list)
    changed: str = ""  # one line for "What changed in this edition"
    body: str = ""
    body_line: int = 1  # line of the file where the body starts


@dataclass
class SourceSection:
    id: str
    path: Path
    order: int
    title: str
    summary: str = ""
    pages: list[SourcePage] = field(default_factory=list)


def _split_name(name: str) -> tuple[int, str] | None:
    match = _ORDERED_NAME.match(name)
    return (int(match.group(1)), match.group(2)) if match else None


def _key_line(text_lines: list[str], key: str, default: int) -> int:
    for number, line in enumerate(text_lines, start=1):
        if line.startswith(f"{key}:"):
            return number
    return default


def yaml_mapping(
    text: str, shown: str, problems: list[Problem], not_a_mapping: str
) -> dict[str, Any] | None:
    """A YAML file's top-level mapping, or None with its problem (where the parser stopped)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problems.append(Problem(shown, line, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, not_a_mapping))
        return None
    return data


def iso_date(value: Any) -> Any:
    """``value`` as a date when it is an ISO date string; anything else as it is."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return value


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem for unreadable, non-UTF-8 or empty files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 1, f"cannot read: {exc.strerror}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(shown, line, f"not valid UTF-8 (byte {exc.start}); save as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(shown, 1, "empty file"))
        return None
    return text.lstrip("\ufeff")


def parse_front_matter(
    text: str, shown: str, problems: list[Problem]
) -> tuple[dict[str, Any], str, int] | None:
    """Split ``---`` front matter from the body: (metadata, body, body's first line)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(shown, 1, "missing front matter: the file must start with '---'"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.append(Problem(shown, 1, "front matter is not closed by a '---' line"))
        return None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        problems.append(Problem(shown, line, f"invalid front matter: {reason}"))
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, "front matter must be 'key: value' lines"))
        return None
    return meta, "\n".join(lines[end + 1 :]), end + 2


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def _validate_page(
    meta: dict[str, Any], header: list[str], shown: str, problems: list[Problem]
) -> dict[str, Any] | None:
    before = len(problems)
    clean: dict[str, Any] = {}
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(
            Problem(shown, _key_line(header, "title", 1), "front matter needs a 'title'")
        )
    else:
        clean["title"] = title.strip()
    audience = meta.get("audience")
    if audience not in AUDIENCES:
        problems.append(
            Problem(
                shown,
                _key_line(header, "audience", 1),
                f"'audience' must be one of {', '.join(AUDIENCES)} (got {audience!r})",
            )
        )
    clean["audience"] = audience
    reviewed = iso_date(meta.get("reviewed"))
    if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
        problems.append(
            Problem(
                shown,
                _key_line(header, "reviewed", 1),
                "front matter needs 'reviewed' as an ISO date (YYYY-MM-DD)",
            )
        )
    else:
        clean["reviewed"] = reviewed.isoformat()
    sources = _string_list(meta.get("sources"))
    if not sources:
        problems.append(
            Problem(
                shown,
                _key_line(header, "sources", 1),
                "front matter needs a non-empty 'sources' list",
            )
        )
    clean["sources"] = sources or []
    summary = meta.get("summary", "")
    if not isinstance(summary, str):
        problems.append(Problem(shown, _key_line(header, "summary", 1), "'summary' must be text"))
        summary = ""
    clean["summary"] = summary.strip()
    aliases = meta.get("aliases", [])
    if aliases is None:
        aliases = []
    alias_list = _string_list(aliases) if aliases else []
    if alias_list is None:
        problems.append(
            Problem(shown, _key_line(header, "aliases", 1), "'aliases' must be a list of text")
        )
        alias_list = []
    clean["aliases"] = alias_list
    changed = meta.get("changed", "")
    if not isinstance(changed, str) or "\n" in changed.strip():
        problems.append(
            Problem(shown, _key_line(header, "changed", 1), "'changed' must be one line of text")
        )
        changed = ""
    clean["changed"] = changed.strip()
    unknown = sorted(
        set(meta) - {"title", "audience", "reviewed", "sources", "summary", "aliases", "changed"}
    )
    for key in unknown:
        problems.append(
            Problem(shown, _key_line(header, key, 1), f"unknown front matter key {key!r}")
        )
    return clean if len(problems) == before else None


def read_page(
    path: Path, page_id: str, order: int, base: Path, problems: list[Problem]
) -> SourcePage | None:
    shown = display_path(path, base)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    parsed = parse_front_matter(text, shown, problems)
    if parsed is None:
        return None
    meta, body, body_line = parsed
    clean = _validate_page(meta, text.splitlines()[:body_line], shown, problems)
    if clean is None:
        return None
    if not body.strip():
        problems.append(Problem(shown, body_line, "the page has no text after its front matter"))
        return None
    return SourcePage(
        id=page_id,
        path=path,
        shown_path=shown,
        order=order,
        body=body,
        body_line=body_line,
        **clean,
    )


def read_section(
    path: Path, section_id: str, order: int, base: Path, problems: list[Problem]
) -> SourceSection | None:
    marker = path / SECTION_FILE
    shown = display_path(marker, base)
    if not marker.is_file():
        problems.append(Problem(shown, 1, "section folder has no _section.md with its title"))
        return None
    text = read_text(marker, shown, problems)
    if text is None:
        return None
    parsed = parse_front_matter(text, shown, problems)
    if parsed is None:
        return None
    meta = parsed[0]
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(shown, 1, "front matter needs a 'title'"))
        return None
    summary = meta.get("summary", "")
    return SourceSection(
        id=section_id,
        path=path,
        order=order,
        title=title.strip(),
        summary=summary.strip() if isinstance(summary, str) else "",
    )


def read_content(content_dir: Path, base: Path, problems: list[Problem]) -> list[SourceSection]:
    """All sections in order, each with its pages in order. Problems are appended."""
    sections: list[SourceSection] = []
    seen: dict[str, str] = {}
    if not content_dir.is_dir():
        problems.append(Problem(display_path(content_dir, base), 1, "content folder not found"))
        return sections
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        named = _split_name(folder.name)
        if named is None:
            problems.append(
                Problem(
                    display_path(folder, base),
                    1,
                    "section folders are named NN-name (e.g. 01-foundations)",
                )
            )
            continue
        section = read_section(folder, named[1], named[0], base, problems)
        if section is None:
            continue
        for path in sorted(folder.glob("*.md")):
            if path.name == SECTION_FILE:
                continue
            page_named = _split_name(path.stem)
            shown = display_path(path, base)
            if page_named is None:
                problems.append(Problem(shown, 1, "page files are named NN-id.md (e.g. 10-pnh.md)"))
                continue
            page_id = page_named[1]
            if page_id in seen:
                problems.append(
                    Problem(shown, 1, f"duplicate page id {page_id!r} (also {seen[page_id]})")
                )
                continue
            seen[page_id] = shown
            page = read_page(path, page_id, page_named[0], base, problems)
            if page is not None:
                section.pages.append(page)
        sections.append(section)
    return sections
