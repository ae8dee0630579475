"""Page HTML kept within what Qt can lay out (handbook/htmlguard.py).

The catalog's use of it (a tampered page file, a huge page) is in test_robust_pages.py.
"""

from __future__ import annotations

import re

from handbook.htmlguard import MAX_TABLE_DEPTH, limit_table_nesting, table_depth


def nested(levels: int, text: str = "deep words") -> str:
    return "<table><tr><td>" * levels + text + "</td></tr></table>" * levels


def test_depth_counts_tables_within_tables_whatever_the_case() -> None:
    assert table_depth("<p>no tables</p>") == 0
    assert table_depth("<TABLE><tr><td>a</td></tr></TABLE><table></table>") == 1
    assert table_depth(nested(3)) == 3


def test_stray_closing_tags_do_not_hide_deep_nesting() -> None:
    assert table_depth("</table></table>" + nested(4)) == 4


def test_tables_beyond_the_limit_keep_their_words_in_order_with_cells_apart() -> None:
    page = (
        "<table><tr><td><table><tr><td>first</td><td>second</td></tr></table>"
        "<p>after</p></td></tr></table>"
    )
    limited = limit_table_nesting(page, max_depth=1)
    assert table_depth(limited) == 1
    words = re.sub(r"<[^>]+>", " ", limited).split()
    assert words == ["first", "second", "after"]
    assert "<p>after</p>" in limited  # only table tags go


def test_the_default_limit_leaves_handbook_pages_alone() -> None:
    page = nested(2)  # a table inside a callout box, the most a handbook page nests
    assert limit_table_nesting(page) is page
    assert table_depth(limit_table_nesting(nested(MAX_TABLE_DEPTH + 5))) == MAX_TABLE_DEPTH
