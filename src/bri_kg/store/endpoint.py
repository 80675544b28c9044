"""A remote store over the SPARQL 1.1 Protocol (Virtuoso, Fuseki, QLever, ``oxigraph serve``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from bri_kg.errors import QueryError, StoreError
from bri_kg.store.base import (
    Binding,
    QueryResult,
    dump_lines,
    graph_quads,
    inject_values,
    query_form,
    to_ox,
    to_term,
)

__all__ = ["DEFAULT_TIMEOUT", "SparqlEndpointStore", "parse_results_json"]

DEFAULT_TIMEOUT = 60.0
_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


class SparqlEndpointStore:
    """A :class:`~bri_kg.store.base.TripleStore` behind SPARQL 1.1 Protocol URLs.

    Bindings become a one-row ``VALUES`` block at the start of the WHERE group (terms serialised, never
    formatted in). ``replace_graphs`` sends one update request (DROP + INSERT DATA), which servers apply
    as one transaction. The endpoint must query the union of named graphs by default (Oxigraph
    ``--union-default-graph``; Virtuoso does). ``auth`` (user, password) answers Basic or Digest challenges.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url  # kept for callers; writes use the update endpoint
        self.timeout = timeout
        self._opener = _opener(auth, [query_url, self.update_url])

    def _post(
        self, url: str, body: bytes, content_type: str, accept: str | None, error: type[Exception]
    ) -> bytes:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()
            cls = error if err.code in {400, 422} else StoreError
            raise cls(f"{url} answered HTTP {err.code}: {detail or err.reason}") from err
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(f"cannot reach {url}: {err}") from err

    def replace_graphs(self, graphs: Mapping[str, Graph | Iterable[Any]]) -> None:
        """Drop and refill the named graphs in one SPARQL UPDATE request."""
        quads = graph_quads(graphs)
        by_graph: dict[str, list[str]] = {str(name): [] for name in graphs}
        for q in quads:
            by_graph[q.graph_name.value].append(f"{q.subject} {q.predicate} {q.object} .")
        parts = [f"DROP SILENT GRAPH {ox.NamedNode(name)}" for name in by_graph]
        body = "\n".join(
            f"GRAPH {ox.NamedNode(n)} {{\n" + "\n".join(ls) + "\n}" for n, ls in by_graph.items() if ls
        )
        if body:
            parts.append(f"INSERT DATA {{\n{body}\n}}")
        if parts:
            self._post(
                self.update_url,
                " ;\n".join(parts).encode("utf-8"),
                "application/sparql-update",
                None,
                StoreError,
            )

    def query(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> QueryResult:
        """Run a query on the endpoint; errors the server reports become QueryError."""
        form = query_form(sparql)
        text = inject_values(sparql, {name: to_term(v) for name, v in (bindings or {}).items()})
        accept = _NTRIPLES if form in {"construct", "describe"} else _RESULTS_JSON
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        data = self._post(self.query_url, body, "application/x-www-form-urlencoded", accept, QueryError)
        try:
            if accept == _NTRIPLES:
                graph = Graph().parse(data=data.decode("utf-8"), format="nt")
                return QueryResult(kind="graph", triples=sorted(graph))  # type: ignore[arg-type]
            return parse_results_json(json.loads(data))
        except (ValueError, KeyError, TypeError) as err:
            raise QueryError(f"{self.query_url} sent an unreadable result: {err}") from err

    def count(self) -> int:
        """Number of quads in named graphs."""
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(result.rows[0][0]) if result.rows else 0  # type: ignore[arg-type]

    def graphs(self) -> list[str]:
        """Named graph IRIs, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(row[0]) for row in result.rows)

    def dump(self, path: str | Path, format: str = "trig") -> None:
        """Sorted TriG (or N-Quads) of every quad in named graphs."""
        result = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for g, s, p, o in result.rows]
        Path(path).write_text("".join(dump_lines(quads, format)), encoding="utf-8")

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""


def _opener(auth: tuple[str, str] | None, urls: list[str]) -> urllib.request.OpenerDirector:
    # Virtuoso's write endpoints (/sparql-auth) answer 401 with a Digest challenge, others with Basic:
    # both handlers are installed and urllib picks the one the server asks for.
    if auth is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        passwords.add_password(None, url, auth[0], auth[1])
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)
    )


def _json_term(value: Mapping[str, Any]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in {"literal", "typed-literal"}:
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value["value"], datatype=URIRef(datatype), normalize=False)
        return Literal(value["value"])
    raise ValueError(f"unknown term type {kind!r}")


def parse_results_json(data: Mapping[str, Any]) -> QueryResult:
    """SPARQL 1.1 Query Results JSON as a QueryResult."""
    if "boolean" in data:
        return QueryResult(kind="ask", boolean=bool(data["boolean"]))
    variables = list(data["head"].get("vars", []))
    rows = [
        tuple(_json_term(b[v]) if v in b else None for v in variables) for b in data["results"]["bindings"]
    ]
    return QueryResult(kind="select", variables=variables, rows=rows)
