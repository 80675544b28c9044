"""Per-network annotations after clustering: LLR cluster labels, Kleinberg bursts and mean years."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import asdict
from typing import Any

import networkx as nx

from bri_kg.networks.bursts import burstness, bursts_by_item, sigma
from bri_kg.networks.labels import candidate_terms, citing_documents, cluster_labels

__all__ = ["LABEL_TERMS", "add_bursts", "add_cluster_labels", "add_mean_years", "annotate"]

LABEL_TERMS = 5
# With fewer documents than this a term found in one of them may label a cluster; above it, two are needed.
FEW_DOCUMENTS = 20


def annotate(
    G: nx.Graph,
    doc_items: Mapping[str, Collection[str]],
    doc_years: Mapping[str, int],
    texts: Mapping[str, Collection[str]],
    *,
    bursts: bool = True,
) -> nx.Graph:
    """Add cluster labels, mean years and (when ``bursts``) bursts to ``G`` in place; return it.

    ``doc_items`` maps each document to the node ids it contains (the incidence the network was counted
    from), ``doc_years`` documents to publication years and ``texts`` documents to their title,
    abstract and keywords. ``G`` must carry ``cluster`` and ``betweenness`` (see ``add_metrics``).
    """
    docs_of = _docs_per_node(G, doc_items)
    add_cluster_labels(G, doc_items, texts)
    add_mean_years(G, docs_of, doc_years)
    if bursts:
        add_bursts(G, docs_of, doc_years)
    return G


def add_cluster_labels(
    G: nx.Graph, doc_items: Mapping[str, Collection[str]], texts: Mapping[str, Collection[str]]
) -> None:
    """CiteSpace-style labels: the LLR-ranked terms of each cluster's documents, counts kept.

    A cluster's documents are those containing at least one of its nodes (the citing works of a
    co-citation cluster, the works of a co-authorship cluster...). ``G.graph["cluster_labels"]`` maps
    the cluster id to a list of ``{term, llr, in_cluster, elsewhere}``; each node gets the top term of
    its cluster as ``cluster_label`` (empty when the cluster has none).
    """
    members: dict[Any, list[str]] = defaultdict(list)
    for n, cluster in G.nodes(data="cluster"):
        if cluster is not None:
            members[cluster].append(n)
    docs = citing_documents(members, doc_items)
    doc_terms = {d: candidate_terms(" . ".join(texts.get(d, ()))) for d in doc_items}
    min_count = 1 if len(doc_items) < FEW_DOCUMENTS else 2
    found = cluster_labels(docs, doc_terms, top=LABEL_TERMS, min_count=min_count)
    G.graph["cluster_labels"] = {c: [asdict(t) for t in terms] for c, terms in sorted(found.items())}
    for _, data in G.nodes(data=True):
        terms = found.get(data.get("cluster"), [])
        data["cluster_label"] = terms[0].term if terms else ""


def add_mean_years(G: nx.Graph, docs_of: Mapping[Any, list[str]], doc_years: Mapping[str, int]) -> None:
    """``mean_year``: average publication year of the documents behind a node (VOSviewer's overlay)."""
    for n, data in G.nodes(data=True):
        years = [doc_years[d] for d in docs_of.get(n, ()) if d in doc_years]
        if years:
            data["mean_year"] = round(sum(years) / len(years), 2)


def add_bursts(G: nx.Graph, docs_of: Mapping[Any, list[str]], doc_years: Mapping[str, int]) -> None:
    """Kleinberg bursts (two states, Viterbi) of every node over the publication years of its documents.

    Nodes get ``bursts`` (``[[start, end, weight], ...]``, years inclusive), ``burstness`` (the weight
    of the strongest) and CiteSpace's ``sigma`` = (betweenness + 1) ^ burstness; bursting nodes also get
    ``burst_start`` and ``burst_end`` of the strongest burst. See :mod:`bri_kg.networks.bursts`.
    """
    all_years = [doc_years[d] for d in sorted(doc_years)]
    item_years = {n: [doc_years[d] for d in docs_of.get(n, ()) if d in doc_years] for n in G}
    found = bursts_by_item(item_years, all_years)
    for n, data in G.nodes(data=True):
        runs = found.get(n, [])
        data["bursts"] = [[b.start, b.end, round(b.weight, 6)] for b in runs]
        data["burstness"] = burstness(runs)
        data["sigma"] = sigma(float(data.get("betweenness", 0.0)), data["burstness"])
        if runs:
            strongest = max(runs, key=lambda b: (b.weight, -b.start))
            data["burst_start"], data["burst_end"] = strongest.start, strongest.end


def _docs_per_node(G: nx.Graph, doc_items: Mapping[str, Collection[str]]) -> dict[Any, list[str]]:
    docs_of: dict[Any, list[str]] = defaultdict(list)
    for d in sorted(doc_items):
        for item in doc_items[d]:
            if item in G:
                docs_of[item].append(d)
    return dict(docs_of)
