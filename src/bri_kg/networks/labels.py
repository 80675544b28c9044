"""Cluster labels ranked by Dunning's log-likelihood ratio over the citing documents (CiteSpace style)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

__all__ = [
    "STOP_WORDS",
    "LabelTerm",
    "candidate_terms",
    "citing_documents",
    "cluster_labels",
    "log_likelihood",
]

C = TypeVar("C", bound=Hashable)
D = TypeVar("D", bound=Hashable)
W = TypeVar("W", bound=Hashable)

# Function words plus the boilerplate of scholarly titles and abstracts ("study", "paper", ...): terms
# that occur everywhere and so can never describe one cluster. Kept short on purpose: the LLR itself
# demotes words spread evenly across clusters.
_STOP_TEXT = """
    a about above after again against all also although am among an and any are as at be because been
    before being below between both but by can could did do does doing down during each either et few
    for from further had has have having he her here hers him his how however i if in into is it its
    itself just least less may me might more most much must my neither no nor not of off on once only
    or other our ours out over own per rather same she should so some such than that the their theirs
    them then there these they this those through thus to too under until up upon us very via was we
    were what when where whether which while who whom whose why will with within without would yet you
    your al analysis approach article based case chapter data evidence findings new paper research
    results review study studies toward towards using use used
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

# A token: letters/digits, joined by inner hyphens or apostrophes ("co-citation", "china's").
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Phrase boundaries: a bigram never spans punctuation ("Belt and Road. Migration" has no "road migration").
_BOUNDARY = re.compile(r"[.,;:!?()\[\]{}\"“”«»/|]+|\s[-–—]\s")


@dataclass(frozen=True)
class LabelTerm:
    """One candidate label with the counts behind it, so that a reader can audit the ranking.

    ``in_cluster`` is the number of the cluster's documents containing the term, ``elsewhere`` the
    number of the other documents containing it.
    """

    term: str
    llr: float
    in_cluster: int
    elsewhere: int


def candidate_terms(text: str) -> list[str]:
    """Lower-cased unigrams and bigrams of ``text`` without stop words, in order of first appearance.

    The text is cut at punctuation; within each phrase it is split into tokens of letters and digits
    (inner hyphens and apostrophes kept, a final possessive "'s" dropped). Unigrams are the tokens that
    are not stop words, have at least two characters and are not pure numbers (years, page numbers);
    bigrams are two such tokens next to each other. Scripts written without spaces (Chinese, Japanese)
    yield whole runs as tokens: this is a deliberately simple extractor for English titles, abstracts
    and keywords.

    >>> candidate_terms("The Belt and Road Initiative: labour migration in 2019")
    ['belt', 'road', 'initiative', 'road initiative', 'labour', 'migration', 'labour migration']
    """
    seen: dict[str, None] = {}
    for phrase in _BOUNDARY.split(text.lower()):
        previous: str | None = None
        for raw in _TOKEN.findall(phrase):
            token = re.sub(r"['’]s$", "", raw)
            if token in STOP_WORDS or len(token) < 2 or token.isdigit():
                previous = None  # a stop word breaks the phrase: "belt and road" gives no bigram
                continue
            seen.setdefault(token, None)
            if previous is not None:
                seen.setdefault(f"{previous} {token}", None)
            previous = token
    return list(seen)


def citing_documents(
    cluster_items: Mapping[C, Collection[W]], doc_items: Mapping[D, Collection[W]]
) -> dict[C, set[D]]:
    """The documents of each cluster of cited works: those citing at least one work of the cluster.

    CiteSpace labels a co-citation cluster from the titles, abstracts and keywords of the documents that
    cite its members, not from the members themselves; this gives ``cluster_docs`` for
    :func:`cluster_labels`. A document citing works of several clusters belongs to each of them.

    >>> found = citing_documents({0: ["w1", "w2"], 1: ["w3"]}, {"d1": ["w1"], "d2": ["w2", "w3"]})
    >>> sorted(found[0]), sorted(found[1])
    (['d1', 'd2'], ['d2'])
    """
    cluster_of: dict[W, list[C]] = {}
    for cluster, items in cluster_items.items():
        for item in items:
            cluster_of.setdefault(item, []).append(cluster)
    found: dict[C, set[D]] = {cluster: set() for cluster in cluster_items}
    for doc, items in doc_items.items():
        for item in items:
            for cluster in cluster_of.get(item, ()):
                found[cluster].add(doc)
    return found


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's G^2 = 2 sum O ln(O / E) of the 2x2 table [[a, b], [c, d]].

    Rows: documents of the cluster / the other documents; columns: containing the term / not. The
    expected count of a cell is E = row total x column total / N, and 0 ln 0 = 0.

    References
    ----------
    Dunning, T. Accurate methods for the statistics of surprise and coincidence. Computational
    Linguistics 19(1), 61-74 (1993). https://aclanthology.org/J93-1003

    >>> round(log_likelihood(2, 0, 1, 2), 6)  # 2 [4 ln(5/3) + ln(5/9)]
    2.911032
    """
    if min(a, b, c, d) < 0:
        raise ValueError(f"counts must be non-negative, not {(a, b, c, d)}")
    n = a + b + c + d
    if n == 0:
        return 0.0
    rows = (a + b, c + d)
    cols = (a + c, b + d)
    total = 0.0
    for observed, row, col in ((a, 0, 0), (b, 0, 1), (c, 1, 0), (d, 1, 1)):
        if observed:
            total += observed * math.log(observed * n / (rows[row] * cols[col]))
    # Rounding can leave -1e-16 for a table exactly at independence; G^2 is never negative.
    return max(0.0, 2.0 * total)


def cluster_labels(
    cluster_docs: Mapping[C, Collection[D]],
    doc_terms: Mapping[D, Collection[str]],
    *,
    top: int = 5,
    min_count: int = 2,
) -> dict[C, list[LabelTerm]]:
    """The ``top`` terms of each cluster by log-likelihood ratio, highest first.

    Parameters
    ----------
    cluster_docs
        Cluster id -> the (citing) documents of that cluster. A document may belong to several clusters.
    doc_terms
        Document id -> its terms (e.g. :func:`candidate_terms` of its title, abstract and keywords).
        Only presence counts: a term repeated in one document counts once.
    top
        Number of labels kept per cluster.
    min_count
        A term must occur in at least this many documents of the cluster to label it.

    Returns
    -------
    dict
        Cluster id -> list of :class:`LabelTerm`. Only over-represented terms are kept (share in the
        cluster above the share elsewhere, i.e. a > E(a)); under-represented ones also have a large
        G^2 but do not describe the cluster. Ties are broken by ``in_cluster`` then alphabetically.

    Notes
    -----
    For a cluster with documents K among all documents U (the documents of ``doc_terms`` and of every
    cluster), a term t gives the 2x2 table a = |K with t|, b = |K without t|, c = |U \\ K with t|,
    d = |U \\ K without t|, scored by :func:`log_likelihood` (Dunning 1993, Computational Linguistics
    19(1)), the ranking CiteSpace uses for cluster labels (Chen, Ibekwe-SanJuan & Hou 2010, JASIST
    61(7)).
    """
    if top < 0 or min_count < 1:
        raise ValueError(f"top must be >= 0 and min_count >= 1, not top={top}, min_count={min_count}")
    universe: set[D] = set(doc_terms)
    for docs in cluster_docs.values():
        universe.update(docs)
    terms_of = {doc: frozenset(doc_terms.get(doc, ())) for doc in universe}
    docs_with: dict[str, int] = {}
    for terms in terms_of.values():
        for term in terms:
            docs_with[term] = docs_with.get(term, 0) + 1
    n = len(universe)
    labels: dict[C, list[LabelTerm]] = {}
    for cluster, members in cluster_docs.items():
        inside = set(members)
        k = len(inside)
        in_cluster: dict[str, int] = {}
        for doc in inside:
            for term in terms_of[doc]:
                in_cluster[term] = in_cluster.get(term, 0) + 1
        ranked = []
        for term, a in in_cluster.items():
            c = docs_with[term] - a
            # Over-represented: a / k > c / (n - k), written without division (n - k may be 0).
            if a < min_count or a * (n - k) <= c * k:
                continue
            ranked.append(LabelTerm(term, log_likelihood(a, k - a, c, n - k - c), a, c))
        ranked.sort(key=lambda t: (-t.llr, -t.in_cluster, t.term))
        labels[cluster] = ranked[:top]
    return labels
