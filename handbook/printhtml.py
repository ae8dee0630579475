"""Print HTML: links as text, images fitted to the sheet, page breaks, the print stylesheet.

Qt-free transforms of a page's HTML on its way to paper; handbook/ui/printing.py lays out
the result and handbook/ui/pagination.py asks for the page breaks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handbook.indexlayout import PRINT_CSS, STYLES_DIR

LARGE_PRINT_SCALE = 1.3  # 11 pt body text becomes 14.3 pt
FALLBACK_CSS = "body { font-size: 11pt; color: #000000; }"
PAGE_BREAK_STYLE = "page-break-before: always"

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.I)
_TAG = re.compile(r"<[^>]+>")
_EXTERNAL = re.compile(r"^(?:https?|mailto|ftp):", re.I)
_IMG = re.compile(r"<img\b([^>]*?)\s*/?>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']*)["']""", re.I)
_SIZE_ATTR = re.compile(r"""\s(?:width|height)\s*=\s*["']?[^"'\s>]*["']?""", re.I)
_POINT_SIZE = re.compile(r"(\d+(?:\.\d+)?)pt\b")
_BLOCK_TAG = re.compile(r"<(/?)(table|tr|thead|tbody|h[1-6])\b[^>]*>", re.I)


def links_as_text(fragment: str) -> str:
    """Unlink every link; external ones keep their address in brackets: ``text (https://…)``."""

    def unlink(match: re.Match[str]) -> str:
        attrs, inner = match.group(1), match.group(2)
        href = _HREF.search(attrs)
        if href is None:
            return match.group(0)  # a named anchor, not a link
        url = html.unescape(href.group(1))
        text = html.unescape(_TAG.sub("", inner)).strip()
        if not _EXTERNAL.match(url) or text in (url, url.split(":", 1)[-1].lstrip("/")):
            return inner
        return f'{inner} (<span class="url">{html.escape(url)}</span>)'

    return _LINK.sub(unlink, fragment)


def fit_images(
    fragment: str,
    max_width_px: float,
    max_height_px: float,
    natural_size: Callable[[str], tuple[float, float] | None],
) -> str:
    """Give every image an explicit size that fits the printable area (CSS pixels)."""

    def sized(match: re.Match[str]) -> str:
        attrs = match.group(1)
        src = _SRC.search(attrs)
        if src and src.group(1).startswith("file:"):
            return match.group(0)  # the clinic's logo, already sized (handbook/letterhead.py)
        size = natural_size(html.unescape(src.group(1))) if src else None
        if not size or size[0] <= 0 or size[1] <= 0:
            return match.group(0)
        scale = min(1.0, max_width_px / size[0], max_height_px / size[1])
        width, height = round(size[0] * scale), round(size[1] * scale)
        return f'<img{_SIZE_ATTR.sub("", attrs)} width="{width}" height="{height}">'

    return _IMG.sub(sized, fragment)


@dataclass(frozen=True)
class PageBreak:
    """A sheet break the renderer asks for: before the n-th top-level heading or table,
    or inside the n-th top-level table before one of its rows (a split with the head repeated)."""

    kind: str  # "heading", "table" or "row"
    ordinal: int
    row: int = 0


def _break_before_tag(tag: str) -> str:
    if re.search(r"\sstyle\s*=", tag, re.I):
        return re.sub(
            r"""(\sstyle\s*=\s*["'])""", rf"\g<1>{PAGE_BREAK_STYLE}; ", tag, count=1, flags=re.I
        )
    return re.sub(r"^<(\w+)", rf'<\1 style="{PAGE_BREAK_STYLE}"', tag)


def _split_table(table_html: str, open_tag: str, row: int) -> str:
    rows = [
        m for m in _BLOCK_TAG.finditer(table_html) if m.group(2).lower() == "tr" and not m.group(1)
    ]
    if row <= 0 or row >= len(rows):
        return table_html
    cut = rows[row].start()
    head = re.search(r"<thead\b.*?</thead>", table_html, re.S | re.I)
    in_body = bool(re.search(r"<tbody\b", table_html[:cut], re.I))
    first = table_html[:cut] + ("</tbody>" if in_body else "") + "</table>"
    second = (
        _break_before_tag(open_tag)
        + (head.group(0) if head else "")
        + ("<tbody>" if in_body else "")
        + table_html[cut:]
    )
    return first + "\n" + second


def apply_page_break(fragment: str, page_break: PageBreak) -> str:
    """The fragment with one page break added (nested tables and their contents do not count)."""
    depth, headings, tables, table_start = 0, 0, 0, -1
    for match in _BLOCK_TAG.finditer(fragment):
        closing, name = bool(match.group(1)), match.group(2).lower()
        if name == "table" and not closing:
            if depth == 0:
                if page_break.kind == "table" and tables == page_break.ordinal:
                    tag = _break_before_tag(match.group(0))
                    return fragment[: match.start()] + tag + fragment[match.end() :]
                table_start = match.start()
                tables += 1
            depth += 1
        elif name == "table" and closing:
            depth = max(0, depth - 1)
            if (
                depth == 0
                and page_break.kind == "row"
                and tables - 1 == page_break.ordinal
                and table_start >= 0
            ):
                whole = fragment[table_start : match.end()]
                open_tag = _BLOCK_TAG.match(whole)
                assert open_tag is not None
                split = _split_table(whole, open_tag.group(0), page_break.row)
                return fragment[:table_start] + split + fragment[match.end() :]
        elif name.startswith("h") and not closing and depth == 0:
            if page_break.kind == "heading" and headings == page_break.ordinal:
                return (
                    fragment[: match.start()]
                    + _break_before_tag(match.group(0))
                    + fragment[match.end() :]
                )
            headings += 1
    return fragment


def print_stylesheet(base_css: str, large_print: bool) -> str:
    """The print stylesheet, with every point size scaled up for large print."""
    css = base_css or FALLBACK_CSS
    if not large_print:
        return css
    return _POINT_SIZE.sub(lambda m: f"{float(m.group(1)) * LARGE_PRINT_SCALE:.1f}pt", css)


def load_print_stylesheet(index_dir: Path, large_print: bool) -> str:
    try:
        base = (index_dir / STYLES_DIR / PRINT_CSS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        base = ""  # a missing stylesheet still prints readable black text
    return print_stylesheet(base, large_print)
