"""The graph page: a networkx projection of the knowledge graph drawn with pyvis, made
into one self-contained HTML file (vis-network inline, nothing fetched from a network)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from importlib.resources import files

import networkx as nx
from pyvis.network import Network

REMOTE_TAG = re.compile(r"<(link|script)\b[^>]*\b(href|src)\s*=\s*[\"']https?://[^>]*>(\s*</script>)?", re.IGNORECASE)
PHYSICS = {"stabilization": {"enabled": True, "iterations": 300}, "barnesHut": {"springLength": 150}}


@cache
def page_style() -> dict[str, dict[str, str]]:
    return json.loads((files("kg") / "data" / "page_style.json").read_text("utf-8"))


def project(entities: list[dict], facts: list[dict]) -> nx.MultiDiGraph:
    """Entities as nodes, entity-to-entity facts as edges; text-valued facts (roles,
    quotes) stay on their subject node."""
    graph = nx.MultiDiGraph()
    notes: dict[str, list[str]] = defaultdict(list)
    for entity in entities:
        graph.add_node(entity["id"], name=entity["name"], type=entity["type"], aliases=entity["aliases"],
                       docs=sorted({m["doc"] for m in entity["mentions"]}))
    for fact in facts:
        if fact["o_id"] in graph:
            graph.add_edge(fact["s_id"], fact["o_id"], predicate=fact["p"], doc=fact["doc"], evidence=fact["evidence"])
        else:
            notes[fact["s_id"]].append(f"{fact['p']}: {fact['o']}")
    for node, lines in notes.items():
        if node in graph:
            graph.nodes[node]["notes"] = sorted(set(lines))
    return graph


def render_page(entities: list[dict], facts: list[dict]) -> bytes:
    """The page's HTML. Tooltips are plain text (vis-network shows string titles as text),
    and pyvis embeds the data with Jinja's `tojson`, which escapes `<`, `>` and `&`."""
    graph = project(entities, facts)
    degree = dict(graph.degree())
    styles = page_style()
    net = Network(height="95vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    for node, data in sorted(graph.nodes(data=True)):
        style = styles.get(data["type"], styles["_default"])
        lines = [f"{data['name']} ({data['type']})", "aliases: " + ", ".join(data["aliases"]),
                 "articles: " + ", ".join(data["docs"]), *data.get("notes", [])]
        net.add_node(node, label=data["name"], title="\n".join(lines), color=style["color"],
                     shape=style["shape"], size=10 + 4 * degree.get(node, 0))
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])):
        net.add_edge(source, target, label=data["predicate"], title=f"{data['predicate']}\n{data['doc']}\n{data['evidence']}")
    net.set_options(json.dumps({"physics": PHYSICS, "interaction": {"hover": True}}))
    html = REMOTE_TAG.sub("", net.generate_html(notebook=False))
    return html.encode("utf-8")
