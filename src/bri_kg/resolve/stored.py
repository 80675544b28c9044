"""What identity needs from a store: the nodes already there (incremental builds) and the least certain merges."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from bri_kg.resolve.identity import KnownNode
from bri_kg.sparql_files import packaged_query

__all__ = ["Suspect", "known_nodes", "load_resolve_query", "stored_names", "suspect_merges"]


@dataclass(frozen=True, slots=True)
class Suspect:
    """One uncertain merge: the node, the member that joined it, how and how sure."""

    node: str
    node_title: str
    member: str
    text: str
    method: str
    score: float
    key: str


def load_resolve_query(name: str) -> str:
    """The text of ``bri_kg/resolve/sparql/{name}.rq``."""
    return packaged_query("bri_kg.resolve", name)


def _text(term: Any) -> str:
    return "" if term is None else str(term)


def _csl(row: dict[str, Any]) -> dict[str, Any]:
    csl: dict[str, Any] = {}
    year = _text(row.get("date"))[:4]
    if year.isdigit():
        csl["issued"] = {"date-parts": [[int(year)]]}
    for var, key in (("doi", "DOI"), ("title", "title"), ("venue", "container-title"), ("volume", "volume")):
        if row.get(var) is not None:
            csl[key] = _text(row[var])
    if row.get("page") is not None:
        csl["page"] = _text(row["page"])
    if row.get("family") is not None:
        csl["author"] = [{"family": _text(row["family"])}]
    return csl


def known_nodes(store: Any, *, exclude_graphs: Collection[str] = ()) -> list[KnownNode]:
    """Work nodes described in the store outside ``exclude_graphs`` (the graphs a build will replace).

    One per node IRI (the first row: the store's rows are sorted by node and graph), in IRI order.
    """
    result = store.query(load_resolve_query("known_nodes"))
    excluded = set(exclude_graphs)
    seen: set[str] = set()
    nodes: list[KnownNode] = []
    for row in result.dicts():
        iri = _text(row["work"])
        if iri in seen or _text(row["g"]) in excluded:
            continue
        seen.add(iri)
        nodes.append(KnownNode(iri=iri, csl=_csl(row)))
    return nodes


def stored_names(store: Any, *, exclude_graphs: Collection[str] = ()) -> dict[str, dict[str, str]]:
    """IRI -> how the store spells it (``family``/``given`` of persons, ``title`` of venues), outside
    ``exclude_graphs``; the first graph in IRI order wins."""
    excluded = set(exclude_graphs)
    names: dict[str, dict[str, str]] = {}
    for row in store.query(load_resolve_query("stored_names")).dicts():
        iri = _text(row["thing"])
        if iri in names or _text(row["g"]) in excluded:
            continue
        names[iri] = {k: _text(row[k]) for k in ("family", "given", "title") if row.get(k) is not None}
    return names


def suspect_merges(store: Any, *, limit: int = 50) -> list[Suspect]:
    """The ``limit`` least certain merges (fuzzy title, venue or override evidence), lowest score first."""
    rows = store.query(load_resolve_query("suspect_merges")).dicts()
    suspects = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        pair = (_text(row["node"]), _text(row["member"]))
        if pair in seen:
            continue
        seen.add(pair)
        suspects.append(
            Suspect(
                node=pair[0],
                node_title=_text(row.get("nodeTitle")),
                member=pair[1],
                text=_text(row.get("text")),
                method=_text(row["method"]),
                score=float(_text(row["score"]) or 0),
                key=_text(row.get("key")),
            )
        )
        if len(suspects) >= limit:
            break
    return suspects
