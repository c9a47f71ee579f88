"""The persistent store: build into it, add articles without a rebuild, remove them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import add, build, remove
from kg.query import open_source, run_query

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
