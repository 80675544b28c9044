"""Benchmark: sparse co-citation with association strength on a synthetic Zipf corpus; time and peak RSS.

Usage: python bench/networks_bench.py [--docs 100000] [--refs 40] [--works 100000] [--top 1000]
       [--min-count 5] [--store-docs 10000] [--sparql-docs 500] [--render bench/out]

Part 1 counts in memory (corpus -> incidence A -> C = A^T A -> association strength -> top pairs).
Part 2 compares, on Oxigraph stores of the same corpus (its first --store-docs / --sparql-docs citing
documents), the store-backed sparse path (one SELECT of the citation pairs, then part 1; and the whole
``build_network``) with co-citation counted by SPARQL GROUP BY (``sparql/cocitation_groupby.rq``), the
slow way. Each step of part 2 runs in a fresh process, so its peak RSS is its own; the SPARQL side gets a
smaller store because its self-join grows with refs^2 per document.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
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
    """Peak resident set size of this process in MB.

    Linux's VmHWM belongs to the address space, so a freshly spawned (exec'd) process starts from zero;
    ``ru_maxrss`` is kept across fork and exec and would report the parent's peak there.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s   peak RSS {_peak_rss_mb():8.1f} MB")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--refs", type=int, default=40)
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--top", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=42)
    # Association strength ranks pairs of once-cited works first (AS = 1); like VOSviewer's threshold on
    # citations, only works cited at least this often enter the matrix.
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument(
        "--render", type=Path, default=None, help="also write the top-pairs graph here (.html/.png)"
    )
    parser.add_argument(
        "--store-docs", type=int, default=10_000, help="store size for the sparse path (0: skip)"
    )
    parser.add_argument(
        "--sparql-docs", type=int, default=500, help="store size for SPARQL GROUP BY (0: skip)"
    )
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
    if args.render is not None:
        _render(inc, best, args.render)
    print(f"peak RSS {_peak_rss_mb():.1f} MB")
    if args.store_docs or args.sparql_docs:
        _compare_with_sparql(args)


def _compare_with_sparql(args: argparse.Namespace) -> None:
    """Part 2: store-backed sparse counting beside SPARQL GROUP BY, each step in a fresh process."""
    spawn = multiprocessing.get_context("spawn")
    corpus_args = (args.refs, args.works, args.seed)
    print()
    print(f"{'step (fresh process each)':<52} {'docs':>7} {'seconds':>9} {'peak RSS MB':>12}")
    with (
        tempfile.TemporaryDirectory(prefix="bri-kg-bench-") as tmp,
        spawn.Pool(1, maxtasksperchild=1) as pool,
    ):
        sizes = sorted({n for n in (args.store_docs, args.sparql_docs) if n})
        tops: dict[str, Any] = {}
        for docs in sizes:
            path = str(Path(tmp) / f"store{docs}")
            _row(pool.apply(_phase_load, (path, docs, *corpus_args)))
            if docs == args.store_docs or docs == args.sparql_docs:
                result = pool.apply(_phase_sparse_store, (path, docs, args.top))
                _row(result)
                tops[f"sparse{docs}"] = result["weights"]
            if docs == args.store_docs:
                _row(pool.apply(_phase_build_network, (path, docs, args.top)))
            if docs == args.sparql_docs:
                result = pool.apply(_phase_sparql, (path, docs))
                _row(result)
                same = np.allclose(np.sort(result["weights"]), np.sort(tops[f"sparse{docs}"]))
                print(f"  same {len(result['weights'])} top association strengths from both: {same}")


def _row(result: dict[str, Any]) -> None:
    print(f"{result['step']:<52} {result['docs']:>7} {result['seconds']:>9.2f} {result['peak_mb']:>12.1f}")


def _phase_load(path: str, docs: int, refs: int, works: int, seed: int) -> dict[str, Any]:
    """Write the first ``docs`` reference lists of the corpus as cito:cites triples into a new store."""
    import pyoxigraph as ox

    start = time.perf_counter()
    corpus = synthetic_corpus(docs, refs, works, seed=seed)
    cites = ox.NamedNode("http://purl.org/spar/cito/cites")
    base = "https://w3id.org/bri-kg/br/"
    store = ox.Store(path)
    store.bulk_extend(
        ox.Quad(ox.NamedNode(base + d), cites, ox.NamedNode(base + w)) for d, ws in corpus.items() for w in ws
    )
    store.flush()
    del store
    return _result(f"load store ({refs} cito:cites per document)", docs, start)


def _phase_sparse_store(path: str, docs: int, top: int) -> dict[str, Any]:
    """One SELECT of the citation pairs, then sparse counting, association strength and top pairs."""
    import pyoxigraph as ox

    from bri_kg.networks import iter_tuples

    store = ox.Store.read_only(path)
    start = time.perf_counter()
    cites: dict[str, set[str]] = {}
    for citing, cited in iter_tuples(store, "citation_pairs"):
        cites.setdefault(citing, set()).add(cited)
    best = top_pairs(cooccurrence_pairs(incidence(cites), normalize="association"), top)
    result = _result(f"sparse from store: SELECT pairs + A^T A + top {top}", docs, start)
    return result | {"weights": best.weight.tolist()}


def _phase_build_network(path: str, docs: int, top: int) -> dict[str, Any]:
    """The whole API: build_network(store, "cocitation", top=...) with metrics, labels and bursts."""
    import pyoxigraph as ox

    from bri_kg.networks import build_network

    store = ox.Store.read_only(path)
    start = time.perf_counter()
    G = build_network(store, "cocitation", top=top)
    return _result(f"build_network(cocitation, top={top}): {G.number_of_edges()} edges", docs, start)


def _phase_sparql(path: str, docs: int) -> dict[str, Any]:
    """Co-citation by SPARQL GROUP BY with association strength, top 1,000 (sparql/cocitation_groupby.rq)."""
    import pyoxigraph as ox

    from bri_kg.networks import select

    store = ox.Store.read_only(path)
    start = time.perf_counter()
    rows = select(store, "cocitation_groupby")
    result = _result("SPARQL GROUP BY + association strength, top 1000", docs, start)
    return result | {"weights": [float(r["as"]) for r in rows]}


def _result(step: str, docs: int, start: float) -> dict[str, Any]:
    return {"step": step, "docs": docs, "seconds": time.perf_counter() - start, "peak_mb": _peak_rss_mb()}


def _render(inc: Any, best: Any, folder: Path) -> None:
    """Metrics, layout and files for the graph of the strongest pairs (what a reader would open)."""
    import networkx as nx

    from bri_kg.networks import add_metrics
    from bri_kg.render import write_network

    G = nx.Graph()
    for i, j, c, w in zip(
        best.i.tolist(), best.j.tolist(), best.count.tolist(), best.weight.tolist(), strict=True
    ):
        G.add_edge(inc.items[i], inc.items[j], count=c, weight=w)
    occurrences = inc.occurrences
    for n in G:
        G.nodes[n].update(label=n, count=int(occurrences[inc.items.index(n)]))
    print(f"  top-pairs graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    _timed("metrics (Louvain, betweenness, PageRank)", lambda: add_metrics(G))
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".html", ".png", ".svg"):
        path = folder / f"cocitation_top{suffix}"
        _timed(
            f"write {path.name}",
            lambda path=path: write_network(G, path, title="Strongest co-citation pairs"),
        )
        print(f"  {path}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
