"""Namespaces and IRI minting, as Oxigraph terms (the graph is built as Oxigraph quads, never
as an rdflib graph). schema.org is used in its https form everywhere."""

from __future__ import annotations

import pyoxigraph as ox


class Namespace(str):
    """An IRI prefix whose attributes and items are named nodes: `KG.Person`, `KG["paid"]`."""

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return ox.NamedNode(self + name)

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self + name)


KG = Namespace("https://w3id.org/kg-news/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SDO = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DEFAULT_BASE_IRI = "https://w3id.org/kg-news/id/"


class Iris:
    """Deterministic IRIs under a configurable base: the same input always mints the same IRIs."""

    def __init__(self, base: str | None = None):
        base = base or DEFAULT_BASE_IRI
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, entity_id: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}entity/{entity_id}")

    def document(self, doc_id: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}doc/{doc_id}")

    def graph(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}graph/{name}")

    def span(self, doc_id: str, start: int, end: int) -> ox.NamedNode:
        """RFC 5147 character span of a document."""
        return ox.NamedNode(f"{self.base}doc/{doc_id}#char={start},{end}")

    def fact(self, key: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}fact/{key}")

    def event(self, key: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}event/{key}")
