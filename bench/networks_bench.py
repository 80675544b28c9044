"""Benchmark: sparse co-citation with association strength on a synthetic Zipf corpus; time and peak RSS.

Usage: python bench/networks_bench.py [--docs 10000] [--refs 40] [--works 100000] [--top 1000] [--min-count 5]
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bri_kg.networks import cooccurrence, cooccurrence_pairs, incidence, top_pairs

__all__ = ["main", "synthetic_corpus"]


def synthetic_corpus(
    docs: int, refs: int, works: int, *, exponent: float = 1.0, seed: int = 42
) -> dict[str, list[str]]:
    """``docs`` reference lists of ``refs`` distinct works drawn from a Zipf(``exponent``) popularity law."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, works + 1) ** exponent
    p /= p.sum()
    draws = rng.choice(works, size=(docs, 3 * refs), p=p)
    corpus: dict[str, list[str]] = {}
    for d, row in enumerate(draws):
        # Keep the first ``refs`` distinct works in draw order; rare popular-heavy rows are topped up.
        _, first = np.unique(row, return_index=True)
        found = row[np.sort(first)][:refs].tolist()
        while len(found) < refs:
            extra = int(rng.choice(works, p=p))
            if extra not in found:
                found.append(extra)
        corpus[f"doc{d:06d}"] = [f"work{w:06d}" for w in found]
    return corpus


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s   peak RSS {_peak_rss_mb():8.1f} MB")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--refs", type=int, default=40)
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--top", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=42)
    # Association strength ranks pairs of once-cited works first (AS = 1); like VOSviewer's threshold on
    # citations, only works cited at least this often enter the matrix.
    parser.add_argument("--min-count", type=int, default=5)
    args = parser.parse_args(argv)

    print(
        f"corpus: {args.docs} citing docs x {args.refs} refs, Zipf over {args.works} works, seed {args.seed}"
    )
    print(f"start{'':<39} {'':8}     peak RSS {_peak_rss_mb():8.1f} MB")
    corpus = _timed(
        "synthetic corpus", lambda: synthetic_corpus(args.docs, args.refs, args.works, seed=args.seed)
    )
    inc = _timed(
        f"incidence matrix A (works cited >= {args.min_count}x)",
        lambda: incidence(corpus, min_count=args.min_count),
    )
    print(f"  A: {inc.matrix.shape[0]} x {inc.matrix.shape[1]}, {inc.matrix.nnz} citations")
    total = time.perf_counter()
    pairs = _timed(
        "C = A^T A, association strength", lambda: cooccurrence_pairs(inc, normalize="association")
    )
    print(f"  co-cited pairs: {len(pairs.i)}")
    best = _timed(f"top {args.top} pairs", lambda: top_pairs(pairs, args.top))
    print(f"co-citation + normalisation + top pairs: {time.perf_counter() - total:.2f} s")
    print(
        f"  strongest pair: AS = {best.weight[0]:.4g} (count {best.count[0]}); weakest kept AS = {best.weight[-1]:.4g}"
    )
    _timed(
        "fractional counting, association strength", lambda: cooccurrence_pairs(inc, counting="fractional")
    )
    sample = dict(list(corpus.items())[:1000])
    G = _timed("graph with evidence, first 1000 docs", lambda: cooccurrence(sample, min_count=5))
    print(f"  graph (min_count 5): {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    print(f"peak RSS {_peak_rss_mb():.1f} MB")


if __name__ == "__main__":
    main()
