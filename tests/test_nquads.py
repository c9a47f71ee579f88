"""The N-Quads lines the graph travels in: sorting, graph names, merging and streaming back."""

from __future__ import annotations

import io

import pyoxigraph as ox

import kg.nquads
import kg.spool
from kg.nquads import GraphBlocks, LinesReader, bulk_load, nquad_lines, parse_lines, triple_lines, unique_sorted
from kg.spool import LineFile, Spool

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


def test_external_sort_merges_runs_into_one_sorted_unique_sequence(monkeypatch):
    monkeypatch.setattr(kg.nquads, "SORT_RUN", 7)
    lines = [f"line {i % 50:03d}\n".encode() for i in range(173)]
    result = unique_sorted(reversed(lines))
    assert list(result) == sorted(set(lines)) and len(result) == 50
    assert list(result) == list(result), "a line file reads back as often as needed"


def test_graph_blocks_come_back_in_graph_name_order_whatever_the_order_added(monkeypatch):
    monkeypatch.setattr(kg.spool, "READ_SIZE", 5)
    original = quads(40)
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in original:
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    blocks = GraphBlocks()
    for graph in sorted(by_graph, reverse=True):
        blocks.add(graph, nquad_lines(by_graph[graph]))
    lines = list(blocks)
    assert lines == [line for graph in sorted(by_graph) for line in nquad_lines(by_graph[graph])]
    assert len(blocks) == len(original) == len(set(lines))
    assert set(parse_lines(blocks, ox.RdfFormat.N_QUADS)) == set(original)
    first, second = iter(blocks), iter(blocks)
    assert [next(first), next(second), next(first)] == [lines[0], lines[0], lines[1]], "readers do not disturb each other"


def test_spool_gives_back_every_record_in_order_and_keeps_shared_objects_shared(monkeypatch):
    monkeypatch.setattr(kg.spool, "RECORDS_PER_BATCH", 3)
    shared = ["same"]
    spool = Spool()
    for i in range(10):
        spool.append((i, shared))
    records = list(spool)
    assert [i for i, _ in records] == list(range(10)) and len(spool) == 10
    assert records[0][1] is records[2][1] and records[0][1] == shared
    spool.append((10, shared))
    assert [i for i, _ in spool] == list(range(11))


def test_line_file_keeps_a_last_line_without_newline(monkeypatch):
    monkeypatch.setattr(kg.spool, "READ_SIZE", 4)
    assert list(LineFile([b"ab\n", b"cdefgh\n", b"ij"])) == [b"ab\n", b"cdefgh\n", b"ij"]


def test_a_reader_keeps_its_line_file_open_after_the_last_other_reference_goes():
    import gc

    reader = iter(triple_lines(nquad_lines(quads(30))))
    gc.collect()
    assert len(list(reader)) == 31
