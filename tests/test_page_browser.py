"""The graph page in a real browser: Debian's headless Chromium, driven by Playwright,
offline. No browser is ever downloaded."""

from __future__ import annotations

import pytest

import os
from pathlib import Path

import rdflib

from kg import build
from tests.conftest import ROOT, load, read_jsonl

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("KG_ARTIFACTS", ROOT / "test-artifacts"))


def relations(graph_file: Path) -> int:
    """Assertions between two entities in the graph: the edges the page must draw."""
    graph = rdflib.Graph().parse(graph_file)
    kg = rdflib.Namespace("https://w3id.org/kg-news/ontology#")
    return sum(1 for fact in graph.subjects(rdflib.RDF.type, kg.Assertion)
               if (graph.value(fact, rdflib.RDF.object), rdflib.SKOS.prefLabel, None) in graph)


def test_seeds_page_shows_the_whole_graph_offline_without_errors(browser, seeds_out):
    page, errors, requests = load(browser, seeds_out / "graph.html")
    assert page.evaluate("kg.nodes.length") == len(read_jsonl(seeds_out / "entities.jsonl"))
    assert page.evaluate("kg.edges.length") == relations(seeds_out / "graph.ttl") > 0
    assert errors == []
    assert requests == [(seeds_out / "graph.html").resolve().as_uri()]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "seeds-page.png"))
    page.close()


def test_type_filter_hides_those_nodes_and_search_selects(browser, seeds_out):
    page, errors, _ = load(browser, seeds_out / "graph.html")
    people = page.evaluate("kg.nodes.get({filter: n => n.kgType === 'Person'}).length")
    assert people > 0
    page.click("input[data-type='Person']")
    hidden = page.evaluate("kg.nodes.get({filter: n => n.hidden}).map(n => n.kgType)")
    assert len(hidden) == people and set(hidden) == {"Person"}
    page.click("input[data-type='Person']")
    assert page.evaluate("kg.nodes.get({filter: n => n.hidden}).length") == 0
    page.fill("#search", "bukele")
    selected = page.evaluate("kg.network.getSelectedNodes()")
    assert [page.evaluate(f"kg.nodes.get({node!r}).label") for node in selected] == ["Nayib Bukele"]
    article = page.evaluate("document.querySelector('input[data-article]').dataset.article")
    page.click(f"input[data-article='{article}']")
    still = page.evaluate("kg.nodes.get({filter: n => !n.hidden}).map(n => n.kgArticles)")
    assert still and all(any(a != article for a in articles) for articles in still)
    assert errors == []
    page.close()


HOSTILE = """Officials named the suspect Jane Doe on Monday.
“<img src=x onerror="window.__pwned = 1"> and <script>window.__pwned = 2</script> are only words here,” \
said Jane Doe.
The group <b onmouseover="window.__pwned=3">Night Owls</b> denied it.
"""


def test_hostile_article_text_never_runs(browser, tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    build([article], tmp_path / "out")
    page, errors, requests = load(browser, tmp_path / "out" / "graph.html")
    for node in page.evaluate("kg.nodes.getIds()"):
        position = page.evaluate(f"kg.network.canvasToDOM(kg.network.getPosition({node!r}))")
        box = page.locator("#graph").bounding_box()
        page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
        page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    tooltip = page.evaluate("Array.from(document.querySelectorAll('.vis-tooltip')).map(t => t.textContent).join()")
    assert "</script>" in tooltip, "the markup shows as literal text"
    assert errors == [] and len(requests) == 1
    page.close()
