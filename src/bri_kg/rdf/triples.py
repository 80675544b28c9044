"""A named set of triples: what the mapping builds and the stores write.

rdflib's in-memory Graph indexes every triple three ways and fires events on each ``add`` (about 20 µs a
triple); a build of a whole Web of Science export adds millions and needs none of that: it only adds,
checks membership and iterates. ``Triples`` is an insertion-ordered set of rdflib-term tuples; ``graph()``
gives an rdflib Graph when the full API (``value``, SPARQL, serialisation) is wanted. Terms are rdflib's or,
where a build writes millions of them, pyoxigraph's (a tenth of the cost to build).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from bri_kg.rdf.namespaces import PREFIXES, XSD

__all__ = ["Triples", "rdflib_term"]

Triple = tuple[Any, Any, Any]
_XSD_STRING = str(XSD.string)


class Triples:
    """An insertion-ordered set of (subject, predicate, object) rdflib terms named ``identifier``."""

    __slots__ = ("_triples", "identifier")

    def __init__(self, identifier: str, triples: Iterable[Triple] = ()) -> None:
        self.identifier = URIRef(identifier)
        self._triples: dict[Triple, None] = dict.fromkeys(triples)

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __repr__(self) -> str:
        return f"<Triples {self.identifier} ({len(self)} triples)>"

    def graph(self) -> Graph:
        """The same triples as an rdflib Graph with the project prefixes bound."""
        graph = Graph(identifier=self.identifier, bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for s, p, o in self._triples:
            graph.add((rdflib_term(s), rdflib_term(p), rdflib_term(o)))
        return graph


def rdflib_term(term: Any) -> Any:
    """A pyoxigraph term as the equal rdflib term (xsd:string literals plain); rdflib terms as they are;
    ValueError for anything else."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    if isinstance(term, Node):
        return term
    raise ValueError(f"not an RDF term: {term!r}")
