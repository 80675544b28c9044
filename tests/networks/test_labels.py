"""Cluster labels: Dunning's G^2 checked against 2x2 tables worked out by hand."""

from __future__ import annotations

import math

import pytest

from bri_kg.networks.labels import (
    LabelTerm,
    candidate_terms,
    citing_documents,
    cluster_labels,
    log_likelihood,
)

# Cluster A = {a1, a2}, cluster B = {b1, b2, b3}; N = 5 documents.
DOC_TERMS = {
    "a1": ["migration", "labour"],
    "a2": ["migration", "labour", "labour"],  # a repeated term counts once
    "b1": ["migration", "infrastructure"],
    "b2": ["infrastructure", "port"],
    "b3": ["infrastructure", "port"],
}
CLUSTERS = {"A": ["a1", "a2"], "B": ["b1", "b2", "b3"]}

# labour in A: [[2, 0], [0, 3]], E = [[0.8, 1.2], [1.2, 1.8]]
#   G^2 = 2 [2 ln(2 / 0.8) + 3 ln(3 / 1.8)] = 2 [2 ln 2.5 + 3 ln(5/3)] = 6.730117
LLR_LABOUR = 2 * (2 * math.log(2.5) + 3 * math.log(5 / 3))
# migration in A: [[2, 0], [1, 2]], E = [[1.2, 0.8], [1.8, 1.2]]
#   G^2 = 2 [2 ln(2 / 1.2) + 1 ln(1 / 1.8) + 2 ln(2 / 1.2)] = 2 [4 ln(5/3) + ln(5/9)] = 2.911032
LLR_MIGRATION = 2 * (4 * math.log(5 / 3) + math.log(5 / 9))
# infrastructure in B: [[3, 0], [0, 2]] mirrors labour in A: 2 [3 ln(5/3) + 2 ln 2.5] = 6.730117.
# port in B: [[2, 1], [0, 2]], E = [[1.2, 1.8], [0.8, 1.2]]
#   G^2 = 2 [2 ln(2 / 1.2) + 1 ln(1 / 1.8) + 2 ln(2 / 1.2)] = 2.911032 (same cells as migration in A).


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((2, 0, 1, 2), 2.911032),
        ((2, 0, 0, 3), 6.730117),
        # E = 2 everywhere: 2 [3 ln 1.5 + ln 0.5 + ln 0.5 + 3 ln 1.5] = 12 ln 1.5 - 4 ln 2
        ((3, 1, 1, 3), 12 * math.log(1.5) - 4 * math.log(2)),
        ((1, 1, 1, 1), 0.0),  # independence
        ((5, 5, 0, 0), 0.0),  # no other documents: nothing to compare with
        ((0, 0, 0, 0), 0.0),
    ],
)
def test_log_likelihood_matches_hand_computed_tables(
    table: tuple[int, int, int, int], expected: float
) -> None:
    assert log_likelihood(*table) == pytest.approx(expected, abs=1e-6)


def test_log_likelihood_is_symmetric_in_rows_and_columns() -> None:
    assert log_likelihood(2, 0, 1, 2) == pytest.approx(log_likelihood(1, 2, 2, 0))
    assert log_likelihood(2, 0, 1, 2) == pytest.approx(log_likelihood(2, 1, 0, 2))


def test_log_likelihood_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        log_likelihood(1, -1, 0, 0)


def test_cluster_labels_rank_by_llr_and_keep_the_counts() -> None:
    labels = cluster_labels(CLUSTERS, DOC_TERMS)
    assert labels["A"] == [
        LabelTerm("labour", pytest.approx(LLR_LABOUR), 2, 0),
        LabelTerm("migration", pytest.approx(LLR_MIGRATION), 2, 1),
    ]
    assert labels["B"] == [
        LabelTerm("infrastructure", pytest.approx(LLR_LABOUR), 3, 0),
        LabelTerm("port", pytest.approx(LLR_MIGRATION), 2, 0),
    ]


def test_under_represented_terms_never_label_a_cluster() -> None:
    # migration in B: [[1, 2], [2, 0]] has G^2 > 0, but 1/3 of B against 2/2 elsewhere: not a label.
    assert log_likelihood(1, 2, 2, 0) > 0
    labels = cluster_labels(CLUSTERS, DOC_TERMS, min_count=1)
    assert "migration" not in {t.term for t in labels["B"]}


@pytest.mark.parametrize(("top", "min_count", "expected"), [(1, 2, ["labour"]), (5, 3, []), (0, 1, [])])
def test_top_and_min_count(top: int, min_count: int, expected: list[str]) -> None:
    labels = cluster_labels(CLUSTERS, DOC_TERMS, top=top, min_count=min_count)
    assert [t.term for t in labels["A"]] == expected


def test_documents_without_terms_still_count_in_the_table() -> None:
    # a3 has no terms: A = {a1, a2, a3}, labour [[2, 1], [0, 3]], N = 6, E = [[1, 2], [1, 2]]
    #   G^2 = 2 [2 ln 2 + 1 ln 0.5 + 3 ln 1.5] = 2 [ln 2 + 3 ln 1.5]
    clusters = {"A": ["a1", "a2", "a3"], "B": ["b1", "b2", "b3"]}
    labels = cluster_labels(clusters, DOC_TERMS)
    labour = next(t for t in labels["A"] if t.term == "labour")
    assert labour.llr == pytest.approx(2 * (math.log(2) + 3 * math.log(1.5)))
    assert (labour.in_cluster, labour.elsewhere) == (2, 0)


def test_cluster_labels_rejects_bad_options() -> None:
    with pytest.raises(ValueError):
        cluster_labels(CLUSTERS, DOC_TERMS, min_count=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Belt and Road Initiative: labour migration in 2019",
            ["belt", "road", "initiative", "road initiative", "labour", "migration", "labour migration"],
        ),
        (
            "China's co-citation networks",
            ["china", "co-citation", "china co-citation", "networks", "co-citation networks"],
        ),
        ("Migration. Remittances", ["migration", "remittances"]),  # no bigram across punctuation
        ("Migration, migration; MIGRATION", ["migration"]),  # lower-cased, each term once
        ("of the and 2019 a", []),
        ("", []),
    ],
)
def test_candidate_terms(text: str, expected: list[str]) -> None:
    assert candidate_terms(text) == expected


def test_citing_documents_of_cocitation_clusters() -> None:
    # Cluster 0 = works {w1, w2}, cluster 1 = {w3}; d2 cites both clusters, d3 none, d4 an unclustered work.
    cited = {"d1": ["w1"], "d2": ["w2", "w3"], "d3": [], "d4": ["w9"]}
    assert citing_documents({0: ["w1", "w2"], 1: ["w3"], 2: []}, cited) == {
        0: {"d1", "d2"},
        1: {"d2"},
        2: set(),
    }
