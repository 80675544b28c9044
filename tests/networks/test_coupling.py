"""Bibliographic coupling checked against A A^T and its normalisations worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from bri_kg.networks.coupling import coupling

# Reference lists (|R|): p = {r1, r2, r3} (3), q = {r2, r3, r4} (3), s = {r3, r5} (2), t = {} (0).
#        r1 r2 r3 r4 r5               p  q  s  t
#   p  [ 1  1  1  0  0 ]         p [ 3  2  1  0 ]
#   q  [ 0  1  1  1  0 ]  A A^T = q [ 2  3  1  0 ]
#   s  [ 0  0  1  0  1 ]         s [ 1  1  2  0 ]
#   t  [ 0  0  0  0  0 ]         t [ 0  0  0  0 ]
DOCS = {"p": ["r1", "r2", "r3", "r3"], "q": ["r4", "r3", "r2"], "s": ["r3", "r5"], "t": []}
COUNTS = {("p", "q"): 2, ("p", "s"): 1, ("q", "s"): 1}


@pytest.mark.parametrize(
    ("normalize", "expected"),
    [
        ("none", {("p", "q"): 2.0, ("p", "s"): 1.0, ("q", "s"): 1.0}),
        # |R_A ∩ R_B| / sqrt(|R_A| |R_B|): 2 / sqrt(9), 1 / sqrt(6), 1 / sqrt(6)
        ("cosine", {("p", "q"): 2 / 3, ("p", "s"): 1 / math.sqrt(6), ("q", "s"): 1 / math.sqrt(6)}),
        # |R_A ∩ R_B| / (|R_A| |R_B|): 2 / 9, 1 / 6, 1 / 6
        ("association", {("p", "q"): 2 / 9, ("p", "s"): 1 / 6, ("q", "s"): 1 / 6}),
        # |R_A ∩ R_B| / |R_A ∪ R_B|: 2 / (3 + 3 - 2), 1 / (3 + 2 - 1), 1 / (3 + 2 - 1)
        ("jaccard", {("p", "q"): 1 / 2, ("p", "s"): 1 / 4, ("q", "s"): 1 / 4}),
    ],
)
def test_coupling_weights_match_hand_computation(normalize: str, expected: dict) -> None:
    G = coupling(DOCS, normalize=normalize)
    assert {tuple(sorted(e)): G.edges[e]["weight"] for e in G.edges} == pytest.approx(expected)
    assert {tuple(sorted(e)): G.edges[e]["count"] for e in G.edges} == COUNTS
    assert G.graph["normalize"] == normalize


def test_nodes_count_their_distinct_references_and_edges_keep_the_shared_ones() -> None:
    G = coupling(DOCS)
    assert dict(G.nodes(data="count")) == {"p": 3, "q": 3, "s": 2, "t": 0}
    assert nx.is_isolate(G, "t")
    assert G.edges["p", "q"]["evidence"] == ["r2", "r3"]
    assert G.edges["q", "s"]["evidence"] == ["r3"]
    assert (G.graph["kind"], G.graph["n_documents"]) == ("coupling", 4)


def test_min_count_drops_weak_pairs_but_keeps_the_reference_counts() -> None:
    G = coupling(DOCS, min_count=2)
    assert sorted(tuple(sorted(e)) for e in G.edges) == [("p", "q")]
    # |R| still counts r1, r4, r5 (each cited once): the cosine stays 2 / 3.
    assert G.edges["p", "q"]["weight"] == pytest.approx(2 / 3)
    assert G.number_of_nodes() == 4


def test_coupling_of_no_documents_is_empty() -> None:
    G = coupling({})
    assert (G.number_of_nodes(), G.number_of_edges()) == (0, 0)


@pytest.mark.parametrize("options", [{"normalize": "salton"}, {"min_count": 0}])
def test_coupling_rejects_bad_options(options: dict) -> None:
    with pytest.raises(ValueError):
        coupling(DOCS, **options)


def test_coupling_is_sparse_and_matches_pairwise_sets_on_a_larger_corpus() -> None:
    # 300 documents citing 3 of 200 references each, in a fixed pattern: A A^T by sets, pair by pair.
    docs = {f"d{k:03d}": [f"r{(k * m) % 200:03d}" for m in (1, 7, 13)] for k in range(300)}
    G = coupling(docs, normalize="cosine")
    sets = {d: set(refs) for d, refs in docs.items()}
    expected = {}
    names = sorted(sets)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = len(sets[a] & sets[b])
            if shared:
                expected[(a, b)] = shared / math.sqrt(len(sets[a]) * len(sets[b]))
    assert {tuple(sorted(e)): G.edges[e]["weight"] for e in G.edges} == pytest.approx(expected)
