"""The same build on a Dask cluster: a local cluster on this machine (127.0.0.1 only,
started and stopped inside the test) must give the graph the single-process build gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import build
from kg.cli import app
from kg.errors import EXIT_USAGE, SetupError
from kg.executors import map_batches
from tests.conftest import SEEDS

STARTED = ox.NamedNode("http://www.w3.org/ns/prov#startedAtTime")


def dataset_without_run_time(path) -> rdflib.Dataset:
    """The TriG dataset less the run's start time, the one triple two builds may differ in."""
    quads = [q for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG) if q.predicate != STARTED]
    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset


@pytest.mark.dask
def test_dask_local_cluster_build_equals_the_single_process_build(seeds_out, tmp_path):
    build([SEEDS], tmp_path, executor="dask", jobs=2)
    for name in ("graph.nt", "graph.ttl", "entities.jsonl", "facts.jsonl", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (seeds_out / name).read_bytes(), name
    distributed, single = dataset_without_run_time(tmp_path / "graph.trig"), dataset_without_run_time(seeds_out / "graph.trig")
    names = {g.identifier for g in single.graphs()}
    assert len(names) >= 4 and {g.identifier for g in distributed.graphs()} == names
    for name in names:
        assert isomorphic(distributed.graph(name), single.graph(name)), name


@pytest.mark.dask
def test_results_come_back_in_input_order_on_every_executor():
    batches = [[i, i + 1] for i in range(0, 20, 2)]
    expected = [sum(b) for b in batches]
    assert list(map_batches(sum, batches)) == expected
    assert list(map_batches(sum, batches, jobs=2)) == expected
    assert list(map_batches(sum, batches, executor="dask", jobs=2)) == expected


@pytest.mark.dask
def test_unreachable_scheduler_and_unknown_executor_are_clear_errors():
    with pytest.raises(SetupError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(map_batches(sum, [[1]], executor="dask", scheduler="tcp://127.0.0.1:9"))
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--executor", "spark"])
    assert result.exit_code == EXIT_USAGE
    assert "unknown executor 'spark'" in result.output
