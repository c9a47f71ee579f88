"""The persistent graph: an on-disk Oxigraph store that `kg build --store` writes and that
`kg add` and `kg remove` change one article at a time, so a growing archive never needs a
full rebuild."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, OutputError
from kg.nquads import bulk_load, parse_lines

SKOS_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
KG = "https://w3id.org/kg-news/ontology#"
ARTICLES_QUERY = f"""
PREFIX kg: <{KG}>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?graph ?article ?file ?hash ?name ?outlet ?date
       (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {{
  GRAPH ?graph {{ ?article a schema:NewsArticle ; kg:sourceFile ?file ; kg:contentHash ?hash }}
  OPTIONAL {{ GRAPH ?graph {{ ?article kg:sourceRecord ?record }} }}
  OPTIONAL {{ GRAPH ?graph {{ ?article schema:datePublished ?date }} }}
  OPTIONAL {{ GRAPH ?graph {{ ?article schema:publisher ?publisher }} ?publisher skos:prefLabel ?outlet }}
  OPTIONAL {{ GRAPH ?graph {{ ?fact kg:inArticle ?article }} }}
  OPTIONAL {{ GRAPH ?graph {{ ?mention nif:referenceContext ?article ; a nif:Phrase }} }}
  BIND (IF(BOUND(?record), CONCAT(?file, ":", ?record), ?file) AS ?name)
}} GROUP BY ?graph ?article ?file ?hash ?name ?outlet ?date ORDER BY ?name"""
ARTICLE_FIELDS = ("graph", "article", "file", "hash", "name", "outlet", "date", "facts", "mentions")
ORPHANS_UPDATE = """
DELETE { GRAPH ?g { ?entity ?p ?o } } WHERE {
  GRAPH ?g { ?entity <http://www.w3.org/2004/02/skos/core#prefLabel> ?label ; ?p ?o }
  FILTER NOT EXISTS { GRAPH ?any { ?entity <http://groundedannotationframework.org/gaf#denotedBy> ?m } }
  FILTER NOT EXISTS { GRAPH ?any2 { ?article <https://schema.org/publisher> ?entity } }
}"""


STALE_ALIASES_UPDATE = """
DELETE { GRAPH ?graph { ?entity <http://www.w3.org/2004/02/skos/core#altLabel> ?alias } } WHERE {
  GRAPH ?graph { ?entity <http://www.w3.org/2004/02/skos/core#altLabel> ?alias }
  FILTER NOT EXISTS { GRAPH ?g { ?entity <http://groundedannotationframework.org/gaf#denotedBy> ?m .
    ?m <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?alias } }
}"""


def is_store(path: Path) -> bool:
    """An on-disk Oxigraph store (RocksDB files), as written by `kg build --store`."""
    return path.is_dir() and (path / "CURRENT").exists() and any(path.glob("MANIFEST-*"))


def recover(path: Path) -> None:
    """Finish a store swap that was cut off between its two renames (the old store is
    put back), and clear what a killed write left behind."""
    old = path.with_name(f".{path.name}.old")
    if not path.exists() and is_store(old):
        old.rename(path)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)


def write_store(lines: Iterable[bytes], path: Path) -> None:
    """Replace the store at `path` with the graph's N-Quads lines (see `kg.nquads`). The new store is written beside the old
    one and swapped in by renaming, so a crash at any moment leaves one whole store. It is
    compacted after loading: the loads' many small files made queries up to twice as slow."""
    path = Path(path)
    recover(path)
    if path.exists() and not is_store(path) and any(path.iterdir()):
        raise OutputError("E801", "folder exists and is not an Oxigraph store", path=path,
                          hint="choose an empty or new folder for --store")
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        store = ox.Store(str(fresh))
        bulk_load(store, lines)
        store.optimize()
        store.flush()
        del store
        old = path.with_name(f".{path.name}.old")
        if path.exists():
            path.rename(old)
        fresh.rename(path)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def open_store(path: Path) -> ox.Store:
    """An existing store, opened for writing."""
    path = Path(path)
    recover(path)
    if not is_store(path):
        raise InputError("E802", "not an Oxigraph store", path=path, hint="create one with kg build --store DIR")
    try:
        return ox.Store(str(path))
    except OSError as exc:
        raise InputError("E803", f"cannot open the store: {exc}", path=path,
                         hint="close other programs that use it (kg serve)") from exc


def stored_articles(store: ox.Store) -> list[dict[str, str]]:
    """Every article in the store, by name: its graph, IRI, file, name (`FILE:N` for a record),
    content hash, outlet and date where known, and how many facts and mentions it holds."""
    return [{name: solution[name].value for name in ARTICLE_FIELDS if solution[name] is not None}
            for solution in store.query(ARTICLES_QUERY, use_default_graph_as_union=True)]


def labelled(store: ox.Store) -> set[ox.NamedNode]:
    """Every node that already has a preferred label."""
    return {q.subject for q in store.quads_for_pattern(None, SKOS_PREF_LABEL, None, None)}


def add_lines(store: ox.Store, lines: Iterable[bytes]) -> None:
    """Add new articles' N-Quads lines in one transaction (a crash adds all or nothing); an
    entity the store already names keeps its one label."""
    known = labelled(store)
    store.extend([q for q in parse_lines(lines, ox.RdfFormat.N_QUADS)
                  if not (q.predicate == SKOS_PREF_LABEL and q.subject in known)])
    store.flush()


def remove_article(store: ox.Store, which: str) -> str:
    """Drop an article (by its name, the path it was built from, or its content hash), its
    graph, its provenance, the entities that no other article mentions, and aliases only it
    used, in one transaction. Returns the removed article's name."""
    asked = {which, Path(which).name}
    matches = [a for a in stored_articles(store) if asked & {a["name"], a["hash"]}]
    if not matches:
        raise InputError("E804", f"no article '{which}' in the store", hint="give a name or content hash "
                         "that `kg list STORE` shows")
    operations = []
    for article in matches:
        graph, node = f"<{article['graph']}>", f"<{article['article']}>"
        operations.append(f"DROP SILENT GRAPH {graph}")
        operations.append(f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                          f"FILTER (?s IN ({graph}, {node}) || ?o IN ({graph}, {node})) }}")
    operations.append(ORPHANS_UPDATE)
    operations.append(STALE_ALIASES_UPDATE)
    store.update(" ;\n".join(operations))
    store.flush()
    return matches[0]["name"]
