"""Sparse co-occurrence counting and normalisation (co-citation, topic co-occurrence, co-authorship).

A is the binary document-by-item incidence matrix and C = A^T W A the co-occurrence matrix, with W the
identity (full counting) or diag(1 / (n_d - 1)) (fractional counting). s_i is the number of documents
that contain item i. References:

.. [1] van Eck, N.J. & Waltman, L. How to normalize cooccurrence data? An analysis of some well-known
   similarity measures. JASIST 60(8), 1635-1651 (2009). https://doi.org/10.1002/asi.21075
.. [2] Perianes-Rodriguez, A., Waltman, L. & van Eck, N.J. Constructing bibliometric networks: a comparison
   between full and fractional counting. J. Informetrics 10(4), 1178-1195 (2016).
   https://doi.org/10.1016/j.joi.2016.10.006
.. [3] Zhou, Q. & Leydesdorff, L. The normalization of occurrence and co-occurrence matrices in
   bibliometrics using cosine similarities and Ochiai coefficients. JASIST 67(11), 2805-2814 (2016).
   https://doi.org/10.1002/asi.23603
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = [
    "COUNTINGS",
    "NORMALIZATIONS",
    "Incidence",
    "Pairs",
    "cooccurrence",
    "cooccurrence_pairs",
    "incidence",
    "top_pairs",
]

NORMALIZATIONS = ("association", "cosine", "jaccard", "none")
COUNTINGS = ("full", "fractional")


@dataclass(frozen=True)
class Incidence:
    """Binary documents x items matrix (CSR) with the sorted document and item ids of its rows/columns."""

    docs: tuple[str, ...]
    items: tuple[str, ...]
    matrix: Any  # scipy.sparse.csr_matrix of int8 ones

    @property
    def occurrences(self) -> Any:
        """s_i: number of documents containing each item (numpy int array)."""
        return self.matrix.sum(axis=0).A1.astype(int)


@dataclass(frozen=True)
class Pairs:
    """Item pairs i < j that co-occur at least once, as parallel numpy arrays."""

    i: Any
    j: Any
    count: Any  # documents containing both (full count, int)
    strength: Any  # co-occurrence under the chosen counting (equals count for full counting)
    weight: Any  # strength after normalisation


def incidence(doc_items: Mapping[str, Collection[str]], *, min_count: int = 1) -> Incidence:
    """Build the binary incidence matrix, keeping items found in at least ``min_count`` documents."""
    import numpy as np
    import scipy.sparse as sp

    docs = tuple(sorted(doc_items))
    per_doc = [sorted(set(doc_items[d])) for d in docs]
    occurrences: dict[str, int] = {}
    for found in per_doc:
        for item in found:
            occurrences[item] = occurrences.get(item, 0) + 1
    items = tuple(sorted(i for i, n in occurrences.items() if n >= min_count))
    column = {item: k for k, item in enumerate(items)}
    rows: list[int] = []
    cols: list[int] = []
    for r, found in enumerate(per_doc):
        kept = [column[i] for i in found if i in column]
        rows.extend([r] * len(kept))
        cols.extend(kept)
    data = np.ones(len(rows), dtype=np.int8)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(docs), len(items)), dtype=np.int8)
    return Incidence(docs=docs, items=items, matrix=matrix)


def cooccurrence_pairs(inc: Incidence, *, counting: str = "full", normalize: str = "association") -> Pairs:
    """Upper-triangle co-occurrences of ``inc`` with raw counts and normalised weights side by side.

    association: c_ij / (s_i s_j) [1]; cosine: c_ij / sqrt(s_i s_j) (Salton, on the occurrence vectors,
    not on rows of C [3]); jaccard: c_ij / (s_i + s_j - c_ij); none: c_ij. Fractional counting weighs
    each document's links by 1 / (n_d - 1), so every item's links from one document sum to 1 [2].
    """
    import numpy as np
    import scipy.sparse as sp

    _check_options(counting, normalize)
    a = inc.matrix.astype(np.int32)
    counts = _upper(a.T @ a)
    if counting == "fractional":
        n_d = np.asarray(a.sum(axis=1)).ravel().astype(np.float64)
        w = np.divide(1.0, n_d - 1, out=np.zeros_like(n_d), where=n_d > 1)
        weighted = _upper(a.T.astype(np.float64) @ sp.diags(w) @ a)
        # Pairs only arise from documents with n_d >= 2, whose weight is > 0: the two patterns coincide.
        if not (
            np.array_equal(weighted.indptr, counts.indptr)
            and np.array_equal(weighted.indices, counts.indices)
        ):
            raise AssertionError("fractional and full co-occurrence patterns differ")
        strengths = weighted.data
    else:
        strengths = counts.data.astype(np.float64)
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    cols = counts.indices
    s = inc.occurrences.astype(np.float64)
    si, sj = s[rows], s[cols]
    if normalize == "association":
        weights = strengths / (si * sj)
    elif normalize == "cosine":
        weights = strengths / np.sqrt(si * sj)
    elif normalize == "jaccard":
        weights = strengths / (si + sj - counts.data)
    else:
        weights = strengths.copy()
    return Pairs(i=rows, j=cols, count=counts.data.astype(int), strength=strengths, weight=weights)


def _upper(c: Any) -> Any:
    """Strict upper triangle as CSR with sorted indices and no stored zeros: rows then columns ascend."""
    import scipy.sparse as sp

    upper = sp.triu(c, k=1, format="csr")
    upper.eliminate_zeros()
    upper.sort_indices()
    return upper


def top_pairs(pairs: Pairs, k: int) -> Pairs:
    """The ``k`` pairs of highest weight (ties broken by count, then by index), heaviest first."""
    import numpy as np

    candidates = np.arange(len(pairs.weight))
    if 0 < k < len(candidates):
        # Only pairs at least as heavy as the k-th weight can rank; ties at that weight all stay in.
        kth = -np.partition(-pairs.weight, k - 1)[k - 1]
        candidates = np.flatnonzero(pairs.weight >= kth)
    sub = _select(pairs, candidates)
    order = np.lexsort((sub.j, sub.i, -sub.count, -sub.weight))[: max(k, 0)]
    return _select(sub, order)


def _select(pairs: Pairs, index: Any) -> Pairs:
    return Pairs(*(getattr(pairs, f)[index] for f in ("i", "j", "count", "strength", "weight")))


def cooccurrence(
    doc_items: Mapping[str, Collection[str]],
    *,
    counting: str = "full",
    normalize: str = "association",
    min_count: int = 1,
    top: int | None = None,
) -> nx.Graph:
    """Co-occurrence graph of items over documents.

    Items found in fewer than ``min_count`` documents and pairs found together in fewer than
    ``min_count`` documents are dropped. With ``top``, only the ``top`` heaviest pairs are kept
    (:func:`top_pairs`: ties broken by count, then item order) and only the items they join become nodes. Nodes are items with ``count`` (documents containing them);
    edges carry ``count`` (documents containing both), ``strength`` (the co-occurrence under
    ``counting``), ``weight`` (normalised, see :func:`cooccurrence_pairs`) and ``evidence`` (the sorted
    ids of the documents containing both).

    >>> G = cooccurrence({"d1": ["a", "b"], "d2": ["a", "b", "c"]}, normalize="none")
    >>> G.edges["a", "b"]["count"], G.edges["a", "b"]["evidence"]
    (2, ['d1', 'd2'])
    """
    import numpy as np

    if top is not None and top < 0:
        raise ValueError(f"top must be >= 0, not {top}")
    inc = incidence(doc_items, min_count=min_count)
    pairs = cooccurrence_pairs(inc, counting=counting, normalize=normalize)
    if min_count > 1:
        # c_ij <= min(s_i, s_j), so an edge kept here never points to a dropped node.
        pairs = _select(pairs, pairs.count >= min_count)
    if top is not None:
        pairs = top_pairs(pairs, top)
        order = np.lexsort((pairs.j, pairs.i))  # back to index order: edges are added reproducibly
        pairs = _select(pairs, order)
    G = nx.Graph(n_documents=len(inc.docs), counting=counting, normalize=normalize)
    occurrences = inc.occurrences.tolist()
    shown = (
        sorted(set(pairs.i.tolist()) | set(pairs.j.tolist())) if top is not None else range(len(inc.items))
    )
    for k in shown:
        G.add_node(inc.items[k], count=int(occurrences[k]))
    docs_of = _docs_per_item(inc, shown)
    for i, j, c, st, w in zip(
        pairs.i.tolist(),
        pairs.j.tolist(),
        pairs.count.tolist(),
        pairs.strength.tolist(),
        pairs.weight.tolist(),
        strict=True,
    ):
        evidence = sorted(docs_of[i] & docs_of[j])
        G.add_edge(
            inc.items[i], inc.items[j], count=int(c), strength=float(st), weight=float(w), evidence=evidence
        )
    return G


def _docs_per_item(inc: Incidence, wanted: Collection[int]) -> dict[int, set[str]]:
    csc = inc.matrix.tocsc()
    return {k: {inc.docs[r] for r in csc.indices[csc.indptr[k] : csc.indptr[k + 1]]} for k in wanted}


def _check_options(counting: str, normalize: str) -> None:
    if counting not in COUNTINGS:
        raise ValueError(f"counting must be one of {COUNTINGS}, not {counting!r}")
    if normalize not in NORMALIZATIONS:
        raise ValueError(f"normalize must be one of {NORMALIZATIONS}, not {normalize!r}")
