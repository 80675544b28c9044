"""The store interface, query results, term conversion and the helpers both stores share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from bri_kg.errors import QueryError, StoreError
from bri_kg.rdf.namespaces import XSD
from bri_kg.rdf.triples import rdflib_term

__all__ = [
    "Binding",
    "QueryResult",
    "TripleStore",
    "check_error",
    "check_nquads",
    "dump_lines",
    "from_ox",
    "graph_quads",
    "inject_values",
    "nquads_chunks",
    "query_form",
    "to_ox",
    "to_term",
]

Binding = Node | ox.NamedNode | ox.Literal | ox.BlankNode | str | int | float | bool
_IRI_LIKE = re.compile(r"^(?:https?|urn|mailto|file):\S+$")
_XSD_STRING = str(XSD.string)


@dataclass(slots=True)
class QueryResult:
    """A SPARQL result: ``kind`` "select" (variables, rows), "ask" (boolean) or "graph" (triples)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def dicts(self) -> list[dict[str, Node]]:
        """Rows as {variable: term}, unbound variables left out."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows
        ]


@runtime_checkable
class TripleStore(Protocol):
    """What bri-kg needs from a quad store; queries see the union of the named graphs."""

    def replace_graphs(self, graphs: Mapping[str, Graph | Iterable[Any]]) -> None:
        """Replace each named graph by the given triples, all or nothing."""

    def query(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> QueryResult:
        """Run a SPARQL query with ``bindings`` (variable name -> value) bound, never formatted in."""

    def count(self) -> int:
        """Number of quads."""

    def graphs(self) -> list[str]:
        """Named graph IRIs, sorted."""

    def dump(self, path: str | Path, format: str = "trig") -> None:
        """Write every quad, sorted, so two builds of the same input give identical files."""

    def close(self) -> None:
        """Release the store."""


def to_ox(term: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib (or pyoxigraph) term as a pyoxigraph term; ValueError for an invalid IRI."""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term (xsd:string literals become plain literals); None stays None."""
    return None if term is None else rdflib_term(term)


def to_term(value: Binding) -> Node:
    """A binding value as an rdflib term: '<iri>', 'http(s)://', 'urn:' strings become IRIs; else literals."""
    if isinstance(value, Node):
        return value
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return from_ox(value)  # type: ignore[return-value]
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    if isinstance(value, str):
        if value.startswith("<") and value.endswith(">"):
            return URIRef(value[1:-1])
        return URIRef(value) if _IRI_LIKE.match(value) else Literal(value)
    raise TypeError(f"cannot bind {value!r} ({type(value).__name__}); give an rdflib term, str or number")


def graph_quads(graphs: Mapping[str, Graph | Iterable[Any]]) -> list[ox.Quad]:
    """Every (graph, triple) as pyoxigraph quads; StoreError names the first invalid term."""
    quads: list[ox.Quad] = []
    # IRIs and many literals (positions, scores, classes, predicates) repeat: convert each once.
    converted: dict[Any, ox.NamedNode | ox.Literal | ox.BlankNode] = {}

    def convert(term: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        # rdflib compares some literals by value (Literal("01", integer) == Literal("1", integer)): key
        # on the lexical form, datatype and language, never on the term itself.
        key = (str(term), type(term), getattr(term, "datatype", None), getattr(term, "language", None))
        found = converted.get(key)
        if found is None:
            found = converted[key] = to_ox(term)
        return found

    for name, triples in graphs.items():
        try:
            graph = ox.NamedNode(str(name))
            for triple in triples:
                s, p, o = (
                    (triple.subject, triple.predicate, triple.object)
                    if hasattr(triple, "subject")
                    else triple[:3]
                )
                quads.append(ox.Quad(convert(s), convert(p), convert(o), graph))
        except (ValueError, TypeError) as err:
            raise StoreError(f"graph {name}: invalid RDF term: {err}") from err
    return quads


# N-Triples escapes for literal text; every other character may appear as is in UTF-8 N-Quads.
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_literal(term: Literal) -> str:
    lexical = str(term).translate(_LITERAL_ESCAPES)
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


def nquads_chunks(
    graphs: Mapping[str, Graph | Iterable[Any]], lines: int = 100_000
) -> Iterator[tuple[str, list[ox.Quad] | None]]:
    """The graphs as N-Quads text in chunks of at most ``lines`` quads, so that a large build never holds
    all of its text at once: (text, the chunk as Quad objects when a blank node occurs in it, else None).

    Terms are written, not checked (building quad objects term by term costs several times more, and a
    build writes millions): the store's parser checks them. StoreError for what is not an RDF term.
    """
    out: list[str] = []
    iris: dict[Any, str] = {}  # IRIs repeat (classes, predicates, nodes): each is written once
    literals: dict[tuple[str, Any, Any], str] = {}
    blank = False

    def write(term: Any) -> str:
        nonlocal blank
        kind = type(term)  # exact types first: isinstance on rdflib's and pyoxigraph's classes is slow
        if kind is ox.NamedNode or kind is URIRef:
            text = iris.get(term)
            if text is None:
                text = iris[term] = str(term) if kind is ox.NamedNode else f"<{term}>"
            return text
        if kind is ox.Literal:
            return str(term)  # pyoxigraph writes canonical N-Triples
        if isinstance(term, Literal):
            # Keyed on the lexical form: rdflib calls some literals equal by value ("01" == "1").
            key = (str(term), term.datatype, term.language)
            text = literals.get(key)
            if text is None:
                text = literals[key] = _nt_literal(term)
            return text
        if isinstance(term, URIRef):
            return f"<{term}>"
        if isinstance(term, BNode | ox.BlankNode):
            blank = True
            return f"_:{term}" if isinstance(term, BNode) else str(term)
        raise StoreError(f"not an RDF term: {term!r}")

    def chunk() -> tuple[str, list[ox.Quad] | None]:
        text = "".join(out)
        # The N-Quads loader renames blank nodes: a chunk with one goes to the store as Quad objects
        # (the parser keeps blank node labels).
        return text, check_nquads(text) if blank else None

    for name, triples in graphs.items():
        graph = f"<{name}> .\n"
        try:
            for triple in triples:
                s, p, o = (
                    triple if type(triple) is tuple else (triple.subject, triple.predicate, triple.object)
                )
                out.append(f"{write(s)} {write(p)} {write(o)} {graph}")
                if len(out) == lines:
                    yield chunk()
                    out.clear()
                    blank = False
        except StoreError as err:
            raise StoreError(f"graph {name}: {err}") from err
    if out:
        yield chunk()


def check_nquads(text: str) -> list[ox.Quad]:
    """Parse N-Quads written by :func:`nquads_chunks`; StoreError names the graph and term of a bad line."""
    try:
        return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, UnicodeError) as err:
        raise StoreError(f"invalid RDF term: {check_error(text, err)}") from err


def check_error(text: str, err: Exception) -> str:
    """What is wrong in N-Quads ``text`` and where: the graph and the line (StoreError messages)."""
    if isinstance(err, UnicodeError):
        return f"text that is not Unicode ({getattr(err, 'reason', err)})"
    line = _error_line(err)
    bad = text.splitlines()[line - 1] if line and line <= text.count("\n") else ""
    where = f"in graph {bad.rsplit(' ', 2)[-2]}: " if bad.count(" ") >= 4 else ""
    return f"{where}{err}; line: {bad[:200]!r}"


def _error_line(err: Exception) -> int | None:
    if getattr(err, "lineno", None):
        return int(err.lineno)  # type: ignore[attr-defined]
    match = re.search(r"line (\d+)", str(err))
    return int(match.group(1)) if match else None


def dump_lines(quads: Iterable[ox.Quad], format: str) -> list[str]:
    """Sorted N-Quads lines, or TriG blocks per graph in sorted order."""
    if format in {"nquads", "nq"}:
        return sorted(f"{q} .\n" for q in quads)
    if format != "trig":
        raise StoreError(f"unknown dump format {format!r}; use 'trig' or 'nquads'")
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(graph, []).append(f"{q.subject} {q.predicate} {q.object} .\n")
    lines: list[str] = []
    for graph in sorted(by_graph):
        triples = sorted(set(by_graph[graph]))
        if graph:
            lines.append(f"{graph} {{\n")
            lines.extend(f"  {t}" for t in triples)
            lines.append("}\n")
        else:
            lines.extend(triples)
    return lines


def _code_positions(sparql: str) -> Iterator[tuple[int, str]]:
    """(index, char) of the query text outside comments, strings and IRIs."""
    i, n = 0, len(sparql)
    while i < n:
        ch = sparql[i]
        if ch == "#":
            while i < n and sparql[i] != "\n":
                i += 1
            continue
        if ch in "\"'":
            i += 1
            while i < n and sparql[i] != ch:
                i += 2 if sparql[i] == "\\" else 1
            i += 1
            continue
        if ch == "<":
            close = sparql.find(">", i)
            if close > 0 and not any(c.isspace() for c in sparql[i:close]):
                i = close + 1
                continue
        yield i, ch
        i += 1


def _code(sparql: str) -> tuple[str, list[int]]:
    positions = list(_code_positions(sparql))
    return "".join(ch if not ch.isspace() else " " for _, ch in positions), [i for i, _ in positions]


def query_form(sparql: str) -> str:
    """'select', 'ask', 'construct' or 'describe'; QueryError when none is found."""
    code, _ = _code(sparql)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.IGNORECASE)
    if not match:
        raise QueryError("malformed SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return match.group(1).lower()


def inject_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """The query with a one-row ``VALUES`` block at the start of its WHERE group (terms in N-Triples)."""
    if not bindings:
        return sparql
    code, index = _code(sparql)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.IGNORECASE)
    if not match:
        raise QueryError("malformed SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    at = match.end()
    if match.group(1).upper() == "CONSTRUCT":
        short = re.match(r"\s*WHERE\s*\{", code[at:], re.IGNORECASE)
        if short:  # CONSTRUCT WHERE { T } allows no VALUES: spell it out as CONSTRUCT { T } WHERE { T }
            open_at = at + short.end() - 1
            close_at = _skip_group(code, open_at)
            group = sparql[index[open_at] : index[close_at - 1] + 1]
            sparql = f"{sparql[: index[match.start()]]}CONSTRUCT {group} WHERE {group}{sparql[index[close_at - 1] + 1 :]}"
            return inject_values(sparql, bindings)
        at = _skip_group(code, code.find("{", at))
    brace = code.find("{", at)
    if brace < 0:
        raise QueryError("malformed SPARQL: no WHERE group to bind variables in")
    names = " ".join(f"?{name.lstrip('?$')}" for name in bindings)
    values = " ".join(str(to_ox(term)) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    cut = index[brace] + 1
    return sparql[:cut] + block + sparql[cut:]


def _skip_group(code: str, start: int) -> int:
    depth = 0
    for i in range(max(start, 0), len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise QueryError("malformed SPARQL: unbalanced braces")
