"""Where printed sheets break: table rows and headings kept whole, no widows, orphans or lone items.

Qt paginates a ``QTextDocument`` line by line: it splits table rows, leaves headings at a
sheet's foot and single lines at either end of a paragraph, and has no keep-with-next.
Two passes fix that. The first (:func:`first_bad_break`) finds headings and table rows that
need moving and is applied to the HTML (a split table repeats its head). The second
(:func:`settle_breaks`) moves paragraphs, list items and the sources to the next sheet by
giving a block a page break in the laid-out document, and keeps the last sheet from holding
only the disclaimer and one source. A break is moved only when that carries at most about
a third of a sheet onward and leaves the sheet at least half full.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from handbook.printhtml import PageBreak, apply_page_break

MAX_MOVED_SHARE = 0.35  # of a sheet moved on to keep a row or a heading together
MAX_EMPTY_SHARE = 0.5  # of a sheet left empty by such a move (a picture may have left a gap)
MAX_FIXES = 80
SOURCES_HEADING = "Sources"
OBJECT_CHARACTER = "\ufffc"  # an image in a block's text


def top_level_table(block: QTextBlock) -> QTextTable | None:
    table: QTextTable | None = QTextCursor(block).currentTable()
    root = block.document().rootFrame()
    while table is not None and table.parentFrame() != root:
        parent = table.parentFrame()
        table = parent if isinstance(parent, QTextTable) else None
    return table


def _first_line_bottom(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> float:
    """Where the block's first line ends: Qt moves a line that does not fit, not its block."""
    top = layout.blockBoundingRect(block).top()
    text_layout = block.layout()
    if text_layout is None or text_layout.lineCount() == 0:
        return top
    return top + text_layout.lineAt(0).rect().bottom()


def _row_extent(
    layout: QAbstractTextDocumentLayout, table: QTextTable, row: int
) -> tuple[float, float]:
    cells = [table.cellAt(row, column) for column in range(table.columns())]
    tops = [layout.blockBoundingRect(cell.firstCursorPosition().block()).top() for cell in cells]
    bottoms = [
        layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom() for cell in cells
    ]
    return min(tops), max(bottoms)


def first_bad_break(document: QTextDocument, page_height: float) -> PageBreak | None:
    """The first heading left alone at a sheet's foot, or table row cut by a sheet break.

    Headings in a row ("Higher-risk MDS" then "Hypomethylating agents") move together:
    the break goes before the first of them, never between them.
    """
    layout = document.documentLayout()
    slack = page_height * 0.02

    def sheet(y: float) -> int:
        return int(y // page_height)

    headings, tables, chain_start = 0, 0, -1
    seen: set[int] = set()
    block = document.begin()
    while block.isValid():
        table = top_level_table(block)
        rect = layout.blockBoundingRect(block)
        if table is None:
            following = block.next()
            if block.blockFormat().headingLevel() > 0:
                if chain_start < 0:
                    chain_start = headings
                headings += 1
                next_line = (
                    _first_line_bottom(layout, following) if following.isValid() else rect.top()
                )
                # The heading's sheet by its first line: a heading moved to the next sheet
                # keeps a block top at the foot of the sheet before.
                own_bottom = _first_line_bottom(layout, block)
                own_sheet = sheet(own_bottom - 0.5)
                lines = block.layout()
                line_height = lines.lineAt(0).height() if lines and lines.lineCount() else 0.0
                at_top = own_bottom - line_height - own_sheet * page_height <= slack
                if not at_top and own_sheet < sheet(next_line - 0.5):
                    return PageBreak("heading", chain_start)
            elif block.text().strip():
                chain_start = -1
            block = following
            continue
        if table.firstPosition() not in seen:
            seen.add(table.firstPosition())
            found = _table_break(layout, table, tables, chain_start, page_height, slack)
            if found is not None:
                return found
            tables += 1
            chain_start = -1
            block = document.findBlock(table.lastPosition() + 1)
            continue
        block = block.next()
    return None


def _table_break(
    layout: QAbstractTextDocumentLayout,
    table: QTextTable,
    ordinal: int,
    heading_before: int,
    page_height: float,
    slack: float,
) -> PageBreak | None:
    headers = table.format().headerRowCount()
    for row in range(table.rows()):
        top, bottom = _row_extent(layout, table, row)
        boundary = (top // page_height + 1) * page_height
        if bottom <= boundary or top % page_height <= slack:
            continue
        if boundary - top > page_height * MAX_MOVED_SHARE:
            return None  # moving it would leave too much of the sheet empty: let it split
        if row > headers:
            return PageBreak("row", ordinal, row)
        if heading_before >= 0:
            return PageBreak("heading", heading_before)  # keep the heading with its table
        return PageBreak("table", ordinal)
    return None


@dataclass
class _Unit:
    """A top-level block or table, with the sheets its lines fall on."""

    block: QTextBlock | None
    table: QTextTable | None
    top: float  # where it starts: its first line, or the table's top edge
    line_sheets: list[int] = field(default_factory=list)
    reach: float = 0.0  # how far down its first sheet it reaches

    @property
    def first_sheet(self) -> int:
        return self.line_sheets[0]

    @property
    def last_sheet(self) -> int:
        return self.line_sheets[-1]

    def is_heading(self) -> bool:
        return self.block is not None and self.block.blockFormat().headingLevel() > 0

    def text(self) -> str:
        return self.block.text().strip() if self.block is not None else ""

    def list_key(self) -> int | None:
        text_list = self.block.textList() if self.block is not None else None
        return text_list.objectIndex() if text_list is not None else None


def _sheet_of(bottom: float, page_height: float) -> int:
    # By a line's bottom: a picture moved to the next sheet still starts on the one before.
    return max(0, int((bottom - 0.5) // page_height))


def _units(document: QTextDocument, page_height: float) -> list[_Unit]:
    layout = document.documentLayout()
    layout.pageCount()  # finishes the layout (Qt lays out lazily); block layouts are read below
    units: list[_Unit] = []
    block = document.begin()
    while block.isValid():
        table = top_level_table(block)
        if table is not None:
            rect = layout.frameBoundingRect(table)
            first = _first_line_bottom(layout, table.cellAt(0, 0).firstCursorPosition().block())
            sheets = [_sheet_of(first, page_height), _sheet_of(rect.bottom(), page_height)]
            reach = rect.bottom() if sheets[0] == sheets[1] else (sheets[0] + 1) * page_height
            units.append(_Unit(None, table, rect.top(), sheets, reach))
            block = document.findBlock(table.lastPosition() + 1)
            continue
        text_layout = block.layout()
        if block.text().strip() and text_layout is not None and text_layout.lineCount():
            top = layout.blockBoundingRect(block).top()
            lines = [text_layout.lineAt(n).rect() for n in range(text_layout.lineCount())]
            sheets = [_sheet_of(top + line.bottom(), page_height) for line in lines]
            split = sheets[0] != sheets[-1]
            reach = (sheets[0] + 1) * page_height if split else top + lines[-1].bottom()
            units.append(_Unit(block, None, top + lines[0].top(), sheets, reach))
        block = block.next()
    return units


def used_sheets(document: QTextDocument, page_height: float) -> int:
    """Sheets that hold something: Qt counts one more when the last margin spills over."""
    units = _units(document, page_height)
    return units[-1].last_sheet + 1 if units else 1


def sheet_fills(document: QTextDocument, page_height: float) -> list[float]:
    """How far down each used sheet its content reaches, as a share of the sheet (0 to 1)."""
    layout = document.documentLayout()
    layout.pageCount()
    reach: dict[int, float] = {}
    block = document.begin()
    while block.isValid():
        text_layout = block.layout()
        if text_layout is not None and block.text().strip():
            top = layout.blockBoundingRect(block).top()
            for n in range(text_layout.lineCount()):
                bottom = top + text_layout.lineAt(n).rect().bottom()
                sheet = _sheet_of(bottom, page_height)
                reach[sheet] = max(reach.get(sheet, 0.0), bottom - sheet * page_height)
        block = block.next()
    count = used_sheets(document, page_height)
    return [min(1.0, reach.get(sheet, 0.0) / page_height) for sheet in range(count)]


def _keeps_with_next(units: list[_Unit], at: int) -> bool:
    """Headings, and a line that introduces a list ("…if you have:"), stay with what follows."""
    unit = units[at]
    if unit.is_heading():
        return True
    following = units[at + 1] if at + 1 < len(units) else None
    introduces = following is not None and (
        following.list_key() is not None or following.table is not None
    )
    return unit.list_key() is None and unit.text().endswith(":") and introduces


def _keeps_with_previous(units: list[_Unit], at: int, sources_too: bool) -> bool:
    """The disclaimer (and, when ``sources_too``, the sources) stay with the text before."""
    unit = units[at]
    sources = unit.is_heading() and unit.text() == SOURCES_HEADING
    return at == len(units) - 1 or (sources_too and sources)


def _alone_in_list(units: list[_Unit], at: int, first_too: bool) -> bool:
    """A break before ``units[at]`` leaves the last item of a list alone on the next sheet,
    or (``first_too``) the first item alone on the sheet before."""
    key, before = units[at].list_key(), units[at - 1].list_key()
    if key is None or key != before:
        return False
    items = [n for n, unit in enumerate(units) if unit.list_key() == key]
    return at == items[-1] or (first_too and at - 1 == items[0])


def _bad_break_before(units: list[_Unit], at: int, level: int = 0) -> bool:
    """Whether a sheet may not start with ``units[at]``; higher levels forbid less.

    Level 0 keeps lists, headings, introductions and the sources with their neighbours;
    level 1 lets the sources start a sheet; level 2 also lets a list's first item stay behind.
    """
    if at <= 0:
        return False
    return (
        _keeps_with_next(units, at - 1)
        or _keeps_with_previous(units, at, sources_too=level == 0)
        or _alone_in_list(units, at, first_too=level < 2)
    )


def _lone_line(unit: _Unit) -> bool:
    """An orphan (one line at a sheet's foot) or a widow (one line at the top of the next)."""
    if unit.block is None or unit.first_sheet == unit.last_sheet:
        return False
    first, last = unit.line_sheets.count(unit.first_sheet), unit.line_sheets.count(unit.last_sheet)
    return first == 1 or last == 1


def _row_cut(
    layout: QAbstractTextDocumentLayout, table: QTextTable, page_height: float
) -> int | None:
    """The first row a sheet break cuts, when moving it costs at most about a third of a sheet."""
    slack = page_height * 0.02
    for row in range(table.rows()):
        top, bottom = _row_extent(layout, table, row)
        boundary = (top // page_height + 1) * page_height
        if bottom <= boundary or top % page_height <= slack:
            continue
        return row if boundary - top <= page_height * MAX_MOVED_SHARE else None
    return None


Fix = PageBreak | int  # a table split before a row (in the HTML), or a unit to start a sheet


def _next_fix(
    document: QTextDocument,
    units: list[_Unit],
    page_height: float,
    accepted: set[tuple[int, str]],
) -> Fix | None:
    """The first bad break in reading order not yet mended or accepted, and how to mend it.

    ``accepted`` remembers breaks already looked at, as (unit, "before" or "inside").
    """
    layout = document.documentLayout()
    tables = -1
    for at, unit in enumerate(units):
        tables += unit.table is not None
        # A sheet this pass started on purpose stays: a second break on the sheet before
        # would leave a short sheet between the two.
        starts_sheet = at > 0 and unit.first_sheet > units[at - 1].last_sheet
        starts_sheet = starts_sheet and not _starts_by_mend(unit)
        if (at, "before") not in accepted and starts_sheet and _bad_break_before(units, at):
            accepted.add((at, "before"))
            target = _mend(units, at, page_height, inside=False)
            if target is not None:
                return target
        if (at, "inside") in accepted:
            continue
        cut = _row_cut(layout, unit.table, page_height) if unit.table is not None else None
        if cut is not None and unit.table is not None:
            split = (at, f"row {cut}")
            if cut > unit.table.format().headerRowCount() and split not in accepted:
                accepted.add(split)
                return PageBreak("row", tables, cut)  # split there, the head repeated
        if cut is not None or _lone_line(unit):
            accepted.add((at, "inside"))  # its first row, or a lone line: the unit moves
            target = _mend(units, at, page_height, inside=True)
            if target is not None:
                return target
    start = next(n for n, unit in enumerate(units) if unit.last_sheet == units[-1].last_sheet)
    if (start, "tail") not in accepted:
        accepted.add((start, "tail"))
        return _mend_tail(units, start, page_height)
    return None


def _starts_by_mend(unit: _Unit) -> bool:
    """Whether an earlier mend gave the unit (or its table) its page break."""
    always = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    formats = unit.table.format() if unit.table is not None else _start_block(unit).blockFormat()
    return bool(formats.pageBreakPolicy() & always)


def _mend_tail(units: list[_Unit], start: int, page_height: float) -> int | None:
    """The unit to start the last sheet with, so that it holds some body text or at least two
    sources with the disclaimer, not one source item's tail; None when it already does.

    ``start`` is the first unit ending on the last sheet (it may begin on the sheet before).
    """
    sources = next(
        (n for n, unit in enumerate(units) if unit.is_heading() and unit.text() == SOURCES_HEADING),
        None,
    )
    if sources is None:
        return None

    def enough(first: int) -> bool:
        items = [n for n in range(max(first, sources + 1), len(units)) if units[n].list_key()]
        return first < sources or len(items) >= 2

    if enough(start):
        return None
    target = start - 1
    while target > 0 and units[target].first_sheet >= units[-1].last_sheet - 1:
        fits = enough(target) and not _bad_break_before(units, target, level=1)
        if fits and _affordable(units, target, page_height):
            return target
        target -= 1
    return None


def _mend(units: list[_Unit], at: int, page_height: float, inside: bool) -> int | None:
    """The strictest affordable mend: the unit to start a sheet with, or None to leave it.

    Steps back from ``units[at]`` past what must stay together (see _bad_break_before).
    """
    for level in range(3):
        target = at
        while target > 0 and _bad_break_before(units, target, level):
            target -= 1
        if target == at and not inside:
            return None  # good enough as it is
        if _affordable(units, target, page_height):
            return target
    return None


def _affordable(units: list[_Unit], target: int, page_height: float) -> bool:
    """Starting a sheet with ``units[target]`` changes something, moves little and leaves
    the sheet no more than half empty.

    What moves is measured to the lowest line still on that sheet: when a picture or table
    after a heading has already gone to the next sheet, the heading can follow it cheaply.
    """
    if target == 0 or units[target - 1].last_sheet < units[target].first_sheet:
        return False  # it starts a sheet already: nothing before it to break from
    sheet, top = units[target].first_sheet, units[target].top
    reach = top
    for unit in units[target:]:
        if unit.first_sheet != sheet:
            break
        reach = max(reach, unit.reach)
    moved, empty = reach - top, (sheet + 1) * page_height - top
    return moved <= page_height * MAX_MOVED_SHARE and empty <= page_height * MAX_EMPTY_SHARE


def _start_block(unit: _Unit) -> QTextBlock:
    if unit.table is not None:
        return unit.table.cellAt(0, 0).firstCursorPosition().block()
    assert unit.block is not None
    return unit.block


def _break_before(document: QTextDocument, block_number: int) -> None:
    """Start a sheet with the block (or the top-level table whose first cell it opens)."""
    block = document.findBlockByNumber(block_number)
    table = top_level_table(block)
    if table is not None:
        table_format = table.format()
        table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        table.setFormat(table_format)
    else:
        block_format = QTextBlockFormat()
        block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).mergeBlockFormat(block_format)
    # Qt relays out only near the change and leaves some later blocks with no lines at
    # all (nothing would be painted there): lay the whole document out again.
    document.markContentsDirty(0, document.characterCount())


def paginate(html: str, build: Callable[[str], QTextDocument], page_height: float) -> QTextDocument:
    """The HTML laid out by ``build`` on sheets ``page_height`` high, with bad breaks mended.

    Breaks are mended in reading order, so each mend only moves what comes after the ones
    before it: a block number recorded earlier still names the same block after a later
    table split re-reads the HTML.
    """
    document = build(html)
    starts: list[int] = []
    accepted: set[tuple[int, str]] = set()
    for _ in range(MAX_FIXES):
        units = _units(document, page_height)
        fix = _next_fix(document, units, page_height, accepted)
        if fix is None:
            break
        if isinstance(fix, PageBreak):
            html = apply_page_break(html, fix)
            document = build(html)
            for number in starts:
                _break_before(document, number)
            continue
        starts.append(_start_block(units[fix]).blockNumber())
        _break_before(document, starts[-1])
    return document
