"""Property-based tests over random and hostile article texts and file names."""

from __future__ import annotations

import pytest

import json

import pyoxigraph as ox
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import build
from kg.errors import InputError
from kg.ingest import read_document
from kg.validate import validate
from tests.conftest import load

FRAGMENTS = [
    '"', "'", "\\", "<", ">", "&", "\n", "\r\n", "😀", "\u200f", "\u200b", "\ufeff", "#", "?", "%", "/", "[", "]",
    "@", "!", "$", "(", ")", "*", "+", ",", ";", "=", "“", "”", "‘", "’", "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=2>", '"><svg onload=window.__pwned=3>', "Judge", "President", "said",
    "paid", "$5 million", "€2m", "the", "Court", "Prison", ".", "Ana", "Ruiz", "Lima", "Acme Corp.", "O'Neil",
    "Zoë", "北京", "Ruritania", "Supreme Court", "Detention Center", "http://x.org/a b", "_:b0", "^^", "@en",
]
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
WORDS = st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=CHARACTERS, min_size=1, max_size=8))
TEXTS = st.lists(WORDS, min_size=1, max_size=50).map(" ".join)
NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
                min_size=1, max_size=30)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.slow
@SETTINGS
@given(text=TEXTS, name=NAMES)
def test_any_text_and_file_name_build_valid_traceable_outputs(tmp_path_factory, text, name):
    folder = tmp_path_factory.mktemp("property")
    article = folder / f"a{name}.txt"
    article.write_bytes(text.encode("utf-8"))
    try:
        build([article], folder / "out", formats=("ttl", "trig", "entities", "facts"))
    except InputError as exc:
        assert exc.code in {"E104", "E106", "E110"}, exc
        return
    turtle = folder / "out" / "graph.ttl"
    graph = rdflib.Graph().parse(turtle, format="turtle")
    assert len(list(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE))) == len(graph)
    assert len(list(ox.parse(path=str(folder / "out" / "graph.trig"), format=ox.RdfFormat.TRIG))) >= len(graph)
    rdflib.Dataset().parse(folder / "out" / "graph.trig", format="trig")
    report = validate(graph)
    assert report.conforms, report.text
    source = read_document(article).text
    for line in (folder / "out" / "entities.jsonl").read_text("utf-8").splitlines():
        for mention in json.loads(line)["mentions"]:
            assert source[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.slow
@pytest.mark.browser
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXTS)
def test_the_page_never_runs_script_from_an_article(browser, tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("page")
    article = folder / "article.txt"
    article.write_bytes(("Judge Ana Ruiz said “" + text + " is what I saw,” in Lima.\n" + text).encode("utf-8"))
    build([article], folder / "out", formats=("html",))
    page, errors, requests = load(browser, folder / "out" / "graph.html")
    box = page.locator("#graph").bounding_box()
    for node in page.evaluate("kg.nodes.getIds()")[:10]:
        position = page.evaluate(f"kg.network.canvasToDOM(kg.network.getPosition({json.dumps(node)}))")
        page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.scripts.length") == 3
    assert page.evaluate("document.querySelectorAll('img, svg:not(.vis-network svg)').length") == 0
    assert errors == [] and len(requests) == 1
    page.close()


def test_an_article_named_with_a_line_break_keeps_its_mentions(tmp_path):
    """Regression: the on-disk sort of the entity table split a mention's line at a line
    break in the article's name, and the table could not be read back."""
    article = tmp_path / "a\n.txt"
    article.write_text("Ana Ruiz spoke in Lima on Monday.", "utf-8")
    build([article], tmp_path / "out", formats=("entities",))
    rows = [json.loads(line) for line in (tmp_path / "out" / "entities.jsonl").read_text("utf-8").splitlines()]
    assert {m["doc"] for row in rows for m in row["mentions"]} == {"a\n.txt"}
