"""The project ontology and concept schemes as one rdflib Graph (``graph:ontology``)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from bri_kg.errors import OntologyError
from bri_kg.rdf.iris import DEFAULT_BASE, ontology_graph_iri
from bri_kg.rdf.namespaces import PREFIXES
from bri_kg.resources import ontology_dir

__all__ = ["SHAPES_FILE", "ontology_files", "ontology_graph"]

#: SHACL shapes live next to the ontology but are not data: they are never loaded into the store.
SHAPES_FILE = "shapes.ttl"


def ontology_files(directory: Path | None = None) -> list[Path]:
    """ontology/*.ttl (without the shapes) and ontology/concepts/*.ttl, sorted."""
    root = directory or ontology_dir()
    files = [p for p in root.glob("*.ttl") if p.name != SHAPES_FILE]
    files += list((root / "concepts").glob("*.ttl"))
    return sorted(files)


def ontology_graph(directory: Path | None = None, *, base: str = DEFAULT_BASE) -> Graph:
    """Parse the ontology files into one graph named ``graph:ontology``; OntologyError names a bad file."""
    graph = Graph(identifier=ontology_graph_iri(base=base), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for path in ontology_files(directory):
        try:
            graph.parse(path, format="turtle")
        except Exception as err:  # rdflib raises many unrelated types for bad Turtle
            raise OntologyError(f"{path}: cannot parse Turtle: {err}") from err
    return graph
