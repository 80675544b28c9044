"""GraphML and GEXF export with attributes made legal for those formats (no lists, dicts or None)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from bri_kg.render.style import node_colours, positions

__all__ = ["exchange_ready", "write_gexf", "write_graphml"]


def exchange_ready(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attribute values are str/int/float/bool: lists and dicts become JSON text."""
    H = G.__class__()
    H.graph.update(_legal(G.graph))
    H.add_nodes_from((n, _legal(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, _legal(d)) for u, v, d in G.edges(data=True))
    return H


def write_graphml(G: nx.Graph, path: Path) -> None:
    """GraphML for Gephi, Cytoscape, igraph; evidence lists travel as JSON strings."""
    nx.write_graphml(exchange_ready(G), path, encoding="utf-8")


def write_gexf(G: nx.Graph, path: Path, *, seed: int = 42) -> None:
    """GEXF for Gephi, with the seeded layout, cluster colour and count-based size as viz attributes."""
    H = exchange_ready(G)
    pos = positions(G, seed=seed)
    colours = node_colours(G)
    for n, data in H.nodes(data=True):
        colour = colours[n]
        x, y = pos.get(n, (0.0, 0.0))
        data["viz"] = {
            "color": {
                "r": int(colour[1:3], 16),
                "g": int(colour[3:5], 16),
                "b": int(colour[5:7], 16),
                "a": 1.0,
            },
            "position": {"x": 1000.0 * x, "y": 1000.0 * y, "z": 0.0},
            "size": float(1 + data.get("count", 0)),
        }
    nx.write_gexf(H, path, encoding="utf-8")


def _legal(attrs: dict[str, Any]) -> dict[str, Any]:
    return {str(k): _value(v) for k, v in attrs.items() if v is not None}


def _value(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, list | tuple | set | frozenset | dict):
        plain = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return json.dumps(plain, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)
