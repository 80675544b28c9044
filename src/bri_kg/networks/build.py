"""Build co-citation, coupling, citation, topic and co-authorship graphs from the knowledge-graph store.

Each builder pulls its incidence data with a few whole-store SPARQL queries (``sparql/*.rq``), counts
with sparse matrices (:mod:`bri_kg.networks.sparse`, :mod:`bri_kg.networks.coupling`), then
:func:`build_network` applies the thresholds and adds centralities, Louvain clusters, LLR cluster labels
(:mod:`bri_kg.networks.labels`), Kleinberg bursts (:mod:`bri_kg.networks.bursts`) and the mean
publication year of every node. Every edge keeps its evidence: the documents behind it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from bri_kg.networks.annotate import annotate
from bri_kg.networks.coupling import coupling
from bri_kg.networks.metrics import add_metrics
from bri_kg.networks.queries import iter_tuples, select, year_of
from bri_kg.networks.sparse import COUNTINGS, NORMALIZATIONS, cooccurrence

__all__ = [
    "DEFAULT_NORMALIZE",
    "FACETS",
    "KINDS",
    "UNITS",
    "Built",
    "Options",
    "WorkMeta",
    "build_network",
    "country_of_affiliation",
    "work_labels",
]

KINDS = ("cocitation", "coupling", "citation", "topics", "coauthorship")
# The node units each kind offers; the first is the default.
UNITS = {
    "cocitation": ("works", "authors", "sources"),
    "coupling": ("documents",),
    "citation": ("works",),
    "topics": ("concepts",),
    "coauthorship": ("persons", "orgs", "countries"),
}
FACETS = ("actor", "policy", "region", "topic", "keyphrase")
DEFAULT_NORMALIZE = {
    "cocitation": "association",
    "coupling": "cosine",
    "topics": "association",
    "citation": "none",
    "coauthorship": "none",
}
SNIPPET_CHARS = 300
LABEL_CHARS = 40
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+")
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


@dataclass(frozen=True)
class Options:
    """The validated options of one :func:`build_network` call."""

    kind: str
    unit: str
    facet: str | None = None
    counting: str = "full"
    normalize: str = "none"
    min_count: int = 1
    top: int | None = None
    years: tuple[int, int] | None = None

    def keeps(self, year: int | None) -> bool:
        """Whether a document of publication ``year`` is in the chosen period (all are without one)."""
        return self.years is None or (year is not None and self.years[0] <= year <= self.years[1])


@dataclass
class Built:
    """A builder's graph with the incidence behind it: document -> node ids, document -> year."""

    graph: nx.Graph
    doc_items: dict[str, set[str]] = field(default_factory=dict)
    doc_years: dict[str, int] = field(default_factory=dict)


def build_network(
    store: Any,
    kind: str,
    *,
    unit: str | None = None,
    facet: str | None = None,
    counting: str = "full",
    normalize: str | None = None,
    min_count: int = 1,
    top: int | None = None,
    years: tuple[int, int] | None = None,
    largest_component: bool = False,
    seed: int = 42,
) -> nx.Graph:
    """Build one network from ``store`` and annotate it with metrics, clusters, labels and bursts.

    kind: ``cocitation`` (unit ``works`` | ``authors`` | ``sources``), ``coupling`` (``documents``),
    ``citation`` (``works``, directed), ``topics`` (``concepts`` and free keyphrases; ``facet`` ``actor`` |
    ``policy`` | ``region`` | ``topic`` | ``keyphrase`` keeps one facet, ``None`` mixes them) or ``coauthorship`` (``persons`` |
    ``orgs``: the authors' affiliations | ``countries``: the affiliations' countries). ``unit=None``
    picks the first.
    counting: ``full`` | ``fractional`` (Perianes-Rodriguez et al. 2016). normalize: ``association`` |
    ``cosine`` | ``jaccard`` | ``none``; ``None`` picks the kind's default (association for co-citation
    and topics, cosine for coupling, none otherwise). Edges keep the raw ``count`` beside ``weight``.
    min_count: drop nodes counted fewer times (times cited, units mentioning, works authored) and
    co-occurrence edges seen in fewer documents (coupling: sharing fewer references; citation edges are
    single links: only nodes are filtered).
    top: keep the ``top`` heaviest edges (ties to the higher count, then by id) and the nodes they join; in the
    citation network, where every edge weighs 1, the ``top`` nodes of highest degree instead.
    years: ``(first, last)`` keeps only the documents (citing works, authored works, document units)
    published in that period, inclusive. largest_component: keep only the largest (weakly) connected
    component. seed: Louvain and the betweenness sample.
    """
    opts = _options(kind, unit, facet, counting, normalize, min_count, top, years)
    built = _BUILDERS[kind](store, opts)
    G = built.graph
    if opts.top is not None and kind in ("citation", "coupling"):
        G = _top_nodes_by_degree(G, opts.top) if kind == "citation" else _top_edges(G, opts.top)
    if largest_component:
        G = _largest_component(G)
    G.graph.update(
        kind=kind,
        unit=opts.unit,
        facet=(opts.facet or "mixed") if kind == "topics" else None,
        normalize=opts.normalize,
        counting=opts.counting,
        min_count=opts.min_count,
        top=opts.top,
        years=list(opts.years) if opts.years else None,
        largest_component=largest_component,
    )
    G.graph = {k: v for k, v in G.graph.items() if v is not None}
    add_metrics(G, seed=seed)
    texts = _document_texts(store) if G.number_of_nodes() else {}
    return annotate(
        G, built.doc_items, built.doc_years, texts, bursts=kind in ("cocitation", "citation", "topics")
    )


def _options(
    kind: str,
    unit: str | None,
    facet: str | None,
    counting: str,
    normalize: str | None,
    min_count: int,
    top: int | None,
    years: tuple[int, int] | None,
) -> Options:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    unit = UNITS[kind][0] if unit is None else unit
    if unit not in UNITS[kind]:
        raise ValueError(f"unit of a {kind} network must be one of {UNITS[kind]}, not {unit!r}")
    if facet is not None and (kind != "topics" or facet not in FACETS):
        raise ValueError(
            f"facet applies to topic networks and must be one of {FACETS} or None, not {facet!r}"
        )
    normalize = DEFAULT_NORMALIZE[kind] if normalize is None else normalize
    if normalize not in NORMALIZATIONS:
        raise ValueError(f"normalize must be one of {NORMALIZATIONS}, not {normalize!r}")
    if counting not in COUNTINGS:
        raise ValueError(f"counting must be one of {COUNTINGS}, not {counting!r}")
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}")
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1 (or None), not {top}")
    if years is not None:
        if len(years) != 2 or years[0] > years[1]:
            raise ValueError(f"years must be (first, last) with first <= last, not {years!r}")
        years = (int(years[0]), int(years[1]))
    return Options(kind, unit, facet, counting, normalize, min_count, top, years)


def _cooccurrence(doc_items: Mapping[str, set[str]], opts: Options) -> nx.Graph:
    return cooccurrence(
        doc_items, counting=opts.counting, normalize=opts.normalize, min_count=opts.min_count, top=opts.top
    )


def _cocitation(store: Any, opts: Options) -> Built:
    meta = _work_meta(store)
    cites = _in_period(_citation_pairs(store), meta, opts)
    names: dict[str, str] = {}
    if opts.unit == "works":
        doc_items = cites
    else:
        of_work, names = _work_authors(store) if opts.unit == "authors" else _work_venues(store)
        doc_items = {d: {x for w in ws for x in of_work.get(w, ())} for d, ws in cites.items()}
        doc_items = {d: xs for d, xs in doc_items.items() if xs}
    G = _cooccurrence(doc_items, opts)
    if opts.unit == "works":
        labels = work_labels([meta.get(n, WorkMeta(n)) for n in G])
        for n, data in G.nodes(data=True):
            data.update(_work_node(meta.get(n, WorkMeta(n)), labels[n]))
    else:
        for n, data in G.nodes(data=True):
            data.update(_named_node(n, names.get(n)))
    for _, _, data in G.edges(data=True):
        data["evidence"] = [_work_evidence(meta, d) for d in data["evidence"]]
    n_docs = len(doc_items)
    G.graph["n_documents"] = n_docs
    what = {"works": "works", "authors": "authors of works", "sources": "venues of works"}[opts.unit]
    G.graph["signal"] = f"co-citation: both {what} appear in the reference list of the same citing work"
    if n_docs == 0:
        G.graph["note"] = "No citing documents in the store: the co-citation network is empty."
    elif n_docs == 1:
        G.graph["note"] = (
            "Only 1 citing document: every co-citation weight is 1, since each pair of its references is "
            "co-cited exactly once. Edges only say that two works share this reference list."
        )
    elif n_docs < FEW_DOCUMENTS:
        most = max((d["count"] for _, _, d in G.edges(data=True)), default=0)
        G.graph["note"] = (
            f"Only {n_docs} citing documents: co-citation counts range from 1 to {most}, so the weights rest "
            "on very few reference lists."
        )
    return Built(G, doc_items, _years_of(doc_items, meta))


def _coupling(store: Any, opts: Options) -> Built:
    meta = _work_meta(store)
    cites = _in_period(_citation_pairs(store), meta, opts)
    G = coupling(cites, normalize=opts.normalize, min_count=opts.min_count)
    labels = work_labels([meta.get(n, WorkMeta(n)) for n in G])
    for n, data in G.nodes(data=True):
        data.update(_work_node(meta.get(n, WorkMeta(n)), labels[n]))
    for _, _, data in G.edges(data=True):
        data["evidence"] = [_work_evidence(meta, r) for r in data["evidence"]]
    G.graph["signal"] = "bibliographic coupling: both documents cite the same works"
    if not cites:
        G.graph["note"] = "No citing documents in the store: the coupling network is empty."
    # A document is its own "citing document": labels come from the cluster members' texts.
    doc_items = {d: {d} for d in cites}
    return Built(G, doc_items, _years_of(doc_items, meta))


def _citation(store: Any, opts: Options) -> Built:
    references = sorted(select(store, "citation_references"), key=_row_key)
    meta = _work_meta(store, references)
    cites = _in_period(_citation_pairs(store), meta, opts)
    cited_count: dict[str, int] = defaultdict(int)
    for targets in cites.values():
        for cited in targets:
            cited_count[cited] += 1
    keep = {c for c, n in cited_count.items() if n >= opts.min_count} | set(cites)
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
    G.graph["signal"] = "citation: the citing work lists the cited work among its references"
    # Each citing work is a document of its own cluster as well as of the clusters of the works it cites.
    doc_items = {d: set(ws) | {d} for d, ws in cites.items()}
    return Built(G, doc_items, _years_of(doc_items, meta))


def _topics(store: Any, opts: Options) -> Built:
    concepts = {r["concept"]: r for r in sorted(select(store, "topic_concepts"), key=_row_key)}
    wanted = None if opts.facet is None else opts.facet.capitalize()
    meta = _work_meta(store)
    units: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    # unit -> span -> concept -> start offsets of its mentions there (for the sentences behind an edge)
    found_at: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(dict))
    mentions: dict[str, set[str]] = defaultdict(set)
    doc_of: dict[str, str] = {}
    for row in select(store, "topic_mentions"):
        facet = _facet(concepts.get(row["concept"], {}))
        if wanted is not None and facet != wanted:
            continue
        doc = row["doc"] or row["owner"]
        if not opts.keeps(meta[doc].year if doc in meta else None):
            continue
        doc_of[row["owner"]] = doc
        units[row["owner"]].add(row["concept"])
        mentions[row["concept"]].add(row["mention"])
        if row["text"]:
            texts[row["owner"]][row["span"]] = row["text"]
            if isinstance(row["start"], int):
                found_at[row["owner"]][row["span"]].setdefault(row["concept"], []).append(row["start"])
    # Free keyphrases of a work's title and abstract: nodes of facet "Keyphrase" in the work's unit.
    keyphrases: dict[str, str] = {}
    if wanted in (None, "Keyphrase"):
        for row in select(store, "topic_keyphrases"):
            work = row["work"]
            if not opts.keeps(meta[work].year if work in meta else None):
                continue
            doc_of[work] = work
            units[work].add(row["keyphrase"])
            mentions[row["keyphrase"]].add(work)
            keyphrases[row["keyphrase"]] = row["label"] or _tail(row["keyphrase"])
    G = _cooccurrence(units, opts)
    for n, data in G.nodes(data=True):
        data["units"] = data["count"]
        data["count"] = len(mentions[n])
        if n in keyphrases:
            data["label"] = keyphrases[n]
            data["facet"] = "Keyphrase"
            continue
        row = concepts.get(n, {})
        data["label"] = row.get("label") or _tail(n)
        data["facet"] = _facet(row)
    for a, b, data in G.edges(data=True):
        data["evidence"] = [
            _unit_evidence(meta, u, texts.get(u, {}), found_at.get(u, {}), (a, b)) for u in data["evidence"]
        ]
    G.graph["n_documents"] = len(units)
    G.graph["signal"] = (
        "co-occurrence: both concepts (or keyphrases) are found in the same work's own texts or reference title"
    )
    if not units:
        G.graph["note"] = "No concept mentions or keyphrases in the store: the topic network is empty."
    # Labels and bursts work on citing documents: a reference unit speaks for the work that lists it.
    doc_items: dict[str, set[str]] = defaultdict(set)
    for u, found in units.items():
        doc_items[doc_of[u]].update(found)
    return Built(G, dict(doc_items), _years_of(doc_items, meta))


def _coauthorship(store: Any, opts: Options) -> Built:
    meta = _work_meta(store)
    if opts.unit == "persons":
        of_work, names = _work_authors(store)
    else:
        of_work, names = _work_organisations(store)
        if opts.unit == "countries":
            of_work, names = _countries(store, of_work, names)
    works = {
        w: set(xs) for w, xs in of_work.items() if xs and opts.keeps(meta[w].year if w in meta else None)
    }
    G = _cooccurrence(works, opts)
    for n, data in G.nodes(data=True):
        data.update(_named_node(n, names.get(n)))
    for _, _, data in G.edges(data=True):
        data["evidence"] = [_work_evidence(meta, w) for w in data["evidence"]]
    G.graph["n_documents"] = len(works)
    what = {
        "persons": "agents hold an author role",
        "orgs": "organisations are authors' affiliations",
        "countries": "countries hold authors' affiliations",
    }[opts.unit]
    G.graph["signal"] = f"co-authorship: both {what} in the same work"
    if not works:
        G.graph["note"] = f"No {opts.unit} of authors in the store: the co-authorship network is empty."
    # Every work is a document of the clusters of its authors.
    return Built(G, works, _years_of(works, meta))


_BUILDERS: dict[str, Callable[[Any, Options], Built]] = {
    "cocitation": _cocitation,
    "coupling": _coupling,
    "citation": _citation,
    "topics": _topics,
    "coauthorship": _coauthorship,
}


def _top_edges(G: nx.Graph, top: int) -> nx.Graph:
    """The ``top`` heaviest edges (ties to the higher count, then the smaller ids) and the nodes they join."""
    ranked = sorted(
        G.edges(data=True),
        key=lambda e: (-e[2].get("weight", 1.0), -e[2].get("count", 1), str(e[0]), str(e[1])),
    )
    H = G.edge_subgraph((u, v) for u, v, _ in ranked[:top]).copy()
    H.graph.update(G.graph)
    return H


def _top_nodes_by_degree(G: nx.Graph, top: int) -> nx.Graph:
    """The ``top`` nodes of highest degree (ties by id) and the edges among them."""
    ranked = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:top]
    H = G.subgraph(ranked).copy()
    H.graph.update(G.graph)
    return H


def _largest_component(G: nx.Graph) -> nx.Graph:
    """The largest (weakly) connected component; ties go to the one holding the smallest node id."""
    if G.number_of_nodes() == 0:
        return G
    parts = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    biggest = min(parts, key=lambda c: (-len(c), min(map(str, c))))
    H = G.subgraph(biggest).copy()
    H.graph.update(G.graph)
    return H


def _in_period(cites: dict[str, set[str]], meta: dict[str, WorkMeta], opts: Options) -> dict[str, set[str]]:
    return {d: ws for d, ws in cites.items() if opts.keeps(meta[d].year if d in meta else None)}


def _years_of(doc_items: Mapping[str, Any], meta: dict[str, WorkMeta]) -> dict[str, int]:
    return {d: meta[d].year for d in doc_items if d in meta and meta[d].year is not None}


def _facet(row: Mapping[str, Any]) -> str:
    return _tail(row["facet"]).split("#")[-1] if row.get("facet") else "Concept"


def _named_node(iri: str, name: str | None) -> dict[str, Any]:
    name = " ".join((name or _tail(iri)).split())
    label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
    return {"label": label, "title": name} if label != name else {"label": label}


def _work_members(
    store: Any, query: str, member: str, name: str
) -> tuple[dict[str, set[str]], dict[str, str]]:
    """work -> the ``member`` IRIs a query pairs it with, and member -> its first non-empty ``name``."""
    of_work: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in sorted(select(store, query), key=_row_key):
        of_work[row["work"]].add(row[member])
        if row[name]:
            names.setdefault(row[member], row[name])
    return dict(of_work), names


def _work_authors(store: Any) -> tuple[dict[str, set[str]], dict[str, str]]:
    """work -> its authors' agent IRIs, and agent -> display name."""
    return _work_members(store, "coauthorship_roles", "agent", "name")


def _work_venues(store: Any) -> tuple[dict[str, set[str]], dict[str, str]]:
    """work -> the venues (journals, books) it is part of, and venue -> title."""
    return _work_members(store, "work_venues", "venue", "title")


def _work_organisations(store: Any) -> tuple[dict[str, set[str]], dict[str, str]]:
    """work -> the organisations its authors are affiliated with, and organisation -> name."""
    return _work_members(store, "coauthorship_affiliations", "org", "name")


def _countries(
    store: Any, of_work: dict[str, set[str]], org_names: dict[str, str]
) -> tuple[dict[str, set[str]], dict[str, str]]:
    """work -> countries of its affiliations, and country concept -> English name.

    An affiliation's country is found by matching its comma-separated parts, last first, against the
    labels of the ontology's region concepts (a city or province stands for the country it lies in);
    affiliations without a match are left out.
    """
    places: dict[str, str] = {}
    names: dict[str, str] = {}
    # Countries first, so that a label shared by a country and a place elsewhere names the country.
    rows = sorted(select(store, "country_labels"), key=lambda r: (r["place"] != r["country"], *_row_key(r)))
    for row in rows:
        places.setdefault(_fold(row["label"]), row["country"])
        if row["name"]:
            names.setdefault(row["country"], row["name"])
    country_of = {org: country_of_affiliation(name, places) for org, name in org_names.items()}
    found = {w: {country_of[o] for o in orgs if country_of.get(o)} for w, orgs in of_work.items()}
    return {w: cs for w, cs in found.items() if cs}, names


def country_of_affiliation(name: str, places: Mapping[str, str]) -> str | None:
    """The country of an affiliation string: its comma parts, last first, looked up in ``places``.

    ``places`` maps case-folded labels to country ids. The last part usually is the country; when no
    part matches whole, every run of one to three words of the name is tried, longest and last first.

    >>> country_of_affiliation("Al-Farabi Kazakh National University, Almaty, Kazakhstan", {"kazakhstan": "KZ"})
    'KZ'
    >>> country_of_affiliation("Lecturer at Denov Institute, Uzbekistan Tashkent", {"uzbekistan": "UZ"})
    'UZ'
    """
    parts = [_fold(p) for p in name.replace(";", ",").split(",") if p.strip()]
    for part in reversed(parts):
        if part in places:
            return places[part]
    words = _fold(name.replace(",", " ").replace(".", " ")).split()
    for size in (3, 2, 1):
        for k in range(len(words) - size, -1, -1):
            found = places.get(" ".join(words[k : k + size]))
            if found:
                return found
    return None


def _fold(text: str) -> str:
    return " ".join(str(text).split()).strip(" .").casefold()


def _document_texts(store: Any) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = defaultdict(list)
    for row in sorted(select(store, "document_texts"), key=_row_key):
        if row["text"]:
            texts[row["work"]].append(str(row["text"]))
    return dict(texts)


def _citation_pairs(store: Any) -> dict[str, set[str]]:
    cites: dict[str, set[str]] = defaultdict(set)
    # One string object per cited IRI, however often it is cited: a large corpus repeats them a lot.
    shared: dict[str, str] = {}
    for citing, cited in iter_tuples(store, "citation_pairs"):
        cites[citing].add(shared.setdefault(cited, cited))
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
    found = {"iri": iri, "title": meta[iri].title if iri in meta else ""}
    if iri in meta and meta[iri].doi:
        found["doi"] = str(meta[iri].doi)
    return found


def _unit_evidence(
    meta: dict[str, WorkMeta],
    unit: str,
    texts: dict[str, str],
    found_at: Mapping[str, Mapping[str, list[int]]],
    pair: tuple[str, str],
) -> dict[str, str]:
    """A unit behind a topic edge: its title and the sentences where both concepts are mentioned.

    Sentences holding a mention of each concept come first; failing that (the two are in different
    sentences or spans) the sentences of either; failing offsets, the unit's texts.
    """
    both: list[str] = []
    either: list[str] = []
    for span in sorted(texts):
        text = texts[span]
        at = found_at.get(span, {})
        first = {_sentence_of(text, k) for k in at.get(pair[0], [])}
        second = {_sentence_of(text, k) for k in at.get(pair[1], [])}
        both += [text[i:j].strip() for i, j in sorted(first & second)]
        either += [text[i:j].strip() for i, j in sorted(first | second)]
    chosen = both or either or [texts[span] for span in sorted(texts)]
    snippet = " | ".join(dict.fromkeys(chosen))
    if len(snippet) > SNIPPET_CHARS:
        snippet = snippet[: SNIPPET_CHARS - 1] + "…"
    return {"iri": unit, "title": meta[unit].title if unit in meta else "", "text": snippet}


def _sentence_of(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence of ``text`` holding ``offset``: cut after . ! ? and a space."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, max(0, offset)):
        start = match.end()
    end_match = _SENTENCE_END.search(text, max(start, offset))
    return start, end_match.start() + 1 if end_match else len(text)


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
