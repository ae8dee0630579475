"""The "What changed in this edition" page, made from each page's ``changed:`` line.

A page whose advice changes gets the edition's review date and one line saying what
changed; this page lists them by section, so a clinician who knew the old text sees
at a glance what to read again. A ``changed:`` line on a page not reviewed in this
edition is refused: it would describe an older edition as if it were new.
"""

from __future__ import annotations

from pathlib import Path

from handbook.build.problems import Problem
from handbook.build.sources import SourcePage, SourceSection
from handbook.textutil import readable_date

CHANGES_ID = "whats-changed"
CHANGES_TITLE = "What changed in this edition"
CHANGES_SOURCE = (
    "Bone Marrow Failure Handbook editors. Record of changes made at each clinical review of the "
    "handbook's pages; each changed page lists its own sources."
)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def changes_page(sections: list[SourceSection], problems: list[Problem]) -> SourcePage | None:
    """The generated page, or None when no page carries a ``changed:`` line."""
    pages = [p for s in sections for p in s.pages]
    if not pages:
        return None
    edition = max(p.reviewed for p in pages)
    for page in pages:
        if page.changed and page.reviewed != edition:
            problems.append(
                Problem(
                    page.shown_path,
                    2,
                    f"'changed' describes this edition ({edition}) but the page is reviewed "
                    f"{page.reviewed}: update 'reviewed' or remove the line",
                )
            )
    lines = [
        f"Edition of {readable_date(edition)}. Each page below is new or was revised in this "
        "edition; the line beside it says what changed (in its advice, its figures or its "
        "sources). "
        "Every page still lists its own sources and review date.",
        "",
    ]
    listed = 0
    for section in sections:
        changed = [
            p
            for p in sorted(section.pages, key=lambda p: (p.order, p.id))
            if p.changed and p.reviewed == edition
        ]
        if not changed:
            continue
        lines += [f"## {section.title}", "", "| Page | What changed |", "| --- | --- |"]
        for page in changed:
            kind = " (handout)" if page.audience == "patient" else ""
            lines.append(
                f"| [{_md_escape(page.title)}]({page.id}.md){kind} | {_md_escape(page.changed)} |"
            )
            listed += 1
        lines.append("")
    if not listed:
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
            f"The {listed} pages new or revised in the edition of {readable_date(edition)}, "
            "with one line on what changed in each."
        ),
        aliases=["changelog", "what's new", "revisions", "new edition"],
        body="\n".join(lines),
    )
