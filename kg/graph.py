"""Build the RDF dataset: entity descriptions in one named graph, one named graph per
article with its mentions, sentences, facts and events, all tied to character spans, and
a provenance graph describing the run. No blank nodes: every node gets a minted IRI.
Terms are Oxigraph's from the start: no intermediate rdflib graph, which at scale cost more
time and memory than writing the files."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from kg.model import Document, Entity, Fact, Mention, Resolution
from kg.nquads import GraphBlocks, nquad_lines
from kg.resolve import normalise_name, slug
from kg.vocab import GAF, KG, NIF, PROV, RDF, SDO, SKOS, XSD, Iris

ENTITIES_GRAPH = "entities"
PROVENANCE_GRAPH = "provenance"


@dataclass(frozen=True)
class RunInfo:
    """What produced the graph, for the PROV-O description of the run."""

    software_version: str
    pipeline: str
    pipeline_version: str
    started: datetime | None = None
    rules: str | None = None


@cache
def predicate_table() -> dict[str, dict[str, str]]:
    data = json.loads((files("kg") / "data" / "predicates.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class Graph:
    """One named graph being built; a quad added twice is kept once."""

    def __init__(self, name: ox.NamedNode):
        self.name, self.quads = name, set()

    def add(self, triple: tuple) -> None:
        self.quads.add(ox.Quad(*triple, self.name))


def literal(value: object, datatype: ox.NamedNode | None = None) -> ox.Literal:
    return ox.Literal(str(value), datatype=datatype)


def build_graph(resolution: Resolution, base_iri: str | None = None, run: RunInfo | None = None) -> GraphBlocks:
    """The knowledge graph of a resolved build, as N-Quads lines (see `kg.nquads`), sorted
    by graph and then by line. Articles are read one at a time and each one's graph goes to
    disk as soon as it is complete, so memory holds one article's quads at most."""
    iris = Iris(base_iri)
    blocks = GraphBlocks()
    entities = Graph(iris.graph(ENTITIES_GRAPH))
    for entity in resolution.entities:
        add_entity(entities, iris, entity)
    known = {iris.entity(e.id) for e in resolution.entities}
    documents = []
    for article in resolution.articles:
        document, entity_of = article.document, resolution.entity_of(article)
        graph = Graph(iris.graph(document.id))
        add_document(graph, entities, iris, document, known)
        for mention in article.mentions:
            graph.add((iris.entity(entity_of[mention]), GAF.denotedBy, add_span(graph, iris, document, mention)))
        for fact in article.facts:
            if fact.predicate == "holdsRole" and isinstance(fact.object, str):
                fact = replace(fact, object=resolution.role(entity_of[fact.subject], fact.object))
            add_fact(graph, iris, document, fact, entity_of)
        blocks.add(graph.name.value, nquad_lines(graph.quads))
        documents.append(document.id)
    blocks.add(entities.name.value, nquad_lines(entities.quads))
    if run is not None:
        provenance = Graph(iris.graph(PROVENANCE_GRAPH))
        add_run(provenance, iris, documents, run)
        blocks.add(provenance.name.value, nquad_lines(provenance.quads))
    return blocks


def add_entity(graph: Graph, iris: Iris, entity: Entity) -> None:
    node = iris.entity(entity.id)
    graph.add((node, RDF.type, KG[entity.type]))
    graph.add((node, SKOS.prefLabel, literal(entity.name)))
    for alias in entity.aliases:
        if alias != entity.name:
            graph.add((node, SKOS.altLabel, literal(alias)))
    if entity.date is not None:
        graph.add((node, KG.date, date_literal(entity.date)))
    if entity.money is not None:
        graph.add((node, SDO.value, literal(format(Decimal(str(entity.money.value)).normalize(), "f"), datatype=XSD.decimal)))
        graph.add((node, SDO.currency, literal(entity.money.currency)))


DATE_TYPES = ((r"\d{4}-\d{2}-\d{2}", XSD.date), (r"\d{4}-\d{2}", XSD.gYearMonth), (r"\d{4}", XSD.gYear),
              (r"--\d{2}-\d{2}", XSD.gMonthDay))


def date_literal(iso: str) -> ox.Literal:
    """An ISO 8601 date with the XSD type of its precision (an ISO week stays plain text)."""
    for pattern, datatype in DATE_TYPES:
        if re.fullmatch(pattern, iso):
            return literal(iso, datatype=datatype)
    return literal(iso)


def add_document(graph: Graph, entities: Graph, iris: Iris, document: Document, known: set[ox.NamedNode]) -> None:
    """The article node, a NIF context holding the text every span points into: source file
    (and the record in it), content hash, and outlet, date, title, URL and author where known.
    An outlet the text also names is described by its entity; one only the metadata names
    is described here."""
    node = iris.document(document.id)
    graph.add((node, RDF.type, SDO.NewsArticle))
    graph.add((node, RDF.type, NIF.Context))
    graph.add((node, KG.sourceFile, literal(document.source_file or document.name)))
    graph.add((node, KG.contentHash, literal(document.id)))
    graph.add((node, NIF.isString, literal(document.text)))
    for value, predicate, datatype in ((document.record, KG.sourceRecord, None), (document.url, SDO.url, XSD.anyURI),
                                       (document.author, SDO.author, None), (document.title, SDO.headline, None),
                                       (document.date, SDO.datePublished, XSD.date)):
        if value:
            graph.add((node, predicate, literal(value, datatype=datatype)))
    if document.outlet:
        outlet = outlet_iri(iris, document.outlet)
        graph.add((node, SDO.publisher, outlet))
        if outlet not in known:
            entities.add((outlet, RDF.type, KG.MediaOutlet))
            entities.add((outlet, SKOS.prefLabel, literal(document.outlet)))


def outlet_iri(iris: Iris, outlet: str) -> ox.NamedNode:
    """The outlet named by article metadata: the same IRI as the outlet found in text."""
    return iris.entity(f"mediaoutlet/{slug(normalise_name(outlet))}")


def add_offsets(graph: Graph, iris: Iris, document: Document, start: int, end: int, kind: ox.NamedNode) -> ox.NamedNode:
    """A NIF string node for characters [start, end) of an article."""
    node = iris.span(document.id, start, end)
    graph.add((node, RDF.type, kind))
    graph.add((node, NIF.beginIndex, literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, literal(document.text[start:end])))
    graph.add((node, NIF.referenceContext, iris.document(document.id)))
    return node


def add_span(graph: Graph, iris: Iris, document: Document, mention: Mention) -> ox.NamedNode:
    """A mention: its span, linked to the sentence it occurs in."""
    node = add_offsets(graph, iris, document, mention.start, mention.end, NIF.Phrase)
    graph.add((node, NIF.sentence, add_offsets(graph, iris, document, *mention.sentence, NIF.Sentence)))
    return node


def add_fact(graph: Graph, iris: Iris, document: Document, fact: Fact, entity_of: dict[Mention, str]) -> None:
    """An assertion tied to its sentence and article, the event it describes, and the
    plain triple too, unless the article only reports it as someone's claim."""
    subject = iris.entity(entity_of[fact.subject])
    predicate = KG[fact.predicate]
    obj = iris.entity(entity_of[fact.object]) if isinstance(fact.object, Mention) else literal(fact.object)
    sentence = add_offsets(graph, iris, document, *fact.sentence, NIF.Sentence)
    key = digest(subject.value, predicate.value, obj.value, sentence.value)
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
        if fact.predicate == "said" and document.date:
            graph.add((event, KG.date, date_literal(document.date)))


def add_event(graph: Graph, iris: Iris, fact: Fact, subject: ox.NamedNode, obj, amount: ox.NamedNode | None,
              key: str) -> ox.NamedNode | None:
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


def add_run(graph: Graph, iris: Iris, documents: list[str], run: RunInfo) -> None:
    """PROV-O: which software, pipeline and rule vocabulary (by a digest of `kg/data`)
    produced each article's graph (named by the articles' ids), and when."""
    software = ox.NamedNode(f"{iris.base}software/kg/{run.software_version}")
    pipeline = ox.NamedNode(f"{iris.base}pipeline/{slug(run.pipeline)}/{slug(run.pipeline_version)}")
    run_key = digest(run.software_version, run.pipeline, run.rules or "", *sorted(documents))
    activity = ox.NamedNode(f"{iris.base}run/{run_key}")
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, SDO.name, literal("kg")))
    graph.add((software, SDO.softwareVersion, literal(run.software_version)))
    graph.add((pipeline, RDF.type, PROV.Entity))
    graph.add((pipeline, SDO.name, literal(run.pipeline)))
    graph.add((pipeline, SDO.version, literal(run.pipeline_version)))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.wasAssociatedWith, software))
    graph.add((activity, KG.pipeline, pipeline))
    graph.add((activity, PROV.used, pipeline))
    if run.rules is not None:
        rules = ox.NamedNode(f"{iris.base}rules/{run.rules}")
        graph.add((rules, RDF.type, PROV.Entity))
        graph.add((rules, SDO.name, literal("kg rule vocabulary (kg/data)")))
        graph.add((rules, SDO.identifier, literal(run.rules)))
        graph.add((activity, KG.rules, rules))
        graph.add((activity, PROV.used, rules))
    if run.started is not None:
        graph.add((activity, PROV.startedAtTime,
                   literal(run.started.astimezone(UTC).isoformat(), datatype=XSD.dateTime)))
    for document in documents:
        graph.add((activity, PROV.used, iris.document(document)))
        graph.add((iris.graph(document), PROV.wasGeneratedBy, activity))
        graph.add((iris.graph(document), PROV.wasDerivedFrom, iris.document(document)))
    graph.add((iris.graph(ENTITIES_GRAPH), PROV.wasGeneratedBy, activity))


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
