"""SHACL validation of the data (plus the ontology for the class hierarchy) with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from bri_kg.errors import OntologyError
from bri_kg.rdf.namespaces import BRIO, OWL, RDF
from bri_kg.rdf.ontology import SHAPES_FILE, ontology_graph
from bri_kg.resources import ontology_dir
from bri_kg.store.base import TripleStore

__all__ = ["ValidationReport", "shapes_graph", "store_graph", "validate"]

_SH = "http://www.w3.org/ns/shacl#"
_ONTOLOGY = URIRef(str(BRIO._NS).rstrip("#"))


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """pyshacl's verdict: ``violations`` counts sh:Violation results; ``text`` is the readable report."""

    conforms: bool
    violations: int
    text: str


def shapes_graph(path: Path | None = None) -> Graph:
    """ontology/shapes.ttl (or ``path``) parsed."""
    source = path or ontology_dir() / SHAPES_FILE
    try:
        return Graph().parse(source, format="turtle")
    except Exception as err:  # rdflib raises many unrelated types for bad Turtle
        raise OntologyError(f"{source}: cannot parse the SHACL shapes: {err}") from err


def store_graph(store: TripleStore) -> Graph:
    """The union of every graph in the store as one rdflib Graph."""
    graph = Graph()
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def validate(
    data: TripleStore | Graph,
    shapes: Graph | Path | None = None,
    *,
    ontology: Graph | None = None,
) -> ValidationReport:
    """Validate a store's union graph (or a Graph) against the shapes.

    The ontology and concept schemes are mixed in for class hierarchy and concept types, unless the data
    already holds them (a store built by the pipeline has ``graph:ontology``).
    """
    from pyshacl import validate as shacl_validate  # heavy import: only when validating

    own = not isinstance(data, Graph)  # a graph we built may be extended in place (pyshacl skips a copy)
    graph = store_graph(data) if own else data
    shape_graph = shapes if isinstance(shapes, Graph) else shapes_graph(shapes)
    if ontology is None and (_ONTOLOGY, RDF.type, OWL.Ontology) not in graph:
        ontology = ontology_graph()
    conforms, results, text = shacl_validate(
        graph,
        shacl_graph=shape_graph,
        ont_graph=ontology,
        inference="none",
        inplace=own,
        advanced=True,
        allow_warnings=True,
    )
    violations = sum(
        1
        for result in results.subjects(RDF.type, URIRef(_SH + "ValidationResult"))
        if results.value(result, URIRef(_SH + "resultSeverity")) == URIRef(_SH + "Violation")
    )
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))
