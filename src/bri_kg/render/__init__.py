"""Write networks as offline HTML pages, PNG/SVG figures, GraphML or GEXF, chosen by file extension."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from bri_kg.render.exchange import exchange_ready, write_gexf, write_graphml
from bri_kg.render.figures import draw_network, write_figure
from bri_kg.render.html import html_data, render_html, write_html
from bri_kg.render.style import OKABE_ITO, cluster_colour, legend, positions

__all__ = [
    "FORMATS",
    "OKABE_ITO",
    "cluster_colour",
    "draw_network",
    "exchange_ready",
    "html_data",
    "legend",
    "positions",
    "render_html",
    "write_gexf",
    "write_graphml",
    "write_html",
    "write_network",
]

FORMATS = (".html", ".png", ".svg", ".graphml", ".gexf")


def write_network(G: nx.Graph, path: Path, *, title: str, seed: int = 42) -> Path:
    """Write ``G`` to ``path`` in the format its extension names and return the path.

    ``.html`` interactive offline page, ``.png`` 300 dpi figure, ``.svg`` reproducible figure,
    ``.graphml`` / ``.gexf`` for Gephi and friends. The file appears whole or not at all.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    writers: dict[str, Callable[[Path], None]] = {
        ".html": lambda p: write_html(G, p, title=title, seed=seed),
        ".png": lambda p: write_figure(G, p, title=title, seed=seed),
        ".svg": lambda p: write_figure(G, p, title=title, seed=seed),
        ".graphml": lambda p: write_graphml(G, p),
        ".gexf": lambda p: write_gexf(G, p, seed=seed),
    }
    if suffix not in writers:
        raise ValueError(
            f"cannot write {path}: unknown extension {path.suffix!r}; use one of {', '.join(FORMATS)}"
        )
    _write_atomically(path, writers[suffix])
    return path


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    # A temporary sibling keeps the suffix (writers dispatch on it) and is renamed only when complete.
    # (mkstemp is avoided: its 0600 mode would survive the rename.)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp{path.suffix}")
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
