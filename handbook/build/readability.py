"""Reading level of a page's text: Flesch reading ease and Flesch-Kincaid grade.

Self-contained (vowel-group syllable counting) so it needs no word lists or downloads.
A Flesch-Kincaid grade of 6-8 is a reading age of about 11-13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|]|\{\{[a-z_]+\}\}|!!!\s*\w+")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
# A list item and a table row end what came before them, as a full stop does; a heading is
# a sentence of its own.
_LINE_START = re.compile(r"^[ \t]*(?:[-+*][ \t]+|\d+\.[ \t]+|\|)", re.M)
_HEADING = re.compile(r"^[ \t]*#+[ \t]*(.*)$", re.M)
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def ease(self) -> float:
        """Flesch reading ease (higher is easier; 60-80 is plain English)."""
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words


def syllables(word: str) -> int:
    word = word.lower()
    if word.isdigit() or not word.isalpha():
        return max(1, len(word) // 3) if any(c.isdigit() for c in word) else 1
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def plain_text(markdown_body: str) -> str:
    text = _LINK.sub(r"\1", markdown_body)
    text = re.sub(r"^!!!.*$", "", text, flags=re.M)  # box titles are labels, not sentences
    text = _HEADING.sub("\n\n\\1\n\n", text)
    text = _LINE_START.sub("\n\n", text)
    return _MARKUP.sub(" ", text)


def measure(markdown_body: str) -> Readability:
    text = plain_text(markdown_body)
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    return Readability(
        words=max(1, len(words)),
        sentences=max(1, len(sentences)),
        syllables=max(1, sum(syllables(w) for w in words)),
    )
