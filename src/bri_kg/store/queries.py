"""The scholar-facing SPARQL files in ``bri_kg/queries``: loading, their header, running them by name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from bri_kg.errors import QueryError
from bri_kg.store.base import Binding, QueryResult, TripleStore

__all__ = [
    "QUERY_PACKAGE",
    "QueryInfo",
    "list_queries",
    "load_query",
    "query_info",
    "query_names",
    "run_query",
]

QUERY_PACKAGE = "bri_kg.queries"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER = re.compile(r"^#\s*(title|description|params):\s*(.*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """The ``# title:``, ``# description:`` and ``# params:`` header lines of a query file."""

    name: str
    title: str
    description: str
    params: tuple[str, ...]


def query_names() -> list[str]:
    """Names of the bundled queries, sorted."""
    folder = resources.files(QUERY_PACKAGE)
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def list_queries() -> list[QueryInfo]:
    """The bundled queries with their title, description and parameters, sorted by name."""
    return [query_info(name) for name in query_names()]


def load_query(name: str) -> str:
    """The text of ``bri_kg/queries/{name}.rq``; QueryError lists the known names for an unknown one."""
    if not _NAME.match(name):
        raise QueryError(f"invalid query name {name!r}: use lower-case letters, digits and '_'")
    path = resources.files(QUERY_PACKAGE) / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no query named {name!r}; known: {', '.join(query_names())}")
    return path.read_text(encoding="utf-8")


def query_info(name: str) -> QueryInfo:
    """The documented header of a query."""
    fields = {key: value.strip() for key, value in _HEADER.findall(load_query(name))}
    params = tuple(p.strip().lstrip("?$") for p in re.split(r"[,\s]+", fields.get("params", "")) if p.strip())
    params = tuple(p for p in params if p and p.lower() != "none")
    return QueryInfo(name, fields.get("title", ""), fields.get("description", ""), params)


def run_query(store: TripleStore, name: str, /, **bindings: Binding | None) -> QueryResult:
    """Run a bundled query with its declared parameters bound; None leaves a parameter unbound."""
    info = query_info(name)
    unknown = sorted(set(bindings) - set(info.params))
    if unknown:
        raise QueryError(
            f"query {name!r} has no parameter {', '.join(unknown)}; it takes {', '.join(info.params) or 'none'}"
        )
    bound = {k: v for k, v in bindings.items() if v is not None}
    return store.query(load_query(name), bound)
