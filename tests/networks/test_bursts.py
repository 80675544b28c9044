"""Kleinberg bursts checked against sequences worked out by hand and against brute force."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bri_kg.networks.bursts import (
    P1_MAX,
    Burst,
    burstness,
    bursts_by_item,
    kleinberg_bursts,
    sigma,
    state_cost,
)

# Per slice, sigma_0 - sigma_1 = r ln(p1 / p0) + (d - r) ln((1 - p1) / (1 - p0)): C(d, r) cancels.

# Example 1: d = 10 x 4, r = (1, 1, 6, 1): p0 = 9/40 = 0.225, p1 = 0.45, moving up costs ln 4 = 1.386294.
#   r = 1: ln 2 + 9 ln(0.55 / 0.775) = -2.393358;  r = 6: 6 ln 2 + 4 ln(0.55 / 0.775) = 2.787103.
#   Only slice 2 pays for the move up (2.787103 > 1.386294): one burst [2, 2] of weight 2.787103.
GAIN_1 = 6 * math.log(2) + 4 * math.log(0.55 / 0.775)

# Example 2 (Viterbi, not greedy): d = 20 x 5, r = (0, 0, 7, 5, 8): p0 = 20/100 = 0.2, p1 = 0.4, up = ln 5.
#   sigma_0 - sigma_1 = r ln 2 + (20 - r) ln(3/4): r = 0: -5.753641, r = 7: 1.112163, r = 5: -0.849495,
#   r = 8: 2.092993; ln 5 = 1.609438. Savings against "never in a burst":
#     one burst [2, 4]:        1.112163 - 0.849495 + 2.092993 - 1.609438 =  0.746223  <- optimal
#     burst [4, 4] only:       2.092993 - 1.609438                       =  0.483555
#     bursts [2, 2] and [4, 4] (greedy: state 1 wherever sigma_1 < sigma_0):
#                              1.112163 + 2.092993 - 2 x 1.609438        = -0.014158
#   Weight of [2, 4] = 1.112163 - 0.849495 + 2.092993 = 2.355661.
WEIGHT_2 = (7 + 5 + 8) * math.log(2) + (13 + 15 + 12) * math.log(0.75)


@pytest.mark.parametrize(
    ("d", "r", "options", "expected"),
    [
        ([10, 10, 10, 10], [1, 1, 6, 1], {}, [Burst(2, 2, GAIN_1)]),
        ([20] * 5, [0, 0, 7, 5, 8], {}, [Burst(2, 4, WEIGHT_2)]),
        # gamma = 2 doubles the entry cost to 2 ln 5 = 3.218876 > 2.355661: no burst pays.
        ([20] * 5, [0, 0, 7, 5, 8], {"gamma": 2.0}, []),
        # gamma = 0: entering is free, so state 1 wherever sigma_1 < sigma_0 (the greedy answer).
        (
            [20] * 5,
            [0, 0, 7, 5, 8],
            {"gamma": 0.0},
            [
                Burst(2, 2, 7 * math.log(2) + 13 * math.log(0.75)),
                Burst(4, 4, 8 * math.log(2) + 12 * math.log(0.75)),
            ],
        ),
        ([10, 10, 10], [3, 3, 3], {}, []),  # a constant rate never bursts
        ([10, 10], [0, 0], {}, []),  # never relevant: p0 = 0
        ([4, 4], [4, 4], {}, []),  # always relevant: p0 = 1, no higher rate
        ([], [], {}, []),
    ],
)
def test_kleinberg_bursts_match_hand_computation(d: list, r: list, options: dict, expected: list) -> None:
    found = kleinberg_bursts(d, r, **options)
    assert [(b.start, b.end) for b in found] == [(b.start, b.end) for b in expected]
    assert [b.weight for b in found] == pytest.approx([b.weight for b in expected])


def test_state_cost_is_the_negative_log_binomial() -> None:
    # -ln[C(10, 6) 0.45^6 0.55^4] = -ln(210 x 0.45^6 x 0.55^4)
    assert state_cost(10, 6, 0.45) == pytest.approx(-math.log(210 * 0.45**6 * 0.55**4))
    assert state_cost(0, 0, 0.3) == 0.0  # an empty slice costs nothing in either state


def test_burst_rate_is_capped_below_one() -> None:
    # p0 = 6/10 = 0.6, s p0 = 1.2: p1 is capped at P1_MAX instead of failing; slice 1 (all 5 relevant)
    # costs 5 ln(0.6 / P1_MAX) less in state 1 and 3 slices make the move up cost ln 3.
    found = kleinberg_bursts([5, 5, 0], [1, 5, 0])
    assert [(b.start, b.end) for b in found] == [(1, 1)]
    assert found[0].weight == pytest.approx(5 * math.log(P1_MAX / 0.6))


@pytest.mark.parametrize(
    ("d", "r", "options"),
    [([1, 2], [1], {}), ([3], [4], {}), ([3], [-1], {}), ([3], [1], {"s": 1.0}), ([3], [1], {"gamma": -1})],
)
def test_kleinberg_bursts_rejects_bad_input(d: list, r: list, options: dict) -> None:
    with pytest.raises(ValueError):
        kleinberg_bursts(d, r, **options)


def _total_cost(states: tuple[int, ...], d: list[int], r: list[int], s: float, gamma: float) -> float:
    """Kleinberg's cost of a state sequence, written out directly from the definition."""
    p0 = sum(r) / sum(d)
    p = (p0, min(s * p0, P1_MAX))
    up = gamma * math.log(len(d))
    cost, previous = 0.0, 0
    for t, q in enumerate(states):
        cost += state_cost(d[t], r[t], p[q]) + (up if q > previous else 0.0)
        previous = q
    return cost


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=7),
    st.sampled_from([1.5, 2.0, 3.0]),
    st.sampled_from([0.5, 1.0, 2.0]),
)
def test_viterbi_finds_the_cheapest_state_sequence(slices: list, s: float, gamma: float) -> None:
    d = [max(a, b) for a, b in slices]
    r = [min(a, b) for a, b in slices]
    if sum(r) == 0 or sum(r) == sum(d):
        assert kleinberg_bursts(d, r, s=s, gamma=gamma) == []
        return
    found = kleinberg_bursts(d, r, s=s, gamma=gamma)
    states = [0] * len(d)
    for b in found:
        states[b.start : b.end + 1] = [1] * (b.end - b.start + 1)
    best = min(_total_cost(q, d, r, s, gamma) for q in itertools.product((0, 1), repeat=len(d)))
    assert _total_cost(tuple(states), d, r, s, gamma) == pytest.approx(best, abs=1e-9)


def test_bursts_by_item_counts_documents_per_year() -> None:
    # 10 documents a year in 2001-2004 and the item in 1, 1, 6, 1 of them: example 1 again, so one
    # burst in 2003 of weight GAIN_1; an item found once a year has a constant rate and no burst.
    doc_years = [2001] * 10 + [2002] * 10 + [2003] * 10 + [2004] * 10
    item_years = {"w": [2001, 2002, *[2003] * 6, 2004], "flat": [2001, 2002, 2003, 2004]}
    found = bursts_by_item(item_years, doc_years)
    assert [(b.start, b.end) for b in found["w"]] == [(2003, 2003)]
    assert found["w"][0].weight == pytest.approx(GAIN_1)
    assert found["flat"] == []


def test_bursts_by_item_fills_empty_years() -> None:
    # 2002 has no documents: slices 2001-2004 (n = 4, up = ln 4) with d = (10, 0, 10, 10).
    doc_years = [2001] * 10 + [2003] * 10 + [2004] * 10
    found = bursts_by_item({"w": [2001] * 1 + [2003] * 6 + [2004] * 1}, doc_years)
    # p0 = 8/30, p1 = 16/30; slice 2003: 6 ln 2 + 4 ln((14/30) / (22/30)) = 6 ln 2 + 4 ln(7/11) = 2.348851
    assert [(b.start, b.end) for b in found["w"]] == [(2003, 2003)]
    assert found["w"][0].weight == pytest.approx(6 * math.log(2) + 4 * math.log(7 / 11))


def test_bursts_by_item_rejects_more_item_documents_than_documents() -> None:
    with pytest.raises(ValueError, match="2005"):
        bursts_by_item({"w": [2005]}, [2001, 2002])
    assert bursts_by_item({"w": [2001]}, []) == {"w": []}


@pytest.mark.parametrize(
    ("betweenness", "strength", "expected"),
    [(0.0, 5.0, 1.0), (0.5, 0.0, 1.0), (1.0, 3.0, 8.0), (0.25, 2.0, 1.5625)],  # (b + 1) ^ burstness
)
def test_sigma(betweenness: float, strength: float, expected: float) -> None:
    assert sigma(betweenness, strength) == pytest.approx(expected)


def test_burstness_is_the_strongest_burst() -> None:
    assert burstness([Burst(1, 2, 0.5), Burst(4, 4, 2.5)]) == 2.5
    assert burstness([]) == 0.0
