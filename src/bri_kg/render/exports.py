"""Exports for other tools: Pajek .net, CSV node and edge lists, VOSviewer map/network files and JSON."""

from __future__ import annotations

import csv
import html
import json
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from bri_kg.render.style import positions

__all__ = [
    "COUNT_LABELS",
    "VosItem",
    "vos_items",
    "write_csv",
    "write_pajek",
    "write_vosviewer",
    "write_vosviewer_json",
]

# What a node's ``count`` measures in each kind of network, named as VOSviewer names its weights.
COUNT_LABELS = {
    "cocitation": "Citations",
    "citation": "Citations",
    "topics": "Occurrences",
    "coauthorship": "Documents",
    "coupling": "References",
}
# VOSviewer numbers clusters 1..1000 (VOSviewer manual, "map and network files").
VOS_MAX_CLUSTER = 1000


@dataclass(frozen=True)
class VosItem:
    """One VOSviewer item: the attributes shared by the map file and the JSON file."""

    id: int
    label: str
    x: float
    y: float
    cluster: int | None = None
    description: str = ""
    url: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)


def write_pajek(G: nx.Graph, path: Path, *, weight: str = "weight", seed: int = 42) -> None:
    """Write ``G`` as a Pajek ``.net`` file (readable by Pajek, VOSviewer, igraph, ``networkx.read_pajek``).

    Vertices are numbered 1..N in node order and named by their ``label`` attribute (the node id when
    absent); Pajek knows nodes only by that name, so repeated labels get " #2", " #3"... appended.
    Double quotes in names become single quotes and backslashes slashes, because Pajek has no escape
    syntax. Coordinates (see :func:`vos_items`) are rescaled to [0, 1], Pajek's drawing square. Edges
    (``*Edges``, or ``*Arcs`` for directed graphs) carry the ``weight`` attribute (1 when absent).

    References
    ----------
    Batagelj, V. & Mrvar, A. Pajek manual, section "Network" (``*Vertices``, ``*Edges``, ``*Arcs``).
    """
    nodes = list(G)
    index = {n: k for k, n in enumerate(nodes, start=1)}
    names = _unique([_pajek_name(str(G.nodes[n].get("label") or n)) for n in nodes])
    pos = _unit_square(_coordinates(G, seed=seed))
    lines = [f"*Vertices {len(nodes)}"]
    for n, name in zip(nodes, names, strict=True):
        x, y = pos[n]
        y = 1.0 - y  # Pajek's y axis points down the screen
        lines.append(f'{index[n]} "{name}" {x:.6f} {y:.6f} ellipse')
    lines.append("*Arcs" if G.is_directed() else "*Edges")
    for u, v, data in G.edges(data=True):
        lines.append(f"{index[u]} {index[v]} {_number(data.get(weight, 1.0))}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_csv(G: nx.Graph, nodes_path: Path, edges_path: Path) -> None:
    """Write a node list and an edge list as UTF-8 CSV with every attribute as a column.

    Nodes: ``id``, then ``label`` when present, then the other attributes alphabetically. Edges:
    ``source``, ``target``, then the attributes alphabetically. Lists and dicts (edge evidence) are
    JSON text, missing values empty cells. An attribute named like a fixed column is written as
    ``attr:<name>``. The lists import into Gephi (Data Laboratory), R, pandas and spreadsheets.
    """
    node_keys = _keys(data for _, data in G.nodes(data=True))
    node_columns = ["label"] if "label" in node_keys else []
    node_columns += [k for k in node_keys if k != "label"]
    _write_rows(
        nodes_path,
        ["id", *(_column(k, ("id",)) for k in node_columns)],
        ([n, *(data.get(k) for k in node_columns)] for n, data in G.nodes(data=True)),
    )
    edge_keys = _keys(data for _, _, data in G.edges(data=True))
    _write_rows(
        edges_path,
        ["source", "target", *(_column(k, ("source", "target")) for k in edge_keys)],
        ([u, v, *(data.get(k) for k in edge_keys)] for u, v, data in G.edges(data=True)),
    )


def vos_items(G: nx.Graph, *, strength: str | None = None, seed: int = 42) -> list[VosItem]:
    """The VOSviewer items of ``G``, numbered 1..N in node order.

    ``x``/``y`` come from the node attributes when every node has both, otherwise from the seeded
    layout of :func:`bri_kg.render.style.positions` for all nodes (mixing two coordinate systems would
    misplace nodes). Clusters are renumbered 1, 2, ... in sorted order (0-based ids become id + 1) and
    nodes without one share a last cluster. Weights: ``Links`` (degree), ``Total link strength`` (sum of
    the link strengths written, see :func:`write_vosviewer`) and the node ``count`` under the name of
    :data:`COUNT_LABELS` for ``G.graph["kind"]``. The score ``Year`` (for VOSviewer's overlay
    visualisation) is given when the node has a ``year``; the description is the escaped ``title`` and
    the URL the DOI link (or the node IRI).
    """
    nodes = list(G)
    xy = _coordinates(G, seed=seed)
    cluster_of = _vos_clusters(G)
    links = _link_strengths(G, strength)
    total: dict[Any, float] = dict.fromkeys(nodes, 0.0)
    for (u, v), s in links.items():
        total[u] += s
        total[v] += s
    count_label = COUNT_LABELS.get(str(G.graph.get("kind")), "Occurrences")
    H = G.to_undirected(as_view=True) if G.is_directed() else G
    items = []
    for k, n in enumerate(nodes, start=1):
        data = G.nodes[n]
        weights = {"Links": float(len(set(H.adj[n]) - {n})), "Total link strength": total[n]}
        if _is_number(data.get("count")):
            weights[count_label] = float(data["count"])
        scores = {"Year": float(data["year"])} if _is_number(data.get("year")) else {}
        if _is_number(data.get("mean_year")):
            scores["Avg. pub. year"] = float(data["mean_year"])
        items.append(
            VosItem(
                id=k,
                label=_one_line(str(data.get("label") or n)),
                x=xy[n][0],
                y=xy[n][1],
                cluster=cluster_of.get(n),
                description=html.escape(_one_line(str(data["title"]))) if data.get("title") else "",
                url=_url(n, data),
                weights=weights,
                scores=scores,
            )
        )
    return items


def write_vosviewer(
    G: nx.Graph, map_path: Path, network_path: Path, *, strength: str | None = None, seed: int = 42
) -> None:
    """Write a VOSviewer map file and network file (tab-separated UTF-8 text).

    Map file: a header line, then one item per line with the columns ``id``, ``label``,
    ``description`` and ``url`` (when any node has one), ``x``, ``y``, ``cluster`` (when any node has
    one), ``weight<...>`` and ``score<...>`` (see :func:`vos_items`). Network file: no header, one link
    per line, ``id1 <tab> id2 <tab> strength``. Labels and descriptions containing a comma or semicolon
    are enclosed in double quotes, as the manual requires (their own double quotes become single ones).

    The link strength is the raw co-occurrence (``strength`` for fractional counting, else ``count``),
    not the normalised ``weight``: VOSviewer normalises link strengths itself (association strength
    by default, van Eck & Waltman 2009, JASIST 60(8)), so a normalised weight would be normalised
    twice. Pass ``strength`` to choose the edge attribute.

    References
    ----------
    van Eck, N.J. & Waltman, L. VOSviewer manual, "Map and network files";
    https://app.vosviewer.com/docs/file-types/map-and-network-file-type/
    """
    items = vos_items(G, strength=strength, seed=seed)
    has_description = any(i.description for i in items)
    has_url = any(i.url for i in items)
    has_cluster = any(i.cluster is not None for i in items)
    weight_keys = list(dict.fromkeys(k for i in items for k in i.weights))
    score_keys = list(dict.fromkeys(k for i in items for k in i.scores))
    header = ["id", "label"]
    header += ["description"] * has_description + ["url"] * has_url + ["x", "y"] + ["cluster"] * has_cluster
    header += [f"weight<{k}>" for k in weight_keys] + [f"score<{k}>" for k in score_keys]
    lines = ["\t".join(header)]
    for item in items:
        row = [str(item.id), _vos_text(item.label)]
        row += [_vos_text(item.description)] * has_description + [_one_line(item.url)] * has_url
        row += [_number(item.x), _number(item.y)]
        row += [str(item.cluster if item.cluster is not None else "")] * has_cluster
        row += [_number(item.weights.get(k, 0.0)) for k in weight_keys]
        row += [_number(item.scores[k]) if k in item.scores else "" for k in score_keys]
        lines.append("\t".join(row))
    Path(map_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = {n: item.id for n, item in zip(G, items, strict=True)}
    links = [f"{index[u]}\t{index[v]}\t{_number(s)}" for (u, v), s in _link_strengths(G, strength).items()]
    Path(network_path).write_text("".join(f"{line}\n" for line in links), encoding="utf-8")


def write_vosviewer_json(
    G: nx.Graph,
    path: Path,
    *,
    strength: str | None = None,
    cluster_labels: Mapping[Any, str] | None = None,
    seed: int = 42,
) -> None:
    """Write a VOSviewer JSON file for VOSviewer 1.6.16+ and VOSviewer Online.

    ``{"network": {"items": [{id, label, x, y, cluster, weights{...}, scores{...}, description, url}],
    "links": [{source_id, target_id, strength}], "clusters": [{cluster, label}]}}`` with the items of
    :func:`vos_items` and the raw link strengths of :func:`write_vosviewer`. ``cluster_labels`` maps
    the graph's cluster ids to names (e.g. the top LLR term of :func:`bri_kg.networks.labels.cluster_labels`).

    References
    ----------
    van Eck, N.J. & Waltman, L. VOSviewer Online documentation, "VOSviewer JSON files";
    https://app.vosviewer.com/docs/file-types/json-file-type/
    """
    items = vos_items(G, strength=strength, seed=seed)
    index = {n: item.id for n, item in zip(G, items, strict=True)}
    network: dict[str, Any] = {
        "items": [_json_item(item) for item in items],
        "links": [
            {"source_id": index[u], "target_id": index[v], "strength": s}
            for (u, v), s in _link_strengths(G, strength).items()
        ],
    }
    if cluster_labels:
        renumber = _vos_clusters(G)
        named = {}
        for n, vos_cluster in renumber.items():
            original = G.nodes[n].get("cluster")
            if original in cluster_labels:
                named[vos_cluster] = str(cluster_labels[original])
        network["clusters"] = [{"cluster": c, "label": named[c]} for c in sorted(named)]
    text = json.dumps({"network": network}, ensure_ascii=False, allow_nan=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


def _json_item(item: VosItem) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id, "label": item.label, "x": item.x, "y": item.y}
    if item.cluster is not None:
        out["cluster"] = item.cluster
    out["weights"] = item.weights
    if item.scores:
        out["scores"] = item.scores
    if item.description:
        out["description"] = item.description
    if item.url:
        out["url"] = item.url
    return out


def _coordinates(G: nx.Graph, *, seed: int) -> dict[Any, tuple[float, float]]:
    given = {n: (d.get("x"), d.get("y")) for n, d in G.nodes(data=True)}
    if given and all(_is_number(x) and _is_number(y) for x, y in given.values()):
        return {n: (float(x), float(y)) for n, (x, y) in given.items()}
    return {n: (float(x), float(y)) for n, (x, y) in positions(G, seed=seed).items()}


def _unit_square(pos: dict[Any, tuple[float, float]]) -> dict[Any, tuple[float, float]]:
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    # One scale for both axes keeps the drawing's proportions; a margin keeps nodes off the border.
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {
        n: (0.05 + 0.9 * (x - min(xs)) / span, 0.05 + 0.9 * (y - min(ys)) / span) for n, (x, y) in pos.items()
    }


def _vos_clusters(G: nx.Graph) -> dict[Any, int]:
    found = {n: d["cluster"] for n, d in G.nodes(data=True) if d.get("cluster") is not None}
    if not found:
        return {}
    ranked = sorted(
        set(found.values()),
        key=lambda c: (not isinstance(c, int | float), c if isinstance(c, int | float) else str(c)),
    )
    number = {c: min(k, VOS_MAX_CLUSTER) for k, c in enumerate(ranked, start=1)}
    rest = min(len(ranked) + 1, VOS_MAX_CLUSTER)
    return {n: number[found[n]] if n in found else rest for n in G}


def _link_strengths(G: nx.Graph, strength: str | None) -> dict[tuple[Any, Any], float]:
    """Edge -> raw strength, from ``strength``, else the first of strength/count/weight every edge has."""
    edges = list(G.edges(data=True))
    if strength is None:
        strength = next(
            (key for key in ("strength", "count", "weight") if all(key in d for _, _, d in edges)), ""
        )
    found: dict[tuple[Any, Any], float] = {}
    for u, v, data in edges:
        # Multigraph edges between the same nodes add up: VOSviewer has one link per pair.
        found[(u, v)] = found.get((u, v), 0.0) + float(data.get(strength, 1.0))
    return found


def _is_number(value: Any) -> bool:
    # numpy scalars count (numbers.Real); booleans do not, though bool is an int subclass.
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _url(n: Any, data: Mapping[str, Any]) -> str:
    if data.get("doi"):
        return f"https://doi.org/{data['doi']}"
    return str(n) if str(n).startswith(("http://", "https://")) else ""


def _vos_text(text: str) -> str:
    text = _one_line(text).replace('"', "'")
    return f'"{text}"' if ("," in text or ";" in text) else text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _pajek_name(text: str) -> str:
    return _one_line(text).replace('"', "'").replace("\\", "/")


def _unique(names: list[str]) -> list[str]:
    taken: set[str] = set()
    out = []
    for name in names:
        candidate, k = name, 1
        while candidate in taken:
            k += 1
            candidate = f"{name} #{k}"
        taken.add(candidate)
        out.append(candidate)
    return out


def _number(value: Any) -> str:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot export a non-finite number: {value!r}")
    return str(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)


def _keys(rows: Any) -> list[str]:
    return sorted({str(k) for row in rows for k in row})


def _column(key: str, fixed: tuple[str, ...]) -> str:
    return f"attr:{key}" if key in fixed else key


def _write_rows(path: Path, header: list[str], rows: Any) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict | set | frozenset):
        value = value.item()  # numpy scalars
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)
