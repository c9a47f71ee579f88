"""Write the built graph out: RDF serialisations through Oxigraph, and the JSONL fact
tables produced by SPARQL over the graph itself, so they show exactly what it holds.

Formats are looked up by name in `WRITERS`; each writer turns a store into bytes.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, partial
from itertools import groupby
from importlib.resources import files
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.executors import map_batches
from kg.formats import DEFAULT_FORMATS, FORMATS
from kg.fsutil import replace_all, stage
from kg.nquads import bulk_load, parse_lines, triple_lines, unique_sorted
from kg.spool import LineFile, scratch_space
from kg.viz import EVIDENCE_SHOWN, project, render_page
from kg.vocab import GAF, KG, NIF, PROV, RDF, RDFS, SDO, SKOS, XSD

PREFIXES = {
    "kg": str(KG), "schema": str(SDO), "skos": str(SKOS), "prov": str(PROV), "nif": str(NIF),
    "gaf": str(GAF), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
}
FACT_FIELDS = ("s", "p", "o", "s_id", "o_id", "doc", "evidence", "attributed_to", "amount")
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
     nif:sentence/nif:anchorOf ?sentence ; nif:referenceContext ?article .
  ?article kg:sourceFile ?file .
  OPTIONAL { ?article kg:sourceRecord ?record }
  BIND(IF(BOUND(?record), CONCAT(?file, ":", ?record), ?file) AS ?doc)
}"""
FACT_QUERY = SPARQL_PREFIXES + """
SELECT ?s ?subject ?p ?o ?object ?label ?doc ?evidence ?claimer ?amount WHERE {
  ?st a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?predicate ;
      rdf:object ?o ; prov:wasDerivedFrom ?sentence .
  ?s skos:prefLabel ?subject .
  ?sentence nif:anchorOf ?evidence ; nif:referenceContext ?article .
  ?article kg:sourceFile ?file .
  OPTIONAL { ?article kg:sourceRecord ?record }
  BIND(IF(BOUND(?record), CONCAT(?file, ":", ?record), ?file) AS ?doc)
  OPTIONAL { ?o skos:prefLabel ?label }
  OPTIONAL { ?st kg:claimedBy/skos:prefLabel ?claimer }
  OPTIONAL { ?st kg:amount/skos:prefLabel ?amount }
  BIND(STRAFTER(STR(?predicate), STR(kg:)) AS ?p)
  BIND(COALESCE(?label, STR(?o)) AS ?object)
}"""


def serialize(items: Iterable, rdf_format: ox.RdfFormat, output: BinaryIO | None = None) -> bytes | None:
    """Items in `rdf_format` with kg's prefixes: written to `output`, or returned as bytes."""
    return ox.serialize(items, output, format=rdf_format, prefixes=PREFIXES)


@cache
def jsonld_context() -> dict:
    return json.loads((files("kg.ontology") / "context.jsonld").read_text("utf-8"))


JSONLD_SUBJECTS_PER_CHUNK = 2000


def write_jsonld(lines: Iterable[bytes], output: BinaryIO, jobs: int = 1) -> None:
    """JSON-LD compacted with the ontology's context, so keys read as plain words.

    rdflib compacts runs of a bounded number of subjects (N-Triples lines come sorted by
    subject), in `jobs` forked processes when more than one, and each run is written out
    as it comes back, in order; this bounds memory and shares the slowest writer's work."""
    context = jsonld_context()["@context"]
    output.write(b'{\n "@context": ' + json.dumps(context, sort_keys=True, ensure_ascii=False).encode("utf-8")
                 + b',\n "@graph": [')
    separator = b"\n"
    for nodes in map_batches(compact_nodes, subject_runs(lines, JSONLD_SUBJECTS_PER_CHUNK), jobs=jobs):
        output.write(separator + nodes)
        separator = b",\n"
    output.write(b"\n ]\n}\n")


def compact_nodes(lines: list[bytes]) -> bytes:
    """The JSON-LD node objects of some subjects' N-Triples lines, one per line. rdflib's
    order follows Python's string hashing, which differs between processes, so the nodes
    and the values of each key are sorted: the same graph always gives the same bytes."""
    graph = rdflib.Graph().parse(data=b"".join(lines), format="nt")
    compacted = json.loads(graph.serialize(format="json-ld", context=jsonld_context()["@context"]))
    compacted.pop("@context", None)
    nodes = sorted(compacted.get("@graph", [compacted]), key=lambda node: node.get("id", ""))
    for node in nodes:
        for value in node.values():
            if isinstance(value, list):
                value.sort(key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return b",\n".join(json.dumps(node, sort_keys=True, ensure_ascii=False).encode("utf-8") for node in nodes)


def subject_runs(lines: Iterable[bytes], size: int) -> Iterable[list[bytes]]:
    """Runs of N-Triples lines holding at most `size` subjects each, no subject split across runs."""
    run: list[bytes] = []
    subjects, subject = 0, None
    for line in lines:
        current = line[:line.index(b" ")]
        if current != subject:
            subject, subjects = current, subjects + 1
            if subjects > size:
                yield run
                run, subjects = [], 1
        run.append(line)
    if run:
        yield run


def write_graphml(entities: list[dict], facts: list[dict], output: BinaryIO) -> None:
    """The entity network for Gephi and other graph tools: every edge with an id of its own
    (tools merge edges that share one), list values (names, articles) as JSON arrays."""
    graph = project(entities, facts)
    for _, data in graph.nodes(data=True):
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = json.dumps(value, ensure_ascii=False)
    for index, (_, _, data) in enumerate(graph.edges(data=True)):
        data["id"] = f"e{index}"
    nx.write_graphml(graph, output, edge_id_from_attribute="id")


def select(store: ox.Store, query: str) -> Iterable[dict[str, str]]:
    """Rows of a SELECT query over the union of all graphs, as plain strings."""
    results = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    for solution in results:
        yield {name: solution[name].value for name in names if solution[name] is not None}


def entity_records(store: ox.Store) -> list[dict]:
    """Each entity's id, name, type, names (and sum), in the order of entities.jsonl: by
    type, name and id. Their mentions, the bulk of it, are kept apart (`mention_lines`)."""
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in select(store, ALIAS_QUERY):
        aliases[row["e"]].add(row["alias"])
    records = []
    for row in select(store, ENTITY_QUERY):
        record = {"id": row["e"], "name": row["name"], "type": row["type"],
                  "aliases": sorted(aliases[row["e"]] | {row["name"]})}
        if "value" in row:
            record["value"] = float(row["value"])
            record["currency"] = row["currency"]
        records.append(record)
    return sorted(records, key=lambda r: (r["type"], r["name"], r["id"]))


def mention_lines(store: ox.Store, records: list[dict]) -> LineFile:
    """Every mention of the `records`' entities as a line, sorted on disk so that mentions
    come grouped by entity in the records' order, each entity's by article and offset:
    an entity's position, the article, start and end as sort keys, then the mention as JSON
    (an article named with a line break keeps its line: the break sorts as a space)."""
    rank = {record["id"]: index for index, record in enumerate(records)}
    return unique_sorted(
        f"{rank[row['e']]:09d}\t{row['doc'].replace(chr(10), ' ')}\t{int(row['start']):010d}\t{int(row['end']):010d}\t".encode()
        + json.dumps({"doc": row["doc"], "start": int(row["start"]), "end": int(row["end"]),
                      "text": row["text"], "sentence": row["sentence"]}, ensure_ascii=False).encode() + b"\n"
        for row in select(store, MENTION_QUERY) if row["e"] in rank)


def mentions_by_entity(lines: Iterable[bytes]) -> Iterator[tuple[int, list[dict]]]:
    """(entity position, its mentions) from `mention_lines`, one entity at a time (the
    JSON follows the last tab: JSON escapes the tabs inside strings)."""
    for rank, group in groupby(lines, key=lambda line: line[:9]):
        yield int(rank), [json.loads(line[line.rindex(b"\t") + 1:]) for line in group]


def with_mentions(records: list[dict], lines: Iterable[bytes]) -> Iterator[dict]:
    """The entity records of entities.jsonl, each with all its mentions."""
    groups = mentions_by_entity(lines)
    group = next(groups, None)
    for index, record in enumerate(records):
        mentions = []
        if group is not None and group[0] == index:
            mentions = group[1]
            group = next(groups, None)
        yield {**record, "mentions": mentions}


def with_evidence(records: list[dict], lines: Iterable[bytes]) -> list[dict]:
    """The entity records the network views need: each with the articles naming it and its
    first few sentences (in text order), not every mention."""
    found = {index: {"docs": sorted({m["doc"] for m in mentions}),
                     "evidence": heapq.nsmallest(EVIDENCE_SHOWN, {m["sentence"] for m in mentions})}
             for index, mentions in mentions_by_entity(lines)}
    return [{**record, **found.get(index, {"docs": [], "evidence": []})} for index, record in enumerate(records)]


def fact_records(store: ox.Store) -> list[dict]:
    records = []
    for row in select(store, FACT_QUERY):
        record = {"s": row["subject"], "p": row["p"], "o": row["object"], "doc": row["doc"],
                  "evidence": row["evidence"], "s_id": row["s"]}
        if "label" in row:
            record["o_id"] = row["o"]
        if "claimer" in row:
            record["attributed_to"] = row["claimer"]
        if "amount" in row:
            record["amount"] = row["amount"]
        records.append(record)
    return sorted(records, key=lambda r: (r["doc"], r["evidence"], r["s"], r["p"], r["o"], r["s_id"],
                                          r.get("o_id", "")))


LINE_BREAKS_JSON_KEEPS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def write_jsonl(records: Iterable[dict], output: BinaryIO) -> None:
    """One JSON object per line. JSON leaves U+0085, U+2028 and U+2029 unescaped, but many
    line readers (Python's `splitlines` among them) break lines there, so they are escaped."""
    for record in records:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True)
        for char, escaped in LINE_BREAKS_JSON_KEEPS.items():
            line = line.replace(char, escaped)
        output.write(line.encode("utf-8") + b"\n")


class Tables:
    """The graph's sorted N-Quads lines (`raw`, see `kg.nquads`; read as often as needed)
    and what the writers derive from them, each computed once and shared.

    `provenance` names the graph that describes the run (it holds timestamps): it goes into
    the dataset formats (TriG, N-Quads) but not into the merged ones, which stay
    byte-identical from one build of the same input to the next. `store` is an on-disk
    Oxigraph store already holding the lines, if the build wrote one.
    """

    def __init__(self, lines: Iterable[bytes], provenance: str | None = None, jobs: int = 1,
                 store: Path | None = None):
        self.raw = lines
        self.provenance = f"<{provenance}>".encode() if provenance else None
        self.jobs = jobs
        self.store_path = store
        self.scratch: tempfile.TemporaryDirectory | None = None

    @cached_property
    def store(self) -> ox.Store:
        """For SPARQL only (it normalises some datatypes, so nothing is serialised from it):
        the build's store, else a scratch store on disk, so memory does not hold the graph."""
        if self.store_path is not None:
            return ox.Store.read_only(str(self.store_path))
        with scratch_space():
            self.scratch = tempfile.TemporaryDirectory(prefix="kg-store-")
            store = ox.Store(self.scratch.name)
            bulk_load(store, self.raw)
        return store

    @cached_property
    def triples(self) -> LineFile:
        """N-Triples lines of all graphs but the provenance graph, merged (on disk)."""
        return triple_lines(self.raw, exclude=self.provenance)

    @cached_property
    def entity_rows(self) -> list[dict]:
        return entity_records(self.store)

    @cached_property
    def mentions(self) -> LineFile:
        return mention_lines(self.store, self.entity_rows)

    @cached_property
    def entities(self) -> list[dict]:
        return with_evidence(self.entity_rows, self.mentions)

    @cached_property
    def facts(self) -> list[dict]:
        return fact_records(self.store)

    def release(self, keep: set[str]) -> None:
        """Drop the views no later writer needs (the entity and fact records are most of
        the memory at scale), and the scratch store once nothing needs it."""
        needed: set[str] = set()
        waiting = list(keep)
        while waiting:
            view = waiting.pop()
            if view not in needed:
                needed.add(view)
                if view not in self.__dict__:
                    waiting.extend(DERIVED_FROM.get(view, ()))
        for view in VIEWS:
            if view not in needed:
                self.__dict__.pop(view, None)
        if "store" not in self.__dict__ and self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None


VIEWS = ("entities", "mentions", "entity_rows", "facts", "triples", "store")
DERIVED_FROM = {"entities": ("entity_rows", "mentions"), "mentions": ("entity_rows", "store"),
                "entity_rows": ("store",), "facts": ("store",), "triples": ("raw",), "store": ("raw",)}


@dataclass(frozen=True)
class Writer:
    """An output file, the `Tables` views it reads, and how it is written."""

    file: str
    needs: tuple[str, ...]
    write: Callable[[Tables, BinaryIO], object]


def public_facts(facts: list[dict]) -> Iterable[dict]:
    return ({k: v for k, v in fact.items() if k in FACT_FIELDS} for fact in facts)


WRITERS: dict[str, Writer] = {
    "ttl": Writer("graph.ttl", ("triples",), lambda t, out: serialize(
        parse_lines(t.triples, ox.RdfFormat.N_TRIPLES), ox.RdfFormat.TURTLE, out)),
    "nt": Writer("graph.nt", ("triples",), lambda t, out: out.writelines(t.triples)),
    "trig": Writer("graph.trig", ("raw",), lambda t, out: serialize(
        parse_lines(t.raw, ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG, out)),
    "nq": Writer("graph.nq", ("raw",), lambda t, out: out.writelines(t.raw)),
    "jsonld": Writer("graph.jsonld", ("triples",), lambda t, out: write_jsonld(t.triples, out, t.jobs)),
    "graphml": Writer("graph.graphml", ("entities", "facts"),
                      lambda t, out: write_graphml(t.entities, t.facts, out)),
    "entities": Writer("entities.jsonl", ("entity_rows", "mentions"),
                       lambda t, out: write_jsonl(with_mentions(t.entity_rows, t.mentions), out)),
    "facts": Writer("facts.jsonl", ("facts",), lambda t, out: write_jsonl(public_facts(t.facts), out)),
    "html": Writer("graph.html", ("entities", "facts"), lambda t, out: out.write(render_page(t.entities, t.facts))),
}
assert tuple(WRITERS) == FORMATS, "kg.formats.FORMATS must name every writer, in order"


def write_outputs(lines: Iterable[bytes], out_dir: Path, formats: Iterable[str] = DEFAULT_FORMATS,
                  provenance: str | None = None, jobs: int = 1, store: Path | None = None) -> list[Path]:
    """Write each requested output of the graph's sorted N-Quads lines (read as often as
    needed) to a temporary file, then move them all into place; a failure on the way leaves
    the previous outputs as they were. What no later writer needs is dropped as writing
    goes on. `jobs` processes share the JSON-LD compaction; `store` (see `Tables`) saves
    loading the graph again for the SPARQL-made tables."""
    tables = Tables(lines, provenance, jobs, store)
    formats = list(formats)
    staged: list[tuple[Path, Path]] = []
    try:
        for index, name in enumerate(formats):
            writer = WRITERS[name]
            path = Path(out_dir) / writer.file
            staged.append((stage(path, partial(writer.write, tables)), path))
            tables.release({need for later in formats[index + 1:] for need in WRITERS[later].needs})
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        tables.release(set())
    replace_all(staged)
    return [path for _, path in staged]
