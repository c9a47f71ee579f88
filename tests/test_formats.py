"""Every output format parses with rdflib and Oxigraph, and all say the same thing."""

from __future__ import annotations

import re

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, SDO

from tests.conftest import read_jsonl

KG = rdflib.Namespace("https://w3id.org/kg-news/ontology#")
NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
MERGED = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}
DATASETS = {"graph.trig": "trig", "graph.nq": "nquads"}


def oxigraph_triples(path, rdf_format) -> rdflib.Graph:
    items = ox.parse(path=str(path), format=rdf_format)
    triples = [ox.Triple(q.subject, q.predicate, q.object) if isinstance(q, ox.Quad) else q for q in items]
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.fixture(scope="module")
def turtle(seeds_out) -> rdflib.Graph:
    return rdflib.Graph().parse(seeds_out / "graph.ttl", format="turtle")


@pytest.mark.parametrize("name", sorted(MERGED))
def test_merged_formats_hold_the_same_graph(seeds_out, turtle, name):
    with_rdflib = rdflib.Graph().parse(seeds_out / name, format=MERGED[name])
    assert isomorphic(with_rdflib, turtle)
    rdf_format = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
                  "graph.jsonld": ox.RdfFormat.JSON_LD}[name]
    assert isomorphic(oxigraph_triples(seeds_out / name, rdf_format), turtle)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_datasets_keep_one_named_graph_per_article(seeds_out, seed_texts, turtle, name):
    dataset = rdflib.Dataset()
    dataset.parse(seeds_out / name, format=DATASETS[name])
    quads = list(ox.parse(path=str(seeds_out / name), format=ox.RdfFormat.from_extension(name.split(".")[1])))
    assert len(quads) == len(list(dataset.quads((None, None, None, None))))
    article_graphs = {str(g.identifier) for g in dataset.graphs()
                      if (None, KG.sourceFile, None) in g}
    assert len(article_graphs) == len(seed_texts)
    merged = rdflib.Graph()
    for graph in dataset.graphs():
        if not str(graph.identifier).endswith("/graph/provenance"):
            merged += graph
    assert isomorphic(merged, turtle)


def test_run_provenance_is_in_the_dataset_but_not_the_merged_graph(seeds_out, turtle):
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(seeds_out / "graph.trig", format="trig")
    runs = list(dataset.subjects(rdflib.RDF.type, PROV.Activity))
    assert len(runs) == 1
    software = dataset.value(runs[0], PROV.wasAssociatedWith)
    assert dataset.value(software, SDO.softwareVersion) is not None
    assert dataset.value(runs[0], PROV.startedAtTime) is not None
    pipeline = dataset.value(runs[0], KG.pipeline)
    assert str(dataset.value(pipeline, SDO.name)) == "en_kg_news"
    assert not list(turtle.subjects(rdflib.RDF.type, PROV.Activity))


def test_every_mention_offset_in_the_graph_gives_back_its_text(turtle, seed_texts):
    names = {str(a): str(turtle.value(a, KG.sourceFile)) for a in turtle.subjects(rdflib.RDF.type, SDO.NewsArticle)}
    spans = list(turtle.subjects(rdflib.RDF.type, NIF.Phrase)) + list(turtle.subjects(rdflib.RDF.type, NIF.Sentence))
    assert len(spans) > 50
    for span in spans:
        begin, end = int(turtle.value(span, NIF.beginIndex)), int(turtle.value(span, NIF.endIndex))
        text = seed_texts[names[str(turtle.value(span, NIF.referenceContext))]]
        assert text[begin:end] == str(turtle.value(span, NIF.anchorOf))
        assert str(span).endswith(f"#char={begin},{end}")


def test_offsets_keep_their_nif_datatype(turtle):
    begin = next(turtle.objects(None, NIF.beginIndex))
    assert begin.datatype == rdflib.XSD.nonNegativeInteger


def test_graphml_holds_the_entity_network(seeds_out):
    graph = nx.read_graphml(seeds_out / "graph.graphml")
    entities = read_jsonl(seeds_out / "entities.jsonl")
    assert set(graph.nodes) == {e["id"] for e in entities}
    assert {d["type"] for _, d in graph.nodes(data=True)} >= {"Person", "Place"}


def test_graphml_edges_have_ids_of_their_own_and_lists_stay_lists(seeds_out):
    import json

    text = (seeds_out / "graph.graphml").read_text("utf-8")
    ids = re.findall(r'<edge [^>]*id="([^"]+)"', text)
    assert ids and len(ids) == len(set(ids))
    graph = nx.read_graphml(seeds_out / "graph.graphml")
    assert all(isinstance(json.loads(d["aliases"]), list) for _, d in graph.nodes(data=True))


def test_facts_name_their_entities_by_id(seeds_out):
    ids = {e["id"] for e in read_jsonl(seeds_out / "entities.jsonl")}
    facts = read_jsonl(seeds_out / "facts.jsonl")
    assert all(f["s_id"] in ids for f in facts)
    assert {f["o_id"] for f in facts if "o_id" in f} <= ids
    assert any("o_id" in f for f in facts) and any("o_id" not in f for f in facts if f["p"] == "said")


def test_jsonld_is_json_ld_1_0(seeds_out):
    assert "@version" not in (seeds_out / "graph.jsonld").read_text("utf-8")


def test_jsonld_in_many_runs_and_processes_is_the_same_graph_and_bytes(seeds_out, monkeypatch):
    import io
    import json

    import kg.export

    monkeypatch.setattr(kg.export, "JSONLD_SUBJECTS_PER_CHUNK", 7)
    lines = (seeds_out / "graph.nt").read_bytes().splitlines(keepends=True)
    outputs = []
    for jobs in (1, 2):
        buffer = io.BytesIO()
        kg.export.write_jsonld(lines, buffer, jobs)
        outputs.append(buffer.getvalue())
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["@graph"]) > 7 * 20
    assert isomorphic(rdflib.Graph().parse(data=outputs[0], format="json-ld"),
                      rdflib.Graph().parse(seeds_out / "graph.jsonld"))


def test_tables_are_the_same_when_the_mentions_are_sorted_in_many_runs(seeds_out, tmp_path, monkeypatch):
    import kg.nquads
    from kg.export import write_outputs
    from kg.graph import PROVENANCE_GRAPH
    from kg.spool import LineFile
    from kg.vocab import Iris

    monkeypatch.setattr(kg.nquads, "SORT_RUN", 5)
    lines = LineFile((seeds_out / "graph.nq").read_bytes().splitlines(keepends=True))
    write_outputs(lines, tmp_path, ["entities", "graphml", "nt"], provenance=Iris().graph(PROVENANCE_GRAPH).value)
    for name in ("entities.jsonl", "graph.graphml", "graph.nt"):
        assert (tmp_path / name).read_bytes() == (seeds_out / name).read_bytes(), name
