"""The built graph as sorted N-Quads lines: the form it travels in between building and
writing. A line is about half the memory of an Oxigraph quad object, sorts as plain bytes
(no key function materialising millions of strings), and is already the N-Quads output;
Oxigraph parses lines back into terms as a stream wherever a writer needs them."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

import pyoxigraph as ox


def nquad_lines(quads: Iterable[ox.Quad]) -> list[bytes]:
    """Each quad once, as an N-Quads line (newline included), in byte order."""
    return sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))


def graph_start(line: bytes) -> int:
    """Where a quad line's graph name begins (the last IRI: an IRI holds no space or '<')."""
    return line.rindex(b" <", 0, len(line) - 3)


def triple_lines(lines: Iterable[bytes], exclude: bytes | None = None) -> list[bytes]:
    """The triples of all graphs but `exclude` (an IRI in angle brackets), each once, in byte order."""
    triples = set()
    for line in lines:
        start = graph_start(line)
        if line[start + 1:-3] != exclude:
            triples.add(line[:start] + b" .\n")
    return sorted(triples)


class LinesReader(io.RawIOBase):
    """A binary stream over a list of lines, so Oxigraph can parse them without one big copy."""

    def __init__(self, lines: list[bytes]):
        self.lines, self.index, self.pending = lines, 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and self.index < len(self.lines):
            self.pending = b"".join(self.lines[self.index:self.index + 1024])
            self.index += 1024
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


LOAD_BATCH = 200_000


def bulk_load(store: ox.Store, lines: list[bytes]) -> None:
    """Load N-Quads lines into a store in batches: Oxigraph's bulk loader holds a whole
    call's data in memory (1 GB for 2 million quads in one call, nothing visible in batches)."""
    for start in range(0, len(lines), LOAD_BATCH):
        store.bulk_load(LinesReader(lines[start:start + LOAD_BATCH]), format=ox.RdfFormat.N_QUADS)


def parse_lines(lines: list[bytes], rdf_format: ox.RdfFormat) -> Iterator:
    """The terms of N-Quads or N-Triples lines, parsed as a stream."""
    return ox.parse(io.BufferedReader(LinesReader(lines), 1 << 20), format=rdf_format)
