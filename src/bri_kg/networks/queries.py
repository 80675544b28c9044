"""Load the network SPARQL files and run them against a store, returning rows as plain dicts."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from bri_kg.errors import QueryError
from bri_kg.sparql_files import packaged_query

__all__ = ["QueryableStore", "iter_tuples", "load_query", "select", "to_python", "year_of"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
    )
)
_FLOAT_TYPES = frozenset(_XSD + t for t in ("double", "float", "decimal"))
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


class QueryableStore(Protocol):
    """The store engineer's interface: ``query`` returns an object with ``.variables`` and ``.rows``."""

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Any: ...


def load_query(name: str) -> str:
    """Return the text of ``sparql/{name}.rq`` shipped with this package."""
    return packaged_query(__package__, name)


def select(store: Any, name: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run the SELECT query ``name`` and return one dict per row (variable name -> python value).

    ``store`` is either the project's store (``.query(sparql, bindings)`` returning ``.variables`` and
    ``.rows``) or, as a minimal adapter for tests and scripts, a raw ``pyoxigraph.Store``; the latter is
    queried over the union of its graphs, as the store does. Unbound variables come back as ``None``.
    """
    sparql = load_query(name)
    if _is_pyoxigraph_store(store):
        return _select_pyoxigraph(store, name, sparql, bindings)
    result = store.query(sparql, bindings)
    variables = [str(v).lstrip("?") for v in result.variables]
    return [_row_dict(variables, row) for row in result.rows]


def iter_tuples(store: Any, name: str) -> Iterator[tuple[Any, ...]]:
    """The rows of SELECT query ``name`` as tuples of python values, in the query's variable order.

    A raw ``pyoxigraph.Store`` streams them (millions of citation pairs need not sit in memory as
    dicts); the project's store materialises its result first, as :func:`select` does.
    """
    if not _is_pyoxigraph_store(store):
        for row in select(store, name):
            yield tuple(row.values())
        return
    import pyoxigraph

    iri = pyoxigraph.NamedNode
    try:
        for solution in store.query(load_query(name), use_default_graph_as_union=True):
            yield tuple(term.value if type(term) is iri else to_python(term) for term in solution)
    except (SyntaxError, OSError) as err:
        raise QueryError(f"{name}.rq failed: {err}") from err


def _is_pyoxigraph_store(store: Any) -> bool:
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        return False
    return isinstance(store, pyoxigraph.Store)


def _select_pyoxigraph(
    store: Any, name: str, sparql: str, bindings: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    import pyoxigraph

    # Raw-store bindings must already be pyoxigraph terms: the adapter does not guess IRI vs literal.
    substitutions = {pyoxigraph.Variable(k): v for k, v in (bindings or {}).items()}
    try:
        solutions = store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions or None)
        variables = [v.value for v in solutions.variables]
        iri = pyoxigraph.NamedNode
        # IRIs are most values (citation pairs alone are two per row): skip to_python's checks for them.
        return [
            {
                v: term.value if type(term) is iri else to_python(term)
                for v, term in zip(variables, solution, strict=True)
            }
            for solution in solutions
        ]
    except (SyntaxError, OSError) as err:
        raise QueryError(f"{name}.rq failed: {err}") from err


def _row_dict(variables: Sequence[str], row: Any) -> dict[str, Any]:
    if isinstance(row, Mapping):
        return {v: to_python(row.get(v, row.get(f"?{v}"))) for v in variables}
    return {v: to_python(value) for v, value in zip(variables, row, strict=False)}


def to_python(value: Any) -> Any:
    """Turn an RDF term (pyoxigraph or rdflib) into a plain python value; IRIs become ``str``.

    Numeric and boolean literals become numbers and booleans, every other literal its lexical form.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if hasattr(value, "toPython"):  # rdflib: str() is the IRI or the lexical form
        datatype = getattr(value, "datatype", None)
        return _typed(str(value), None if datatype is None else str(datatype))
    datatype = getattr(value, "datatype", None)
    if datatype is not None:  # pyoxigraph Literal: .value is the lexical form
        return _typed(value.value, datatype.value)
    return str(getattr(value, "value", value))


def _typed(lexical: str, datatype: str | None) -> Any:
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype in _FLOAT_TYPES:
            return float(lexical)
    except ValueError:
        return lexical
    if datatype == _XSD + "boolean":
        return lexical in ("true", "1")
    return lexical


def year_of(value: Any) -> int | None:
    """The four-digit year in a gYear / date / int value, or ``None``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _YEAR.search(str(value)) if value is not None else None
    return int(match.group(1)) if match else None
