"""Sources in an incremental store: which graphs belong to one input file, and dropping one file's graphs.

A source ``h`` (first 16 hex digits of the file's SHA-256) owns ``graph:source/{h}``,
``graph:resolution/{h}`` and the run graphs ``graph:run/{r}/{h}``. Dropping it keeps every work node that
another source still cites: its description moves to the first such source's graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from bri_kg.errors import StoreError
from bri_kg.rdf.iris import DEFAULT_BASE
from bri_kg.rdf.namespaces import DATACITE, DCTERMS, FRBR, PRISM, PRO, RDF
from bri_kg.sparql_files import packaged_query
from bri_kg.store.base import TripleStore

__all__ = [
    "RemoveReport",
    "graph_triples",
    "load_store_query",
    "remove_source",
    "source_graphs",
    "source_id",
    "stored_sources",
]

Triple = tuple[Node, Node, Node]
# What describes a work node (its own facts), as opposed to what it does as a citing work of one source.
_DESCRIPTION = frozenset(
    [
        RDF.type,
        DCTERMS.title,
        DCTERMS.abstract,
        PRISM.publicationDate,
        FRBR.partOf,
        FRBR.embodiment,
        DATACITE.hasIdentifier,
        PRO.isDocumentContextFor,
    ]
)
# Links followed from a described node to the resources that belong to its description.
_FOLLOW = frozenset(
    [
        FRBR.partOf,
        FRBR.embodiment,
        DATACITE.hasIdentifier,
        PRO.isDocumentContextFor,
        PRO.isHeldBy,
        PRO.relatesToOrganization,
    ]
)


@dataclass(slots=True)
class RemoveReport:
    """What :func:`remove_source` did."""

    source: str
    graphs: list[str] = field(default_factory=list)
    rehomed: int = 0  # work nodes other sources cite, moved to one of their graphs
    dropped_nodes: int = 0  # work nodes only this source described or cited


def load_store_query(name: str) -> str:
    """The text of ``bri_kg/store/sparql/{name}.rq``."""
    return packaged_query("bri_kg.store", name)


def source_id(sha256: str) -> str:
    """The 16-hex-digit id of a source in graph IRIs."""
    return sha256[:16].lower()


def _source_of(graph: str, base: str) -> str | None:
    for head in (f"{base}graph/source/", f"{base}graph/resolution/"):
        if graph.startswith(head):
            return graph[len(head) :]
    if graph.startswith(f"{base}graph/run/") and graph.count("/") > f"{base}graph/run/x".count("/"):
        return graph.rsplit("/", 1)[1]
    return None


def source_graphs(graphs: Iterable[str], *, base: str = DEFAULT_BASE) -> dict[str, list[str]]:
    """Source id -> the named graphs it owns (its source graph, evidence graph, run graphs), sorted."""
    owned: dict[str, list[str]] = {}
    for graph in sorted(graphs):
        source = _source_of(graph, base)
        if source is not None:
            owned.setdefault(source, []).append(graph)
    return owned


def stored_sources(store: TripleStore, *, base: str = DEFAULT_BASE) -> dict[str, list[str]]:
    """The sources held by the store (those with a ``graph:source/{h}``) and their graphs."""
    owned = source_graphs(store.graphs(), base=base)
    return {h: gs for h, gs in owned.items() if f"{base}graph/source/{h}" in gs}


def graph_triples(store: TripleStore, graph: str) -> list[Triple]:
    """Every triple of one named graph."""
    result = store.query(load_store_query("graph_triples"), {"g": URIRef(graph)})
    return [(row[1], row[2], row[3]) for row in result.rows]  # type: ignore[misc]


def _closure(node: Node, triples: list[Triple]) -> list[Triple]:
    """The description of a work node within one graph: its own facts and the resources they link to."""
    by_subject: dict[Node, list[Triple]] = {}
    for t in triples:
        by_subject.setdefault(t[0], []).append(t)
    kept = [t for t in by_subject.get(node, []) if t[1] in _DESCRIPTION]
    seen = {node}
    queue = [t[2] for t in kept if t[1] in _FOLLOW]
    while queue:
        subject = queue.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for t in by_subject.get(subject, []):
            kept.append(t)
            if t[1] in _FOLLOW:  # roles lead on to agents and organisations; hasNext comes with the roles
                queue.append(t[2])
    return kept


def remove_source(store: TripleStore, source: str, *, base: str = DEFAULT_BASE) -> RemoveReport:
    """Drop one source's graphs in one update; nodes other sources cite move to one of their graphs.

    ``source`` is the 16-hex-digit id (or a longer SHA-256, or the source graph IRI). StoreError when the
    store holds no such source.
    """
    source = source.rsplit("/", 1)[-1][:16].lower()
    owned = stored_sources(store, base=base)
    if source not in owned:
        known = ", ".join(sorted(owned)) or "none"
        raise StoreError(f"no source {source} in the store; sources held: {known}")
    report = RemoveReport(source=source, graphs=owned[source])
    home = f"{base}graph/source/{source}"
    triples = graph_triples(store, home)
    rows = store.query(load_store_query("described_elsewhere"), {"g": URIRef(home)}).rows
    targets: dict[Node, str] = {}
    for _, work, other, elsewhere in rows:
        if str(other).startswith(f"{base}graph/source/") and str(elsewhere).lower() != "true":
            targets.setdefault(work, str(other))  # rows are sorted: the first citing source wins
    moved: dict[str, set[Triple]] = {}
    for work, target in targets.items():
        moved.setdefault(target, set()).update(_closure(work, triples))
    replacement: dict[str, list[Triple]] = {graph: [] for graph in owned[source]}
    for target, extra in sorted(moved.items()):
        replacement[target] = sorted(set(graph_triples(store, target)) | extra)
    dated = {t[0] for t in triples if t[1] == PRISM.publicationDate}  # work nodes (venues have no date)
    report.rehomed = len(targets)
    report.dropped_nodes = len(dated - set(targets))
    store.replace_graphs(replacement)
    return report
