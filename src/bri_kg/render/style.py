"""Shared look of every rendering: seeded layout, colour-blind-safe cluster colours, sizes and legend."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = [
    "DENSE_LAYOUT_MAX",
    "OKABE_ITO",
    "OTHER_COLOUR",
    "LegendEntry",
    "cluster_colour",
    "fruchterman_reingold",
    "legend",
    "node_colours",
    "node_size",
    "positions",
    "top_nodes",
    "with_term",
]

# Okabe & Ito (2008) "Color Universal Design", ordered so that neighbouring cluster ids contrast;
# black is left out because labels are drawn in black.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
OTHER_COLOUR = "#BBBBBB"
# Components up to this size get the vectorised layout (memory ~ 24 n^2 bytes); larger ones networkx's.
DENSE_LAYOUT_MAX = 2500


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a colour, the cluster it stands for, its size and its most counted node."""

    colour: str
    label: str
    size: int


def cluster_colour(cluster: Any, size: int | None = None) -> str:
    """Colour of cluster ``cluster`` (ids are ranked by size); small clusters share a neutral grey.

    A cluster of one node (``size == 1``) is an isolate, not a group: it is grey too.
    """
    if isinstance(cluster, int) and 0 <= cluster < len(OKABE_ITO) and size != 1:
        return OKABE_ITO[cluster]
    return OTHER_COLOUR


def node_colours(G: nx.Graph) -> dict[Any, str]:
    """Every node's colour, from its ``cluster`` attribute and that cluster's size."""
    sizes = Counter(cluster for _, cluster in G.nodes(data="cluster"))
    return {n: cluster_colour(cluster, sizes[cluster]) for n, cluster in G.nodes(data="cluster")}


def positions(G: nx.Graph, *, seed: int = 42) -> dict[Any, tuple[float, float]]:
    """Seeded layout in [-1, 1]^2: Fruchterman-Reingold per connected component, components packed.

    A single force-directed layout pushes small components and isolates to the far edges and leaves the
    middle of the figure empty; packing each component in its own box (largest first, in rows, box side
    growing with the square root of its size) keeps the drawing dense and readable.
    """
    if G.number_of_nodes() == 0:
        return {}
    H = G.to_undirected(as_view=True) if G.is_directed() else G
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0]))
    )
    boxes = []
    for nodes in components:
        radius = math.sqrt(len(nodes))
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        elif len(nodes) <= DENSE_LAYOUT_MAX:
            local = fruchterman_reingold(H.subgraph(nodes), nodes, seed=seed, scale=radius)
        else:
            local = nx.spring_layout(H.subgraph(nodes), seed=seed, weight="weight", scale=radius)
        boxes.append((nodes, radius, local))
    gap = 0.6
    width = max(2 * boxes[0][1], math.sqrt(sum((2 * r + gap) ** 2 for _, r, _ in boxes)) * 1.15)
    placed: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, radius, local in boxes:
        side = 2 * radius + gap
        if x > 0 and x + side > width:
            x, y, row_height = 0.0, y - row_height, 0.0
        cx, cy = x + side / 2, y - side / 2
        for n in nodes:
            lx, ly = local[n]
            placed[n] = (cx + float(lx), cy + float(ly))
        x += side
        row_height = max(row_height, side)
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: ((px - mid_x) / half, (py - mid_y) / half) for n, (px, py) in placed.items()}


def fruchterman_reingold(
    G: nx.Graph, nodes: list[Any], *, seed: int = 42, scale: float = 1.0, iterations: int = 50
) -> dict[Any, tuple[float, float]]:
    """Force-directed layout with dense numpy arrays (O(n^2) memory), centred, scaled to ``scale``.

    networkx switches to a per-node python loop from 500 nodes on; the vectorised form stays fast up to a
    few thousand nodes. Edge weights are rescaled to a maximum of 1.

    .. [1] Fruchterman, T.M.J. & Reingold, E.M. Graph drawing by force-directed placement. Software:
       Practice and Experience 21(11), 1129-1164 (1991). https://doi.org/10.1002/spe.4380211102
    """
    import numpy as np

    n = len(nodes)
    a = nx.to_numpy_array(G, nodelist=nodes, weight="weight", dtype=np.float32)
    a = np.maximum(a, a.T)
    if a.max() > 0:
        a /= a.max()
    pos = np.random.default_rng(seed).random((n, 2)).astype(np.float32)
    k = np.float32(1.0 / math.sqrt(n))
    t = 0.1
    cooling = t / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        d2 = np.maximum(dx * dx + dy * dy, np.float32(1e-4))
        # Repulsion k^2/d between every pair, attraction w d^2/k along edges (per unit vector delta/d).
        force = k * k / d2 - a * np.sqrt(d2) / k
        displacement = np.stack(((dx * force).sum(axis=1), (dy * force).sum(axis=1)), axis=1)
        length = np.maximum(np.hypot(displacement[:, 0], displacement[:, 1]), np.float32(0.01))
        pos += displacement * (np.float32(t) / length)[:, None]
        t -= cooling
    pos -= pos.mean(axis=0)
    extent = np.abs(pos).max() or 1.0
    pos *= scale / extent
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


def node_size(
    count: float,
    largest: float,
    *,
    smallest: float = 1.0,
    smallest_size: float = 8.0,
    largest_size: float = 40.0,
) -> float:
    """Node size growing with the square root of its count (area tracks count) between the extremes.

    When every node has the same count, all get a modest size rather than the largest.
    """
    if largest <= smallest:
        return smallest_size + (largest_size - smallest_size) / 3
    share = (max(count, smallest) - smallest) / (largest - smallest)
    return smallest_size + (largest_size - smallest_size) * math.sqrt(share)


def top_nodes(G: nx.Graph, k: int) -> list[Any]:
    """The ``k`` nodes with the highest count (then degree, then label) - the ones worth a label."""
    ranked = sorted(
        G.nodes(data=True),
        key=lambda nd: (-nd[1].get("count", 0), -G.degree(nd[0]), str(nd[1].get("label", nd[0]))),
    )
    return [n for n, _ in ranked[:k]]


def with_term(name: str, term: Any) -> str:
    """``name · term`` (a cluster's top node and LLR label), or ``name`` when the term adds nothing."""
    return f"{name} · {term}" if term and str(term).casefold() not in name.casefold() else name


def legend(G: nx.Graph) -> list[LegendEntry]:
    """One entry per coloured cluster, named after its most counted node (and LLR label); the rest as "other"."""
    members: dict[Any, list[Any]] = {}
    for n, data in G.nodes(data=True):
        members.setdefault(data.get("cluster"), []).append(n)
    entries: list[LegendEntry] = []
    others = 0
    for cluster in sorted(members, key=lambda c: (not isinstance(c, int), c if isinstance(c, int) else 0)):
        nodes = members[cluster]
        colour = cluster_colour(cluster, len(nodes))
        if colour == OTHER_COLOUR:
            others += len(nodes)
            continue
        head = top_nodes(G.subgraph(nodes), 1)[0]
        name = str(G.nodes[head].get("label", head))
        name = with_term(name, G.nodes[head].get("cluster_label"))
        entries.append(LegendEntry(colour, f"Cluster {cluster + 1}: {name}", len(nodes)))
    if others:
        entries.append(LegendEntry(OTHER_COLOUR, "Smaller clusters and isolates", others))
    return entries
