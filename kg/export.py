"""Write the built graph out: RDF serialisations through Oxigraph, and the JSONL fact
tables produced by SPARQL over the graph itself, so they show exactly what it holds.

Formats are looked up by name in `WRITERS`; each writer turns a store into bytes.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.fsutil import replace_all, stage
from kg.viz import project, render_page
from kg.vocab import GAF, KG, NIF, PROV, RDF, RDFS, SDO, SKOS, XSD

PREFIXES = {
    "kg": str(KG), "schema": str(SDO), "skos": str(SKOS), "prov": str(PROV), "nif": str(NIF),
    "gaf": str(GAF), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
}
FACT_FIELDS = ("s", "p", "o", "doc", "evidence", "attributed_to", "amount")
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
SELECT ?s ?subject ?p ?o ?object ?doc ?evidence ?claimer ?amount WHERE {
  ?st a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?predicate ;
      rdf:object ?o ; prov:wasDerivedFrom ?sentence .
  ?s skos:prefLabel ?subject .
  ?sentence nif:anchorOf ?evidence ; nif:referenceContext/kg:sourceFile ?doc .
  OPTIONAL { ?o skos:prefLabel ?label }
  OPTIONAL { ?st kg:claimedBy/skos:prefLabel ?claimer }
  OPTIONAL { ?st kg:amount/skos:prefLabel ?amount }
  BIND(STRAFTER(STR(?predicate), STR(kg:)) AS ?p)
  BIND(COALESCE(?label, STR(?o)) AS ?object)
}"""


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Every quad once, in a fixed order (graph, subject, predicate, object)."""
    return sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def sorted_triples(quads: Iterable[ox.Quad], exclude: ox.NamedNode | None = None) -> list[ox.Triple]:
    """The triples of all graphs (but `exclude`), merged, deduplicated and in a fixed order."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name != exclude}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(items: list, rdf_format: ox.RdfFormat) -> bytes:
    return ox.serialize(items, format=rdf_format, prefixes=PREFIXES)


@cache
def jsonld_context() -> dict:
    return json.loads((files("kg.ontology") / "context.jsonld").read_text("utf-8"))


JSONLD_SUBJECTS_PER_CHUNK = 2000


def write_jsonld(triples: list[ox.Triple]) -> bytes:
    """JSON-LD compacted with the ontology's context, so keys read as plain words.

    rdflib compacts a bounded number of subjects at a time (the triples come sorted by
    subject), which bounds its memory on a large graph. Its output order follows Python's
    string hashing, which differs between processes, so nodes and the values of each key
    are sorted here: the same graph always gives the same bytes."""
    context = jsonld_context()["@context"]
    nodes: list[dict] = []
    for chunk in subject_chunks(triples, JSONLD_SUBJECTS_PER_CHUNK):
        graph = rdflib.Graph().parse(data=serialize(chunk, ox.RdfFormat.N_TRIPLES), format="nt")
        compacted = json.loads(graph.serialize(format="json-ld", context=context))
        compacted.pop("@context", None)
        nodes.extend(compacted.get("@graph", [compacted]))
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                value.sort(key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    nodes.sort(key=lambda node: node.get("id", ""))
    document = {"@context": context, "@graph": nodes}
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")


def subject_chunks(triples: list[ox.Triple], size: int) -> Iterable[list[ox.Triple]]:
    """Runs of triples holding at most `size` subjects each, no subject split across runs."""
    chunk: list[ox.Triple] = []
    subjects = 0
    for triple in triples:
        if not chunk or triple.subject != chunk[-1].subject:
            subjects += 1
            if subjects > size:
                yield chunk
                chunk, subjects = [], 1
        chunk.append(triple)
    if chunk:
        yield chunk


def write_graphml(entities: list[dict], facts: list[dict]) -> bytes:
    """The entity network for Gephi and other graph tools."""
    graph = project(entities, facts)
    for _, data in graph.nodes(data=True):
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = " | ".join(value)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


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
        if "amount" in row:
            record["amount"] = row["amount"]
        records.append(record)
    return sorted(records, key=lambda r: (r["doc"], r["evidence"], r["s"], r["p"], r["o"]))


LINE_BREAKS_JSON_KEEPS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def jsonl(records: list[dict]) -> bytes:
    """One JSON object per line. JSON leaves U+0085, U+2028 and U+2029 unescaped, but many
    line readers (Python's `splitlines` among them) break lines there, so they are escaped."""
    lines = []
    for record in records:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True)
        for char, escaped in LINE_BREAKS_JSON_KEEPS.items():
            line = line.replace(char, escaped)
        lines.append(line + "\n")
    return "".join(lines).encode("utf-8")


class Tables:
    """The quads and what the writers derive from them, each computed once and shared.

    `provenance` names the graph that describes the run (it holds timestamps): it goes into
    the dataset formats (TriG, N-Quads) but not into the merged ones, which stay
    byte-identical from one build of the same input to the next.
    """

    def __init__(self, quads: list[ox.Quad], provenance: str | None = None):
        self.raw = quads
        self.provenance = ox.NamedNode(provenance) if provenance else None

    @cached_property
    def store(self) -> ox.Store:
        """For SPARQL only: it normalises some datatypes, so nothing is serialised from it."""
        store = ox.Store()
        store.bulk_extend(self.raw)
        return store

    @cached_property
    def triples(self) -> list[ox.Triple]:
        return sorted_triples(self.raw, exclude=self.provenance)

    @cached_property
    def quads(self) -> list[ox.Quad]:
        return sorted_quads(self.raw)

    @cached_property
    def entities(self) -> list[dict]:
        return entity_records(self.store)

    @cached_property
    def facts(self) -> list[dict]:
        return fact_records(self.store)


WRITERS: dict[str, tuple[str, Callable[[Tables], bytes]]] = {
    "ttl": ("graph.ttl", lambda tables: serialize(tables.triples, ox.RdfFormat.TURTLE)),
    "nt": ("graph.nt", lambda tables: serialize(tables.triples, ox.RdfFormat.N_TRIPLES)),
    "trig": ("graph.trig", lambda tables: serialize(tables.quads, ox.RdfFormat.TRIG)),
    "nq": ("graph.nq", lambda tables: serialize(tables.quads, ox.RdfFormat.N_QUADS)),
    "jsonld": ("graph.jsonld", lambda tables: write_jsonld(tables.triples)),
    "graphml": ("graph.graphml", lambda tables: write_graphml(tables.entities, tables.facts)),
    "entities": ("entities.jsonl", lambda tables: jsonl(tables.entities)),
    "facts": ("facts.jsonl", lambda tables: jsonl([{k: v for k, v in f.items() if k in FACT_FIELDS}
                                                   for f in tables.facts])),
    "html": ("graph.html", lambda tables: render_page(tables.entities, tables.facts)),
}
DEFAULT_FORMATS = tuple(WRITERS)


def write_outputs(quads: list[ox.Quad], out_dir: Path, formats: Iterable[str] = DEFAULT_FORMATS,
                  provenance: str | None = None) -> list[Path]:
    """Render each requested output to a temporary file as soon as it is ready (so no more
    than one is held in memory), then move them all into place; a failure on the way leaves
    the previous outputs as they were."""
    tables = Tables(quads, provenance)
    staged: list[tuple[Path, Path]] = []
    try:
        for name in formats:
            path = Path(out_dir) / WRITERS[name][0]
            staged.append((stage(path, WRITERS[name][1](tables)), path))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    replace_all(staged)
    return [path for _, path in staged]
