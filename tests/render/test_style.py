"""Layout, sizes and legend shared by the HTML page and the figures."""

from __future__ import annotations

import networkx as nx
import pytest

from bri_kg.render.style import (
    OKABE_ITO,
    OTHER_COLOUR,
    cluster_colour,
    legend,
    node_colours,
    node_size,
    positions,
)


def _two_components_and_an_isolate() -> nx.Graph:
    G = nx.complete_graph(6)
    G.add_edges_from([(10, 11), (11, 12)])
    G.add_node(20)
    return G


def test_positions_are_seeded_bounded_and_cover_every_node() -> None:
    G = _two_components_and_an_isolate()
    pos = positions(G, seed=7)
    assert pos == positions(G, seed=7)
    assert pos != positions(G, seed=8)
    assert set(pos) == set(G)
    assert all(-1.0 - 1e-9 <= c <= 1.0 + 1e-9 for xy in pos.values() for c in xy)
    assert max(abs(c) for xy in pos.values() for c in xy) == pytest.approx(1.0)


def test_positions_keep_components_apart() -> None:
    pos = positions(_two_components_and_an_isolate())
    xs = {n: pos[n][0] for n in pos}
    ys = {n: pos[n][1] for n in pos}
    clique = range(6)
    box = (
        min(xs[n] for n in clique),
        max(xs[n] for n in clique),
        min(ys[n] for n in clique),
        max(ys[n] for n in clique),
    )
    for other in (10, 11, 12, 20):
        inside = box[0] <= xs[other] <= box[1] and box[2] <= ys[other] <= box[3]
        assert not inside


def test_positions_of_a_large_component_use_the_dense_layout_deterministically() -> None:
    G = nx.barabasi_albert_graph(600, 2, seed=1)
    assert positions(G) == positions(G)


def test_node_size_grows_with_count_and_is_modest_when_all_equal() -> None:
    sizes = [node_size(c, 9, smallest=1) for c in (1, 4, 9)]
    assert sizes == sorted(sizes) and sizes[0] == 8.0 and sizes[-1] == 40.0
    assert node_size(3, 3, smallest=3) == pytest.approx(8 + 32 / 3)


@pytest.mark.parametrize(
    ("cluster", "colour"), [(0, OKABE_ITO[0]), (6, OKABE_ITO[6]), (7, OTHER_COLOUR), (None, OTHER_COLOUR)]
)
def test_cluster_colour_uses_okabe_ito_then_grey(cluster, colour: str) -> None:
    assert cluster_colour(cluster) == colour


def test_isolates_are_grey_even_in_a_top_cluster() -> None:
    G = nx.Graph([("a", "b")])
    G.add_node("c")
    nx.set_node_attributes(G, {"a": 0, "b": 0, "c": 1}, "cluster")
    assert node_colours(G) == {"a": OKABE_ITO[0], "b": OKABE_ITO[0], "c": OTHER_COLOUR}
    assert cluster_colour(1, 1) == OTHER_COLOUR


def test_legend_names_clusters_by_their_most_counted_node() -> None:
    G = nx.Graph()
    G.add_node("a", label="Alpha", count=5, cluster=0)
    G.add_node("b", label="Beta", count=9, cluster=0)
    G.add_node("c", label="Gamma", count=1, cluster=1)
    G.add_node("d", label="Delta", count=0, cluster=1)
    for n in range(8):
        G.add_node(f"x{n}", label=f"X{n}", count=1, cluster=8 + n)
    rows = [(e.colour, e.label, e.size) for e in legend(G)]
    assert rows == [
        (OKABE_ITO[0], "Cluster 1: Beta", 2),
        (OKABE_ITO[1], "Cluster 2: Gamma", 2),
        (OTHER_COLOUR, "Smaller clusters and isolates", 8),
    ]
