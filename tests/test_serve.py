"""The read-only SPARQL endpoint, served on loopback inside each test."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import uvicorn

from kg.serve import create_app

PEOPLE = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
          "SELECT ?name WHERE { ?p a <https://w3id.org/kg-news/ontology#Person> ; skos:prefLabel ?name } ORDER BY ?name")


@pytest.fixture(scope="module")
def endpoint(seeds_out):
    """A server on 127.0.0.1 and a free port, stopped when the tests are done."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(seeds_out, timeout=3, max_results=50),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def call(url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers.get("content-type"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type"), error.read()


def get(base: str, query: str, accept: str = "application/sparql-results+json"):
    return call(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def test_get_select_as_json(endpoint):
    status, kind, body = get(endpoint, PEOPLE)
    assert status == 200 and kind.startswith("application/sparql-results+json")
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert "Nayib Bukele" in names and names == sorted(names)


@pytest.mark.parametrize("accept, kind, marker", [
    ("text/csv", "text/csv", b"name\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?name\n"),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
])
def test_content_negotiation(endpoint, accept, kind, marker):
    status, got, body = get(endpoint, PEOPLE, accept)
    assert status == 200 and got.startswith(kind) and marker in body


def test_post_forms_and_construct_as_turtle(endpoint):
    status, _, body = call(f"{endpoint}/sparql", urllib.parse.urlencode({"query": PEOPLE}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and b"Nayib Bukele" in body
    construct = "CONSTRUCT { ?p a ?c } WHERE { ?p a ?c } LIMIT 5"
    status, kind, body = call(f"{endpoint}/sparql", construct.encode(),
                              {"Content-Type": "application/sparql-query", "Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle") and b" a " in body


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "LOAD <http://example.org/data.ttl>",
    "DROP ALL",
])
def test_updates_are_refused(endpoint, query):
    status, _, body = get(endpoint, query)
    assert status == 403 and b"read-only" in body
    status, _, _ = call(f"{endpoint}/sparql", query.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403


def test_federation_is_refused_but_the_word_in_a_string_is_fine(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body
    status, _, _ = get(endpoint, 'SELECT ?x WHERE { BIND("customer service" AS ?x) }')
    assert status == 200


@pytest.mark.slow
def test_limits_and_errors(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and b"more than 50 rows" in body
    status, _, body = get(endpoint, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and b"error at 1:" in body
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    status, _, body = get(endpoint, slow)
    assert status == 503 and b"stopped" in body
    status, _, _ = call(f"{endpoint}/sparql", b"query=" + b"x" * 70_000,
                        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413


def test_graph_page_is_served(endpoint):
    status, kind, body = call(f"{endpoint}/")
    assert status == 200 and kind.startswith("text/html") and b"vis.Network" in body


@pytest.mark.slow
def test_bounded_load_of_500_concurrent_queries(endpoint):
    from concurrent.futures import ThreadPoolExecutor

    expected = json.loads(get(endpoint, PEOPLE)[2])["results"]["bindings"]
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda _: get(endpoint, PEOPLE), range(500)))
    assert [status for status, _, _ in answers] == [200] * 500
    assert all(json.loads(body)["results"]["bindings"] == expected for _, _, body in answers)


def test_a_request_naming_another_host_is_refused(seeds_out):
    from starlette.testclient import TestClient

    query = {"query": PEOPLE}
    rebound = TestClient(create_app(seeds_out), base_url="http://attacker.example")
    assert rebound.get("/sparql", params=query).status_code == 400
    local = TestClient(create_app(seeds_out), base_url="http://localhost:7878")
    assert local.get("/sparql", params=query).status_code == 200


def test_the_root_of_a_file_or_store_says_what_it_serves(seeds_out):
    from starlette.testclient import TestClient

    client = TestClient(create_app(seeds_out / "graph.ttl"), base_url="http://127.0.0.1:7878")
    answer = client.get("/")
    assert answer.status_code == 200 and "/sparql" in answer.text and "graph.ttl" in answer.text


def test_a_port_in_use_is_one_line(seeds_out):
    from typer.testing import CliRunner

    from kg.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", str(seeds_out), "--port", str(port)])
    assert result.exit_code == 2 and "E902" in result.output and "Traceback" not in result.output
