"""Disk-backed sequences, so that what a build holds between its passes does not grow its
memory with the corpus: records pickled in batches, and byte lines. Both live in anonymous
temporary files (gone when closed or when the process ends) and can be read back as often
as needed, by several readers at once."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import BinaryIO, Generic, TypeVar

from kg.errors import OutputError

Record = TypeVar("Record")
RECORDS_PER_BATCH = 64
READ_SIZE = 1 << 20


@contextmanager
def scratch_space() -> Iterator[None]:
    """Turn a failure to write temporary files (a full disk, a missing TMPDIR) into an
    error that says what to do."""
    try:
        yield
    except OSError as exc:
        raise OutputError("E302", f"cannot write temporary files: {exc.strerror or exc}", path=tempfile.gettempdir(),
                          hint="free some disk space there, or set TMPDIR to a folder with more room") from exc


def scratch_file() -> BinaryIO:
    with scratch_space():
        return tempfile.TemporaryFile()


def append_bytes(file: BinaryIO, data: bytes) -> tuple[int, int]:
    """Write `data` at the end of a scratch file, flushed so that `pread` sees it; returns
    where it went (offset, size)."""
    with scratch_space():
        offset = file.seek(0, os.SEEK_END)
        file.write(data)
        file.flush()
    return offset, len(data)


class Spool(Generic[Record]):
    """Records appended one at a time, pickled `RECORDS_PER_BATCH` at a time (objects that a
    batch's records share stay shared when read back), read back in order."""

    def __init__(self):
        self.file = scratch_file()
        self.batches: list[tuple[int, int]] = []
        self.pending: list[Record] = []
        self.count = 0

    def append(self, record: Record) -> None:
        self.pending.append(record)
        self.count += 1
        if len(self.pending) >= RECORDS_PER_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.batches.append(append_bytes(self.file, pickle.dumps(self.pending, protocol=pickle.HIGHEST_PROTOCOL)))
            self.pending = []

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Record]:
        self.flush()
        for offset, size in list(self.batches):
            yield from pickle.loads(os.pread(self.file.fileno(), size, offset))

    def close(self) -> None:
        self.file.close()


class LineFile:
    """Byte lines (each ending in a newline) written once, read back as often as needed."""

    def __init__(self, lines: Iterable[bytes]):
        self.file = scratch_file()
        self.count = self.size = 0
        iterator = iter(lines)
        while chunk := list(islice(iterator, 4096)):
            self.size += append_bytes(self.file, b"".join(chunk))[1]
            self.count += len(chunk)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[bytes]:
        yield from read_lines(self.file.fileno(), 0, self.size)

    def close(self) -> None:
        self.file.close()


def read_lines(fd: int, offset: int, size: int) -> Iterator[bytes]:
    """The lines in bytes [offset, offset + size) of a file, read a megabyte at a time
    without moving the file's position (so readers do not disturb one another)."""
    rest = b""
    end = offset + size
    while offset < end:
        chunk = os.pread(fd, min(READ_SIZE, end - offset), offset)
        if not chunk:
            break
        offset += len(chunk)
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for line in lines:
            yield line + b"\n"
    if rest:
        yield rest
