"""Write the built graph out: RDF serialisations through Oxigraph, and the JSONL fact
tables produced by SPARQL over the graph itself, so they show exactly what it holds.

Formats are looked up by name in `WRITERS`; each writer turns a store into bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.fsutil import atomic_write
from kg.viz import render_page
from kg.vocab import GAF, KG, NIF

PREFIXES = {
    "kg": str(KG), "schema": str(SDO), "skos": str(SKOS), "prov": str(PROV), "nif": str(NIF),
    "gaf": str(GAF), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
}
FACT_FIELDS = ("s", "p", "o", "doc", "evidence", "attributed_to")
SPARQL_PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())

ENTITY_QUERY = SPARQL_PREFIXES + """
SELECT ?e ?type ?name ?value ?currency WHERE {
  ?e a ?class ; skos:prefLabel ?name .
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
  BIND(STRAFTER(STR(?class), STR(kg:)) AS ?type)
  OPTIONAL { ?e schema:value ?value ; schema:currency ?currency }
}"""
ALIAS_QUERY = SPARQL_PREFIXES + "SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias }"
MENTION_QUERY = SPARQL_PREFIXES + """
SELECT ?e ?doc ?start ?end ?text ?sentence WHERE {
  ?e gaf:denotedBy ?m .
  ?m nif:beginIndex ?start ; nif:endIndex ?end ; nif:anchorOf ?text ;
     nif:sentence/nif:anchorOf ?sentence ; nif:referenceContext/kg:sourceFile ?doc .
}"""
FACT_QUERY = SPARQL_PREFIXES + """
SELECT ?s ?subject ?p ?o ?object ?doc ?evidence ?claimer WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?predicate ;
      rdf:object ?o ; prov:wasDerivedFrom ?sentence .
  ?s skos:prefLabel ?subject .
  ?sentence nif:anchorOf ?evidence ; nif:referenceContext/kg:sourceFile ?doc .
  OPTIONAL { ?o skos:prefLabel ?label }
  OPTIONAL { ?st kg:claimedBy/skos:prefLabel ?claimer }
  BIND(STRAFTER(STR(?predicate), STR(kg:)) AS ?p)
  BIND(COALESCE(?label, STR(?o)) AS ?object)
}"""


def to_oxigraph(dataset: Dataset) -> ox.Store:
    """Copy an rdflib dataset into an in-memory Oxigraph store (quads keep their graph)."""
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(term(s), term(p), term(o), term(getattr(g, "identifier", g)))
        for s, p, o, g in dataset.quads((None, None, None, None))
    )
    return store


def term(node) -> ox.NamedNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    if isinstance(node, BNode):
        raise ValueError(f"blank node {node!r} in the published graph: mint an IRI for it")
    raise TypeError(f"unsupported RDF term {node!r}")


def sorted_triples(store: ox.Store) -> list[ox.Triple]:
    """All triples of all graphs, merged, deduplicated and in a fixed order."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def write_turtle(store: ox.Store) -> bytes:
    return ox.serialize(sorted_triples(store), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def select(store: ox.Store, query: str) -> Iterable[dict[str, str]]:
    """Rows of a SELECT query over the union of all graphs, as plain strings."""
    results = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    for solution in results:
        yield {name: solution[name].value for name in names if solution[name] is not None}


def entity_records(store: ox.Store) -> list[dict]:
    aliases: dict[str, set[str]] = defaultdict(set)
    mentions: dict[str, list[dict]] = defaultdict(list)
    for row in select(store, ALIAS_QUERY):
        aliases[row["e"]].add(row["alias"])
    for row in select(store, MENTION_QUERY):
        mentions[row["e"]].append({
            "doc": row["doc"], "start": int(row["start"]), "end": int(row["end"]),
            "text": row["text"], "sentence": row["sentence"],
        })
    records = []
    for row in select(store, ENTITY_QUERY):
        record = {
            "id": row["e"], "name": row["name"], "type": row["type"],
            "aliases": sorted(aliases[row["e"]] | {row["name"]}),
            "mentions": sorted(mentions[row["e"]], key=lambda m: (m["doc"], m["start"], m["end"])),
        }
        if "value" in row:
            record["value"] = float(row["value"])
            record["currency"] = row["currency"]
        records.append(record)
    return sorted(records, key=lambda r: (r["type"], r["name"], r["id"]))


def fact_records(store: ox.Store) -> list[dict]:
    records = []
    for row in select(store, FACT_QUERY):
        record = {"s": row["subject"], "p": row["p"], "o": row["object"], "doc": row["doc"],
                  "evidence": row["evidence"], "s_id": row["s"], "o_id": row["o"]}
        if "claimer" in row:
            record["attributed_to"] = row["claimer"]
        records.append(record)
    return sorted(records, key=lambda r: (r["doc"], r["evidence"], r["s"], r["p"], r["o"]))


def jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records).encode("utf-8")


class Tables:
    """The JSONL tables of a store, computed once and shared by the writers that need them."""

    def __init__(self, store: ox.Store):
        self.store = store

    @cached_property
    def entities(self) -> list[dict]:
        return entity_records(self.store)

    @cached_property
    def facts(self) -> list[dict]:
        return fact_records(self.store)


WRITERS: dict[str, tuple[str, Callable[[Tables], bytes]]] = {
    "ttl": ("graph.ttl", lambda tables: write_turtle(tables.store)),
    "entities": ("entities.jsonl", lambda tables: jsonl(tables.entities)),
    "facts": ("facts.jsonl", lambda tables: jsonl([{k: v for k, v in f.items() if k in FACT_FIELDS}
                                                   for f in tables.facts])),
    "html": ("graph.html", lambda tables: render_page(tables.entities, tables.facts)),
}
DEFAULT_FORMATS = ("ttl", "entities", "facts", "html")


def write_outputs(store: ox.Store, out_dir: Path, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Render every requested output first, then move each into place atomically."""
    tables = Tables(store)
    rendered = [(Path(out_dir) / WRITERS[name][0], WRITERS[name][1](tables)) for name in formats]
    for path, data in rendered:
        atomic_write(path, data)
    return [path for path, _ in rendered]
