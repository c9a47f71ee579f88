"""The RDF writer, fed hand-made plain data (no spaCy): events, claims and provenance."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib import RDF, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, SDO, SKOS

from kg.nquads import parse_lines, triple_lines
from kg.graph import build_graph
from kg.model import Document, Extraction, Fact, Mention, Money
from kg.resolve import resolve

KG = rdflib.Namespace("https://w3id.org/kg-news/ontology#")
BASE = "https://example.org/kg/"


def mention(doc: Document, text: str, type_: str, money: Money | None = None) -> Mention:
    start = doc.text.index(text)
    return Mention(doc.id, start, start + len(text), text, type_, (0, len(doc.text)), money)


def merged(lines) -> rdflib.Graph:
    """The N-Quads lines' triples, all graphs merged, read back by rdflib (an independent reader)."""
    return rdflib.Graph().parse(data=b"".join(triple_lines(lines)), format="nt")


def payment_build():
    doc = Document("a" * 16, "a.txt", "Freedonia paid Sylvania €5 million to build a bridge.", outlet="Daily Bugle")
    payer, payee = mention(doc, "Freedonia", "Place"), mention(doc, "Sylvania", "Place")
    amount = mention(doc, "€5 million", "MonetaryAmount", Money(5_000_000, "EUR"))
    facts = (Fact(payer, "paid", payee, doc.id, (0, len(doc.text)), event="p1", amount=amount),
             Fact(amount, "paidFor", "build a bridge", doc.id, (0, len(doc.text)), event="p1"))
    return resolve([Extraction(doc, (payer, payee, amount), facts)])


def test_payment_is_one_event_node_with_its_four_roles():
    graph = merged(build_graph(payment_build(), BASE))
    (payment,) = graph.subjects(RDF.type, KG.Payment)
    label = {p: str(graph.value(graph.value(payment, p), SKOS.prefLabel)) for p in (KG.payer, KG.payee, KG.amount)}
    assert label == {KG.payer: "Freedonia", KG.payee: "Sylvania", KG.amount: "€5 million"}
    assert graph.value(payment, KG.purpose) == Literal("build a bridge")
    amount = graph.value(payment, KG.amount)
    assert graph.value(amount, SDO.value) == Literal("5000000", datatype=rdflib.XSD.decimal)
    assert graph.value(amount, SDO.currency) == Literal("EUR")
    assertions = set(graph.subjects(KG.aboutEvent, payment))
    assert len(assertions) == 2
    assert all(str(a).startswith(BASE + "fact/") for a in assertions)


def test_no_blank_nodes_and_iris_under_the_base():
    graph = merged(build_graph(payment_build(), BASE))
    nodes = {t for triple in graph for t in triple if not isinstance(t, Literal)}
    assert not any(isinstance(n, rdflib.BNode) for n in nodes)
    minted = {n for n in nodes if str(n).startswith(BASE)}
    assert {str(n).split("/")[len(BASE.split("/")) - 1] for n in minted} == {"entity", "doc", "fact", "event"}


def test_claims_from_two_sources_that_disagree_are_both_kept():
    first = Document("b" * 16, "b.txt", "Officials say Jon Ode belongs to the Red Hand gang.", outlet="Outlet One")
    second = Document("c" * 16, "c.txt", "His lawyer says Jon Ode has no tie to the Red Hand.", outlet="Outlet Two")
    extractions = []
    for doc, claimer_text, claimer_type in ((first, "Officials", "GovernmentBody"), (second, "lawyer", "Person")):
        person, gang = mention(doc, "Jon Ode", "Person"), mention(doc, "Red Hand", "CriminalOrganization")
        claimer = mention(doc, claimer_text, claimer_type)
        facts = (Fact(person, "memberOf", gang, doc.id, (0, len(doc.text)), claimed_by=claimer),) if doc is first else ()
        extractions.append(Extraction(doc, (person, gang, claimer), facts))
    graph = merged(build_graph(resolve(extractions), BASE))
    jon = next(graph.subjects(SKOS.prefLabel, Literal("Jon Ode")))
    gang = next(graph.subjects(SKOS.prefLabel, Literal("Red Hand")))
    assert (jon, KG.memberOf, gang) not in graph, "a claim must not be asserted as established"
    (claim,) = graph.subjects(RDF.subject, jon)
    assert graph.value(graph.value(claim, KG.claimedBy), SKOS.prefLabel) == Literal("Officials")
    article = graph.value(claim, KG.inArticle)
    publisher = graph.value(article, SDO.publisher)
    assert graph.value(publisher, SKOS.prefLabel) == Literal("Outlet One")
    assert {str(graph.value(d, KG.sourceFile)) for d in graph.subjects(RDF.type, SDO.NewsArticle)} == {"b.txt", "c.txt"}


def test_same_input_same_triples_and_base_iri_is_configurable():
    one = list(build_graph(payment_build(), BASE))
    two = list(build_graph(payment_build(), BASE))
    assert one == two
    other = merged(build_graph(payment_build(), "https://other.example/"))
    assert all(not str(t).startswith(BASE) for triple in other for t in triple)
    assert isomorphic(merged(build_graph(payment_build(), BASE)), merged(build_graph(payment_build(), BASE)))


def test_every_article_graph_is_named_after_its_content_hash():
    lines = list(build_graph(payment_build(), BASE))
    assert lines == sorted(lines, key=lambda line: line.rsplit(b" <", 1)[1])
    quads = list(parse_lines(lines, ox.RdfFormat.N_QUADS))
    names = {q.graph_name.value for q in quads}
    assert names == {BASE + "graph/" + "a" * 16, BASE + "graph/entities"}
    article = ox.NamedNode(BASE + "graph/" + "a" * 16)
    assert ox.Quad(ox.NamedNode(BASE + "doc/" + "a" * 16), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SDO.NewsArticle)),
                   article) in quads
    assert not list(merged(lines).subjects(RDF.type, PROV.Activity))


def test_event_dates_carry_the_xsd_type_of_their_precision():
    from kg.graph import date_literal
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert date_literal("2025-04-10").datatype.value == xsd + "date"
    assert date_literal("2025-03").datatype.value == xsd + "gYearMonth"
    assert date_literal("2024").datatype.value == xsd + "gYear"
    assert date_literal("--04-14").datatype.value == xsd + "gMonthDay"
    assert date_literal("2025-W15").datatype.value == xsd + "string"


def test_a_role_written_short_is_published_in_full_when_the_person_holds_it_in_full_elsewhere():
    docs = [Document(c * 16, f"{c}.txt", text) for c, text in
            (("c", "Governor of Ruritania Jane Roe spoke."), ("d", "Governor Jane Roe left."))]
    extractions = []
    for doc, role in zip(docs, ("Governor of Ruritania", "Governor")):
        person = mention(doc, "Jane Roe", "Person")
        extractions.append(Extraction(doc, (person,), (Fact(person, "holdsRole", role, doc.id, (0, len(doc.text))),)))
    graph = merged(build_graph(resolve(extractions), BASE))
    roles = {str(o) for o in graph.objects(None, KG.holdsRole)}
    assert roles == {"Governor of Ruritania"}
    assert len(set(graph.subjects(RDF.type, KG.Assertion))) == 2


def test_a_statement_is_an_event_with_speaker_words_date_and_sentence():
    doc = Document("b" * 16, "b.txt", "Jane Roe said the bridge was safe.", outlet="Daily Bugle", date="2025-04-10")
    speaker = mention(doc, "Jane Roe", "Person")
    facts = (Fact(speaker, "said", "the bridge was safe", doc.id, (0, len(doc.text))),)
    graph = merged(build_graph(resolve([Extraction(doc, (speaker,), facts)]), BASE))
    (statement,) = graph.subjects(RDF.type, KG.Statement)
    assert str(graph.value(graph.value(statement, KG.speaker), SKOS.prefLabel)) == "Jane Roe"
    assert graph.value(statement, KG.quote) == Literal("the bridge was safe")
    assert graph.value(statement, KG.date) == Literal("2025-04-10", datatype=rdflib.XSD.date)
    (assertion,) = graph.subjects(KG.aboutEvent, statement)
    assert graph.value(assertion, PROV.wasDerivedFrom) is not None
