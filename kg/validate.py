"""Check a graph against the project's SHACL shapes with pySHACL, the ontology mixed in so
that shapes aimed at a class also reach its subclasses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from kg.errors import InputError

GRAPH_FILES = ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld")


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    graph: rdflib.Graph


@cache
def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=(files("kg.ontology") / "shapes.ttl").read_text("utf-8"), format="turtle")


@cache
def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=(files("kg.ontology") / "kg.ttl").read_text("utf-8"), format="turtle")


def graph_file(path: Path) -> Path:
    """The file to read: the path itself, or the richest graph file in a build folder."""
    if path.is_dir():
        for name in GRAPH_FILES:
            if (path / name).exists():
                return path / name
        raise InputError("E401", "folder holds no graph file", path=path, hint="run kg build first")
    if not path.exists():
        raise InputError("E101", "no such file or directory", path=path, hint="check the path")
    return path


def read_quads(path: Path) -> list[ox.Quad]:
    """Every statement of an RDF file kg writes, parsed by Oxigraph (triples of a graph
    format land in the default graph)."""
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise InputError("E402", f"unknown RDF file type '{path.suffix}'", path=path,
                         hint="give a .ttl, .nt, .trig, .nq or .jsonld file, a build folder or a store")
    try:
        return [q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in ox.parse(path=str(path), format=rdf_format)]
    except (SyntaxError, ValueError) as exc:
        raise InputError("E403", f"not valid RDF: {exc}".splitlines()[0], path=path,
                         hint="rebuild it with kg build") from exc


def load_graph(path: Path) -> rdflib.Graph:
    """All triples of an RDF file (graphs of a dataset merged), as an rdflib graph."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in read_quads(path)}
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def validate(source: Path | str | rdflib.Graph) -> ValidationReport:
    """Validate a graph, an RDF file, or a build folder against the shapes."""
    graph = source if isinstance(source, rdflib.Graph) else load_graph(graph_file(Path(source)))
    conforms, report_graph, text = shacl_validate(
        graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
        advanced=True, allow_warnings=True)
    return ValidationReport(bool(conforms), str(text), report_graph)
