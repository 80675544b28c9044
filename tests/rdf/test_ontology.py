"""The project ontology: every brio: term the code uses is declared, labelled and typed."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from bri_kg.errors import OntologyError
from bri_kg.rdf import BRIO, OWL, RDF, RDFS, SKOS, ontology_graph
from bri_kg.rdf.namespaces import DEO, OA
from bri_kg.resources import ontology_dir

TERMS = [getattr(BRIO, name) for name in BRIO.__annotations__]


@pytest.fixture(scope="module")
def brio() -> Graph:
    return Graph().parse(ontology_dir() / "brio.ttl")


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).rsplit("#", 1)[1])
def test_ontology_declares_every_brio_term(brio, term) -> None:
    kinds = set(brio.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.DatatypeProperty, OWL.ObjectProperty}
    assert brio.value(term, RDFS.label) is not None
    assert brio.value(term, RDFS.comment) is not None
    if OWL.Class not in kinds:
        assert brio.value(term, RDFS.domain) is not None


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (BRIO.Actor, SKOS.Concept),
        (BRIO.Region, SKOS.Concept),
        (BRIO.EntityMention, OA.Annotation),
        (BRIO.Keywords, DEO.DiscourseElement),
    ],
)
def test_ontology_class_hierarchy(brio, cls, parent) -> None:
    assert (cls, RDFS.subClassOf, parent) in brio


def test_ontology_has_version(brio) -> None:
    assert brio.value(URIRef("https://w3id.org/bri-kg/ontology"), OWL.versionInfo) is not None


def test_ontology_graph_loads_files_but_not_shapes(tmp_path) -> None:
    (tmp_path / "a.ttl").write_text("<urn:a> <urn:p> <urn:b> .\n")
    (tmp_path / "shapes.ttl").write_text("<urn:s> <urn:p> <urn:b> .\n")
    (tmp_path / "concepts").mkdir()
    (tmp_path / "concepts" / "c.ttl").write_text("<urn:c> <urn:p> <urn:b> .\n")
    graph = ontology_graph(tmp_path)
    assert {str(s) for s in graph.subjects()} == {"urn:a", "urn:c"}
    assert str(graph.identifier) == "https://w3id.org/bri-kg/graph/ontology"


def test_ontology_graph_names_a_broken_file(tmp_path) -> None:
    (tmp_path / "bad.ttl").write_text("<urn:a> <urn:p> .\n")
    with pytest.raises(OntologyError, match=r"bad\.ttl"):
        ontology_graph(tmp_path)


def test_ontology_bundled_graph_parses() -> None:
    assert (BRIO.Policy, RDFS.subClassOf, SKOS.Concept) in ontology_graph()
