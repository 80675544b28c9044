"""Timeline figure: rows per cluster, nodes by year, reproducible SVG."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from bri_kg.render.timeline import timeline_figure, timeline_layout, write_timeline


def _graph() -> nx.Graph:
    """Cluster 0: four nodes (three in 2015), cluster 1: two nodes, one node without a year."""
    G = nx.Graph()
    G.add_node("a", label="Li 2015", year=2015, cluster=0, count=5)
    G.add_node("b", label="Wang 2015", year=2015, cluster=0, count=3)
    G.add_node("c", label="Zhao 2015", year=2015, cluster=0, count=1)
    G.add_node("d", label="Chen 2018", year=np.int64(2018), cluster=0, count=2)  # numpy ints are years too
    G.add_node("e", label="Sun 2012", year=2012, cluster=1, count=4)
    G.add_node("f", label="Hu 2020", year=2020, cluster=1, count=1)
    G.add_node("g", label="Undated", cluster=1, count=9)
    G.add_edges_from([("a", "b"), ("a", "e"), ("e", "f"), ("g", "a")])
    return G


def test_layout_rows_by_cluster_size_and_stacked_years() -> None:
    rows, pos = timeline_layout(_graph())
    # Cluster 0 has 4 dated nodes, cluster 1 has 2: cluster 0 is the top row (y = 0), cluster 1 y = -1.
    assert rows == [0, 1]
    # 2015 in cluster 0 stacks three nodes by count (5, 3, 1) at 0, +0.18, -0.18 (step min(0.18, 0.38 / (3 // 2)) = 0.18).
    assert pos["a"] == (2015.0, 0.0)
    assert pos["b"] == pytest.approx((2015.0, 0.18))
    assert pos["c"] == pytest.approx((2015.0, -0.18))
    assert pos["d"] == (2018.0, 0.0)
    assert (pos["e"], pos["f"]) == ((2012.0, -1.0), (2020.0, -1.0))
    assert "g" not in pos


def test_layout_keeps_the_largest_clusters() -> None:
    rows, pos = timeline_layout(_graph(), max_clusters=1)
    assert rows == [0]
    assert set(pos) == {"a", "b", "c", "d"}


def test_crowded_years_stay_within_their_row() -> None:
    G = nx.Graph()
    G.add_nodes_from((k, {"year": 2020, "cluster": 0, "count": k}) for k in range(12))
    _, pos = timeline_layout(G)
    assert all(-0.38 - 1e-9 <= y <= 0.38 + 1e-9 for _, y in pos.values())
    assert len({y for _, y in pos.values()}) == 12


def test_figure_draws_every_dated_node_and_names_the_rows() -> None:
    fig = timeline_figure(_graph(), cluster_names={0: "labour migration"}, title="Timeline")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["labour migration", "Cluster 2"]
    offsets = ax.collections[-1].get_offsets()
    assert sorted(map(tuple, np.asarray(offsets).round(2).tolist())) == sorted(
        [(2015.0, 0.0), (2015.0, 0.18), (2015.0, -0.18), (2018.0, 0.0), (2012.0, -1.0), (2020.0, -1.0)]
    )
    texts = [t.get_text() for t in ax.texts]
    assert "Li 2015" in texts and "Sun 2012" in texts
    assert any("1 of 7 nodes" in t for t in texts)


def test_figure_draws_on_a_given_axes() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    assert timeline_figure(_graph(), ax=ax) is fig


def test_figure_of_a_graph_without_years() -> None:
    G = nx.Graph()
    G.add_node("x", cluster=0)
    fig = timeline_figure(G)
    assert any("1 of 1 nodes" in t.get_text() for t in fig.axes[0].texts)


def test_svg_is_reproducible_and_undated(tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    write_timeline(_graph(), first, cluster_names={0: "labour $ migration"})
    write_timeline(_graph(), second, cluster_names={0: "labour $ migration"})
    assert first.read_bytes() == second.read_bytes()
    assert b"<dc:date>" not in first.read_bytes()


def test_png_and_bad_suffix(tmp_path: Path) -> None:
    path = write_timeline(_graph(), tmp_path / "t.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match=r"\.pdf"):
        write_timeline(_graph(), tmp_path / "t.pdf")


def test_timeline_of_a_built_network_names_rows_by_llr_label(graphs, tmp_path) -> None:
    from bri_kg.render.timeline import llr_cluster_names

    G = graphs["cocitation"]
    names = llr_cluster_names(G)
    assert names and all(name.startswith(f"Cluster {c + 1}: ") for c, name in names.items())
    path = write_timeline(G, tmp_path / "t.svg", title="Co-citation clusters by year")
    assert (
        path.read_bytes()
        == write_timeline(G, tmp_path / "u.svg", title="Co-citation clusters by year").read_bytes()
    )
