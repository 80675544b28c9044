"""Co-citation on the bibliometrixData WoS file: bri-kg beside metaknowledge, with the differences explained.

Run ``python bench/peer_cocitation.py [FILE]`` (metaknowledge 3.4.1 from PyPI: ``pip install --no-deps
metaknowledge``; it runs on Python 3.11 and needs only networkx). Both networks count, for each pair of
cited works, the records that cite both (bri-kg: ``build_network(kind="cocitation", normalize="none")``
from a store built from the file; metaknowledge: ``RecordCollection.networkCoCitation()``). Prints node
and edge counts, the top 20 pairs of each, and where the two disagree on what a "cited work" is:

* metaknowledge's node is its ``Citation.ID()`` "Author, YEAR, JOURNAL": different papers of one first
  author in one journal and year become one node (their pairs add up), and spelling variants of one paper
  ("Small H" / "Small HG") stay apart;
* bri-kg's node is a resolved work (DOI, else author + year + source + page, see bri_kg.resolve); a
  reference with neither DOI nor page (mostly books: "Garfield E, 1979, CITATION INDEXING") is left
  unresolved and is no node.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["bri_kg_network", "main", "metaknowledge_network"]

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "fixtures"
    / "samples"
    / "scientometrics_text.wos_plaintext.txt"
)


def bri_kg_network(path: Path, folder: Path) -> Any:
    """bri-kg's co-citation graph (raw counts) of a file, built into a store in ``folder``."""
    from bri_kg.networks import build_network
    from bri_kg.pipeline import build
    from bri_kg.store import open_store

    build([path], out=folder, networks=False, use_model=False)
    store = open_store(str(folder / "store"))
    try:
        return build_network(store, "cocitation", normalize="none")
    finally:
        store.close()


def metaknowledge_network(path: Path) -> Any:
    """metaknowledge's co-citation graph; nodes are Citation.ID() strings, ``weight`` the count."""
    import metaknowledge as mk

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        records = mk.RecordCollection(str(path))
        return records.networkCoCitation()


def _top(graph: Any, weight: str, n: int = 20) -> list[tuple[str, str, int]]:
    edges = [(str(a), str(b), int(d.get(weight, 0))) for a, b, d in graph.edges(data=True)]
    return sorted(edges, key=lambda e: (-e[2], e[0], e[1]))[:n]


def _identity_table(
    path: Path,
) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str], int, int]:
    """mk key -> bri-kg nodes, bri-kg node -> mk keys and a label (its first reference string, DOI cut),
    over every cited reference; and the unresolved and total counts."""
    import metaknowledge as mk

    from bri_kg.rdf.mapping import node_iri
    from bri_kg.read import read_path
    from bri_kg.resolve import resolve

    works = read_path(path)
    resolution = resolve(works)
    mk_to_bri: dict[str, set[str]] = defaultdict(set)
    bri_to_mk: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    unresolved = total = 0
    for i, work in enumerate(works):
        for ref in work.references:
            total += 1
            key = mk.Citation(ref.raw).ID()
            node = resolution.reference_nodes.get((i, ref.position))
            if node is None:
                unresolved += 1
                continue
            iri = str(node_iri(node))
            mk_to_bri[key].add(iri)
            bri_to_mk[iri].add(key)
            labels.setdefault(iri, ref.raw.split(", DOI")[0])
    return mk_to_bri, bri_to_mk, labels, unresolved, total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=SAMPLE)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ours = bri_kg_network(args.file, Path(tmp))
        ours_s = time.perf_counter() - start
    start = time.perf_counter()
    theirs = metaknowledge_network(args.file)
    theirs_s = time.perf_counter() - start
    print(f"{'':<14}{'nodes':>8}{'edges':>10}{'seconds':>9}")
    print(f"{'bri-kg':<14}{ours.number_of_nodes():>8}{ours.number_of_edges():>10}{ours_s:>9.1f}")
    print(f"{'metaknowledge':<14}{theirs.number_of_nodes():>8}{theirs.number_of_edges():>10}{theirs_s:>9.1f}")

    mk_to_bri, bri_to_mk, labels, unresolved, total = _identity_table(args.file)
    # The network's own labels need a title, which WoS short references lack: label by reference string.
    label = {n: labels.get(str(n)) or str(d.get("label") or n) for n, d in ours.nodes(data=True)}
    print("\ntop 20 pairs: bri-kg (count) | metaknowledge (count)")
    for (a, b, c), (x, y, z) in zip(_top(ours, "count"), _top(theirs, "weight"), strict=False):
        print(f"{c:>3} {label[a][:34]:<34} + {label[b][:34]:<34} | {z:>3} {x[:30]:<30} + {y[:30]}")

    lumped = {k: v for k, v in mk_to_bri.items() if len(v) > 1}
    split = {k: v for k, v in bri_to_mk.items() if len(v) > 1}
    print(
        f"\nidentity: {total} cited references; bri-kg leaves {unresolved} unresolved (no DOI and no page: no node)."
    )
    print(
        f"  {len(lumped)} metaknowledge nodes lump several bri-kg works (same author, year, journal), e.g.:"
    )
    for key, nodes in sorted(lumped.items(), key=lambda kv: -len(kv[1]))[:5]:
        print(f"    {key!r}: {len(nodes)} works")
    print(
        f"  {len(split)} bri-kg works are split over several metaknowledge nodes (spelling variants), e.g.:"
    )
    for _, keys in sorted(split.items(), key=lambda kv: (-len(kv[1]), sorted(kv[1])))[:5]:
        print(f"    {sorted(keys)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
