"""The graph page as a file: self-contained, holding the graph, hostile text kept as data."""

from __future__ import annotations

import pytest

import json
import re

from typer.testing import CliRunner

from kg import build
from kg.cli import app
from kg.viz import LARGE_GRAPH, render_page
from tests.conftest import SEEDS, read_jsonl

REMOTE_REFERENCE = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I)


def page_data(html: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_page_references_nothing_remote(seeds_out):
    html = (seeds_out / "graph.html").read_text("utf-8")
    assert not REMOTE_REFERENCE.search(html)
    assert "vis.Network" in html and "<style>" in html


def test_page_holds_every_entity_with_legend_and_articles(seeds_out):
    data = page_data((seeds_out / "graph.html").read_text("utf-8"))
    entities = read_jsonl(seeds_out / "entities.jsonl")
    assert sorted(n["id"] for n in data["nodes"]) == sorted(e["id"] for e in entities)
    assert {n["label"] for n in data["nodes"]} >= {"Nayib Bukele", "Donald Trump"}
    assert {entry["type"] for entry in data["legend"]} == {e["type"] for e in entities}
    assert data["articles"] == sorted(p.name for p in SEEDS.glob("*.txt"))
    labels = {e["label"] for e in data["edges"]}
    assert "met with" in labels and all(re.fullmatch(r"[a-z ]+", label) for label in labels)


def test_build_writes_no_lib_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build([SEEDS / "000_1b95a740fe692537.txt"], tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_hostile_names_are_data_not_markup():
    hostile = "</script><img src=x onerror=alert(1)><!--"
    html = render_page([{"id": "x", "name": hostile, "type": "Person", "aliases": [hostile],
                         "docs": ["a.txt"], "evidence": [hostile]}], []).decode("utf-8")
    assert hostile not in html and "<img src=x" not in html
    assert page_data(html)["nodes"][0]["label"] == hostile


@pytest.mark.slow
def test_large_graphs_get_a_computed_layout_and_no_physics():
    entities = [{"id": f"n{i}", "name": f"Name {i}", "type": "Person", "aliases": [], "docs": ["a.txt"],
                 "evidence": ["s"]} for i in range(LARGE_GRAPH + 1)]
    facts = [{"s_id": f"n{i}", "o_id": f"n{i + 1}", "p": "metWith", "o": "", "doc": "a.txt", "evidence": "s"}
             for i in range(LARGE_GRAPH)]
    data = page_data(render_page(entities, facts).decode("utf-8"))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_view_prints_the_path_without_a_display(seeds_out, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = CliRunner().invoke(app, ["view", str(seeds_out)])
    assert result.exit_code == 0
    assert result.output.strip() == str((seeds_out / "graph.html").resolve())
    missing = CliRunner().invoke(app, ["view", str(seeds_out / "nothing")])
    assert missing.exit_code == 3 and "no graph page" in missing.output


@pytest.mark.slow
def test_very_large_graphs_show_the_most_connected_entities():
    from kg.viz import MOST_NODES
    count = MOST_NODES + 50
    entities = [{"id": f"n{i:05d}", "name": f"Name {i}", "type": "Place", "aliases": [],
                 "docs": ["a.txt"], "evidence": ["s"]} for i in range(count)]
    facts = [{"s_id": "n00000", "o_id": f"n{i:05d}", "p": "locatedIn", "o": "", "doc": "a.txt", "evidence": "s"}
             for i in range(1, 101)]
    data = page_data(render_page(entities, facts).decode("utf-8"))
    assert len(data["nodes"]) == MOST_NODES and data["total"] == count
    assert {f"n{i:05d}" for i in range(101)} <= {n["id"] for n in data["nodes"]}
