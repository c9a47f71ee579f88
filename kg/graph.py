"""Build the RDF dataset: entity descriptions in one named graph, and for each article a
named graph with its mentions, sentences and facts, all tied to character spans."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import RDF, XSD, Dataset, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from kg.model import Document, Entity, Fact, Mention, Resolution
from kg.resolve import slug
from kg.vocab import GAF, KG, NIF, Iris

ENTITIES_GRAPH = "entities"


def build_graph(resolution: Resolution, base_iri: str | None = None) -> Dataset:
    """The knowledge graph of a resolved build, with no blank nodes."""
    iris = Iris(base_iri) if base_iri else Iris()
    dataset = Dataset()
    entities = dataset.graph(iris.graph(ENTITIES_GRAPH))
    for entity in resolution.entities:
        add_entity(entities, iris, entity)
    documents = {d.id: d for d in resolution.documents}
    graphs = {d.id: dataset.graph(iris.graph(d.id)) for d in resolution.documents}
    for document in resolution.documents:
        add_document(graphs[document.id], entities, iris, document)
    for entity in resolution.entities:
        node = iris.entity(entity.id)
        for mention in entity.mentions:
            graph = graphs[mention.doc_id]
            graph.add((node, GAF.denotedBy, add_span(graph, iris, documents[mention.doc_id], mention, NIF.Phrase)))
    for fact in resolution.facts:
        add_fact(graphs[fact.doc_id], iris, documents[fact.doc_id], fact, resolution.entity_of)
    return dataset


def add_entity(graph, iris: Iris, entity: Entity) -> None:
    node = iris.entity(entity.id)
    graph.add((node, RDF.type, KG[entity.type]))
    graph.add((node, SKOS.prefLabel, Literal(entity.name)))
    for alias in entity.aliases:
        if alias != entity.name:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.money is not None:
        graph.add((node, SDO.value, Literal(Decimal(str(entity.money.value)), datatype=XSD.decimal)))
        graph.add((node, SDO.currency, Literal(entity.money.currency)))


def add_document(graph, entities, iris: Iris, document: Document) -> None:
    """The article node: source file, content hash, and outlet and date where known."""
    node = iris.document(document.id)
    graph.add((node, RDF.type, SDO.NewsArticle))
    graph.add((node, KG.sourceFile, Literal(document.name)))
    graph.add((node, KG.contentHash, Literal(document.id)))
    if document.title:
        graph.add((node, SDO.headline, Literal(document.title)))
    if document.date:
        graph.add((node, SDO.datePublished, Literal(document.date, datatype=XSD.date)))
    if document.outlet:
        outlet = iris.entity(f"mediaoutlet/{slug(document.outlet)}")
        graph.add((node, SDO.publisher, outlet))
        entities.add((outlet, RDF.type, KG.MediaOutlet))
        entities.add((outlet, SKOS.prefLabel, Literal(document.outlet)))


def add_span(graph, iris: Iris, document: Document, mention: Mention, kind: URIRef) -> URIRef:
    """A NIF string node for a mention, linked to its sentence and document."""
    node = iris.span(document.id, mention.start, mention.end)
    graph.add((node, RDF.type, kind))
    graph.add((node, NIF.beginIndex, Literal(mention.start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(mention.end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(mention.text)))
    graph.add((node, NIF.referenceContext, iris.document(document.id)))
    graph.add((node, NIF.sentence, add_sentence(graph, iris, document, mention.sentence)))
    return node


def add_sentence(graph, iris: Iris, document: Document, sentence: tuple[int, int]) -> URIRef:
    start, end = sentence
    node = iris.span(document.id, start, end)
    graph.add((node, RDF.type, NIF.Sentence))
    graph.add((node, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(document.text[start:end])))
    graph.add((node, NIF.referenceContext, iris.document(document.id)))
    return node


def add_fact(graph, iris: Iris, document: Document, fact: Fact, entity_of: dict[Mention, str]) -> None:
    """A reified statement tied to its sentence; the plain triple too, unless the
    article only reports it as someone's claim."""
    subject = iris.entity(entity_of[fact.subject])
    predicate = KG[fact.predicate]
    obj = iris.entity(entity_of[fact.object]) if isinstance(fact.object, Mention) else Literal(fact.object)
    sentence = add_sentence(graph, iris, document, fact.sentence)
    key = hashlib.sha256("\x1f".join(map(str, (subject, predicate, obj, sentence))).encode("utf-8")).hexdigest()[:16]
    node = iris.fact(key)
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, PROV.wasDerivedFrom, sentence))
    if fact.claimed_by is not None:
        graph.add((node, KG.claimedBy, iris.entity(entity_of[fact.claimed_by])))
    else:
        graph.add((subject, predicate, obj))
