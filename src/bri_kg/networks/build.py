"""Build co-citation, citation, topic and co-authorship graphs from the knowledge-graph store.

Each builder pulls its incidence data with a few whole-store SPARQL queries (``sparql/*.rq``), counts
with sparse matrices (:mod:`bri_kg.networks.sparse`) and adds centralities and clusters
(:mod:`bri_kg.networks.metrics`). Every edge keeps its evidence: the documents behind it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from bri_kg.networks.metrics import add_metrics
from bri_kg.networks.queries import select, year_of
from bri_kg.networks.sparse import COUNTINGS, NORMALIZATIONS, cooccurrence

__all__ = ["DEFAULT_NORMALIZE", "KINDS", "WorkMeta", "build_network", "work_labels"]

KINDS = ("cocitation", "citation", "topics", "coauthorship")
DEFAULT_NORMALIZE = {
    "cocitation": "association",
    "topics": "association",
    "citation": "none",
    "coauthorship": "none",
}
SNIPPET_CHARS = 300
# Below this many citing documents the co-citation page warns that its weights rest on few lists.
FEW_DOCUMENTS = 10


@dataclass(frozen=True)
class WorkMeta:
    """What a node label needs to know about a work."""

    iri: str
    title: str = ""
    year: int | None = None
    doi: str | None = None
    family: str | None = None


def build_network(
    store: Any,
    kind: str,
    *,
    min_count: int = 1,
    normalize: str | None = None,
    counting: str = "full",
    seed: int = 42,
) -> nx.Graph:
    """Build one network from ``store`` and annotate it with centralities and Louvain clusters.

    kind: ``cocitation`` | ``citation`` (directed) | ``topics`` | ``coauthorship``.
    min_count: drop nodes counted fewer times (times cited, units mentioning, works authored) and
    co-occurrence edges seen in fewer documents (citation edges are single links: only nodes are filtered).
    normalize: ``association`` | ``cosine`` | ``jaccard`` | ``none``; ``None`` picks the kind's default
    (association for co-citation and topics, none otherwise). counting: ``full`` | ``fractional``.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    normalize = DEFAULT_NORMALIZE[kind] if normalize is None else normalize
    if normalize not in NORMALIZATIONS:
        raise ValueError(f"normalize must be one of {NORMALIZATIONS}, not {normalize!r}")
    if counting not in COUNTINGS:
        raise ValueError(f"counting must be one of {COUNTINGS}, not {counting!r}")
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}")
    builder: Callable[..., nx.Graph] = _BUILDERS[kind]
    G = builder(store, min_count=min_count, normalize=normalize, counting=counting)
    G.graph.update(kind=kind, normalize=normalize, counting=counting, min_count=min_count)
    return add_metrics(G, seed=seed)


def _cocitation(store: Any, *, min_count: int, normalize: str, counting: str) -> nx.Graph:
    cites = _citation_pairs(store)
    G = cooccurrence(cites, counting=counting, normalize=normalize, min_count=min_count)
    meta = _work_meta(store)
    labels = work_labels([meta.get(n, WorkMeta(n)) for n in G])
    for n, data in G.nodes(data=True):
        data.update(_work_node(meta.get(n, WorkMeta(n)), labels[n]))
    for _, _, data in G.edges(data=True):
        data["evidence"] = [_work_evidence(meta, d) for d in data["evidence"]]
    n_docs = len(cites)
    G.graph["n_documents"] = n_docs
    G.graph["signal"] = "co-citation: both works appear in the reference list of the same citing work"
    if n_docs == 0:
        G.graph["note"] = "No citing documents in the store: the co-citation network is empty."
    elif n_docs == 1:
        G.graph["note"] = (
            "Only 1 citing document: every co-citation weight is 1, since each pair of its references is "
            "co-cited exactly once. Edges only say that two works share this reference list."
        )
    elif n_docs < FEW_DOCUMENTS:
        top = max((d["count"] for _, _, d in G.edges(data=True)), default=0)
        G.graph["note"] = (
            f"Only {n_docs} citing documents: co-citation counts range from 1 to {top}, so the weights rest "
            "on very few reference lists."
        )
    return G


def _citation(store: Any, *, min_count: int, normalize: str, counting: str) -> nx.Graph:
    cites = _citation_pairs(store)
    references = sorted(select(store, "citation_references"), key=_row_key)
    meta = _work_meta(store, references)
    cited_count: dict[str, int] = defaultdict(int)
    for targets in cites.values():
        for cited in targets:
            cited_count[cited] += 1
    keep = {c for c, n in cited_count.items() if n >= min_count} | set(cites)
    evidence_of = _reference_evidence(references, meta)
    G = nx.DiGraph(n_documents=len(cites))
    labels = work_labels([meta.get(n, WorkMeta(n)) for n in sorted(keep)])
    for n in sorted(keep):
        G.add_node(
            n,
            **_work_node(meta.get(n, WorkMeta(n)), labels[n]),
            kind="citing" if n in cites else "cited",
            count=cited_count.get(n, 0),
        )
    for citing in sorted(cites):
        for cited in sorted(cites[citing]):
            if cited in keep:
                evidence = evidence_of.get((citing, cited)) or [_work_evidence(meta, citing)]
                G.add_edge(citing, cited, count=1, weight=1.0, evidence=evidence)
    return G


def _topics(store: Any, *, min_count: int, normalize: str, counting: str) -> nx.Graph:
    units: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    mentions: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "topic_mentions"):
        units[row["owner"]].add(row["concept"])
        mentions[row["concept"]].add(row["mention"])
        if row["text"]:
            texts[row["owner"]][row["span"]] = row["text"]
    G = cooccurrence(units, counting=counting, normalize=normalize, min_count=min_count)
    concepts = {r["concept"]: r for r in sorted(select(store, "topic_concepts"), key=_row_key)}
    meta = _work_meta(store)
    for n, data in G.nodes(data=True):
        row = concepts.get(n, {})
        data["units"] = data["count"]
        data["count"] = len(mentions[n])
        data["label"] = row.get("label") or _tail(n)
        data["facet"] = _tail(row["facet"]).split("#")[-1] if row.get("facet") else "Concept"
    for _, _, data in G.edges(data=True):
        data["evidence"] = [_unit_evidence(meta, u, texts.get(u, {})) for u in data["evidence"]]
    G.graph["n_documents"] = len(units)
    G.graph["signal"] = (
        "co-occurrence: both concepts are mentioned in the same work's own texts or reference title"
    )
    if not units:
        G.graph["note"] = "No concept mentions in the store: the topic network is empty."
    return G


def _coauthorship(store: Any, *, min_count: int, normalize: str, counting: str) -> nx.Graph:
    works: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in sorted(select(store, "coauthorship_roles"), key=_row_key):
        works[row["work"]].add(row["agent"])
        if row["name"]:
            names.setdefault(row["agent"], row["name"])
    G = cooccurrence(works, counting=counting, normalize=normalize, min_count=min_count)
    meta = _work_meta(store)
    for n, data in G.nodes(data=True):
        data["label"] = names.get(n) or _tail(n)
    for _, _, data in G.edges(data=True):
        data["evidence"] = [_work_evidence(meta, w) for w in data["evidence"]]
    G.graph["n_documents"] = len(works)
    G.graph["signal"] = "co-authorship: both agents hold an author role in the same work"
    if not works:
        G.graph["note"] = "No authors in the store: the co-authorship network is empty."
    return G


_BUILDERS: dict[str, Callable[..., nx.Graph]] = {
    "cocitation": _cocitation,
    "citation": _citation,
    "topics": _topics,
    "coauthorship": _coauthorship,
}


def _citation_pairs(store: Any) -> dict[str, set[str]]:
    cites: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "citation_pairs"):
        cites[row["citing"]].add(row["cited"])
    return dict(cites)


def _work_meta(store: Any, references: list[dict[str, Any]] | None = None) -> dict[str, WorkMeta]:
    """Title/year/DOI/first-author family of every work; the smallest value wins where several exist."""
    fields: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in sorted(select(store, "work_metadata"), key=_row_key):
        f = fields[row["work"]]
        f.setdefault("title", row["title"])
        if row["date"] is not None:
            f.setdefault("year", year_of(row["date"]))
        if row["doi"]:
            f.setdefault("doi", str(row["doi"]).lower())
    for row in sorted(select(store, "work_first_author"), key=_row_key):
        family = row["family"] or _family_from_name(row["name"])
        if family:
            fields[row["work"]].setdefault("family", family)
    # Cited works without author roles: fall back on the parsed reference (CSL-JSON) that points at them.
    if references is None:
        references = sorted(select(store, "citation_references"), key=_row_key)
    for row in references:
        if row["cited"] in fields and "family" in fields[row["cited"]]:
            continue
        family = _family_from_csl(row["csl"])
        if family:
            fields[row["cited"]].setdefault("family", family)
    return {iri: WorkMeta(iri, **f) for iri, f in fields.items()}


def work_labels(works: list[WorkMeta]) -> dict[str, str]:
    """Short labels "Family Year"; works that would share one get a, b, c... as in author-date styles.

    >>> work_labels([WorkMeta("x", family="Li", year=2019), WorkMeta("y", family="Li", year=2019)])
    {'x': 'Li 2019a', 'y': 'Li 2019b'}
    """
    base: dict[str, str] = {}
    for w in sorted(works, key=lambda w: w.iri):
        if w.family:
            base[w.iri] = f"{w.family} {w.year if w.year is not None else 'n.d.'}"
        elif w.title:
            base[w.iri] = w.title if len(w.title) <= 40 else w.title[:39] + "…"
        else:
            base[w.iri] = _tail(w.iri)
    groups: dict[str, list[str]] = defaultdict(list)
    for iri, label in base.items():
        groups[label].append(iri)
    labels = dict(base)
    for label, iris in groups.items():
        if len(iris) > 1:
            for k, iri in enumerate(iris):
                labels[iri] = f"{label}{_suffix(k)}"
    return labels


def _suffix(k: int) -> str:
    letters = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters


def _work_node(meta: WorkMeta, label: str) -> dict[str, Any]:
    node: dict[str, Any] = {"label": label, "title": meta.title}
    if meta.year is not None:
        node["year"] = meta.year
    if meta.doi:
        node["doi"] = meta.doi
    return node


def _work_evidence(meta: dict[str, WorkMeta], iri: str) -> dict[str, str]:
    return {"iri": iri, "title": meta[iri].title if iri in meta else ""}


def _unit_evidence(meta: dict[str, WorkMeta], unit: str, texts: dict[str, str]) -> dict[str, str]:
    snippet = " | ".join(texts[span] for span in sorted(texts))
    if len(snippet) > SNIPPET_CHARS:
        snippet = snippet[: SNIPPET_CHARS - 1] + "…"
    return {"iri": unit, "title": meta[unit].title if unit in meta else "", "text": snippet}


def _reference_evidence(
    references: list[dict[str, Any]], meta: dict[str, WorkMeta]
) -> dict[tuple[str, str], list[dict[str, str]]]:
    found: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in references:
        item = _work_evidence(meta, row["citing"]) | {"iri": row["ref"], "text": row["raw"] or ""}
        found[(row["citing"], row["cited"])].append(item)
    return dict(found)


def _family_from_csl(csl: Any) -> str | None:
    if not csl:
        return None
    try:
        item = json.loads(csl) if isinstance(csl, str) else csl
        first = (item.get("author") or [{}])[0]
    except (ValueError, AttributeError, IndexError, TypeError):
        return None
    return first.get("family") or first.get("literal") or None


def _family_from_name(name: str | None) -> str | None:
    # Persons always carry foaf:familyName; a bare foaf:name is an organisation, cited by its full name.
    if not name or not name.strip():
        return None
    name = " ".join(name.split())
    return name if len(name) <= 40 else name[:39] + "…"


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _row_key(row: dict[str, Any]) -> tuple[str, ...]:
    # SPARQL gives no row order; sorting makes "first value wins" deterministic.
    return tuple("" if v is None else str(v) for v in row.values())
