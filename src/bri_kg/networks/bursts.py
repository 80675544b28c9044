"""Kleinberg's two-state burst detection over yearly document counts, and CiteSpace's sigma."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["P1_MAX", "Burst", "burstness", "bursts_by_item", "kleinberg_bursts", "sigma", "state_cost"]

K = TypeVar("K", bound=Hashable)

# p1 = s * p0 must stay a probability. When an item is in nearly every document s * p0 >= 1; the
# burst state then means "in (almost) every document of the slice" rather than failing.
P1_MAX = 1.0 - 1e-6


@dataclass(frozen=True)
class Burst:
    """A run of consecutive slices in the burst state; ``start`` and ``end`` are inclusive.

    From :func:`kleinberg_bursts` they are slice indices (0-based); from :func:`bursts_by_item` they
    are years. ``weight`` is the sum over the run of sigma_0 - sigma_1 (Kleinberg 2002).
    """

    start: int
    end: int
    weight: float


def state_cost(d: int, r: int, p: float) -> float:
    """sigma = -ln[ C(d, r) p^r (1 - p)^(d - r) ]: the cost of seeing ``r`` of ``d`` at rate ``p``.

    Computed in log space (``math.lgamma``) so that thousands of documents per slice do not underflow.
    """
    log_choose = math.lgamma(d + 1) - math.lgamma(r + 1) - math.lgamma(d - r + 1)
    log_p = r * math.log(p) if r else 0.0
    log_q = (d - r) * math.log1p(-p) if d - r else 0.0
    return -(log_choose + log_p + log_q)


def kleinberg_bursts(
    d: Sequence[int], r: Sequence[int], *, s: float = 2.0, gamma: float = 1.0
) -> list[Burst]:
    """Bursts of a batched event stream: ``r[t]`` relevant documents among ``d[t]`` in slice ``t``.

    Parameters
    ----------
    d, r
        Documents per slice and, among them, the documents containing the item (0 <= r[t] <= d[t]).
    s
        Ratio of the burst rate to the base rate (s > 1).
    gamma
        Difficulty of entering the burst state (gamma >= 0).

    Returns
    -------
    list of Burst
        Maximal runs of the burst state in the cheapest state sequence, in time order; ``start`` and
        ``end`` are slice indices.

    Notes
    -----
    The batched two-state automaton of Kleinberg (2002, KDD; Data Mining and Knowledge Discovery 7(4),
    373-397, 2003, section 4): base rate p0 = sum r / sum d, burst rate p1 = s p0 (capped at
    :data:`P1_MAX`), cost sigma_i(t) = -ln[C(d_t, r_t) p_i^r_t (1 - p_i)^(d_t - r_t)], moving up from
    state 0 to state 1 costs gamma ln n (n = number of slices), moving down is free, and the sequence
    starts in state 0. The sequence minimising the total cost is found exactly by Viterbi dynamic
    programming, not by deciding each slice greedily: a short dip inside a burst stays in the burst
    when leaving and re-entering would cost more. Ties prefer state 0.

    >>> kleinberg_bursts([10, 10, 10, 10], [1, 1, 6, 1])  # doctest: +ELLIPSIS
    [Burst(start=2, end=2, weight=2.787...)]
    """
    _check_stream(d, r, s, gamma)
    n = len(d)
    total_d, total_r = sum(d), sum(r)
    if n == 0 or total_r == 0 or total_r == total_d:
        return []  # no rate to exceed (never relevant) or no room above it (always relevant)
    p0 = total_r / total_d
    p1 = min(s * p0, P1_MAX)
    if p1 <= p0:
        return []
    cost0 = [state_cost(dt, rt, p0) for dt, rt in zip(d, r, strict=True)]
    cost1 = [state_cost(dt, rt, p1) for dt, rt in zip(d, r, strict=True)]
    states = _viterbi(cost0, cost1, gamma * math.log(n))
    bursts: list[Burst] = []
    t = 0
    while t < n:
        if states[t] == 1:
            start = t
            while t + 1 < n and states[t + 1] == 1:
                t += 1
            weight = sum(cost0[k] - cost1[k] for k in range(start, t + 1))
            bursts.append(Burst(start, t, weight))
        t += 1
    return bursts


def _viterbi(cost0: Sequence[float], cost1: Sequence[float], up: float) -> list[int]:
    """Cheapest 0/1 state sequence starting from state 0, with ``up`` charged for each 0 -> 1 move."""
    best = [cost0[0], up + cost1[0]]  # cheapest total cost ending in state 0 / 1 at the current slice
    back: list[tuple[int, int]] = []  # for each slice after the first: best predecessor of state 0 / 1
    for c0, c1 in zip(cost0[1:], cost1[1:], strict=True):
        # Ties go to state 0, so that a burst neither starts nor ends on an empty slice (d = 0 costs
        # nothing in either state) and equal-cost sequences resolve the same way every time.
        from0 = 0 if best[0] <= best[1] else 1  # entering state 0 is free from either state
        from1 = 0 if best[0] + up <= best[1] else 1
        back.append((from0, from1))
        best = [best[from0] + c0, (best[0] + up if from1 == 0 else best[1]) + c1]
    state = 0 if best[0] <= best[1] else 1
    states = [state]
    for pointers in reversed(back):
        state = pointers[state]
        states.append(state)
    return states[::-1]


def bursts_by_item(
    item_years: Mapping[K, Collection[int]],
    doc_years: Collection[int],
    *,
    s: float = 2.0,
    gamma: float = 1.0,
) -> dict[K, list[Burst]]:
    """Bursts of every item, with ``start`` and ``end`` as years.

    Parameters
    ----------
    item_years
        Item -> the publication years of the documents containing it, one entry per document (so a
        year repeats when several documents of that year contain the item).
    doc_years
        The publication year of every document, one entry per document.

    Returns
    -------
    dict
        Item -> its bursts (possibly empty). The slices are every year from the first to the last of
        ``doc_years``, empty years included (d = r = 0 costs nothing in either state, but n counts them).
        See :func:`kleinberg_bursts` for ``s`` and ``gamma``.
    """
    docs_per_year = Counter(doc_years)
    if not docs_per_year:
        return {item: [] for item in item_years}
    first, last = min(docs_per_year), max(docs_per_year)
    years = range(first, last + 1)
    d = [docs_per_year.get(y, 0) for y in years]
    found: dict[K, list[Burst]] = {}
    for item, seen in item_years.items():
        per_year = Counter(seen)
        outside = sorted(y for y in per_year if not first <= y <= last or per_year[y] > docs_per_year[y])
        if outside:
            raise ValueError(f"item {item!r} occurs in more documents than doc_years holds in {outside}")
        r = [per_year.get(y, 0) for y in years]
        found[item] = [
            Burst(first + b.start, first + b.end, b.weight) for b in kleinberg_bursts(d, r, s=s, gamma=gamma)
        ]
    return found


def burstness(bursts: Sequence[Burst]) -> float:
    """Strength of the strongest burst (0.0 when there is none), the exponent of :func:`sigma`."""
    return max((b.weight for b in bursts), default=0.0)


def sigma(betweenness: float, burstness: float) -> float:
    """CiteSpace's sigma = (betweenness + 1) ^ burstness.

    Combines structural centrality with burst strength: 1 for a node without burst or without
    betweenness (Chen, Chen, Horowitz, Hou, Liu & Pellegrino 2009, Journal of Informetrics 3(3), 191-209).
    """
    return (betweenness + 1.0) ** burstness


def _check_stream(d: Sequence[int], r: Sequence[int], s: float, gamma: float) -> None:
    if len(d) != len(r):
        raise ValueError(f"d and r must have the same length, not {len(d)} and {len(r)}")
    bad = [t for t, (dt, rt) in enumerate(zip(d, r, strict=True)) if not 0 <= rt <= dt]
    if bad:
        raise ValueError(f"need 0 <= r[t] <= d[t]; slices {bad} break it")
    if not s > 1:
        raise ValueError(f"s must be > 1, not {s}")
    if gamma < 0:
        raise ValueError(f"gamma must be >= 0, not {gamma}")
