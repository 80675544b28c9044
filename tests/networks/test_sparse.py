"""Co-occurrence counting and normalisation checked against hand-computed matrices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bri_kg.networks import cooccurrence, cooccurrence_pairs, incidence, top_pairs

# d1 = {a, b, c}, d2 = {a, b}, d3 = {b, c, d}: s = (a 2, b 3, c 2, d 1);
# c_ab = 2, c_ac = 1, c_bc = 2, c_bd = 1, c_cd = 1, c_ad = 0.
DOCS = {"d1": ["a", "b", "c"], "d2": ["b", "a", "a"], "d3": ["b", "c", "d"]}
COUNTS = {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 2, ("b", "d"): 1, ("c", "d"): 1}


def test_incidence_matrix_and_cooccurrence_are_a_transpose_a() -> None:
    inc = incidence(DOCS)
    assert inc.docs == ("d1", "d2", "d3")
    assert inc.items == ("a", "b", "c", "d")
    expected = np.array([[1, 1, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1]])
    assert (inc.matrix.toarray() == expected).all()
    assert inc.occurrences.tolist() == [2, 3, 2, 1]
    c = expected.T @ expected
    pairs = cooccurrence_pairs(inc, normalize="none")
    for i, j, n in zip(pairs.i, pairs.j, pairs.count, strict=True):
        assert n == c[i, j]
    assert len(pairs.i) == int((np.triu(c, 1) > 0).sum())


@pytest.mark.parametrize(
    ("normalize", "expected"),
    [
        ("none", {p: float(c) for p, c in COUNTS.items()}),
        (
            "association",
            {("a", "b"): 2 / 6, ("a", "c"): 1 / 4, ("b", "c"): 2 / 6, ("b", "d"): 1 / 3, ("c", "d"): 1 / 2},
        ),
        (
            "cosine",
            {
                ("a", "b"): 2 / math.sqrt(6),
                ("a", "c"): 1 / 2,
                ("b", "c"): 2 / math.sqrt(6),
                ("b", "d"): 1 / math.sqrt(3),
                ("c", "d"): 1 / math.sqrt(2),
            },
        ),
        (
            "jaccard",
            {("a", "b"): 2 / 3, ("a", "c"): 1 / 3, ("b", "c"): 2 / 3, ("b", "d"): 1 / 3, ("c", "d"): 1 / 2},
        ),
    ],
)
def test_cooccurrence_normalisations_match_hand_computation(normalize: str, expected: dict) -> None:
    G = cooccurrence(DOCS, normalize=normalize)
    assert {tuple(sorted(e)): G.edges[e]["weight"] for e in G.edges} == pytest.approx(expected)
    assert {tuple(sorted(e)): G.edges[e]["count"] for e in G.edges} == COUNTS
    assert dict(G.nodes(data="count")) == {"a": 2, "b": 3, "c": 2, "d": 1}


def test_cooccurrence_fractional_counting_weighs_links_by_one_over_n_minus_one() -> None:
    # d1 and d3 have 3 items (links weigh 1/2), d2 has 2 (weighs 1).
    G = cooccurrence(DOCS, counting="fractional", normalize="none")
    strengths = {tuple(sorted(e)): G.edges[e]["strength"] for e in G.edges}
    assert strengths == pytest.approx(
        {("a", "b"): 1.5, ("a", "c"): 0.5, ("b", "c"): 1.0, ("b", "d"): 0.5, ("c", "d"): 0.5}
    )
    # Each item's links from one document sum to 1, so total strength = documents with >= 2 items.
    assert dict(G.degree(weight="strength")) == pytest.approx({"a": 2, "b": 3, "c": 2, "d": 1})
    assert G.edges["a", "b"]["count"] == 2


def test_cooccurrence_fractional_association_divides_strength() -> None:
    G = cooccurrence(DOCS, counting="fractional", normalize="association")
    assert G.edges["a", "b"]["weight"] == pytest.approx(1.5 / 6)


def test_cooccurrence_edges_keep_their_documents_as_evidence() -> None:
    G = cooccurrence(DOCS)
    assert G.edges["a", "b"]["evidence"] == ["d1", "d2"]
    assert G.edges["c", "d"]["evidence"] == ["d3"]
    assert not G.has_edge("a", "d")


def test_cooccurrence_one_document_gives_weight_one() -> None:
    G = cooccurrence({"only": ["x", "y", "z"]})
    assert G.graph["n_documents"] == 1
    assert {d["weight"] for _, _, d in G.edges(data=True)} == {1.0}
    assert G.number_of_edges() == 3


@pytest.mark.parametrize(
    ("min_count", "nodes", "edges"),
    [(1, 4, 5), (2, 3, 2), (3, 1, 0)],
)
def test_cooccurrence_min_count_drops_rare_items_and_pairs(min_count: int, nodes: int, edges: int) -> None:
    G = cooccurrence(DOCS, min_count=min_count)
    assert (G.number_of_nodes(), G.number_of_edges()) == (nodes, edges)
    assert all(d["count"] >= min_count for _, _, d in G.edges(data=True))


def test_cooccurrence_of_nothing_is_empty() -> None:
    G = cooccurrence({})
    assert G.number_of_nodes() == 0 and G.graph["n_documents"] == 0


@pytest.mark.parametrize(("option", "value"), [("normalize", "salton"), ("counting", "half")])
def test_cooccurrence_rejects_unknown_options(option: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"{option} must be one of"):
        cooccurrence(DOCS, **{option: value})


def test_top_pairs_orders_by_weight_then_count() -> None:
    inc = incidence(DOCS)
    best = top_pairs(cooccurrence_pairs(inc, normalize="association"), 2)
    names = [(inc.items[i], inc.items[j]) for i, j in zip(best.i, best.j, strict=True)]
    # c-d has the highest AS (1/2); a-b, b-c and b-d tie at 1/3, and the higher count (2) wins.
    assert names == [("c", "d"), ("a", "b")]
    assert best.weight.tolist() == pytest.approx([0.5, 1 / 3])


@pytest.mark.parametrize("k", [0, 1, 7, 50, 10_000])
def test_top_pairs_equals_a_full_sort(k: int) -> None:
    rng = np.random.default_rng(3)
    docs = {f"d{n}": [f"w{int(x)}" for x in rng.integers(0, 40, size=6)] for n in range(60)}
    pairs = cooccurrence_pairs(incidence(docs), normalize="association")
    full = np.lexsort((pairs.j, pairs.i, -pairs.count, -pairs.weight))[:k]
    best = top_pairs(pairs, k)
    assert list(zip(best.i, best.j, strict=True)) == list(zip(pairs.i[full], pairs.j[full], strict=True))


def test_cooccurrence_top_keeps_the_heaviest_pairs_and_their_items() -> None:
    from bri_kg.networks import cooccurrence

    # c_ab = 3, c_bc = 1, c_ac = 1, c_cd = 1: the top pair by raw count is (a, b).
    docs = {"d1": ["a", "b"], "d2": ["a", "b", "c"], "d3": ["a", "b"], "d4": ["c", "d"]}
    G = cooccurrence(docs, normalize="none", top=1)
    assert list(G.edges) == [("a", "b")] and set(G) == {"a", "b"}
    assert G.edges["a", "b"]["count"] == 3 and G.edges["a", "b"]["evidence"] == ["d1", "d2", "d3"]
    assert G.nodes["a"]["count"] == 3
    # Exactly ``top`` pairs: ties at the cut go to the higher count, then to the lower item indices.
    assert set(cooccurrence(docs, normalize="none", top=2).edges) == {("a", "b"), ("a", "c")}
