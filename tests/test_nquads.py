"""The N-Quads lines the graph travels in: sorting, graph names, merging and streaming back."""

from __future__ import annotations

import io

import pyoxigraph as ox

import kg.nquads
from kg.nquads import LinesReader, bulk_load, nquad_lines, parse_lines, triple_lines

P = ox.NamedNode("http://example.org/p")


def quads(count: int) -> list[ox.Quad]:
    """Quads whose literals hold what N-Quads must escape, spread over three graphs, one
    triple repeated in every graph."""
    made = [ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), P, ox.Literal(f'line {i}\n"quoted" <x> .'),
                    ox.NamedNode(f"http://example.org/g{i % 3}")) for i in range(count)]
    shared = ox.Triple(ox.NamedNode("http://example.org/shared"), P, ox.Literal("same"))
    return made + [ox.Quad(*shared, ox.NamedNode(f"http://example.org/g{g}")) for g in range(3)]


def test_lines_are_sorted_unique_and_parse_back_to_the_same_quads():
    original = quads(3000)
    lines = nquad_lines(original + original[:10])
    assert lines == sorted(set(lines)) and len(lines) == len(original)
    assert set(parse_lines(lines, ox.RdfFormat.N_QUADS)) == set(original)


def test_triples_merge_graphs_and_leave_out_the_excluded_one():
    lines = nquad_lines(quads(30))
    merged = triple_lines(lines)
    assert len(merged) == 30 + 1
    without = triple_lines(lines, exclude=b"<http://example.org/g0>")
    assert len(without) == 20 + 1
    assert all(t.subject.value != "http://example.org/s0" for t in parse_lines(without, ox.RdfFormat.N_TRIPLES))


def test_reader_gives_every_byte_whatever_the_read_size():
    lines = nquad_lines(quads(2500))
    expected = b"".join(lines)
    for size in (1, 7, 4096, 1 << 20):
        reader, chunks = LinesReader(lines), []
        while chunk := reader.read(size):
            chunks.append(chunk)
        assert b"".join(chunks) == expected, size
    assert io.BufferedReader(LinesReader(lines)).read() == expected


def test_store_loads_in_batches_all_of_them(monkeypatch):
    monkeypatch.setattr(kg.nquads, "LOAD_BATCH", 100)
    original = quads(1000)
    store = ox.Store()
    bulk_load(store, nquad_lines(original))
    assert set(store) == set(original)
