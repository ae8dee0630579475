"""Question vectors: how close a typed question is to each section, in plain Python (Qt-free).

A text's vector is the weighted sum of its word pieces' vectors, made unit length. The piece
vectors and weights (``tokens.bin``) were trained once, off line, by
``tools/question_vectors/train.py``: first to match the sentence embeddings of
all-MiniLM-L6-v2 on the handbook's own sentences, then so that each asked question
(``resources/search/asked/``) lands nearest the section it belongs to. The build writes each
search document's vector and its asked questions' vectors (``documents.bin``); search reads
them to weigh, for a question, which of the documents its first results could open answers
it (``handbook.rerank``). No numeric library is needed: the vectors are 8-bit integers with a
scale for each, and only the documents a query could land on are compared.

File layout (little-endian): a magic line, one line of JSON (the header), then the arrays the
header describes, in order.
"""

from __future__ import annotations

import io
import json
import math
import mmap
import os
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.indexlayout import ASKED_SEPARATOR
from handbook.wordpiece import Vocabulary, WordPiece

VOCABULARY_NAME = "vocab.txt"
TOKENS_NAME = "tokens.bin"
PIECES_NAME = "pieces.bin"  # the vocabulary's lookup arrays, written by the build
DOCUMENTS_VECTORS_NAME = "documents.bin"
RERANKER_NAME = "reranker.json"
NOTICE_NAME = "NOTICE.txt"
TOKENS_MAGIC = b"handbook-question-tokens 1\n"
PIECES_MAGIC = b"handbook-question-pieces 1\n"
DOCUMENTS_MAGIC = b"handbook-question-documents 1\n"
QUESTION_PIECES = 62  # pieces read of a question, as in training
DOCUMENT_PIECES = 62  # pieces read of a document's text (as the fitted reranker saw them)
DOCUMENT_WORDS = 40  # words of a document's body in its text
MAX_HEADER_BYTES = 1 << 22
LENGTHS_CHECKED = 61  # one stored squared length in this many is checked against its row


class VectorsError(ValueError):
    """A question-vectors file is missing, damaged or does not fit its header."""


def document_text(doc: Mapping[str, Any]) -> str:
    """What a search document's vector is made from (a ``documents.jsonl`` row): its title,
    its heading (a page's top: its title again) and its opening words."""
    heading = doc["heading"] if doc["kind"] == "section" else doc["title"]
    return f"{doc['title']}: {heading}. " + " ".join(doc["body"].split()[:DOCUMENT_WORDS])


def asked_questions(doc: Mapping[str, Any]) -> list[str]:
    """The questions a search document answers (its ``asked`` field, split)."""
    return [q.strip() for q in (doc.get("asked") or "").split(ASKED_SEPARATOR) if q.strip()]


def _array(handle: io.BufferedReader, typecode: str, count: int, path: Path) -> array[Any]:
    """``count`` items read straight into a new array (no copy of the file in between)."""
    values = array(typecode, [0]) * count
    view = memoryview(values).cast("B")
    if handle.readinto(view) != len(view):
        raise VectorsError(f"{path.name}: its size does not fit its header")
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _little(values: array[int] | array[float]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _mapped(handle: io.BufferedReader, start: int, size: int, path: Path) -> Sequence[int]:
    """``size`` 8-bit integers from ``start``: the file mapped into memory, so that only the
    rows a search reads take memory (30,522 rows of which a question reads a few dozen);
    read whole where the file cannot be mapped."""
    try:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        handle.seek(start)
        return _array(handle, "b", size, path)
    return memoryview(mapped)[start : start + size].cast("b")


@contextmanager
def _opened(path: Path, magic: bytes) -> Iterator[tuple[dict[str, object], io.BufferedReader, int]]:
    """The file's header, the file positioned after it, and how many bytes follow."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise VectorsError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    with handle:
        if handle.read(len(magic)) != magic:
            raise VectorsError(f"{path.name}: not a question-vectors file")
        line = handle.readline(MAX_HEADER_BYTES)
        try:
            header = json.loads(line)
        except ValueError as exc:
            raise VectorsError(f"{path.name}: its header is damaged") from exc
        if not isinstance(header, dict) or not line.endswith(b"\n"):
            raise VectorsError(f"{path.name}: its header is damaged")
        rest = os.fstat(handle.fileno()).st_size - handle.tell()
        yield header, handle, rest


def _count(header: dict[str, object], key: str, path: Path) -> int:
    value = header.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 1 << 26:
        raise VectorsError(f"{path.name}: its header gives no valid {key!r}")
    return value


def read_vocabulary(folder: Path) -> Vocabulary:
    """The vocabulary, with the lookup arrays the build wrote (or made here without them)."""
    try:
        text = (folder / VOCABULARY_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VectorsError(f"{VOCABULARY_NAME}: cannot be read ({exc})") from exc
    path = folder / PIECES_NAME
    if not path.is_file():
        return Vocabulary.from_text(text)
    with _opened(path, PIECES_MAGIC) as (header, handle, rest):
        count = _count(header, "count", path)
        if rest != 4 * (3 * count + 1):
            raise VectorsError(f"{path.name}: its size does not fit its header")
        starts = _array(handle, "I", count + 1, path)
        hashes = _array(handle, "I", count, path)
        numbers = _array(handle, "I", count, path)
    if starts[-1] != len(text) or any(a > b for a, b in zip(hashes, hashes[1:], strict=False)):
        raise VectorsError(f"{path.name}: does not fit {VOCABULARY_NAME}")
    return Vocabulary(text, starts, hashes, numbers)


def write_pieces(folder: Path) -> None:
    """Write the vocabulary's lookup arrays beside it (``pieces.bin``)."""
    text = (folder / VOCABULARY_NAME).read_text(encoding="utf-8")
    starts, hashes, numbers = Vocabulary.arrays(text)
    header = json.dumps({"count": len(hashes)}).encode()
    (folder / PIECES_NAME).write_bytes(
        PIECES_MAGIC + header + b"\n" + _little(starts) + _little(hashes) + _little(numbers)
    )


def quantise(vector: Sequence[float]) -> tuple[list[int], float]:
    """8-bit integers and the scale that gives ``vector`` back (within half a step)."""
    top = max((abs(x) for x in vector), default=0.0)
    scale = top / 127 if top > 0 else 1.0
    return [max(-127, min(127, round(x / scale))) for x in vector], scale


@dataclass(frozen=True)
class Tokens:
    """The trained vector and weight of every word piece of the vocabulary."""

    dims: int
    values: Sequence[int]  # count x dims, 8-bit: the file mapped, read as rows are needed
    scales: array[float]
    weights: array[float]
    pieces: WordPiece

    @classmethod
    def load(cls, folder: Path) -> Tokens:
        path = folder / TOKENS_NAME
        with _opened(path, TOKENS_MAGIC) as (header, handle, rest):
            dims, count = _count(header, "dims", path), _count(header, "count", path)
            if rest != count * dims + 8 * count:
                raise VectorsError(f"{path.name}: its size does not fit its header")
            start = handle.tell()
            handle.seek(start + count * dims)
            scales = _array(handle, "f", count, path)
            weights = _array(handle, "f", count, path)
            values = _mapped(handle, start, count * dims, path)
        vocabulary = read_vocabulary(folder)
        if len(vocabulary) != count or vocabulary.get("[UNK]") is None:
            raise VectorsError(f"{VOCABULARY_NAME}: does not fit {TOKENS_NAME}")
        return cls(dims, values, scales, weights, WordPiece(vocabulary))

    def encode(self, text: str, limit: int = QUESTION_PIECES) -> list[float]:
        """``text``'s unit vector (all zeros if its pieces cancel out)."""
        dims, values = self.dims, self.values
        total = [0.0] * dims
        for piece in self.pieces.pieces(text, limit):
            factor = self.weights[piece] * self.scales[piece]
            start = piece * dims
            row = values[start : start + dims]
            total = [t + factor * v for t, v in zip(total, row, strict=True)]
        norm = math.sqrt(sum(t * t for t in total))
        return [t / norm for t in total] if norm > 0 else total

    @staticmethod
    def write(
        path: Path, dims: int, rows: Sequence[Sequence[float]], weights: Sequence[float]
    ) -> None:
        """Write piece vectors (one row per vocabulary line) and weights as ``tokens.bin``."""
        values: array[int] = array("b")
        scales: array[float] = array("f")
        for row in rows:
            ints, scale = quantise(row)
            values.extend(ints)
            scales.append(scale)
        header = json.dumps({"dims": dims, "count": len(rows)}).encode()
        path.write_bytes(
            TOKENS_MAGIC
            + header
            + b"\n"
            + _little(values)
            + _little(scales)
            + _little(array("f", weights))
        )


def _dot(
    values: array[int], start: int, dims: int, vector: Sequence[float], lengths: float
) -> float:
    """The row's dot product with ``vector``, from their distance: ``lengths`` is the sum of
    the two's squared lengths. ``math.dist`` runs in C, about 1.6 times as fast as a sum of
    products in Python; the result differs from one by rounding only (below 1e-9)."""
    return (lengths - math.dist(values[start : start + dims], vector) ** 2) / 2


def squared_lengths(values: array[int], dims: int) -> array[int]:
    """Each row's squared length (exact integers) of 8-bit rows ``dims`` long."""
    raw = values.tobytes()  # each byte a value's two's complement: its square's two bytes
    low = raw.translate(_SQUARE_LOW)
    high = raw.translate(_SQUARE_HIGH)
    return array(
        "q",
        (
            sum(low[start : start + dims]) + 256 * sum(high[start : start + dims])
            for start in range(0, len(raw), dims)
        ),
    )


def _check_lengths(lengths: array[int], values: array[int], dims: int, path: Path) -> None:
    """Stored squared lengths, checked against their rows for one row in LENGTHS_CHECKED
    (and the last): a damaged file must not give wrong closeness without a word."""
    for row in {*range(0, len(lengths), LENGTHS_CHECKED), len(lengths) - 1} - {-1}:
        start = row * dims
        if lengths[row] != sum(v * v for v in values[start : start + dims]):
            raise VectorsError(f"{path.name}: its rows' lengths do not fit its rows")


_SQUARES = [(b - 256 if b > 127 else b) ** 2 for b in range(256)]
_SQUARE_LOW = bytes(square & 255 for square in _SQUARES)
_SQUARE_HIGH = bytes(square >> 8 for square in _SQUARES)


@dataclass(frozen=True)
class DocumentVectors:
    """Each search document's vector, and its asked questions', keyed by page and anchor."""

    dims: int
    keys: dict[tuple[str, str], int]
    values: array[int]
    scales: array[float]
    asked_values: array[int]
    asked_scales: array[float]
    asked_starts: array[int]  # document n's asked questions: asked rows starts[n] to starts[n + 1]
    lengths: array[int]  # each document's row's squared length (of its 8-bit integers)
    asked_lengths: array[int]  # the same for each asked question's row

    @classmethod
    def load(cls, folder: Path, dims: int) -> DocumentVectors:
        path = folder / DOCUMENTS_VECTORS_NAME
        with _opened(path, DOCUMENTS_MAGIC) as (header, handle, rest):
            if header.get("dims") != dims:
                raise VectorsError(f"{path.name}: made with other piece vectors")
            places, asked = header.get("documents"), header.get("asked")
            if (
                not isinstance(places, list)
                or not isinstance(asked, list)
                or len(asked) != len(places)
                or not all(isinstance(p, str) and "#" in p for p in places)
                or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in asked)
            ):
                raise VectorsError(f"{path.name}: its header is damaged")
            count, asked_count = len(places), sum(asked)
            stored = header.get("lengths") is True  # the rows' squared lengths follow
            if rest != (count + asked_count) * (dims + 4 + 4 * stored):
                raise VectorsError(f"{path.name}: its size does not fit its header")
            values = _array(handle, "b", count * dims, path)
            scales = _array(handle, "f", count, path)
            asked_values = _array(handle, "b", asked_count * dims, path)
            asked_scales = _array(handle, "f", asked_count, path)
            if stored:
                lengths = _array(handle, "i", count, path)
                asked_lengths = _array(handle, "i", asked_count, path)
                _check_lengths(lengths, values, dims, path)
                _check_lengths(asked_lengths, asked_values, dims, path)
            else:  # written before they were stored
                lengths = squared_lengths(values, dims)
                asked_lengths = squared_lengths(asked_values, dims)
        keys = {tuple(p.split("#", 1)): n for n, p in enumerate(places)}
        starts = array("I", [0])
        for many in asked:
            starts.append(starts[-1] + many)
        return cls(
            dims,
            keys,
            values,
            scales,
            asked_values,
            asked_scales,
            starts,
            lengths,
            asked_lengths,
        )

    def similarity(
        self, document: int, vector: Sequence[float], length: float | None = None
    ) -> tuple[float, float]:
        """Cosine of ``vector`` with the document, and with the closest of its asked questions;
        ``length``: the vector's squared length, if known (1 for a unit vector)."""
        dims = self.dims
        if length is None:
            length = math.fsum(x * x for x in vector)
        own = self.scales[document] * _dot(
            self.values, document * dims, dims, vector, self.lengths[document] + length
        )
        values, scales, lengths = self.asked_values, self.asked_scales, self.asked_lengths
        asked = max(
            (
                scales[row] * _dot(values, row * dims, dims, vector, lengths[row] + length)
                for row in range(self.asked_starts[document], self.asked_starts[document + 1])
            ),
            default=0.0,
        )
        return own, max(asked, 0.0)

    @staticmethod
    def write(
        path: Path,
        tokens: Tokens,
        documents: Iterable[tuple[str, str, list[str]]],
    ) -> int:
        """Encode each ``(place, text, asked questions)`` and write ``documents.bin``;
        returns how many documents were written. ``place`` is "page#anchor"."""
        places: list[str] = []
        asked_counts: list[int] = []
        values: array[int] = array("b")
        scales: array[float] = array("f")
        asked_values: array[int] = array("b")
        asked_scales: array[float] = array("f")
        for place, text, questions in documents:
            ints, scale = quantise(tokens.encode(text, DOCUMENT_PIECES))
            values.extend(ints)
            scales.append(scale)
            places.append(place)
            asked_counts.append(len(questions))
            for question in questions:
                ints, scale = quantise(tokens.encode(question, QUESTION_PIECES))
                asked_values.extend(ints)
                asked_scales.append(scale)
        header = json.dumps(
            {"dims": tokens.dims, "documents": places, "asked": asked_counts, "lengths": True},
            ensure_ascii=False,
        ).encode("utf-8")
        path.write_bytes(
            DOCUMENTS_MAGIC
            + header
            + b"\n"
            + _little(values)
            + _little(scales)
            + _little(asked_values)
            + _little(asked_scales)
            + _little(array("i", squared_lengths(values, tokens.dims)))
            + _little(array("i", squared_lengths(asked_values, tokens.dims)))
        )
        return len(places)
