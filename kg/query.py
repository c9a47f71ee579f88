"""SPARQL over a built graph, on Oxigraph. A source is a build folder (its TriG, so named
graphs and provenance are there), an RDF file, or an on-disk Oxigraph store. Queries see
the union of all named graphs as their default graph, so most need no GRAPH clause."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.store import is_store, recover
from kg.validate import graph_file, read_quads

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
QUOTED = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|<[^<>\s]*>|#[^\n]*')
SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def open_source(source: Path | str) -> ox.Store:
    """A store to query: an on-disk store opened read-only, or a file loaded in memory."""
    path = Path(source)
    recover(path)
    if not path.exists():
        raise InputError("E101", "no such file or directory", path=path, hint="check the path")
    if is_store(path):
        return ox.Store.read_only(str(path))
    store = ox.Store()
    store.bulk_extend(read_quads(graph_file(path)))
    return store


def calls_out(query: str) -> bool:
    """Whether a query has a SERVICE clause (a federated call to another host), looking only
    at its keywords, not at its strings, IRIs or comments."""
    return SERVICE.search(QUOTED.sub(" ", query)) is not None


def run_query(store: ox.Store, query: str, bindings: dict[str, str] | None = None,
              allow_service: bool = False) -> Result:
    """Evaluate a SPARQL query, with variables bound beforehand where `bindings` gives them
    (a value in angle brackets is an IRI, anything else a plain literal); a syntax error
    becomes one line with its position. A SERVICE clause, which makes the query call another
    host, is refused unless `allow_service`."""
    if not allow_service and calls_out(query):
        raise InputError("E705", "SERVICE (a federated query, calling another host) is refused",
                         hint="pass --allow-service to let this query call out")
    substitutions = {ox.Variable(name): bound_term(value) for name, value in (bindings or {}).items()}
    try:
        return store.query(query, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise InputError("E701", f"SPARQL syntax error: {exc}", hint="fix the query") from exc
    except RuntimeError as exc:
        raise InputError("E703", f"cannot bind {', '.join(sorted(bindings or {}))}: {exc}",
                         hint="bind only variables the query selects") from exc


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    """'name=Jane Doe' pairs as a variable -> value map."""
    bindings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().removeprefix("?").removeprefix("$")
        if not sep or not name.isidentifier():
            raise InputError("E704", f"cannot read the binding {pair!r}", hint="write --bind NAME=VALUE")
        bindings[name] = value
    return bindings


def bound_term(value: str) -> ox.NamedNode | ox.Literal:
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    return ox.Literal(value)


def serialize_result(result: Result, fmt: str) -> bytes:
    """SELECT/ASK results in a SPARQL results format; CONSTRUCT/DESCRIBE graphs as Turtle."""
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.TURTLE)
    return result.serialize(format=RESULT_FORMATS[fmt])


def rows(result: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of plain values (empty string for unbound)."""
    names = [v.value for v in result.variables]
    return names, [[s[n].value if s[n] is not None else "" for n in names] for s in result]
