"""BERT's WordPiece tokenizer (lower-cased, accents stripped), in plain Python (Qt-free).

The question vectors (``handbook.questionvectors``) are indexed by the word pieces of the
vocabulary they were trained with: all-MiniLM-L6-v2's ``vocab.txt`` (Apache-2.0), shipped in
the index. This gives the same pieces as that model's own tokenizer (checked in the tests
against ids from transformers' ``BertTokenizer`` on sample questions).
"""

from __future__ import annotations

import unicodedata
import zlib
from array import array
from bisect import bisect_left

MAX_WORD_CHARS = 100  # a longer "word" is one unknown piece, as in BERT


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0xF900 <= cp <= 0xFAFF
    )


def basic_words(text: str) -> list[str]:
    """The words and punctuation marks of ``text``, lower-cased and without accents."""
    chars = []
    for ch in text:
        cp = ord(ch)
        if cp in (0, 0xFFFD) or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
            continue
        if ch.isspace():
            chars.append(" ")
        elif _is_cjk(cp):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    lowered = "".join(chars).lower()
    plain = "".join(
        c for c in unicodedata.normalize("NFD", lowered) if unicodedata.category(c) != "Mn"
    )
    words: list[str] = []
    for token in plain.split():
        current = ""
        for ch in token:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


class Vocabulary:
    """Piece -> id for a vocabulary file's lines, kept compact: the text itself, where each
    line starts, and the lines' CRC-32s in sorted order with their line numbers (a dict of
    30,000 strings would cost about 3 MB; search's memory budget counts it). The build
    writes the three arrays (``arrays``); search reads them straight in (``from_arrays``)."""

    def __init__(self, text: str, starts: array[int], hashes: array[int], numbers: array[int]):
        self.text, self.starts, self.hashes, self.numbers = text, starts, hashes, numbers

    @classmethod
    def from_text(cls, text: str) -> Vocabulary:
        text = text if text.endswith("\n") else text + "\n"
        starts, hashes, numbers = cls.arrays(text)
        return cls(text, starts, hashes, numbers)

    @staticmethod
    def arrays(text: str) -> tuple[array[int], array[int], array[int]]:
        """Where each line of ``text`` starts (and where the text ends), and the lines'
        CRC-32s sorted, with the line number of each."""
        starts: array[int] = array("I")
        keyed = []
        at = 0
        while at < len(text):
            end = text.index("\n", at)
            keyed.append((zlib.crc32(text[at:end].encode("utf-8")), len(starts)))
            starts.append(at)
            at = end + 1
        starts.append(len(text))
        keyed.sort()
        return starts, array("I", (h for h, _n in keyed)), array("I", (n for _h, n in keyed))

    def __len__(self) -> int:
        return len(self.starts) - 1

    def line(self, number: int) -> str:
        return self.text[self.starts[number] : self.starts[number + 1] - 1]

    def get(self, piece: str) -> int | None:
        """The id of ``piece``, or None if it is not a line of the vocabulary."""
        wanted = zlib.crc32(piece.encode("utf-8"))
        at = bisect_left(self.hashes, wanted)
        while at < len(self.hashes) and self.hashes[at] == wanted:
            number = self.numbers[at]
            if self.line(number) == piece:
                return number
            at += 1
        return None


class WordPiece:
    """Splits text into the vocabulary's pieces, longest first ("##" marks a continuation)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        unknown = vocabulary.get("[UNK]")
        if unknown is None:
            raise ValueError("the vocabulary has no [UNK] piece")
        self.unknown = unknown

    def pieces(self, text: str, limit: int) -> list[int]:
        """The ids of ``text``'s first ``limit`` pieces (at least one: unknown for no text)."""
        return self.split(text, limit) or [self.unknown]

    def split(self, text: str, limit: int) -> list[int]:
        """The ids of ``text``'s first ``limit`` pieces (none for no text)."""
        out: list[int] = []
        # No more text than ``limit`` words of the longest kind could need: a pasted page
        # costs no more than a question.
        for word in basic_words(text[: limit * (MAX_WORD_CHARS + 1)]):
            if len(out) >= limit:
                break
            out.extend(self._word(word))
        return out[:limit]

    def _word(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unknown]
        found: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            piece = None
            while start < end:
                candidate = word[start:end] if start == 0 else "##" + word[start:end]
                piece = self.vocabulary.get(candidate)
                if piece is not None:
                    break
                end -= 1
            if piece is None:
                return [self.unknown]
            found.append(piece)
            start = end
        return found
