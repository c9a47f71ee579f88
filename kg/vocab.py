"""Namespaces and IRI minting. schema.org is used in its https form everywhere
(rdflib's `SDO`)."""

from __future__ import annotations

from rdflib import Namespace, URIRef

KG = Namespace("https://w3id.org/kg-news/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
DEFAULT_BASE_IRI = "https://w3id.org/kg-news/id/"


class Iris:
    """Deterministic IRIs under a configurable base: the same input always mints the same IRIs."""

    def __init__(self, base: str | None = None):
        base = base or DEFAULT_BASE_IRI
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{entity_id}")

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}")

    def graph(self, name: str) -> URIRef:
        return URIRef(f"{self.base}graph/{name}")

    def span(self, doc_id: str, start: int, end: int) -> URIRef:
        """RFC 5147 character span of a document."""
        return URIRef(f"{self.document(doc_id)}#char={start},{end}")

    def fact(self, key: str) -> URIRef:
        return URIRef(f"{self.base}fact/{key}")

    def event(self, key: str) -> URIRef:
        return URIRef(f"{self.base}event/{key}")
