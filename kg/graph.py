"""Build the RDF dataset: entity descriptions in one named graph, one named graph per
article with its mentions, sentences, facts and events, all tied to character spans, and
a provenance graph describing the run. No blank nodes: every node gets a minted IRI."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from kg.model import Document, Entity, Fact, Mention, Resolution
from kg.resolve import normalise_name, slug
from kg.vocab import GAF, KG, NIF, Iris

ENTITIES_GRAPH = "entities"
PROVENANCE_GRAPH = "provenance"


@dataclass(frozen=True)
class RunInfo:
    """What produced the graph, for the PROV-O description of the run."""

    software_version: str
    pipeline: str
    pipeline_version: str
    started: datetime | None = None


@cache
def predicate_table() -> dict[str, dict[str, str]]:
    data = json.loads((files("kg") / "data" / "predicates.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def build_graph(resolution: Resolution, base_iri: str | None = None, run: RunInfo | None = None) -> Dataset:
    """The knowledge graph of a resolved build."""
    iris = Iris(base_iri)
    dataset = Dataset()
    entities = dataset.graph(iris.graph(ENTITIES_GRAPH))
    for entity in resolution.entities:
        add_entity(entities, iris, entity)
    documents = {d.id: d for d in resolution.documents}
    graphs = {d.id: dataset.graph(iris.graph(d.id)) for d in resolution.documents}
    known = {iris.entity(e.id) for e in resolution.entities}
    for document in resolution.documents:
        add_document(graphs[document.id], entities, iris, document, known)
    for entity in resolution.entities:
        node = iris.entity(entity.id)
        for mention in entity.mentions:
            graph = graphs[mention.doc_id]
            graph.add((node, GAF.denotedBy, add_span(graph, iris, documents[mention.doc_id], mention)))
    for fact in resolution.facts:
        add_fact(graphs[fact.doc_id], iris, documents[fact.doc_id], fact, resolution.entity_of)
    if run is not None:
        add_run(dataset.graph(iris.graph(PROVENANCE_GRAPH)), iris, resolution.documents, run)
    return dataset


def add_entity(graph: Graph, iris: Iris, entity: Entity) -> None:
    node = iris.entity(entity.id)
    graph.add((node, RDF.type, KG[entity.type]))
    graph.add((node, SKOS.prefLabel, Literal(entity.name)))
    for alias in entity.aliases:
        if alias != entity.name:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    when = next((m.date for m in entity.mentions if m.date), None)
    if when is not None:
        graph.add((node, KG.date, date_literal(when)))
    if entity.money is not None:
        graph.add((node, SDO.value, Literal(format(Decimal(str(entity.money.value)).normalize(), "f"), datatype=XSD.decimal)))
        graph.add((node, SDO.currency, Literal(entity.money.currency)))


DATE_TYPES = ((r"\d{4}-\d{2}-\d{2}", XSD.date), (r"\d{4}-\d{2}", XSD.gYearMonth), (r"\d{4}", XSD.gYear),
              (r"--\d{2}-\d{2}", XSD.gMonthDay))


def date_literal(iso: str) -> Literal:
    """An ISO 8601 date with the XSD type of its precision (an ISO week stays plain text)."""
    for pattern, datatype in DATE_TYPES:
        if re.fullmatch(pattern, iso):
            return Literal(iso, datatype=datatype)
    return Literal(iso)


def add_document(graph: Graph, entities: Graph, iris: Iris, document: Document, known: set[URIRef]) -> None:
    """The article node: source file, content hash, and outlet and date where known. An
    outlet the text also names is described by its entity; one only the metadata names
    is described here."""
    node = iris.document(document.id)
    graph.add((node, RDF.type, SDO.NewsArticle))
    graph.add((node, KG.sourceFile, Literal(document.name)))
    graph.add((node, KG.contentHash, Literal(document.id)))
    if document.title:
        graph.add((node, SDO.headline, Literal(document.title)))
    if document.date:
        graph.add((node, SDO.datePublished, Literal(document.date, datatype=XSD.date)))
    if document.outlet:
        outlet = outlet_iri(iris, document.outlet)
        graph.add((node, SDO.publisher, outlet))
        if outlet not in known:
            entities.add((outlet, RDF.type, KG.MediaOutlet))
            entities.add((outlet, SKOS.prefLabel, Literal(document.outlet)))


def outlet_iri(iris: Iris, outlet: str) -> URIRef:
    """The outlet named by article metadata: the same IRI as the outlet found in text."""
    return iris.entity(f"mediaoutlet/{slug(normalise_name(outlet))}")


def add_offsets(graph: Graph, iris: Iris, document: Document, start: int, end: int, kind: URIRef) -> URIRef:
    """A NIF string node for characters [start, end) of an article."""
    node = iris.span(document.id, start, end)
    graph.add((node, RDF.type, kind))
    graph.add((node, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(document.text[start:end])))
    graph.add((node, NIF.referenceContext, iris.document(document.id)))
    return node


def add_span(graph: Graph, iris: Iris, document: Document, mention: Mention) -> URIRef:
    """A mention: its span, linked to the sentence it occurs in."""
    node = add_offsets(graph, iris, document, mention.start, mention.end, NIF.Phrase)
    graph.add((node, NIF.sentence, add_offsets(graph, iris, document, *mention.sentence, NIF.Sentence)))
    return node


def add_fact(graph: Graph, iris: Iris, document: Document, fact: Fact, entity_of: dict[Mention, str]) -> None:
    """An assertion tied to its sentence and article, the event it describes, and the
    plain triple too, unless the article only reports it as someone's claim."""
    subject = iris.entity(entity_of[fact.subject])
    predicate = KG[fact.predicate]
    obj = iris.entity(entity_of[fact.object]) if isinstance(fact.object, Mention) else Literal(fact.object)
    sentence = add_offsets(graph, iris, document, *fact.sentence, NIF.Sentence)
    key = digest(subject, predicate, obj, sentence)
    node = iris.fact(key)
    graph.add((node, RDF.type, KG.Assertion))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, PROV.wasDerivedFrom, sentence))
    graph.add((node, KG.inArticle, iris.document(document.id)))
    amount = iris.entity(entity_of[fact.amount]) if fact.amount is not None else None
    if amount is not None:
        graph.add((node, KG.amount, amount))
    if isinstance(fact.claimed_by, Mention):
        graph.add((node, KG.claimedBy, iris.entity(entity_of[fact.claimed_by])))
    elif fact.claimed_by is not None:
        graph.add((node, KG.claimedBy, outlet_iri(iris, fact.claimed_by) if fact.claimed_by == document.outlet
                   else iris.document(document.id)))
    else:
        graph.add((subject, predicate, obj))
    event = add_event(graph, iris, fact, subject, obj, amount, key)
    if event is not None:
        graph.add((node, KG.aboutEvent, event))


def add_event(graph: Graph, iris: Iris, fact: Fact, subject: URIRef, obj, amount: URIRef | None,
              key: str) -> URIRef | None:
    """The event node a fact describes, with each end in its role (see data/predicates.json)."""
    model = predicate_table().get(fact.predicate, {})
    if "node" in model:
        event = subject if model["node"] == "subject" else obj
    elif "event" in model:
        event = iris.event(digest(fact.doc_id, fact.event) if fact.event else key)
        graph.add((event, RDF.type, KG[model["event"]]))
    else:
        return None
    for end, value in (("subject", subject), ("object", obj)):
        if end in model and value != event:
            graph.add((event, KG[model[end]], value))
    if amount is not None:
        graph.add((event, KG.amount, amount))
    return event


def add_run(graph: Graph, iris: Iris, documents, run: RunInfo) -> None:
    """PROV-O: which software and pipeline produced each article's graph, and when."""
    software = URIRef(f"{iris.base}software/kg/{run.software_version}")
    pipeline = URIRef(f"{iris.base}pipeline/{slug(run.pipeline)}/{slug(run.pipeline_version)}")
    activity = URIRef(f"{iris.base}run/{digest(run.software_version, run.pipeline, *sorted(d.id for d in documents))}")
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, SDO.name, Literal("kg")))
    graph.add((software, SDO.softwareVersion, Literal(run.software_version)))
    graph.add((pipeline, RDF.type, PROV.Entity))
    graph.add((pipeline, SDO.name, Literal(run.pipeline)))
    graph.add((pipeline, SDO.version, Literal(run.pipeline_version)))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.wasAssociatedWith, software))
    graph.add((activity, KG.pipeline, pipeline))
    graph.add((activity, PROV.used, pipeline))
    if run.started is not None:
        graph.add((activity, PROV.startedAtTime,
                   Literal(run.started.astimezone(UTC).isoformat(), datatype=XSD.dateTime)))
    for document in documents:
        graph.add((activity, PROV.used, iris.document(document.id)))
        graph.add((iris.graph(document.id), PROV.wasGeneratedBy, activity))
        graph.add((iris.graph(document.id), PROV.wasDerivedFrom, iris.document(document.id)))
    graph.add((iris.graph(ENTITIES_GRAPH), PROV.wasGeneratedBy, activity))


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
