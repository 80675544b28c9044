"""Write networks as offline HTML pages, figures and exchange files, chosen by file extension."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from bri_kg.render.exchange import exchange_ready, write_gexf, write_graphml
from bri_kg.render.exports import write_csv, write_pajek, write_vosviewer, write_vosviewer_json
from bri_kg.render.figures import draw_network, write_figure
from bri_kg.render.html import html_data, render_html, write_html
from bri_kg.render.style import OKABE_ITO, cluster_colour, legend, positions
from bri_kg.render.timeline import timeline_figure, write_timeline

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
    "sidecar_path",
    "timeline_figure",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_html",
    "write_network",
    "write_pajek",
    "write_timeline",
    "write_vosviewer",
    "write_vosviewer_json",
]

FORMATS = (".html", ".png", ".svg", ".pdf", ".graphml", ".gexf", ".net", ".csv", ".json", ".txt")
# Formats written as two files: the second goes beside the first, named <stem><suffix><ext>.
SIDECARS = {".csv": "_edges", ".txt": "_network"}


def sidecar_path(path: Path) -> Path | None:
    """The second file of a two-file format: ``x.csv`` -> ``x_edges.csv``, ``x.txt`` -> ``x_network.txt``."""
    path = Path(path)
    extra = SIDECARS.get(path.suffix.lower())
    return path.with_name(f"{path.stem}{extra}{path.suffix}") if extra else None


def write_network(G: nx.Graph, path: Path, *, title: str, seed: int = 42) -> Path:
    """Write ``G`` to ``path`` in the format its extension names and return the path.

    ``.html`` interactive offline page; ``.png`` (300 dpi), ``.svg`` (same graph, same bytes) and ``.pdf``
    figures; ``.graphml`` / ``.gexf`` for Gephi, Cytoscape, igraph; ``.net`` Pajek; ``.csv`` the node list
    at ``path`` and the edge list beside it at ``<stem>_edges.csv``; ``.json`` VOSviewer JSON (with the
    LLR cluster labels); ``.txt`` VOSviewer map file at ``path`` and network file at
    ``<stem>_network.txt``. Each file appears whole or not at all.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    labels = _cluster_names(G)
    writers: dict[str, Callable[[Path], None]] = {
        ".html": lambda p: write_html(G, p, title=title, seed=seed),
        ".png": lambda p: write_figure(G, p, title=title, seed=seed),
        ".svg": lambda p: write_figure(G, p, title=title, seed=seed),
        ".pdf": lambda p: write_figure(G, p, title=title, seed=seed),
        ".graphml": lambda p: write_graphml(G, p),
        ".gexf": lambda p: write_gexf(G, p, seed=seed),
        ".net": lambda p: write_pajek(G, p, seed=seed),
        ".json": lambda p: write_vosviewer_json(G, p, cluster_labels=labels, seed=seed),
    }
    if suffix in SIDECARS:
        other = sidecar_path(path)
        assert other is not None
        # Both files are written to temporaries first, then renamed: a failure leaves neither.
        tmp_main, tmp_other = _temporary(path), _temporary(other)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if suffix == ".csv":
                write_csv(G, tmp_main, tmp_other)
            else:
                write_vosviewer(G, tmp_main, tmp_other, seed=seed)
            os.replace(tmp_other, other)
            os.replace(tmp_main, path)
        finally:
            tmp_main.unlink(missing_ok=True)
            tmp_other.unlink(missing_ok=True)
        return path
    if suffix not in writers:
        raise ValueError(
            f"cannot write {path}: unknown extension {path.suffix!r}; use one of {', '.join(FORMATS)}"
        )
    _write_atomically(path, writers[suffix])
    return path


def _cluster_names(G: nx.Graph) -> dict[int, str]:
    """Cluster id -> its top LLR term (``G.graph["cluster_labels"]``), for VOSviewer's cluster names."""
    found = G.graph.get("cluster_labels") or {}
    return {int(c): terms[0]["term"] for c, terms in found.items() if terms}


def _temporary(path: Path) -> Path:
    # A temporary sibling keeps the suffix (writers dispatch on it) and is renamed only when complete.
    return path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp{path.suffix}")


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    # A temporary sibling keeps the suffix (writers dispatch on it) and is renamed only when complete.
    # (mkstemp is avoided: its 0600 mode would survive the rename.)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
