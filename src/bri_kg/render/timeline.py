"""Timeline figure (CiteSpace style): one row per cluster, nodes placed by year and sized by count."""

from __future__ import annotations

import numbers
import warnings
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from bri_kg.render.style import cluster_colour, node_size, top_nodes

__all__ = [
    "MAX_CLUSTERS",
    "SVG_HASHSALT",
    "llr_cluster_names",
    "timeline_figure",
    "timeline_layout",
    "write_timeline",
]

MAX_CLUSTERS = 12  # more rows than this are unreadable on a page; the smallest clusters are left out
SVG_HASHSALT = "bri-kg"  # fixed ids in the SVG: the same graph gives the same bytes
_ROW_HALF = 0.38  # nodes of one cluster and year stack within +-this of their row


def timeline_layout(
    G: nx.Graph,
    *,
    year_attr: str = "year",
    cluster_attr: str = "cluster",
    max_clusters: int = MAX_CLUSTERS,
) -> tuple[list[Any], dict[Any, tuple[float, float]]]:
    """Rows and positions of the timeline: (clusters top to bottom, node -> (year, row offset)).

    Only nodes with an integer year and a cluster are placed. Clusters are ordered by size (then id)
    and the largest ``max_clusters`` kept; cluster k of that order is row -k. Nodes of one cluster and
    year are stacked around the row, most counted in the middle, so that none hides another.
    """
    members: dict[Any, list[Any]] = defaultdict(list)
    for n, data in G.nodes(data=True):
        if _is_year(data.get(year_attr)) and data.get(cluster_attr) is not None:
            members[data[cluster_attr]].append(n)
    rows = sorted(members, key=lambda c: (-len(members[c]), str(c)))[:max_clusters]
    pos: dict[Any, tuple[float, float]] = {}
    for r, cluster in enumerate(rows):
        by_year: dict[int, list[Any]] = defaultdict(list)
        for n in members[cluster]:
            by_year[int(G.nodes[n][year_attr])].append(n)
        for year, nodes in by_year.items():
            nodes.sort(key=lambda n: (-G.nodes[n].get("count", 0), str(n)))
            # The farthest of m stacked nodes is m // 2 steps away: keep it within the row.
            step = min(0.18, _ROW_HALF / max(len(nodes) // 2, 1))
            for k, n in enumerate(nodes):
                # 0, +1, -1, +2, -2 ... steps: the most counted node sits on the row line.
                offset = ((k + 1) // 2) * step * (1 if k % 2 else -1)
                pos[n] = (float(year), -r + offset)
    return rows, pos


def timeline_figure(
    G: nx.Graph,
    *,
    year_attr: str = "year",
    cluster_attr: str = "cluster",
    ax: Any = None,
    cluster_names: Mapping[Any, str] | None = None,
    labels_per_cluster: int = 3,
    max_clusters: int = MAX_CLUSTERS,
    title: str | None = None,
) -> Any:
    """Draw the timeline of ``G`` and return its matplotlib Figure.

    Each cluster is a horizontal row spanning its first to last year (named by ``cluster_names``,
    e.g. the top LLR label of :func:`bri_kg.networks.labels.cluster_labels`, else "Cluster k+1" as in
    the network figures' legend); nodes sit at their ``year_attr`` on their cluster's row, sized by
    ``count`` and coloured like the network figures; links between drawn nodes are faint grey lines;
    the ``labels_per_cluster`` most counted nodes of each row are labelled unless the label would
    overlap one already placed. Nodes without a year or a cluster are left out (a note says how many).
    A new Figure (no pyplot, so no global state) is made when ``ax`` is None.

    The layout follows CiteSpace's timeline view (Chen 2006, JASIST 57(3), 359-377; Chen, Ibekwe-SanJuan
    & Hou 2010, JASIST 61(7), 1386-1409).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.ticker import MaxNLocator

    rows, pos = timeline_layout(G, year_attr=year_attr, cluster_attr=cluster_attr, max_clusters=max_clusters)
    if ax is None:
        ax = _new_axes(len(rows))
    names = cluster_names or {}
    drawn = sorted(pos, key=lambda n: (G.nodes[n].get("count", 0), str(n)))  # big nodes on top
    edges = [(pos[u], pos[v]) for u, v in G.edges() if u in pos and v in pos and u != v]
    if edges:
        ax.add_collection(LineCollection(edges, colors="#777777", linewidths=0.4, alpha=0.25, zorder=1))
    for r, cluster in enumerate(rows):
        years = [pos[n][0] for n in pos if G.nodes[n][cluster_attr] == cluster]
        ax.hlines(-r, min(years), max(years), colors=cluster_colour(cluster), linewidth=1.2, zorder=0.5)
    if drawn:
        counts = [G.nodes[n].get("count", 0) for n in drawn]
        ax.scatter(
            [pos[n][0] for n in drawn],
            [pos[n][1] for n in drawn],
            s=[
                node_size(c, max(counts), smallest=min(counts), smallest_size=3, largest_size=16) ** 2
                for c in counts
            ],
            c=[cluster_colour(G.nodes[n][cluster_attr]) for n in drawn],
            edgecolors="white",
            linewidths=0.5,
            zorder=2,
        )
        years = [p[0] for p in pos.values()]
        ax.set_xlim(min(years) - 0.8, max(years) + 0.8)
        ax.set_ylim(-len(rows) + 0.4, 0.6)
    ax.set_yticks([-r for r in range(len(rows))])
    ax.set_yticklabels([_plain(_short(names.get(c) or _default_name(c), 40)) for c in rows], fontsize=7)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Year", fontsize=8)
    labelled = [
        n
        for c in rows
        for n in top_nodes(G.subgraph([m for m in pos if G.nodes[m][cluster_attr] == c]), labels_per_cluster)
    ]
    _place_labels(ax, G, pos, labelled)
    if title:
        ax.set_title(_plain(title), fontsize=11, loc="left")
    hidden = G.number_of_nodes() - len(pos)
    if hidden or not pos:
        note = f"{hidden} of {G.number_of_nodes()} nodes without a year or cluster (or in smaller clusters) not shown."
        ax.text(0, -0.12, note, transform=ax.transAxes, fontsize=6.5, va="top")
    return ax.figure


def write_timeline(G: nx.Graph, path: Path, **options: Any) -> Path:
    """Write the timeline of ``G`` as SVG (same graph, same bytes) or PNG (300 dpi) by the suffix.

    ``options`` go to :func:`timeline_figure`; rows are named by the LLR labels of ``G`` unless
    ``cluster_names`` is given. The SVG is reproducible: fixed ``svg.hashsalt``, text as
    paths (no font dependence) and no creation date in the metadata.
    """
    import matplotlib

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"write_timeline writes .png or .svg, not {path.suffix!r} ({path})")
    with (
        matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}),
        warnings.catch_warnings(),
    ):
        # Labels in scripts DejaVu Sans lacks (e.g. Chinese) draw as boxes; not worth a warning each.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        options.setdefault("cluster_names", llr_cluster_names(G))
        fig = timeline_figure(G, **options)
        metadata = {"Date": None} if fmt == "svg" else {"Software": "bri-kg"}
        fig.savefig(path, format=fmt, dpi=300, metadata=metadata)
    return path


def _new_axes(n_rows: int) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10.0, 1.2 + 0.55 * max(n_rows, 1)), layout="constrained")
    FigureCanvasAgg(fig)  # its own canvas: text extents can be measured for label placement
    return fig.add_subplot()


def _place_labels(ax: Any, G: nx.Graph, pos: dict[Any, tuple[float, float]], chosen: list[Any]) -> None:
    if not chosen:
        return
    renderer = ax.figure.canvas.get_renderer()
    placed: list[Any] = []
    for n in chosen:
        text = _short(str(G.nodes[n].get("label", n)), 28)
        for dx, dy, ha, va in ((4, 4, "left", "bottom"), (4, -4, "left", "top"), (-4, 4, "right", "bottom")):
            artist = ax.annotate(
                text, pos[n], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=6, zorder=3
            )
            artist.set_parse_math(False)  # "$" in a label is text, not mathtext
            box = artist.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            artist.remove()


def llr_cluster_names(G: nx.Graph) -> dict[Any, str]:
    """Row names "Cluster k+1: term" from the top LLR label in ``G.graph["cluster_labels"]``."""
    found = G.graph.get("cluster_labels") or {}
    return {c: f"{_default_name(c)}: {terms[0]['term']}" for c, terms in found.items() if terms}


def _is_year(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)  # numpy ints too


def _default_name(cluster: Any) -> str:
    return f"Cluster {cluster + 1}" if isinstance(cluster, int) else f"Cluster {cluster}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str) -> str:
    return text.replace("$", r"\$")  # tick labels and titles go through mathtext
