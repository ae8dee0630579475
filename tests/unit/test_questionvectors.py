"""Question vectors: written and read back, encoded as search encodes them, damage refused."""

from __future__ import annotations

import math
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from handbook.questionvectors import (
    DOCUMENTS_VECTORS_NAME,
    TOKENS_NAME,
    VOCABULARY_NAME,
    DocumentVectors,
    Tokens,
    VectorsError,
    quantise,
)
from tests.helpers import REAL_INDEX

VOCABULARY = ["[PAD]", "[UNK]", "blood", "count", "low", "##s", "platelet"]


def small_tokens(folder: Path) -> Tokens:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / VOCABULARY_NAME).write_text("\n".join(VOCABULARY) + "\n", encoding="utf-8")
    rows = [[0.0, 0.0, 0.0], [0.1, 0.1, 0.1], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    rows += [[0.0, 0.0, 1.0], [0.0, 0.2, 0.0], [0.9, 0.1, 0.0]]
    Tokens.write(folder / TOKENS_NAME, 3, rows, [1.0] * len(rows))
    return Tokens.load(folder)


def test_a_text_is_the_unit_sum_of_its_pieces(tmp_path: Path) -> None:
    tokens = small_tokens(tmp_path)
    vector = tokens.encode("Blood counts")  # blood + count + ##s
    assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-6)
    assert vector[0] == pytest.approx(1 / math.sqrt(1 + 1.2**2), abs=0.01)


def test_documents_round_trip_and_their_asked_questions_count(tmp_path: Path) -> None:
    tokens = small_tokens(tmp_path)
    written = DocumentVectors.write(
        tmp_path / DOCUMENTS_VECTORS_NAME,
        tokens,
        [
            ("p#", "blood", []),
            ("p#low", "low platelet", ["platelets low", "count"]),
        ],
    )
    assert written == 2
    vectors = DocumentVectors.load(tmp_path, tokens.dims)
    assert vectors.keys == {("p", ""): 0, ("p", "low"): 1}
    own, asked = vectors.similarity(1, tokens.encode("low platelets"))
    assert own > 0.95 and asked > 0.95
    assert vectors.similarity(0, tokens.encode("low platelets"))[1] == 0.0  # no asked questions


def test_quantising_keeps_a_vector_within_half_a_step() -> None:
    vector = [0.5, -0.25, 0.125, 0.0]
    ints, scale = quantise(vector)
    assert max(abs(i * scale - x) for i, x in zip(ints, vector, strict=True)) <= scale / 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"not a vectors file\n" + data,
        lambda data: data.replace(b'"dims": 3', b'"dims": 4'),  # header does not fit
        lambda data: data.replace(b'{"dims"', b'{"dims" oops'),  # header not JSON
    ],
)
def test_a_damaged_tokens_file_is_refused_with_its_name(tmp_path: Path, damage: object) -> None:
    small_tokens(tmp_path)
    path = tmp_path / TOKENS_NAME
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    with pytest.raises(VectorsError, match=TOKENS_NAME):
        Tokens.load(tmp_path)


def test_the_real_index_has_a_vector_for_every_search_document(tmp_path: Path) -> None:
    folder = REAL_INDEX / "questions"
    tokens = Tokens.load(folder)
    vectors = DocumentVectors.load(folder, tokens.dims)
    lines = (REAL_INDEX / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(vectors.keys) == len(lines) > 1000
    shutil.copytree(folder, tmp_path / "q")
    (tmp_path / "q" / DOCUMENTS_VECTORS_NAME).write_bytes(b"")
    with pytest.raises(VectorsError, match=DOCUMENTS_VECTORS_NAME):
        DocumentVectors.load(tmp_path / "q", tokens.dims)


def test_the_builds_lookup_arrays_give_the_same_pieces_and_damage_is_refused(
    tmp_path: Path,
) -> None:
    from handbook.questionvectors import PIECES_NAME, read_vocabulary
    from handbook.wordpiece import Vocabulary

    folder = REAL_INDEX / "questions"
    read = read_vocabulary(folder)
    made = Vocabulary.from_text((folder / VOCABULARY_NAME).read_text(encoding="utf-8"))
    for piece in ("anaemia", "##ia", "[UNK]", "eltrombopag", "##xyzq"):
        assert read.get(piece) == made.get(piece)
    shutil.copytree(folder, tmp_path / "q")
    damaged = tmp_path / "q" / PIECES_NAME
    data = bytearray(damaged.read_bytes())
    data[-400:-200] = bytes(reversed(data[-400:-200]))  # hashes out of order
    damaged.write_bytes(bytes(data[:-4]))
    with pytest.raises(VectorsError, match=PIECES_NAME):
        read_vocabulary(tmp_path / "q")


def _products(vectors: DocumentVectors, document: int, vector: list[float]) -> tuple[float, float]:
    """Closeness the plain way, a sum of products (as before the rows' lengths were stored)."""
    dims = vectors.dims

    def dot(values: Sequence[int], row: int) -> float:
        part = values[row * dims : (row + 1) * dims]
        return sum(v * x for v, x in zip(part, vector, strict=True))

    own = vectors.scales[document] * dot(vectors.values, document)
    rows = range(vectors.asked_starts[document], vectors.asked_starts[document + 1])
    asked = max((vectors.asked_scales[r] * dot(vectors.asked_values, r) for r in rows), default=0.0)
    return own, max(asked, 0.0)


def test_closeness_from_distances_is_the_sum_of_products_on_the_real_index() -> None:
    folder = REAL_INDEX / "questions"
    tokens = Tokens.load(folder)
    vectors = DocumentVectors.load(folder, tokens.dims)
    for question in ("can you recover from aplastic anemia", "who may donate blood for me"):
        vector = tokens.encode(question)
        for document in range(0, len(vectors.scales), 7):
            got = vectors.similarity(document, vector)
            assert got == pytest.approx(_products(vectors, document, vector), abs=1e-9)


def test_a_file_written_before_the_lengths_were_stored_still_reads(tmp_path: Path) -> None:
    tokens = small_tokens(tmp_path)
    path = tmp_path / DOCUMENTS_VECTORS_NAME
    DocumentVectors.write(path, tokens, [("p#", "blood", []), ("p#low", "low", ["count"])])
    stored = DocumentVectors.load(tmp_path, tokens.dims)
    data = path.read_bytes()
    lengths_bytes = 4 * (2 + 1)  # two documents, one asked question
    path.write_bytes(data[:-lengths_bytes].replace(b', "lengths": true', b""))
    older = DocumentVectors.load(tmp_path, tokens.dims)
    assert older.lengths == stored.lengths and older.asked_lengths == stored.asked_lengths
    vector = tokens.encode("low counts")
    assert older.similarity(1, vector) == stored.similarity(1, vector)


def test_damaged_stored_lengths_are_refused(tmp_path: Path) -> None:
    tokens = small_tokens(tmp_path)
    path = tmp_path / DOCUMENTS_VECTORS_NAME
    DocumentVectors.write(path, tokens, [("p#", "blood", []), ("p#low", "low", ["count"])])
    data = bytearray(path.read_bytes())
    data[-12] ^= 0x40  # the first document's stored squared length
    path.write_bytes(bytes(data))
    with pytest.raises(VectorsError, match="lengths"):
        DocumentVectors.load(tmp_path, tokens.dims)
