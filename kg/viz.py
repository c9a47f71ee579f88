"""The graph page: a networkx projection of the knowledge graph, turned into vis-network
nodes and edges by pyvis, in one self-contained HTML file with a legend, search and
filters. Nothing is fetched from a network: vis-network (shipped with pyvis) is inline.

Article text reaches the page only as JSON inside a non-executed script element, with
`<`, `>` and `&` escaped, and the page puts it on screen through text APIs (vis-network
shows string tooltips as text), so a name or quote can never become markup.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cache
from importlib.resources import files
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

LARGE_GRAPH = 1000
MOST_NODES = 2000
LAYOUT_ITERATIONS = 25
EVIDENCE_SHOWN = 3
LAYOUT_SCALE = 2000
PHYSICS = {"stabilization": {"enabled": True, "iterations": 300, "fit": True},
           "barnesHut": {"springLength": 130, "gravitationalConstant": -3500, "centralGravity": 1.0, "avoidOverlap": 0.3}}
VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@cache
def page_style() -> dict:
    return json.loads((files("kg") / "data" / "page_style.json").read_text("utf-8"))


@cache
def template() -> jinja2.Template:
    return jinja2.Template((files("kg") / "data" / "page.html").read_text("utf-8"), autoescape=False)


def project(entities: list[dict], facts: list[dict]) -> nx.MultiDiGraph:
    """Entities as nodes, entity-to-entity facts as edges; text-valued facts (roles,
    quotes) stay on their subject node. An entity record carries the articles naming it
    (`docs`) and a few of its sentences (`evidence`), not every mention."""
    graph = nx.MultiDiGraph()
    notes: dict[str, list[str]] = defaultdict(list)
    for entity in entities:
        graph.add_node(entity["id"], name=entity["name"], type=entity["type"], aliases=entity["aliases"],
                       docs=entity["docs"], evidence=entity["evidence"])
    for fact in facts:
        if fact.get("o_id") in graph:
            graph.add_edge(fact["s_id"], fact["o_id"], predicate=fact["p"], doc=fact["doc"], evidence=fact["evidence"])
        else:
            notes[fact["s_id"]].append(f"{fact['p']}: {fact['o']}")
    for node, lines in notes.items():
        if node in graph:
            graph.nodes[node]["notes"] = sorted(set(lines))
    return graph


def safe_json(value) -> str:
    """JSON that cannot end the script element it sits in, or open a comment there."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(
        ">", "\\u003e").replace("&", "\\u0026")


def node_title(data: dict) -> str:
    lines = [f"{data['name']} ({data['type']})", "Names: " + ", ".join(data["aliases"]),
             "Articles: " + ", ".join(data["docs"]), *data.get("notes", [])]
    lines += [f"“{sentence}”" for sentence in data["evidence"]]
    return "\n".join(lines)


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Fixed positions for large graphs, computed once here instead of by in-page physics."""
    positions = nx.spring_layout(nx.Graph(graph), seed=0, iterations=LAYOUT_ITERATIONS)
    return {node: (round(float(x) * LAYOUT_SCALE, 1), round(float(y) * LAYOUT_SCALE, 1))
            for node, (x, y) in positions.items()}


def most_connected(graph: nx.MultiDiGraph, limit: int = MOST_NODES) -> nx.MultiDiGraph:
    """The `limit` entities with the most relations (ties by id): a page of many thousand
    nodes is neither readable nor quick; the full graph is in the RDF files."""
    if graph.number_of_nodes() <= limit:
        return graph
    degree = dict(graph.degree())
    keep = sorted(graph.nodes, key=lambda node: (-degree[node], node))[:limit]
    return graph.subgraph(keep).copy()


def render_page(entities: list[dict], facts: list[dict]) -> bytes:
    full = project(entities, facts)
    graph = most_connected(full)
    styles, words = page_style(), page_style()["_relations"]
    degree = dict(graph.degree())
    top = max(degree.values(), default=0) or 1
    large = graph.number_of_nodes() > LARGE_GRAPH
    positions = layout(graph) if large else {}
    net = Network(directed=True)
    for node, data in sorted(graph.nodes(data=True)):
        style = styles.get(data["type"], styles["_default"])
        extra = {"x": positions[node][0], "y": positions[node][1]} if large else {}
        net.add_node(node, label=data["name"], title=node_title(data), color=style["color"], shape=style["shape"],
                     size=12 + 28 * degree[node] / top, kgType=data["type"], kgArticles=data["docs"],
                     kgNames=sorted({data["name"], *data["aliases"]}), **extra)
    ordered = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"], e[2]["doc"]))
    for index, (source, target, data) in enumerate(ordered):
        label = words.get(data["predicate"], data["predicate"])
        net.add_edge(source, target, id=f"e{index}", label=label, kgArticle=data["doc"],
                     title=f"{label}\n{data['doc']}\n“{data['evidence']}”")
    nodes, edges = net.nodes, net.edges
    options = {"physics": {"enabled": not large, **PHYSICS}, "interaction": {"hover": True, "tooltipDelay": 150},
               "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "font": {"size": 12},
                         "smooth": not large},
               "nodes": {"font": {"size": 18}}, "layout": {"randomSeed": 0}}
    counts = Counter(data["type"] for _, data in graph.nodes(data=True))
    legend = [{"type": type_, "count": counts[type_], "color": styles.get(type_, styles["_default"])["color"]}
              for type_ in sorted(counts)]
    articles = sorted({doc for _, data in graph.nodes(data=True) for doc in data["docs"]})
    data = {"nodes": nodes, "edges": edges, "options": options, "legend": legend, "articles": articles,
            "total": full.number_of_nodes()}
    html = template().render(vis_js=(VIS / "vis-network.min.js").read_text("utf-8"),
                             vis_css=(VIS / "vis-network.css").read_text("utf-8"), data=safe_json(data))
    return html.encode("utf-8")
