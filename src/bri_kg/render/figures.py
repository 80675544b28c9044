"""Publication-quality static figures (PNG at 300 dpi, byte-reproducible SVG, PDF) drawn with matplotlib."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import networkx as nx

from bri_kg.render.style import legend, node_colours, node_size, positions, top_nodes

__all__ = ["DPI", "LABELLED_NODES", "draw_network", "write_figure"]

DPI = 300
LABELLED_NODES = 25
SVG_HASHSALT = "bri-kg"


def draw_network(G: nx.Graph, *, title: str, seed: int = 42, ax: Any = None) -> Any:
    """Draw ``G`` on ``ax`` (a new figure when ``None``) and return the axes.

    Edges are grey with alpha and width by weight, nodes sized by count and coloured by cluster;
    the most counted nodes get labels, placed greedily around the node and dropped when they would
    overlap a label already placed.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    if ax is None:
        side = 8.0 if G.number_of_nodes() <= 150 else 11.0
        # A bare Figure with its own Agg canvas: no pyplot, so no global figure registry.
        fig = Figure(figsize=(side * 1.25, side), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
    ax.set_axis_off()
    pos = positions(G, seed=seed)
    nodes = sorted(G.nodes, key=lambda n: G.nodes[n].get("count", 0))  # big nodes drawn last, on top
    if G.number_of_edges():
        weights = [float(d.get("weight", 1.0)) for _, _, d in G.edges(data=True)]
        top = max(weights) or 1.0
        segments = [(pos[u], pos[v]) for u, v in G.edges()]
        widths = [0.3 + 2.2 * w / top for w in weights]
        ax.add_collection(LineCollection(segments, linewidths=widths, colors="#555555", alpha=0.35, zorder=1))
    if nodes:
        colours = node_colours(G)
        counts = [G.nodes[n].get("count", 0) for n in nodes]
        largest, smallest = max(counts), min(counts)
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=[
                node_size(
                    G.nodes[n].get("count", 0), largest, smallest=smallest, smallest_size=3, largest_size=22
                )
                ** 2
                for n in nodes
            ],
            c=[colours[n] for n in nodes],
            edgecolors="white",
            linewidths=0.6,
            zorder=2,
        )
        ax.margins(0.12)
        _place_labels(ax, G, pos, top_nodes(G, LABELLED_NODES))
    handles = [
        Patch(facecolor=e.colour, edgecolor="none", label=_plain(f"{_short(e.label, 48)} ({e.size})"))
        for e in legend(G)
    ]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
    ax.set_title(_plain(title), fontsize=12, loc="left")
    note = G.graph.get("note")
    if note:
        ax.text(0, -0.02, _plain(note), transform=ax.transAxes, fontsize=7, va="top", wrap=True)
    return ax


def write_figure(G: nx.Graph, path: Path, *, title: str, seed: int = 42) -> None:
    """Write a PNG (300 dpi), SVG (same input, same bytes) or PDF of ``G``; the format follows the suffix."""
    import matplotlib

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"write_figure writes .png, .svg or .pdf, not {path.suffix!r} ({path})")
    with (
        matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}),
        warnings.catch_warnings(),
    ):
        # Titles in scripts DejaVu Sans lacks (e.g. Chinese) draw as boxes; that is not worth a warning each.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        ax = draw_network(G, title=title, seed=seed)
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "Creator": "bri-kg"}}.get(
            fmt, {"Software": "bri-kg"}
        )
        ax.figure.savefig(path, format=fmt, dpi=DPI, metadata=metadata)


def _place_labels(ax: Any, G: nx.Graph, pos: dict[Any, tuple[float, float]], chosen: list[Any]) -> None:
    renderer = ax.figure.canvas.get_renderer()
    placed: list[Any] = []
    offsets = ((0, 6), (6, 0), (0, -6), (-6, 0), (6, 6), (-6, -6))
    aligns = {(0, 6): ("center", "bottom"), (6, 0): ("left", "center"), (0, -6): ("center", "top")}
    for n in chosen:
        text = _short(str(G.nodes[n].get("label", n)), 32)
        for dx, dy in offsets:
            ha, va = aligns.get((dx, dy), ("right" if dx < 0 else "left", "top" if dy < 0 else "bottom"))
            artist = ax.annotate(
                text,
                pos[n],
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=6.5,
                zorder=3,
                annotation_clip=False,
            )
            artist.set_parse_math(False)  # "$" in a title is text, not mathtext
            box = artist.get_window_extent(renderer).expanded(1.05, 1.15)
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            artist.remove()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str) -> str:
    # Legend and title text go through mathtext; escaping "$" keeps user text literal.
    return text.replace("$", r"\$")
