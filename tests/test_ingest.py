"""Ingest of news as people keep it: saved pages, record exports, web archives, markdown and
standard input, each built end to end and read back from what was written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import load_documents
from kg.ingest.metadata import iso_date
from kg.pipeline import build
from tests.conftest import read_jsonl

NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SDO = rdflib.Namespace("https://schema.org/")
KG = rdflib.Namespace("https://w3id.org/kg-news/ontology#")

STORY = ("<p>The High Court in Eastfield on Monday fined former minister Tom Reed $40,000 for breaching planning "
         "rules on a land deal in 2019.</p>"
         "<p>Judge Ana Lopes said the breach had been deliberate and ordered Reed to pay the costs within 30 days."
         "</p><p>Reed's lawyer, Sam Obi, said his client would appeal the ruling.</p>")
PAGE = f"""<!DOCTYPE html><html><head><title>Minister fined | Eastfield Courier</title>
<meta property="og:site_name" content="Eastfield Courier">
<meta property="og:title" content="Minister fined over land deal">
<link rel="canonical" href="https://courier.example/news/minister-fined">
<meta name="author" content="Lena Okafor">
<meta property="article:published_time" content="2025-03-11T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World news</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Minister fined over land deal</h1>{STORY}</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Celebrity chef opens new restaurant</a></li>
<li><a href="/b">Storm hits the coast</a></li></ul></aside>
<div class="advert">Buy cheap flights now! Limited offer.</div>
<section class="comments"><h3>Comments</h3><p>Great article, thanks!</p><p>He should resign at once.</p></section>
<footer>Copyright 2025 Eastfield Courier</footer></body></html>"""
FURNITURE = ("Home", "cookies", "Celebrity chef", "Storm hits", "cheap flights", "Great article", "resign",
             "Copyright")


def built(tmp_path: Path, *inputs: Path, **options) -> tuple[list[dict], list[dict], rdflib.Graph]:
    out = tmp_path / "out"
    build(list(inputs), out, formats=("ttl", "entities", "facts"), **options)
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    return read_jsonl(out / "entities.jsonl"), read_jsonl(out / "facts.jsonl"), graph


def article_nodes(graph: rdflib.Graph) -> dict[str, rdflib.term.Node]:
    return {str(graph.value(node, KG.sourceFile)) + (f":{graph.value(node, KG.sourceRecord)}"
                                                    if graph.value(node, KG.sourceRecord) else ""): node
            for node in graph.subjects(rdflib.RDF.type, SDO.NewsArticle)}


def test_a_saved_page_gives_its_main_text_and_its_own_metadata(tmp_path):
    page = tmp_path / "minister.html"
    page.write_text(PAGE, encoding="utf-8")
    entities, facts, graph = built(tmp_path, page)
    (node,) = article_nodes(graph).values()
    text = str(graph.value(node, NIF.isString))
    assert text.startswith("The High Court in Eastfield") and "appeal the ruling" in text
    assert not any(word in text for word in FURNITURE)
    assert str(graph.value(node, SDO.headline)) == "Minister fined over land deal"
    assert str(graph.value(node, SDO.datePublished)) == "2025-03-11"
    assert str(graph.value(node, SDO.url)) == "https://courier.example/news/minister-fined"
    assert str(graph.value(node, SDO.author)) == "Lena Okafor"
    assert str(graph.value(graph.value(node, SDO.publisher), rdflib.SKOS.prefLabel)) == "Eastfield Courier"
    assert ("Tom Reed", "holdsRole", "former minister") in {(f["s"], f["p"], f["o"]) for f in facts}
    for entity in entities:
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_a_sidecar_overrides_what_the_page_says(tmp_path):
    page = tmp_path / "minister.html"
    page.write_text(PAGE, encoding="utf-8")
    (tmp_path / "minister.meta.json").write_text(json.dumps({"outlet": "Harbour Times", "date": "2025-03-12"}))
    _, _, graph = built(tmp_path, page)
    (node,) = article_nodes(graph).values()
    assert str(graph.value(node, SDO.datePublished)) == "2025-03-12"
    assert str(graph.value(graph.value(node, SDO.publisher), rdflib.SKOS.prefLabel)) == "Harbour Times"
    assert str(graph.value(node, SDO.author)) == "Lena Okafor"


def test_a_jsonl_export_is_one_article_per_record_and_bad_records_are_named(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        json.dumps({"headline": "Bank fined", "content": "The High Court in Eastfield fined Karsten Bank $2 million "
                    "on Monday.", "published": "2025-03-11T10:00:00Z", "source": {"name": "Eastfield Courier"},
                    "url": "https://courier.example/a"}),
        "not json at all",
        json.dumps({"title": "A record with no text"}),
        json.dumps({"body": "Tom Reed said the bank would appeal.", "date_publish": "2025-03-12"}),
        json.dumps({"maintext": "Ana Lopes was sentenced to ten years in prison on Friday.", "date": "11/03/2025"}),
    ]), encoding="utf-8")
    skipped, warned = [], []
    documents = load_documents([feed], skipped.append, warned.append)
    assert [d.name for d in documents] == ["feed.jsonl:1", "feed.jsonl:4", "feed.jsonl:5"]
    first = next(iter(documents))
    assert (first.title, first.date, first.outlet, first.url) == (
        "Bank fined", "2025-03-11", "Eastfield Courier", "https://courier.example/a")
    assert [str(s.path) for s in skipped] == [f"{feed}:2", f"{feed}:3"]
    assert "not valid JSON" in skipped[0].reason and "no article text" in skipped[1].reason
    assert [str(w.path) for w in warned] == [f"{feed}:5"] and "11/03/2025" in warned[0].message
    documents.close()
    _, facts, graph = built(tmp_path, feed)
    assert sorted(article_nodes(graph)) == ["feed.jsonl:1", "feed.jsonl:4", "feed.jsonl:5"]
    assert ("feed.jsonl:4", "Tom Reed", "said") in {(f["doc"], f["s"], f["p"]) for f in facts}


def test_a_gzipped_export_is_read_record_by_record(tmp_path):
    import gzip

    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"text": "Tom Reed said the bank would appeal."}) + "\n")
        out.write(json.dumps({"text": "Ana Novak was jailed for ten years on Monday."}) + "\n")
    assert [d.name for d in load_documents([tmp_path])] == ["feed.jsonl.gz:1", "feed.jsonl.gz:2"]


def test_record_fields_can_be_named(tmp_path):
    items = tmp_path / "items.csv"
    items.write_text('story,when,paper\n"Ana Lopes was sentenced to ten years in prison on Friday.",2025-01-03,'
                     'Harbour Times\n', encoding="utf-8")
    (document,) = load_documents([items], fields={"text": "story", "date": "when", "outlet": "paper"})
    assert (document.name, document.date, document.outlet) == ("items.csv:2", "2025-01-03", "Harbour Times")
    result = CliRunner().invoke(app, ["build", str(items), "--out", str(tmp_path / "out"), "--field", "txt=story"])
    assert result.exit_code == 2 and "--field" in result.output


def test_a_csv_field_may_hold_a_long_article(tmp_path):
    items = tmp_path / "long.csv"
    items.write_text('text\n"' + "Tom Reed said the bank would appeal. " * 5000 + '"\n', encoding="utf-8")
    (document,) = load_documents([items])
    assert len(document.text) > 150_000


def test_a_web_archive_is_one_article_per_html_response(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "crawl.warc.gz"
    second = ("<html><body><article><p>Jane Roe, 44, was jailed for five years on Tuesday by a court in Lisbon for "
              "a fraud involving public money.</p></article></body></html>")
    with archive.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, body, kind in [("https://courier.example/b", PAGE, "text/html; charset=utf-8"),
                                ("https://courier.example/logo.png", "PNG", "image/png"),
                                ("https://courier.example/c", second, "text/html")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": "2025-04-02T08:00:00Z"}))
    _, facts, graph = built(tmp_path, archive)
    nodes = article_nodes(graph)
    assert sorted(nodes) == ["crawl.warc.gz:1", "crawl.warc.gz:2"]
    assert [str(graph.value(nodes[n], SDO.url)) for n in sorted(nodes)] == [
        "https://courier.example/b", "https://courier.example/c"]
    assert [str(graph.value(nodes[n], SDO.datePublished)) for n in sorted(nodes)] == ["2025-03-11", "2025-04-02"]
    assert ("crawl.warc.gz:2", "Jane Roe") in {(f["doc"], f["o"]) for f in facts if f["p"] == "rulingConcerns"}


def test_markdown_is_read_without_markup_and_its_dateline_stands_apart(tmp_path):
    story = tmp_path / "story.md"
    story.write_text("# Minister fined\n\n**NAIROBI, May 9** — The High Court fined former minister Tom Reed "
                     "$40,000 for breaching planning rules.\n\nHe will [appeal](https://example.org), his lawyer "
                     "*said*.\n", encoding="utf-8")
    entities, facts, graph = built(tmp_path, story)
    (node,) = article_nodes(graph).values()
    text = str(graph.value(node, NIF.isString))
    assert "**" not in text and "](" not in text and "#" not in text
    assert ("NAIROBI", "Place") in {(e["name"], e["type"]) for e in entities}
    assert ("Tom Reed", "holdsRole", "former minister") in {(f["s"], f["p"], f["o"]) for f in facts}
    assert all(not f["evidence"].startswith("NAIROBI") for f in facts if f["p"] == "ordered")
    for entity in entities:
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_folders_are_read_recursively_without_hidden_or_documentation_files(tmp_path):
    (tmp_path / "2025" / "march").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    (tmp_path / "2025" / "march" / "a.txt").write_text("Tom Reed said the bank would appeal.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Ana Lopes was sentenced to ten years in prison.", encoding="utf-8")
    (tmp_path / "README.md").write_text("How these files were collected.", encoding="utf-8")
    (tmp_path / ".cache" / "c.txt").write_text("Jane Roe was jailed.", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text(json.dumps({"date": "2025-03-01"}), encoding="utf-8")
    documents = load_documents([tmp_path])
    assert [d.name for d in documents] == ["a.txt", "b.txt"]
    documents.close()


def test_of_two_identical_texts_the_one_with_metadata_is_kept(tmp_path):
    text = "Tom Reed said the bank would appeal."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.meta.json").write_text(json.dumps({"outlet": "Harbour Times"}), encoding="utf-8")
    skipped = []
    (document,) = load_documents([tmp_path], skipped.append)
    assert (document.name, document.outlet) == ("b.txt", "Harbour Times")
    assert [(s.path.name, s.reason) for s in skipped] == [("a.txt", "same text as b.txt, built once")]


def test_standard_input_is_an_article(tmp_path):
    result = CliRunner().invoke(app, ["build", "-", "--out", str(tmp_path / "out"), "--formats", "facts"],
                                input="Tom Reed said the bank would appeal.")
    assert result.exit_code == 0, result.output
    assert {(f["doc"], f["s"], f["p"]) for f in read_jsonl(tmp_path / "out" / "facts.jsonl")} == {
        ("stdin", "Tom Reed", "said")}


def test_a_dateline_with_a_year_dates_an_undated_article(tmp_path):
    story = tmp_path / "story.md"
    story.write_text("**ACCRA, May 9, 2025** — The minister said the budget was balanced.\n", encoding="utf-8")
    undated = tmp_path / "undated.txt"
    undated.write_text("ACCRA, May 9 — The minister said the budget would be balanced.\n", encoding="utf-8")
    dated, other = load_documents([story, undated])
    assert (dated.date, other.date) == ("2025-05-09", None)
    assert dated.text.startswith("ACCRA, May 9, 2025 — The minister")


def test_only_real_dates_are_dates():
    assert [iso_date(v) for v in ("2025-03-11", "2025-03-11T09:30:00+01:00", "Tue, 11 Mar 2025 09:30:00 GMT",
                                  "11/03/2025", "2025-02-30", "yesterday")] == [
        "2025-03-11", "2025-03-11", "2025-03-11", None, None, None]
