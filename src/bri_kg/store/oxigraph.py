"""The embedded store: pyoxigraph on disk (or in memory), queried over the union of named graphs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from bri_kg.errors import QueryError, StoreError
from bri_kg.store.base import Binding, QueryResult, dump_lines, from_ox, graph_quads, to_ox, to_term

__all__ = ["OxigraphStore"]


class OxigraphStore:
    """A :class:`~bri_kg.store.base.TripleStore` on pyoxigraph; ``path=None`` keeps it in memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        try:
            if self.path is not None:
                self.path.mkdir(parents=True, exist_ok=True)
            self._store: ox.Store | None = ox.Store(None if path is None else str(path))
        except OSError as err:
            raise StoreError(f"cannot open the Oxigraph store at {path}: {err}") from err

    @property
    def store(self) -> ox.Store:
        """The underlying pyoxigraph Store."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def replace_graphs(self, graphs: Mapping[str, Graph | Iterable[Any]]) -> None:
        """Make each named graph hold exactly the given triples, in one SPARQL UPDATE (all or nothing).

        Only the difference to what the store holds is written (``DELETE DATA`` + ``INSERT DATA``):
        deterministic IRIs make a rebuild of unchanged input nearly free, and a large on-disk DROP is slow.
        Graphs with blank nodes cannot be diffed and are dropped and refilled instead.
        """
        quads = graph_quads(graphs)  # converts (and so validates) every term before the store is touched
        present = {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}
        wanted: dict[str, dict[str, ox.Quad]] = {str(name): {} for name in graphs}
        for q in quads:
            wanted[q.graph_name.value][f"{q.subject} {q.predicate} {q.object} ."] = q
        drops: list[str] = []
        deletes: dict[str, set[str]] = {}
        inserts: dict[str, dict[str, ox.Quad]] = {}
        for name, lines in wanted.items():
            if name not in present:
                inserts[name] = lines  # a new graph: nothing to compare with
                continue
            held = list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
            blank = any(isinstance(t, ox.BlankNode) for q in held for t in (q.subject, q.object))
            # An emptied graph must be dropped: Oxigraph keeps empty named graphs listed.
            if not lines or blank or any(line.startswith("_:") or " _:" in line for line in lines):
                drops.append(name)
                inserts[name] = lines
                continue
            current = {f"{q.subject} {q.predicate} {q.object} ." for q in held}
            deletes[name] = current - set(lines)
            inserts[name] = {line: q for line, q in lines.items() if line not in current}
        try:
            if not drops and not any(deletes.values()):
                added = [q for lines in inserts.values() for q in lines.values()]
                if not present and len(self.store) == 0:
                    self._bulk_load(added)
                else:  # one transactional extend: far faster than parsing an INSERT DATA text
                    self.store.extend(added)
                return
            parts = [f"DROP SILENT GRAPH {ox.NamedNode(name)}" for name in drops]
            for verb, changes in (("DELETE DATA", deletes), ("INSERT DATA", inserts)):
                body = "\n".join(
                    f"GRAPH {ox.NamedNode(name)} {{\n" + "\n".join(sorted(lines)) + "\n}"
                    for name, lines in changes.items()
                    if lines
                )
                if body:
                    parts.append(f"{verb} {{\n{body}\n}}")
            self.store.update(" ;\n".join(parts))
        except (SyntaxError, OSError, RuntimeError, ValueError) as err:
            raise StoreError(f"cannot replace graphs {sorted(wanted)}: {err}") from err

    def _bulk_load(self, quads: list[ox.Quad]) -> None:
        """Fill an empty store with the bulk loader (twice as fast as ``extend``, not transactional): on
        failure the store is emptied again, so it is left as it was."""
        try:
            self.store.bulk_extend(quads)
        except BaseException:
            self.store.clear()
            raise

    def query(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> QueryResult:
        """Run a query; bindings go through pyoxigraph substitutions (bound variables must be projected)."""
        substitutions = {
            ox.Variable(name.lstrip("?$")): to_ox(to_term(v)) for name, v in (bindings or {}).items()
        }
        try:
            result = self.store.query(
                sparql, substitutions=substitutions or None, use_default_graph_as_union=True
            )
            return _result(result)
        except SyntaxError as err:
            raise QueryError(f"malformed SPARQL: {err}") from err
        except (OSError, RuntimeError, ValueError, TypeError) as err:
            raise QueryError(f"query failed: {err}") from err

    def count(self) -> int:
        """Number of quads."""
        return len(self.store)

    def graphs(self) -> list[str]:
        """Named graph IRIs, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, path: str | Path, format: str = "trig") -> None:
        """Sorted TriG (or N-Quads) of every quad."""
        lines = dump_lines(self.store.quads_for_pattern(None, None, None, None), format)
        Path(path).write_text("".join(lines), encoding="utf-8")

    def close(self) -> None:
        """Flush to disk and release the store."""
        if self._store is not None:
            if self.path is not None:
                self._store.flush()
            self._store = None


def _result(result: Any) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(from_ox(solution[v]) for v in variables) for solution in result]
        return QueryResult(kind="select", variables=variables, rows=rows)
    triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
    return QueryResult(kind="graph", triples=triples)  # type: ignore[arg-type]
