"""Whoosh reads the index's parts from the mapped segment file without copying them.

Whoosh maps the compound segment file (``index/whoosh/*.seg``) into memory, then opens
each part of it (the term table, the postings, the stored fields, every column) as a
``BufferFile`` whose reader is ``io.BytesIO(part)``, and ``BytesIO`` copies the part. So
the first search copied about 6 MiB of the segment into the process, on top of the mapped
pages it had read. ``install()`` makes those parts read straight from the mapped file:
only the pages a search touches are in memory, and they are shared with the file cache.

Reads past the end of a part are short reads, as a file's are, so a damaged index fails
the same way it did with ``BytesIO`` (Whoosh raises; search reports the damage).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from whoosh.filedb import compound, structfile

PEEKED = 512  # most of Whoosh's pickles are shorter; pickle reads on past a short peek


class ViewReader(io.RawIOBase):
    """A read-only, seekable file over a ``memoryview``: reads copy only what they return."""

    def __init__(self, view: memoryview) -> None:
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            target = offset
        elif whence == io.SEEK_CUR:
            target = self._pos + offset
        elif whence == io.SEEK_END:
            target = len(self._view) + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if target < 0:
            raise ValueError(f"negative seek position {target}")
        self._pos = target
        return target

    def read(self, size: int | None = -1) -> bytes:
        start = min(self._pos, len(self._view))
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(self._pos, end)
        return bytes(self._view[start:end])

    def peek(self, size: int = 0) -> bytes:
        """Bytes ahead of the position, without moving it: at most PEEKED of them. pickle
        reads through a file's ``peek`` in one go where it would otherwise call ``read``
        for each part of the pickle (Whoosh keeps each term's postings header pickled)."""
        start = min(self._pos, len(self._view))
        return bytes(self._view[start : start + min(max(size, 1), PEEKED)])

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        memoryview(buffer).cast("B")[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        start = min(self._pos, len(self._view))
        limit = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        end = start
        view = self._view
        while end < limit:
            end += 1
            if view[end - 1] == 0x0A:
                break
        self._pos = max(self._pos, end)
        return bytes(view[start:end])

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


class MappedBufferFile(structfile.BufferFile):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ``BufferFile`` with a reader that does not copy the buffer."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose=None) -> None:  # type: ignore[no-untyped-def]
        self._buf = buf
        self._name = name
        self.file = ViewReader(memoryview(buf))
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> MappedBufferFile:
        return MappedBufferFile(
            memoryview(self._buf)[position : position + length], name=name or self._name
        )


def install() -> None:
    """Open the parts of mapped segment files without copying (idempotent)."""
    compound.BufferFile = MappedBufferFile
