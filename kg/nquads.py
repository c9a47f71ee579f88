"""The built graph as sorted N-Quads lines: the form it travels in between building and
writing. A line is about half the memory of an Oxigraph quad object, sorts as plain bytes
(no key function materialising millions of strings), and is already the N-Quads output;
Oxigraph parses lines back into terms as a stream wherever a writer needs them.

At scale the lines live on disk: each named graph's block is written out as soon as the
graph is complete (`GraphBlocks`), and the merged triples are sorted externally, in runs
(`unique_sorted`), so memory does not grow with the corpus.
"""

from __future__ import annotations

import heapq
import io
from collections.abc import Iterable, Iterator
from itertools import islice

import pyoxigraph as ox

from kg.spool import LineFile, append_bytes, read_lines, scratch_file

SORT_RUN = 200_000
LOAD_BATCH = 50_000


def nquad_lines(quads: Iterable[ox.Quad]) -> list[bytes]:
    """Each quad once, as an N-Quads line (newline included), in byte order."""
    return sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))


class GraphBlocks:
    """Named graphs' sorted lines, each block appended to a temporary file once its graph is
    complete; iterating gives every line, the graphs in name order."""

    def __init__(self):
        self.file = scratch_file()
        self.index: dict[str, tuple[int, int]] = {}
        self.count = 0

    def add(self, graph: str, lines: list[bytes]) -> None:
        self.index[graph] = append_bytes(self.file, b"".join(lines))
        self.count += len(lines)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[bytes]:
        for graph in sorted(self.index):
            yield from read_lines(self.file.fileno(), *self.index[graph])

    def close(self) -> None:
        self.file.close()


def graph_start(line: bytes) -> int:
    """Where a quad line's graph name begins (the last IRI: an IRI holds no space or '<')."""
    return line.rindex(b" <", 0, len(line) - 3)


def triple_lines(lines: Iterable[bytes], exclude: bytes | None = None) -> LineFile:
    """The triples of all graphs but `exclude` (an IRI in angle brackets), each once, in byte order."""
    return unique_sorted(merged_triples(lines, exclude))


def merged_triples(lines: Iterable[bytes], exclude: bytes | None) -> Iterator[bytes]:
    for line in lines:
        start = graph_start(line)
        if line[start + 1:-3] != exclude:
            yield line[:start] + b" .\n"


def unique_sorted(lines: Iterable[bytes]) -> LineFile:
    """Lines each once, in byte order, in a temporary file: sorted in runs of `SORT_RUN`
    distinct lines, spilled to disk, then merged, so memory holds one run at most."""
    runs: list[LineFile] = []
    iterator = iter(lines)
    while True:
        run: set[bytes] = set()
        for line in iterator:
            run.add(line)
            if len(run) >= SORT_RUN:
                break
        if not run:
            break
        runs.append(LineFile(sorted(run)))
        del run
    if len(runs) == 1:
        return runs[0]
    try:
        return LineFile(dropped_repeats(heapq.merge(*runs)))
    finally:
        for run_file in runs:
            run_file.close()


def dropped_repeats(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


class LinesReader(io.RawIOBase):
    """A binary stream over lines, so Oxigraph can parse them without one big copy."""

    def __init__(self, lines: Iterable[bytes]):
        self.lines, self.pending = iter(lines), b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            chunk = list(islice(self.lines, 1024))
            if not chunk:
                return 0
            self.pending = b"".join(chunk)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def bulk_load(store: ox.Store, lines: Iterable[bytes]) -> None:
    """Load N-Quads lines into a store in batches: Oxigraph's bulk loader holds a whole
    call's data in memory (1 GB for 2 million quads in one call, nothing visible in batches)."""
    iterator = iter(lines)
    while batch := list(islice(iterator, LOAD_BATCH)):
        store.bulk_load(LinesReader(batch), format=ox.RdfFormat.N_QUADS)


def parse_lines(lines: Iterable[bytes], rdf_format: ox.RdfFormat) -> Iterator:
    """The terms of N-Quads or N-Triples lines, parsed as a stream."""
    return ox.parse(io.BufferedReader(LinesReader(lines), 1 << 20), format=rdf_format)
