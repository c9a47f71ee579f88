"""`kg query` and the competency queries in ontology/queries, answered on the seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.query import open_source, rows, run_query

QUERIES = Path(__file__).resolve().parents[1] / "ontology" / "queries"


def answer(seeds_out, name: str, person: str | None = None) -> list[dict[str, str]]:
    text = (QUERIES / name).read_text("utf-8")
    names, values = rows(run_query(open_source(seeds_out), text, {"name": person} if person else None))
    return [dict(zip(names, row)) for row in values]


def test_every_competency_query_says_what_it_answers():
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) == 7
    for path in files:
        assert path.read_text("utf-8").startswith("# "), path.name


def test_who_met_whom(seeds_out):
    found = {(r["person"], r["met"]) for r in answer(seeds_out, "meetings.rq")}
    assert ("Nayib Bukele", "Donald Trump") in found


def test_who_is_detained_where(seeds_out):
    found = {(r["person"], r["detainedIn"]) for r in answer(seeds_out, "detentions.rq")}
    assert any(person == "Kilmar Abrego Garcia" and "Confinement Center" in place for person, place in found)


def test_which_rulings_exist(seeds_out):
    found = answer(seeds_out, "rulings.rq")
    judge = [r for r in found if r["issuedBy"] == "Paula Xinis"]
    assert judge and judge[0]["concerns"] == "Kilmar Abrego Garcia" and "return" in judge[0]["orders"]
    assert any(r["issuedBy"] == "Supreme Court" for r in found)


def test_who_paid_whom_how_much_for_what(seeds_out):
    (payment,) = answer(seeds_out, "payments.rq")
    assert (payment["payer"], payment["value"], payment["currency"]) == ("United States", "6000000", "USD")
    assert "government" in payment["payee"] and "imprison migrants" in payment["purpose"]


def test_who_said_what(seeds_out):
    found = {(r["speaker"], r["quote"], r["article"]) for r in answer(seeds_out, "quotes.rq")}
    assert ("Donald Trump", "Home-grown criminals are next", "000_1b95a740fe692537.txt") in found
    assert any(speaker == "Kristi Noem" for speaker, _, _ in found)


def test_claims_about_a_person_that_differ_between_sources(seeds_out):
    found = answer(seeds_out, "disputed-claims.rq", "Kilmar Abrego Garcia")
    assert {"predicate": "memberOf", "object": "MS-13", "article": "000_1b95a740fe692537.txt"}.items() <= \
        next(r for r in found if r["predicate"] == "memberOf").items()
    assert all(r["claimedBy"] or r["predicate"] for r in found)


def test_labels_that_differ_between_sources_each_with_their_source(seeds_out):
    found = answer(seeds_out, "disputed-claims.rq", "Kilmar Abrego Garcia")
    labels = {(r["object"], r["claimedBy"], r["article"]) for r in found if r["predicate"] == "describedAs"}
    assert ("a legal resident in Maryland", "", "000_1b95a740fe692537.txt") in labels
    assert ("an illegal immigrant", "White House", "001_f0dc3bd0dbfe907b.txt") in labels
    membership = [r for r in found if r["predicate"] == "memberOf"]
    assert membership and all(r["claimedBy"] and r["sentence"] for r in membership)


def test_every_fact_about_an_entity_with_its_sentence(seeds_out, seed_texts):
    found = answer(seeds_out, "entity-facts.rq", "Kilmar Abrego Garcia")
    assert {r["predicate"] for r in found} >= {"detainedIn", "residentOf", "rulingConcerns"}
    for row in found:
        assert row["sentence"] in seed_texts[row["article"]]


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda out: next(csv.reader(io.StringIO(out))) == ["name"]),
    ("tsv", lambda out: out.splitlines()[0] == "?name"),
    ("json", lambda out: json.loads(out)["head"]["vars"] == ["name"]),
    ("xml", lambda out: "<sparql" in out),
    ("table", lambda out: "Nayib Bukele" in out),
])
def test_query_command_formats(seeds_out, fmt, check):
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "SELECT ?name WHERE { ?p a <https://w3id.org/kg-news/ontology#Person> ; skos:prefLabel ?name }")
    result = CliRunner().invoke(app, ["query", str(seeds_out), query, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert check(result.output)


def test_construct_is_written_as_turtle_and_files_are_accepted(seeds_out, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3", encoding="utf-8")
    result = CliRunner().invoke(app, ["query", str(seeds_out / "graph.ttl"), "-f", str(query)])
    assert result.exit_code == 0, result.output
    import rdflib
    assert len(rdflib.Graph().parse(data=result.output, format="turtle")) == 3


def test_syntax_error_is_one_line_with_its_position(seeds_out):
    result = CliRunner().invoke(app, ["query", str(seeds_out), "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 3
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "error at 1:" in lines[0]


def test_a_bound_variable_fills_a_competency_query(seeds_out):
    query = str(QUERIES / "entity-facts.rq")
    bound = CliRunner().invoke(app, ["query", str(seeds_out), "-f", query, "--format", "csv",
                                     "--bind", "name=Kilmar Abrego Garcia"])
    assert bound.exit_code == 0, bound.output
    about = {row["subject"] for row in csv.DictReader(io.StringIO(bound.output))} | {
        row["object"] for row in csv.DictReader(io.StringIO(bound.output))}
    assert "Kilmar Abrego Garcia" in about
    everyone = CliRunner().invoke(app, ["query", str(seeds_out), "-f", query, "--format", "csv"])
    assert len(everyone.output.splitlines()) > len(bound.output.splitlines())


def test_an_iri_binding_and_a_bad_binding(seeds_out):
    query = "SELECT ?type WHERE { ?x a ?type } LIMIT 1"
    iri = CliRunner().invoke(app, ["query", str(seeds_out), query, "--format", "csv",
                                   "--bind", "type=<https://w3id.org/kg-news/ontology#Person>"])
    assert iri.exit_code == 0 and "ontology#Person" in iri.output
    bad = CliRunner().invoke(app, ["query", str(seeds_out), query, "--bind", "no equals sign"])
    assert bad.exit_code == 3 and "--bind NAME=VALUE" in bad.output


FEDERATED = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


def test_a_federated_query_is_refused_unless_allowed_and_a_failing_one_is_one_line(seeds_out):
    refused = CliRunner().invoke(app, ["query", str(seeds_out), FEDERATED])
    assert refused.exit_code == 3 and "E705" in refused.output and "--allow-service" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    failed = CliRunner().invoke(app, ["query", str(seeds_out), "--allow-service", FEDERATED])
    assert failed.exit_code == 3 and "E706" in failed.output and "Traceback" not in failed.output
    assert len(failed.output.strip().splitlines()) == 1
    quoted = 'SELECT ?s WHERE { ?s ?p "a SERVICE note" } LIMIT 1'
    assert CliRunner().invoke(app, ["query", str(seeds_out), quoted]).exit_code == 0
