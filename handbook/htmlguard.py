"""Keep a page's HTML within what Qt's text layout can lay out in moments (Qt-free).

Qt lays out nested tables in exponential time: 16 levels take a second, 24 never finish,
and 500 bytes of a tampered or badly authored page would freeze the window for good.
Tables nested deeper than :data:`MAX_TABLE_DEPTH` lose their table tags (their text stays,
in order); handbook pages nest at most two (a table inside a callout box). A page file
over :data:`MAX_PAGE_BYTES` is not shown at all (see ``Catalog.page_html``).
"""

from __future__ import annotations

import re

MAX_TABLE_DEPTH = 6
# The largest page is about 80 KB; Qt lays out about 1 MB of paragraphs a second.
MAX_PAGE_BYTES = 1_000_000
_TABLE_TAG = re.compile(r"<(/?)(table|tbody|thead|tfoot|tr|td|th|caption)\b[^>]*>", re.I)


def table_depth(html: str) -> int:
    """How deeply tables nest in ``html``."""
    depth = deepest = 0
    for match in _TABLE_TAG.finditer(html):
        if match.group(2).lower() != "table":
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def limit_table_nesting(html: str, max_depth: int = MAX_TABLE_DEPTH) -> str:
    """``html`` with the tags of tables nested deeper than ``max_depth`` removed."""
    if table_depth(html) <= max_depth:
        return html
    out: list[str] = []
    at = depth = 0
    for match in _TABLE_TAG.finditer(html):
        closing, name = bool(match.group(1)), match.group(2).lower()
        if name == "table" and not closing:
            depth += 1
        inside_too_deep = depth > max_depth
        if name == "table" and closing:
            depth = max(0, depth - 1)
        out.append(html[at : match.start()])
        if not inside_too_deep:
            out.append(match.group(0))
        elif name in ("td", "th") and closing:
            out.append(" ")  # the cells' words must not run together
        at = match.end()
    out.append(html[at:])
    return "".join(out)
