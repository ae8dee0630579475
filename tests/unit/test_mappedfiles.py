"""Whoosh reads the segment's parts from the mapped file, without copying them."""

from __future__ import annotations

import io
import pickle
from array import array

import pytest

from handbook.mappedfiles import MappedBufferFile, ViewReader
from handbook.search import SearchEngine
from tests.helpers import REAL_INDEX


def reader(data: bytes) -> ViewReader:
    return ViewReader(memoryview(data))


def test_reads_seeks_and_tells_as_a_file_does() -> None:
    data = b"first line\nsecond\nthird"
    for file in (io.BytesIO(data), reader(data)):
        assert file.read(5) == b"first"
        assert file.tell() == 5
        assert file.readline() == b" line\n"
        assert file.seek(-5, io.SEEK_END) == len(data) - 5
        assert file.read() == b"third"
        assert file.read(3) == b""  # at the end: empty, as a file
        file.seek(100)
        assert file.read(4) == b"" and file.readline() == b""  # past the end: a short read
        file.seek(2)
        file.seek(3, io.SEEK_CUR)
        assert file.read(1) == b" "
        file.seek(0)
        assert list(file) == [b"first line\n", b"second\n", b"third"]
        file.seek(0)
        assert file.readline(3) == b"fir"


def test_bad_seeks_are_refused() -> None:
    file = reader(b"abc")
    with pytest.raises(ValueError):
        file.seek(-1)
    with pytest.raises(ValueError):
        file.seek(0, 7)


def test_whoosh_reads_pickles_arrays_and_numbers_through_it() -> None:
    numbers = array("i", [1, -2, 30000])
    data = pickle.dumps({"terms": 3}) + numbers.tobytes() + b"\x00\x00\x01\x00"
    part = MappedBufferFile(memoryview(data), name="part")
    assert part.read_pickle() == {"terms": 3}
    at = part.tell()
    copy = array("i")
    copy.fromfile(part.file, 3)  # type: ignore[arg-type]
    assert copy == numbers
    assert part.get(at, 4) == numbers.tobytes()[:4]
    inner = part.subset(at + numbers.itemsize * 3, 4)
    assert isinstance(inner, MappedBufferFile)
    assert inner.read(4) == b"\x00\x00\x01\x00"


def test_the_real_index_is_read_without_copying_its_parts() -> None:
    engine = SearchEngine.open(REAL_INDEX)
    try:
        results = engine.search("PNH").results
        assert results and results[0].page == "pnh"
        storage = engine._searcher().reader()._storage  # Whoosh's overlay on the compound file
        part = storage.a.open_file(next(iter(storage.a._dir)))
        assert isinstance(part, MappedBufferFile)
        assert isinstance(part.file, ViewReader)
    finally:
        engine.close()


def test_pickles_longer_than_a_peek_are_read_whole_and_in_order() -> None:
    big = {"postings": list(range(5000)), "text": "a" * 3000}
    data = pickle.dumps(big) + pickle.dumps("after") + b"tail"
    part = MappedBufferFile(memoryview(data), name="part")
    assert part.read_pickle() == big
    assert part.read_pickle() == "after"
    assert part.read(4) == b"tail"
    assert part.file.peek(10) == b""  # at the end
    part.seek(0)
    assert part.file.peek(3) == data[:3] and part.tell() == 0  # a peek does not move
