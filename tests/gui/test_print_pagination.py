"""Printed sheets break well: none nearly empty, no lone lines, items, headings or sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QApplication

from handbook.catalog import Catalog
from handbook.printjob import PrintJob, PrintOptions, compose_job, patient_handouts
from handbook.ui.export import write_pdf
from handbook.ui.pageframe import sheet_bands
from handbook.ui.pagination import sheet_fills, top_level_table, used_sheets
from handbook.ui.printing import layout_part, make_printer
from tests.helpers import REAL_INDEX

# Clinician pages whose breaks once went wrong: a heading alone on a sheet, a table moved
# away from its heading, a disclaimer alone, a sheet holding the tail of one box.
HARD_PAGES = [
    "mds-treatment",
    "lenalidomide",
    "food-safety",
    "pnh",
    "imetelstat",
    "germline-predisposition",
    "viral-causes",
    "diagnostic-workup",
]
SETUPS = [("a4", False), ("a4", True), ("letter", False), ("letter", True)]


def laid_out(job: PrintJob, tmp_path: Path) -> tuple[list[QTextDocument], float]:
    printer = make_printer(job.options.paper, "test", tmp_path / "unused.pdf")
    scale = 1.3 if job.options.large_print else 1.0
    bands = sheet_bands(printer, scale, tuple(part.frame for part in job.parts))
    parts = [layout_part(part, job, printer, bands, REAL_INDEX) for part in job.parts]
    return parts, bands.body.height()


def line_sheets(block: QTextBlock, height: float) -> list[int]:
    layout = block.document().documentLayout()
    top = layout.blockBoundingRect(block).top()
    lines = block.layout()
    bottoms = [top + lines.lineAt(n).rect().bottom() for n in range(lines.lineCount())]
    return [int((bottom - 0.5) // height) for bottom in bottoms]


def blocks(document: QTextDocument) -> list[QTextBlock]:
    """The text blocks outside tables, in reading order (paragraphs, list items, headings)."""
    found, block = [], document.begin()
    while block.isValid():
        if top_level_table(block) is None and block.text().strip():
            found.append(block)
        block = block.next()
    return found


def next_text(block: QTextBlock) -> QTextBlock | None:
    following = block.next()
    while following.isValid() and not following.text().strip():
        following = following.next()
    return following if following.isValid() else None


def jobs(catalog: Catalog) -> list[tuple[str, PrintJob]]:
    handouts = [page.id for page in patient_handouts(catalog)]
    made = []
    for paper, large in SETUPS:
        options = PrintOptions(paper, large)
        made.append((f"handouts {paper} large={large}", compose_job(catalog, handouts, options)))
        made.append((f"clinician {paper} large={large}", compose_job(catalog, HARD_PAGES, options)))
    return made


@pytest.fixture(scope="module")
def layouts(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    catalog = Catalog.load(REAL_INDEX)
    folder = tmp_path_factory.mktemp("layouts")
    return [(name, job, *laid_out(job, folder)) for name, job in jobs(catalog)]


def test_no_sheet_is_less_than_a_quarter_full_except_a_pages_last(layouts: list[tuple]) -> None:
    for name, job, documents, height in layouts:
        for part, document in zip(job.parts, documents, strict=True):
            fills = sheet_fills(document, height)
            assert fills[-1] > 0, f"{name}, {part.page_id}: a blank sheet at the end"
            for sheet, fill in enumerate(fills[:-1], 1):
                assert fill >= 0.25, f"{name}, {part.page_id}: sheet {sheet} is {fill:.0%} full"


def test_a_last_sheet_never_holds_only_the_disclaimer_or_one_source(
    layouts: list[tuple],
) -> None:
    for name, job, documents, height in layouts:
        pages = zip(job.parts[job.has_cover :], documents[job.has_cover :], strict=True)
        for part, document in pages:
            text_blocks = blocks(document)
            last = max(line_sheets(text_blocks[-1], height))
            on_last = [b for b in text_blocks if max(line_sheets(b, height)) == last]
            sources = next(
                (n for n, b in enumerate(text_blocks) if b.text().strip() == "Sources"), None
            )
            assert sources is not None, part.page_id
            body = [b for b in on_last if text_blocks.index(b) < sources]
            items = [b for b in on_last if b.textList() is not None and b not in body]
            assert body or len(items) >= 2, f"{name}, {part.page_id}: a lone tail on the last sheet"


def test_no_lone_lines_headings_or_list_items_in_handouts(layouts: list[tuple]) -> None:
    for name, job, documents, height in layouts:
        if not name.startswith("handouts"):
            continue
        for part, document in zip(job.parts, documents, strict=True):
            text_blocks = blocks(document)
            for block in text_blocks:
                sheets = line_sheets(block, height)
                where = f"{name}, {part.page_id}: {block.text()[:50]!r}"
                if sheets[0] != sheets[-1]:  # split across a sheet break: two lines each side
                    assert sheets.count(sheets[0]) >= 2 and sheets.count(sheets[-1]) >= 2, where
                following = next_text(block)  # a table's first cell counts too
                if following is None or line_sheets(following, height)[0] == sheets[-1]:
                    continue
                assert block.blockFormat().headingLevel() == 0, f"heading at a foot: {where}"
                listed = block.textList()
                if listed is not None and following.textList() is not None:
                    if listed.objectIndex() == following.textList().objectIndex():
                        count = listed.count()
                        assert listed.itemNumber(block) not in (0, count - 2), f"alone: {where}"


def test_the_pdf_has_the_sheets_the_layout_counts(
    qapp: QApplication, tmp_path: Path, layouts: list[tuple]
) -> None:
    # Letter once printed a blank last sheet for two handouts (Qt counted a spilled margin).
    name, job, documents, height = next(x for x in layouts if x[0] == "handouts letter large=False")
    pages = write_pdf(job, tmp_path / "all-handouts.pdf", Catalog.load(REAL_INDEX))
    reader = PdfReader(tmp_path / "all-handouts.pdf")
    assert pages == len(reader.pages) == sum(used_sheets(d, height) for d in documents)
