"""Result snippets: the passages of a text that hold the most query terms, marked (Qt-free).

Whoosh's highlighter runs its whole filter chain over every word of every result's
text; here each word is looked up in the analyzer's per-word cache, which gives the
same matches at a tenth of the cost (the benchmark README shows the figures).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
BETWEEN = " … "
CUT = "…"  # where a passage starts or ends inside the text
_WORD_CHAR = re.compile(r"\w")
_TRAILING = " ,;:-–—("  # not left dangling before a "…"

Span = tuple[int, int, str]  # start, end, the analysed term that matched


@dataclass(frozen=True)
class Highlight:
    """The analysed terms a query matched: ``words`` on their own, ``phrases`` only whole.

    A synonym such as "Marchiafava-Micheli syndrome" is a phrase: its "syndrome" alone
    did not match the query and is not bold.
    """

    words: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def terms(self) -> frozenset[str]:
        """Every term to look for in a text (phrase words are checked in order afterwards)."""
        return self.words.union(*self.phrases)

    def keep(self, text: str, spans: Iterable[Span]) -> list[Span]:
        """The spans that are a matched word, or one of a run spelling a whole phrase."""
        ordered = sorted(spans)
        kept: set[int] = {i for i, span in enumerate(ordered) if span[2] in self.words}
        for phrase in self.phrases:
            size = len(phrase)
            for first in range(len(ordered) - size + 1):
                run = ordered[first : first + size]
                if tuple(term for _s, _e, term in run) != phrase:
                    continue
                # The words must follow each other: nothing but spaces or marks between.
                gaps = (text[run[i][1] : run[i + 1][0]] for i in range(size - 1))
                if not any(_WORD_CHAR.search(gap) for gap in gaps):
                    kept.update(range(first, first + size))
        return [ordered[i] for i in sorted(kept)]


def _best_fragment(
    spans: list[Span], width: int, taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """Indexes (first, last) of the run of spans within ``width`` chars with most distinct terms."""
    best: tuple[tuple[int, int, int], tuple[int, int]] | None = None
    for first, (start, _end, _term) in enumerate(spans):
        if any(a <= start < b for a, b in taken):
            continue
        last = first
        while last + 1 < len(spans) and spans[last + 1][1] - start <= width:
            if any(a <= spans[last + 1][0] < b for a, b in taken):
                break
            last += 1
        distinct = len({term for _s, _e, term in spans[first : last + 1]})
        key = (distinct, last - first + 1, -start)
        if best is None or key > best[0]:
            best = (key, (first, last))
    return best[1] if best else None


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's edges inwards to whole words."""
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def snippet(
    text: str, spans: Iterable[Span], max_chars: int = 220, surround: int = 70, top: int = 2
) -> str:
    """Up to ``top`` passages of ``text`` around the spans, with spans between marks.

    Returns '' when nothing matched (the caller shows the start of the text instead).
    """
    ordered = sorted(spans)
    if not ordered:
        return ""
    width = max(20, max_chars - 2 * surround)
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int]] = []
    for _ in range(top):
        found = _best_fragment(ordered, width, taken)
        if found is None:
            break
        first, last = found
        start = max(0, ordered[first][0] - surround)
        end = min(len(text), ordered[last][1] + surround)
        start, end = _cut(text, start, end)
        chosen.append((start, end))
        taken.append((start, end))
    chosen.sort()
    merged: list[tuple[int, int]] = []
    for start, end in chosen:  # context around two passages can overlap: show it once
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    pieces = []
    for start, end in merged:
        marked, at = [], start
        for s, e, _term in ordered:
            if s < at or e > end:
                continue
            marked.append(_unmarked(text[at:s]))
            marked.append(MARK_OPEN + _unmarked(text[s:e]) + MARK_CLOSE)
            at = e
        marked.append(_unmarked(text[at:end]))
        pieces.append("".join(marked).strip())
    # Passages are joined by " … "; the outer edges get a "…" where the text goes on.
    joined = BETWEEN.join(piece.rstrip(_TRAILING) for piece in pieces[:-1])
    joined = (joined + BETWEEN if joined else "") + pieces[-1]
    if merged[0][0] > 0:
        joined = CUT + joined
    if merged[-1][1] < len(text.rstrip()):
        joined = joined.rstrip(_TRAILING) + CUT
    return joined


def _unmarked(text: str) -> str:
    """The text without the characters that mark matched words: a stray one in a page's
    text would open or close a highlight that was never meant."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def opening(text: str, max_chars: int) -> str:
    """The start of ``text``, cut at a word with "…" when it is longer than ``max_chars``."""
    text = _unmarked(text)
    if len(text) <= max_chars:
        return text
    head = text[: max_chars + 1].rsplit(" ", 1)[0] if " " in text[:max_chars] else text[:max_chars]
    return head.rstrip(_TRAILING) + CUT
