"""End to end: build the seed articles and check what was written."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg import build
from tests.conftest import SEEDS, read_jsonl

OUTPUTS = ("graph.ttl", "graph.html", "entities.jsonl", "facts.jsonl")


def test_build_writes_the_four_outputs(seeds_out):
    for name in OUTPUTS:
        assert (seeds_out / name).stat().st_size > 0, name
    assert not list(seeds_out.glob(".*.tmp")), "temporary files left behind"


def test_turtle_parses_with_rdflib_and_oxigraph_to_the_same_graph(seeds_out):
    data = (seeds_out / "graph.ttl").read_bytes()
    with_rdflib = rdflib.Graph().parse(data=data, format="turtle")
    with_oxigraph = rdflib.Graph().parse(
        data=ox.serialize(ox.parse(data, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES),
        format="nt")
    assert len(with_rdflib) > 100
    assert isomorphic(with_rdflib, with_oxigraph)
    assert not any(isinstance(t, rdflib.BNode) for triple in with_rdflib for t in triple)



def test_seed_people_are_persons(seeds_out):
    people = {e["name"] for e in read_jsonl(seeds_out / "entities.jsonl") if e["type"] == "Person"}
    assert {"Nayib Bukele", "Donald Trump", "Kilmar Abrego Garcia"} <= people


def test_short_names_resolve_to_the_full_name(seeds_out):
    entities = {e["name"]: e for e in read_jsonl(seeds_out / "entities.jsonl")}
    assert "Abrego Garcia" in entities["Kilmar Abrego Garcia"]["aliases"]
    assert "Trump" in entities["Donald Trump"]["aliases"]
    assert {m["doc"] for m in entities["Nayib Bukele"]["mentions"]} == {p.name for p in SEEDS.glob("*.txt")}


def test_every_mention_offset_gives_back_its_text(seeds_out, seed_texts):
    mentions = [m for e in read_jsonl(seeds_out / "entities.jsonl") for m in e["mentions"]]
    assert len(mentions) > 30
    for m in mentions:
        text = seed_texts[m["doc"]]
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["sentence"] in text and m["text"] in m["sentence"]


def test_facts_rest_on_sentences_of_their_article(seeds_out, seed_texts):
    facts = read_jsonl(seeds_out / "facts.jsonl")
    assert any(f["s"] == "Nayib Bukele" and f["p"] == "holdsRole" and "President" in f["o"] for f in facts)
    for fact in facts:
        assert set(fact) >= {"s", "p", "o", "doc", "evidence"}
        assert fact["evidence"] in seed_texts[fact["doc"]]
        assert "\n" not in fact["evidence"]


def test_jsonl_tables_show_what_the_graph_holds(seeds_out):
    graph = rdflib.Graph().parse(seeds_out / "graph.ttl")
    kg = "https://w3id.org/kg-news/ontology#"
    named = {s for s, o in graph.subject_objects(rdflib.RDF.type)
             if str(o).startswith(kg) and (s, rdflib.SKOS.prefLabel, None) in graph}
    assert {e["id"] for e in read_jsonl(seeds_out / "entities.jsonl")} == {str(s) for s in named}
    statements = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(kg + "Assertion")))
    assert len(read_jsonl(seeds_out / "facts.jsonl")) == len(statements)


@pytest.mark.slow
def test_rebuild_gives_identical_bytes(seeds_out, tmp_path):
    """In another process with another string-hash seed: nothing may depend on hashing order."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(tmp_path)], env=env, check=True,
                   capture_output=True)
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (seeds_out / name).read_bytes(), name


def test_article_metadata_comes_from_the_sidecar(seeds_out):
    graph = rdflib.Graph().parse(seeds_out / "graph.ttl")
    (publisher,) = set(graph.objects(None, rdflib.SDO.publisher))
    assert (publisher, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/kg-news/ontology#MediaOutlet")) in graph
    labels = set(graph.objects(publisher, rdflib.SKOS.prefLabel))
    assert len(labels) == 1 and str(labels.pop()).removeprefix("The ") == "Epoch Times"
    assert not list(graph.objects(None, rdflib.SDO.datePublished))


def test_formats_and_base_iri_options(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    result = CliRunner().invoke(app, ["build", str(SEEDS / "001_f0dc3bd0dbfe907b.txt"), "--out", str(tmp_path),
                                      "--formats", "nt,facts", "--base-iri", "https://news.example/kg/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.jsonl", "graph.nt"]
    subjects = {str(s) for s in rdflib.Graph().parse(tmp_path / "graph.nt").subjects()}
    assert subjects and all(s.startswith("https://news.example/kg/") for s in subjects)


def test_parallel_build_gives_the_same_bytes(seeds_out, tmp_path):
    build([SEEDS], tmp_path, jobs=2)
    for name in ("graph.ttl", "entities.jsonl", "facts.jsonl", "graph.html"):
        assert (tmp_path / name).read_bytes() == (seeds_out / name).read_bytes(), name


def test_regression_unicode_line_separators_do_not_split_jsonl_records(tmp_path):
    article = tmp_path / "a\x85b\u2028c.txt"
    article.write_text("Judge Ana Ruiz met Tomas Berg in Lima.\u2029They spoke.\n", encoding="utf-8")
    build([article], tmp_path / "out", formats=("entities", "facts"))
    for name in ("entities.jsonl", "facts.jsonl"):
        text = (tmp_path / "out" / name).read_text("utf-8")
        assert text.splitlines() == text.split("\n")[:-1]
        assert all(json.loads(line) for line in text.splitlines())


def test_progress_reports_every_article_and_each_later_step(tmp_path):
    from kg.pipeline import Progress

    totals, done, stages = [], [], []
    build([SEEDS], tmp_path, formats=("nt",), store=tmp_path / "store",
          progress=Progress(start=totals.append, document=lambda: done.append(1), stage=stages.append))
    assert totals == [2] and len(done) == 2
    assert stages == ["resolving entities", "building the graph", "writing the store", "writing the outputs"]


def test_the_summary_counts_the_facts_the_graph_holds(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Police arrested traders Omar Aziz alias Sharif, Lena Okafor alias Grace Amadi and Jane Roe "
                       "on Friday.", encoding="utf-8")
    report = build([article], tmp_path / "out", formats=("ttl",))
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assertions = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/kg-news/ontology#Assertion")))
    assert report.facts == len(assertions) == 3
