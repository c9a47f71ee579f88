"""The graph page is one self-contained file that shows the graph."""

from __future__ import annotations

import json
import re

from kg import build
from kg.viz import render_page
from tests.conftest import SEEDS, read_jsonl

REMOTE_REFERENCE = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I)


def dataset(html: str, name: str) -> list[dict]:
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", html, re.S)
    return json.loads(match.group(1))


def test_page_references_nothing_remote(seeds_out):
    html = (seeds_out / "graph.html").read_text("utf-8")
    assert not REMOTE_REFERENCE.search(html)
    assert "vis.Network" in html and "<style>" in html


def test_page_holds_every_entity_and_relation(seeds_out):
    html = (seeds_out / "graph.html").read_text("utf-8")
    entities = read_jsonl(seeds_out / "entities.jsonl")
    nodes = dataset(html, "nodes")
    assert sorted(n["id"] for n in nodes) == sorted(e["id"] for e in entities)
    assert {n["label"] for n in nodes} >= {"Nayib Bukele", "Donald Trump"}


def test_build_writes_no_lib_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build([SEEDS / "000_1b95a740fe692537.txt"], tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_hostile_names_are_data_not_markup():
    hostile = "</script><img src=x onerror=alert(1)>"
    html = render_page([{"id": "x", "name": hostile, "type": "Person", "aliases": [hostile],
                         "mentions": [{"doc": "a.txt"}]}], []).decode("utf-8")
    assert hostile not in html
    assert dataset(html, "nodes")[0]["label"] == hostile
