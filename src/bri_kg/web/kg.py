"""Read access for the pages: the packaged .rq files, run with the resource IRI bound by substitution."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pyoxigraph as ox

from bri_kg.errors import QueryError, StoreError
from bri_kg.rdf.namespaces import PREFIXES

__all__ = ["BASE_IRI", "PREFIXES", "KgReader", "load_page_queries", "oxigraph_of", "with_values"]

BASE_IRI = "https://w3id.org/bri-kg/"
_LABELS_AT_ONCE = 200  # IRIs bound in one labels query


def oxigraph_of(store: Any) -> ox.Store:
    """The pyoxigraph.Store behind ``store``: a Store itself, or the project's store wrapper around one."""
    if isinstance(store, ox.Store):
        return store
    # The wrapper in bri_kg.store is written concurrently; accept the attribute names it is likely to use.
    for name in ("oxigraph", "store", "_store", "inner", "_inner", "ox"):
        inner = getattr(store, name, None)
        if isinstance(inner, ox.Store):
            return inner
    raise StoreError(f"cannot serve {type(store).__name__}: it exposes no local pyoxigraph.Store")


def load_page_queries() -> dict[str, str]:
    """Every ``web/sparql/*.rq`` file by name (without the extension)."""
    folder = resources.files("bri_kg.web") / "sparql"
    return {
        entry.name.removesuffix(".rq"): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    }


def with_values(
    query: str, variable: str, term: ox.NamedNode | ox.Literal | Sequence[ox.NamedNode | ox.Literal]
) -> str:
    """``query`` with ``VALUES ?variable { term ... }`` opening its first ``WHERE {`` group."""
    at = query.find("WHERE {")
    if at < 0:
        raise QueryError(f"cannot bind ?{variable}: the query has no 'WHERE {{'")
    at += len("WHERE {")
    terms = " ".join(str(t) for t in ([term] if isinstance(term, ox.NamedNode | ox.Literal) else term))
    return f"{query[:at]} VALUES ?{variable} {{ {terms} }} {query[at:]}"


def _value(term: Any) -> str:
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return str(term)


@dataclass
class KgReader:
    """Runs the page queries over the union of all graphs, one resource IRI bound as ``?r`` (text as ``?q``)."""

    store: ox.Store
    queries: dict[str, str] = field(default_factory=load_page_queries)

    def _run(self, name: str, r: str | Sequence[str] | None, q: str | None) -> Any:
        text = self.queries[name]
        try:
            # Bound as VALUES rows of validated terms (str() of a pyoxigraph term is its escaped N-Triples
            # form): pyoxigraph's `substitutions` gives the same answers, but plans as if the variable were
            # free, which made a reference list 200x slower.
            if q is not None:
                text = with_values(text, "q", ox.Literal(q))
            if isinstance(r, str):
                text = with_values(text, "r", ox.NamedNode(r))  # ValueError on a malformed IRI
            elif r is not None:
                text = with_values(text, "r", [ox.NamedNode(iri) for iri in r])
            return self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:  # a bug in a packaged .rq file, not user input
            raise QueryError(f"page query {name}.rq: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"the store could not be read: {exc}") from exc

    def select(
        self, name: str, r: str | Sequence[str] | None = None, *, q: str | None = None
    ) -> list[dict[str, str]]:
        """Rows of a SELECT page query as {variable: lexical value}, unbound variables left out.

        ``r`` may be several IRIs: one query for all of them (the rows carry ``?r``).
        """
        result = self._run(name, r, q)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            rows.append({n: _value(solution[n]) for n in names if solution[n] is not None})
        return rows

    def ask(self, name: str, r: str) -> bool:
        """Answer of an ASK page query."""
        return bool(self._run(name, r, None))

    def construct(self, name: str, r: str) -> list[ox.Triple]:
        """Triples of a CONSTRUCT page query."""
        return list(self._run(name, r, None))

    def label(self, iri: str) -> str:
        """A readable label: title, English (or untagged) preferred label, name, text; else the IRI's end."""
        return self.labels([iri])[iri]

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """``label`` of each IRI, with one query for up to ``_LABELS_AT_ONCE`` of them (a page lists many)."""
        wanted = sorted(set(iris))
        best: dict[str, tuple[int, str]] = {}
        for start in range(0, len(wanted), _LABELS_AT_ONCE):
            for row in self.select("labels", wanted[start : start + _LABELS_AT_ONCE]):
                rank = {"title": 0, "pref": 1, "name": 3, "content": 4}[row["kind"]]
                if row["kind"] == "pref" and row.get("lang", "") not in ("en", ""):
                    rank = 2
                if row["r"] not in best or (rank, row["label"]) < best[row["r"]]:
                    best[row["r"]] = (rank, row["label"])
        return {iri: best[iri][1] if iri in best else iri.rstrip("/").rsplit("/", 1)[-1] for iri in wanted}
