"""SHACL shapes: the seeds graph conforms, and each kind of broken graph is caught."""

from __future__ import annotations

import pytest
import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_NONCONFORMING
from kg.validate import validate

PREFIXES = """
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix gaf: <http://groundedannotationframework.org/gaf#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/> .
"""
GOOD = PREFIXES + """
:doc a schema:NewsArticle ; kg:sourceFile "a.txt" ; kg:contentHash "0123456789abcdef" .
:doc\\#char\\=0\\,20 a nif:Sentence ; nif:beginIndex "0"^^xsd:nonNegativeInteger ;
    nif:endIndex "20"^^xsd:nonNegativeInteger ; nif:anchorOf "Ana Ruiz paid $5." ; nif:referenceContext :doc .
:doc\\#char\\=0\\,8 a nif:Phrase ; nif:beginIndex "0"^^xsd:nonNegativeInteger ;
    nif:endIndex "8"^^xsd:nonNegativeInteger ; nif:anchorOf "Ana Ruiz" ; nif:referenceContext :doc ;
    nif:sentence :doc\\#char\\=0\\,20 .
:ana a kg:Person ; skos:prefLabel "Ana Ruiz" ; gaf:denotedBy :doc\\#char\\=0\\,8 .
:fact a kg:Assertion ; rdf:subject :ana ; rdf:predicate kg:holdsRole ; rdf:object "Mayor" ;
    prov:wasDerivedFrom :doc\\#char\\=0\\,20 ; kg:inArticle :doc .
"""


def graph(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


def test_hand_made_good_graph_conforms():
    report = validate(graph(GOOD))
    assert report.conforms, report.text


@pytest.mark.parametrize("name, old, new", [
    ("person without a label", ':ana a kg:Person ; skos:prefLabel "Ana Ruiz" ;', ":ana a kg:Person ;"),
    ("end before begin", 'nif:endIndex "8"^^', 'nif:endIndex "0"^^'),
    ("iri offsets disagree", 'nif:beginIndex "0"^^xsd:nonNegativeInteger ;\n    nif:endIndex "8"',
     'nif:beginIndex "1"^^xsd:nonNegativeInteger ;\n    nif:endIndex "8"'),
    ("assertion without evidence", "prov:wasDerivedFrom :doc\\#char\\=0\\,20 ; kg:inArticle :doc .",
     "kg:inArticle :doc ."),
    ("unknown predicate", "rdf:predicate kg:holdsRole", "rdf:predicate kg:likes"),
    ("bad content hash", '"0123456789abcdef"', '"xyz"'),
])
def test_broken_graphs_do_not_conform(name, old, new):
    assert old in GOOD, name
    report = validate(graph(GOOD.replace(old, new)))
    assert not report.conforms, name


@pytest.mark.parametrize("value, currency, ok", [("5", "USD", True), ("5", "usd", False), ("five", "USD", False)])
def test_money_needs_a_decimal_value_and_an_iso_currency(value, currency, ok):
    money = f"""
:sum a kg:MonetaryAmount ; skos:prefLabel "$5" ; gaf:denotedBy :doc\\#char\\=0\\,8 ;
    schema:value "{value}"^^xsd:decimal ; schema:currency "{currency}" ."""
    assert validate(graph(GOOD + money)).conforms is ok


@pytest.mark.slow
def test_seeds_graph_conforms_from_the_command_line(seeds_out):
    result = CliRunner().invoke(app, ["validate", str(seeds_out)])
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.output


def test_nonconforming_graph_exits_with_its_code(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(GOOD.replace('skos:prefLabel "Ana Ruiz" ;', ""), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == EXIT_NONCONFORMING
    assert "Conforms: False" in result.output


def test_unparsable_graph_is_an_input_error(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> .", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 3
    assert "broken.ttl" in result.output and "not valid RDF" in result.output
