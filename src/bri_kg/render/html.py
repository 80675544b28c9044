"""Self-contained offline HTML page of a network: vis-network inlined, layout precomputed, text escaped."""

from __future__ import annotations

import importlib.resources
import math
from pathlib import Path
from typing import Any

import networkx as nx

from bri_kg.render.style import legend, node_colours, node_size, positions, top_nodes, with_term

__all__ = [
    "EVIDENCE_SHOWN",
    "LABELLED_NODES",
    "PHYSICS_MAX_NODES",
    "VIS_VERSION",
    "html_data",
    "render_html",
    "write_html",
]

VIS_VERSION = "9.1.2"
# Above this many nodes the browser's physics is too slow: the Python layout is shown as is.
PHYSICS_MAX_NODES = 300
# Nodes with a visible label when the graph is larger than this (the most counted ones).
LABELLED_NODES = 150
# Evidence rows kept per edge in the page; the count of the rest is shown.
EVIDENCE_SHOWN = 50
# Clusters offered in the filter list (the largest ones; singletons never).
FILTER_CLUSTERS = 60
_EVIDENCE_HEADINGS = {
    "cocitation": "Citing works",
    "coupling": "Shared references",
    "citation": "Reference entries",
    "topics": "Document units",
    "coauthorship": "Joint works",
}
_FACT_KEYS = (
    ("kind", "kind"),
    ("facet", "facet"),
    ("year", "year"),
    ("mean_year", "mean year of its documents"),
    ("count", "count"),
    ("units", "document units"),
    ("cluster", "cluster"),
    ("cluster_label", "cluster label (LLR)"),
    ("degree", "degree"),
    ("weighted_degree", "weighted degree"),
    ("betweenness", "betweenness"),
    ("pagerank", "PageRank"),
    ("burst_start", "strongest burst from"),
    ("burst_end", "strongest burst until"),
    ("burstness", "burst strength"),
    ("sigma", "sigma"),
)


def write_html(G: nx.Graph, path: Path, *, title: str, seed: int = 42) -> None:
    """Write the interactive page of ``G`` to ``path``."""
    path.write_text(render_html(G, title=title, seed=seed), encoding="utf-8")


def render_html(G: nx.Graph, *, title: str, seed: int = 42) -> str:
    """The page as a string: one file with vis-network's JS/CSS inlined and no external URL to load."""
    import jinja2
    from markupsafe import Markup

    from bri_kg import __version__

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bri_kg.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    js, css = _vis_assets()
    return env.get_template("network.html.j2").render(
        title=title,
        note=G.graph.get("note", ""),
        summary=_summary(G),
        data=html_data(G, seed=seed),
        vis_js=Markup(js),
        vis_css=Markup(css),
        version=__version__,
        filename=_filename(title),
    )


def html_data(G: nx.Graph, *, seed: int = 42) -> dict[str, Any]:
    """Everything the page script needs, as JSON-ready data (nodes, edges, documents, legend, options)."""
    pos = positions(G, seed=seed)
    n = G.number_of_nodes()
    scale = 200.0 + 90.0 * math.sqrt(n)
    counts = [d.get("count", 0) for _, d in G.nodes(data=True)]
    largest, smallest = max(counts, default=0), min(counts, default=0)
    colours = node_colours(G)
    # In a crowded graph only the most counted nodes keep a visible label; search still finds every one.
    labelled = set(top_nodes(G, LABELLED_NODES)) if n > LABELLED_NODES else set(G)
    nodes = []
    for node, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])):
        x, y = pos[node]
        label = str(d.get("label", node))
        name = d.get("title") or label
        nodes.append(
            {
                "id": str(node),
                "label": label if node in labelled else "",
                "search": label,
                "name": str(name),
                "doi": d.get("doi"),
                "x": round(scale * x, 2),
                "y": round(-scale * y, 2),
                "size": round(node_size(d.get("count", 0), largest, smallest=smallest, largest_size=32), 2),
                "color": colours[node],
                "shape": "diamond" if d.get("kind") == "citing" else "dot",
                "tip": _node_tip(d, name),
                "facts": _facts(d),
                "cluster": d.get("cluster") if isinstance(d.get("cluster"), int) else None,
                "facet": str(d["facet"]) if d.get("facet") else None,
                "year": _node_year(d),
            }
        )
    edges: list[dict[str, Any]] = []
    documents: list[dict[str, str]] = []
    # Each document is stored once and edges point at it: a document behind many edges costs one entry.
    document_index: dict[tuple[str, str, str, str], int] = {}
    top = max((float(d.get("weight", 1.0)) for _, _, d in G.edges(data=True)), default=1.0) or 1.0
    for k, (u, v, d) in enumerate(sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))):
        items = list(d.get("evidence", []))
        refs = []
        for item in items[:EVIDENCE_SHOWN]:
            doc = _evidence_item(item)
            key = (doc["iri"], doc["title"], doc["text"], doc["doi"])
            if key not in document_index:
                document_index[key] = len(documents)
                documents.append(doc)
            refs.append(document_index[key])
        edges.append(
            {
                "id": k,
                "from": str(u),
                "to": str(v),
                "width": round(0.5 + 5.0 * float(d.get("weight", 1.0)) / top, 2),
                "tip": _edge_tip(d),
                "evidence": refs,
                "more": max(0, len(items) - EVIDENCE_SHOWN),
            }
        )
    return {
        "nodes": nodes,
        "edges": edges,
        "documents": documents,
        "evidenceHeading": _EVIDENCE_HEADINGS.get(G.graph.get("kind", ""), "Evidence"),
        "legend": [{"colour": e.colour, "label": e.label, "size": e.size} for e in legend(G)],
        "clusters": _filter_clusters(G, colours),
        "facets": sorted({n["facet"] for n in nodes if n["facet"]}),
        "years": _year_range(nodes),
        "physics": G.number_of_nodes() <= PHYSICS_MAX_NODES,
        "options": _options(G, seed=seed),
    }


def _node_year(d: dict[str, Any]) -> int | None:
    """The year a node is filtered by: its publication year, else the mean year of its documents."""
    for key in ("year", "mean_year"):
        value = d.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return round(value)
    return None


def _year_range(nodes: list[dict[str, Any]]) -> list[int] | None:
    years = [n["year"] for n in nodes if n["year"] is not None]
    return [min(years), max(years)] if years else None


def _filter_clusters(G: nx.Graph, colours: dict[Any, str]) -> list[dict[str, Any]]:
    """The clusters of two or more nodes, largest first, named like the legend (top node, LLR term)."""
    members: dict[int, list[Any]] = {}
    for n, c in G.nodes(data="cluster"):
        if isinstance(c, int):
            members.setdefault(c, []).append(n)
    found = []
    for c in sorted(members, key=lambda c: (-len(members[c]), c))[:FILTER_CLUSTERS]:
        if len(members[c]) < 2:
            continue
        head = top_nodes(G.subgraph(members[c]), 1)[0]
        name = with_term(str(G.nodes[head].get("label", head)), G.nodes[head].get("cluster_label"))
        found.append(
            {"id": c, "label": f"Cluster {c + 1}: {name} ({len(members[c])})", "colour": colours[head]}
        )
    return found


def _options(G: nx.Graph, *, seed: int) -> dict[str, Any]:
    physics = G.number_of_nodes() <= PHYSICS_MAX_NODES
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": physics, "iterations": 150, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics},
        "nodes": {"shape": "dot", "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {
            "color": {"color": "#9a9a9a", "highlight": "#222222", "hover": "#444444", "opacity": 0.6},
            "smooth": False,
            "arrows": {"to": {"enabled": G.is_directed(), "scaleFactor": 0.5}},
        },
    }


def _node_tip(d: dict[str, Any], name: str) -> str:
    lines = [str(d.get("label", "")), name if name != d.get("label") else ""]
    if d.get("doi"):
        lines.append(f"doi:{d['doi']}")
    lines.append(f"count {d.get('count', 0)} · cluster {_cluster_number(d.get('cluster'))}")
    return "\n".join(line for line in lines if line)


def _edge_tip(d: dict[str, Any]) -> str:
    count, weight = d.get("count", 1), float(d.get("weight", 1.0))
    return f"count {count} · weight {weight:.4g}"


def _facts(d: dict[str, Any]) -> list[str]:
    facts = []
    for key, name in _FACT_KEYS:
        if key in d:
            value = d[key]
            if key == "cluster":
                value = _cluster_number(value)
            elif isinstance(value, float):
                value = f"{value:.4g}"
            facts.append(f"{name}: {value}")
    return facts


def _cluster_number(cluster: Any) -> Any:
    # Clusters are 0-based in the data and 1-based for readers, as in the legend.
    return cluster + 1 if isinstance(cluster, int) else "-"


def _evidence_item(item: Any) -> dict[str, str]:
    if isinstance(item, dict):
        return {k: str(item.get(k) or "") for k in ("iri", "title", "text", "doi")}
    return {"iri": str(item), "title": "", "text": "", "doi": ""}


def _summary(G: nx.Graph) -> str:
    parts = [f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"]
    if "n_documents" in G.graph:
        parts.append(f"{G.graph['n_documents']} documents")
    if G.graph.get("normalize"):
        parts.append(f"weight: {G.graph['normalize']}, {G.graph.get('counting', 'full')} counting")
    if "modularity" in G.graph:
        parts.append(f"{G.graph.get('n_clusters', 0)} clusters, modularity Q = {G.graph['modularity']:.3f}")
    if G.graph.get("signal"):
        parts.append(str(G.graph["signal"]))
    return " · ".join(parts)


def _filename(title: str) -> str:
    """A safe download name for the page's PNG: the title's letters and digits joined by hyphens."""
    words = "".join(ch if ch.isalnum() else " " for ch in title).split()
    return ("-".join(words)[:60] or "network") + ".png"


def _vis_assets() -> tuple[str, str]:
    folder = importlib.resources.files("bri_kg.render").joinpath("assets", f"vis-network-{VIS_VERSION}")
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    # Inlined verbatim, so a closing tag inside would end the element early.
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("the vendored vis-network assets contain a closing tag and cannot be inlined")
    return js, css
