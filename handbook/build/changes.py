"""The "What changed in this edition" page and the change list that content packs carry.

A page whose advice changes gets the edition's review date and one ``changed:`` line
saying what changed. When an edition is packed (``handbook build --pack``), a record of
every page's fingerprint goes into ``content/editions.json``; the next edition is then
compared with it, page by page, so the list names new, changed and removed pages even
where an editor forgot to say so — and the build refuses a changed page without its
line. Before any edition is recorded, the list is the pages that carry a line.
A ``changed:`` line on a page not reviewed in this edition is refused: it would
describe an older edition as if it were new.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from handbook.build.problems import Problem
from handbook.build.sources import SourcePage, SourceSection
from handbook.textutil import readable_date

CHANGES_ID = "whats-changed"
CHANGES_TITLE = "What changed in this edition"
CHANGES_SOURCE = (
    "Bone Marrow Failure Handbook editors. Record of changes made at each clinical review of the "
    "handbook's pages; each changed page lists its own sources."
)
EDITIONS_FILE = "editions.json"  # in content/: one record of page fingerprints per packed edition
KEEP_RECORDS = 12
GENERATED = frozenset({CHANGES_ID, "glossary"})
NEW_NOTE = "New page."
REMOVED_NOTE = "Removed from the handbook."


@dataclass(frozen=True)
class Change:
    kind: str  # "new", "changed" or "removed"
    page: str
    title: str
    section: str
    audience: str
    note: str
    date: str  # the page's review date (the edition's, for a removed page)

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def fingerprint(page: SourcePage) -> str:
    """A hash of what a reader sees of a page (its review date alone is not a change)."""
    parts = [page.title, page.audience, page.summary, page.sources, page.body.strip()]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _real_pages(sections: list[SourceSection]) -> list[tuple[SourceSection, SourcePage]]:
    return [
        (s, p)
        for s in sections
        for p in sorted(s.pages, key=lambda p: (p.order, p.id))
        if p.id not in GENERATED
    ]


def edition_of(sections: list[SourceSection]) -> str:
    return max((p.reviewed for _s, p in _real_pages(sections)), default="")


def edition_record(sections: list[SourceSection]) -> dict[str, Any]:
    """This edition's page fingerprints, as ``build --pack`` writes them to editions.json."""
    return {
        "edition": edition_of(sections),
        "pages": {
            page.id: {
                "title": page.title,
                "section": section.title,
                "audience": page.audience,
                "fingerprint": fingerprint(page),
            }
            for section, page in _real_pages(sections)
        },
    }


def content_dir_of(sections: list[SourceSection]) -> Path | None:
    for _section, page in _real_pages(sections):
        if page.path.is_file():
            return page.path.parent.parent
    return None


def read_records(content_dir: Path | None) -> list[dict[str, Any]]:
    """The recorded editions, oldest first ([] when none was recorded or the file is unusable)."""
    if content_dir is None:
        return []
    try:
        data = json.loads((content_dir / EDITIONS_FILE).read_text(encoding="utf-8"))
        records = [r for r in data["editions"] if isinstance(r.get("pages"), dict)]
        return sorted(records, key=lambda r: str(r["edition"]))
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return []


def write_record(content_dir: Path, sections: list[SourceSection], content_version: str) -> Path:
    """Add (or replace) this edition's record in editions.json; returns the file.

    ``content_version`` is the edition as the catalog names it (the glossary's review date
    counts there too); the record is compared by its pages' own edition.
    """
    record = edition_record(sections) | {"content_version": content_version}
    kept = [r for r in read_records(content_dir) if r["edition"] != record["edition"]]
    records = (kept + [record])[-KEEP_RECORDS:]
    path = content_dir / EDITIONS_FILE
    text = json.dumps({"editions": records}, indent=1, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def previous_record(sections: list[SourceSection]) -> dict[str, Any] | None:
    edition = edition_of(sections)
    older = [r for r in read_records(content_dir_of(sections)) if str(r["edition"]) < edition]
    return older[-1] if older else None


def change_list(
    sections: list[SourceSection], problems: list[Problem]
) -> tuple[str | None, list[Change]]:
    """(edition compared with, or None; the changes in section order)."""
    edition = edition_of(sections)
    for _section, page in _real_pages(sections):
        if page.changed and page.reviewed != edition:
            problems.append(
                Problem(
                    page.shown_path,
                    2,
                    f"'changed' describes this edition ({edition}) but the page is reviewed "
                    f"{page.reviewed}: update 'reviewed' or remove the line",
                )
            )
    previous = previous_record(sections)
    if previous is None:
        changes = [
            _change("changed", s, p, p.changed)
            for s, p in _real_pages(sections)
            if p.changed and p.reviewed == edition
        ]
        return None, changes
    before: dict[str, Any] = previous["pages"]
    since = str(previous.get("content_version") or previous["edition"])
    changes = []
    for section, page in _real_pages(sections):
        old = before.get(page.id)
        if old is None:
            changes.append(_change("new", section, page, page.changed or NEW_NOTE))
        elif old.get("fingerprint") != fingerprint(page):
            if not page.changed:
                problems.append(
                    Problem(
                        page.shown_path,
                        1,
                        f"the page changed since the edition of {since}: add a one-line "
                        f"'changed:' note and set 'reviewed' to this edition ({edition})",
                    )
                )
            changes.append(_change("changed", section, page, page.changed))
        elif page.changed:
            problems.append(
                Problem(
                    page.shown_path,
                    2,
                    f"'changed' says the page changed, but it is as in the edition of {since}: "
                    "remove the line",
                )
            )
    current = {p.id for _s, p in _real_pages(sections)}
    for page_id, old in before.items():
        if page_id not in current:
            changes.append(
                Change(
                    "removed",
                    page_id,
                    str(old.get("title", page_id)),
                    str(old.get("section", "")),
                    str(old.get("audience", "clinician")),
                    REMOVED_NOTE,
                    edition,
                )
            )
    return since, changes


def _change(kind: str, section: SourceSection, page: SourcePage, note: str) -> Change:
    return Change(kind, page.id, page.title, section.title, page.audience, note, page.reviewed)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def _intro(edition: str, since: str | None, changes: list[Change]) -> str:
    if since is None:
        return (
            f"Edition of {readable_date(edition)}. Each page below is new or was revised in this "
            "edition; the line beside it says what changed (in its advice, its figures or its "
            "sources). Every page still lists its own sources and review date."
        )
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("new", "changed")}
    removed = sum(1 for c in changes if c.kind == "removed")
    return (
        f"Edition of {readable_date(edition)}, compared with the edition of "
        f"{readable_date(since)}: {counts['new']} new, {counts['changed']} changed and "
        f"{removed} removed pages. The line beside each page says what changed; every page "
        "still lists its own sources and review date."
    )


def changes_markdown(edition: str, since: str | None, changes: list[Change]) -> str:
    lines = [_intro(edition, since, changes), ""]
    sections: dict[str, list[Change]] = {}
    for change in changes:
        if change.kind != "removed":
            sections.setdefault(change.section, []).append(change)
    for title, listed in sections.items():
        lines += [f"## {title}", "", "| Page | What changed |", "| --- | --- |"]
        for change in listed:
            kind = " (handout)" if change.audience == "patient" else ""
            kind += " (new)" if change.kind == "new" else ""
            lines.append(
                f"| [{_md_escape(change.title)}]({change.page}.md){kind} | "
                f"{_md_escape(change.note)} |"
            )
        lines.append("")
    removed = [c for c in changes if c.kind == "removed"]
    if removed:
        lines += ["## Removed pages", "", "| Page | Was in |", "| --- | --- |"]
        lines += [f"| {_md_escape(c.title)} | {_md_escape(c.section)} |" for c in removed]
        lines.append("")
    return "\n".join(lines)


def changes_page(sections: list[SourceSection], problems: list[Problem]) -> SourcePage | None:
    """The generated page, or None when this edition changes nothing."""
    if not _real_pages(sections):
        return None
    edition = edition_of(sections)
    since, changes = change_list(sections, problems)
    if not changes:
        return None
    return SourcePage(
        id=CHANGES_ID,
        path=Path(f"<generated {CHANGES_ID}>"),
        shown_path=f"<generated {CHANGES_ID}>",
        order=10**6 - 1,
        title=CHANGES_TITLE,
        audience="clinician",
        reviewed=edition,
        sources=[CHANGES_SOURCE],
        summary=(
            f"The {len(changes)} pages new, revised or removed in the edition of "
            f"{readable_date(edition)}, with one line on what changed in each."
            if since is not None
            else f"The {len(changes)} pages new or revised in the edition of "
            f"{readable_date(edition)}, with one line on what changed in each."
        ),
        aliases=["changelog", "what's new", "revisions", "new edition"],
        body=changes_markdown(edition, since, changes),
    )
