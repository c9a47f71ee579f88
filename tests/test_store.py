"""The persistent store: build into it, add articles without a rebuild, remove them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import add, build, list_articles, remove
from kg.query import open_source, run_query
from tests.conftest import SEEDS

FIRST = "Judge Ana Ruiz inspected the Northern Detention Center in Ohio on Monday.\n"
SECOND = "Officials said the Northern Detention Centre in Ohio was overcrowded.\n"


def articles(tmp_path):
    (tmp_path / "in").mkdir()
    first, second = tmp_path / "in" / "first.txt", tmp_path / "in" / "second.txt"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    return first, second


def content(path) -> set[ox.Quad]:
    """Everything but the run provenance (it records times)."""
    store = ox.Store.read_only(str(path))
    return {q for q in store if not q.graph_name.value.endswith("/graph/provenance")}


def prisons(path) -> list[str]:
    query = ("SELECT ?p WHERE { ?p a <https://w3id.org/kg-news/ontology#Prison> }")
    return sorted(s["p"].value for s in run_query(open_source(path), query))


def test_add_resolves_against_stored_entities_and_is_idempotent(tmp_path):
    first, second = articles(tmp_path)
    build([first], tmp_path / "out", store=tmp_path / "store")
    assert prisons(tmp_path / "store") == [
        "https://w3id.org/kg-news/id/entity/prison/northern-detention-center"]
    report = add(tmp_path / "store", [second])
    assert report.documents == 1
    assert prisons(tmp_path / "store") == [
        "https://w3id.org/kg-news/id/entity/prison/northern-detention-center"]
    before = content(tmp_path / "store")
    again = add(tmp_path / "store", [second])
    assert again.documents == 0 and "already in the store" in again.skipped[0].reason
    assert content(tmp_path / "store") == before


def test_remove_drops_the_article_and_what_rests_only_on_it(tmp_path):
    first, second = articles(tmp_path)
    build([first], tmp_path / "only-first", store=tmp_path / "reference")
    build([first], tmp_path / "out", store=tmp_path / "store")
    add(tmp_path / "store", [second])
    assert remove(tmp_path / "store", "second.txt") == "second.txt"
    assert content(tmp_path / "store") == content(tmp_path / "reference")


def test_store_commands(tmp_path):
    first, second = articles(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(first), "-o", str(tmp_path / "out"), "--store",
                               str(tmp_path / "store")]).exit_code == 0
    result = runner.invoke(app, ["add", str(tmp_path / "store"), str(second)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["query", str(tmp_path / "store"),
                                 "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }",
                                 "--format", "csv"])
    assert result.output.splitlines()[1] == "2"
    result = runner.invoke(app, ["remove", str(tmp_path / "store"), "nothing.txt"])
    assert result.exit_code == 3 and "no article 'nothing.txt'" in result.output


def test_store_must_not_overwrite_another_folder(tmp_path):
    first, _ = articles(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.txt").write_text("mine", encoding="utf-8")
    from kg.errors import OutputError
    with pytest.raises(OutputError, match="not an Oxigraph store"):
        build([first], tmp_path / "out", store=tmp_path / "docs")
    assert (tmp_path / "docs" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_list_shows_the_articles_and_remove_takes_the_path_built_from(tmp_path):
    store = tmp_path / "store"
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Tom Reed said the bank would appeal.", "date": "2025-03-11"}\n'
                    '{"text": "Ana Novak was jailed for ten years on Monday.", "source": "Harbour Times"}\n',
                    encoding="utf-8")
    build([SEEDS / "001_f0dc3bd0dbfe907b.txt", feed], tmp_path / "out", store=store, formats=("facts",))
    articles = {a["name"]: a for a in list_articles(store)}
    assert set(articles) == {"001_f0dc3bd0dbfe907b.txt", "feed.jsonl:1", "feed.jsonl:2"}
    assert articles["feed.jsonl:1"]["date"] == "2025-03-11" and articles["feed.jsonl:2"]["outlet"] == "Harbour Times"
    assert int(articles["001_f0dc3bd0dbfe907b.txt"]["facts"]) > 0
    listed = CliRunner().invoke(app, ["list", str(store)])
    assert listed.exit_code == 0 and "feed.jsonl:2" in listed.output
    assert remove(store, str(SEEDS / "001_f0dc3bd0dbfe907b.txt")) == "001_f0dc3bd0dbfe907b.txt"
    assert remove(store, "feed.jsonl:1") == "feed.jsonl:1"
    assert [a["name"] for a in list_articles(store)] == ["feed.jsonl:2"]
