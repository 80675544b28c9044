"""IRI minting: deterministic, typed by path segment, base configurable."""

from __future__ import annotations

import hashlib

import pytest

from bri_kg.rdf import iris


@pytest.mark.parametrize(
    ("iri", "segment", "key"),
    [
        (iris.work_iri("doi:10.1/x"), "br", "doi:10.1/x"),
        (iris.reference_iri("doi:10.1/x", 12), "be", "doi:10.1/x|12"),
        (iris.agent_iri("person:koch|n"), "ra", "person:koch|n"),
        (iris.identifier_iri("doi", "10.1/x"), "id", "doi:10.1/x"),
        (iris.manifestation_iri("doi:10.1/x"), "re", "doi:10.1/x"),
    ],
)
def test_iris_are_sha256_prefixes(iri, segment, key) -> None:
    assert str(iri) == f"https://w3id.org/bri-kg/{segment}/{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def test_iris_base_and_graphs() -> None:
    assert str(iris.work_iri("k", base="https://example.org/")).startswith("https://example.org/br/")
    assert (
        str(iris.source_graph_iri("ABCDEF0123456789ff"))
        == "https://w3id.org/bri-kg/graph/source/abcdef0123456789"
    )
    assert iris.graph_iri("ontology") == iris.ontology_graph_iri()
    run = iris.run_iri("n", "1", "m", "o")
    assert str(iris.run_graph_iri(run)).endswith("/graph/run/" + str(run).rsplit("/", 1)[1])


def test_iris_distinct_keys_distinct_iris() -> None:
    assert iris.span_iri("https://w3id.org/bri-kg/br/1", "title") != iris.span_iri(
        "https://w3id.org/bri-kg/br/1", "abstract"
    )
    assert iris.citation_iri("a", "b") != iris.citation_iri("b", "a")


@pytest.mark.parametrize("bad", ["", "../x", "a b"])
def test_iris_graph_name_rejects_unsafe(bad) -> None:
    with pytest.raises(ValueError, match="invalid graph name"):
        iris.graph_iri(bad)


def test_iris_concept_slug_and_mention_parts() -> None:
    assert str(iris.concept_iri("Ürümqi City")) == "https://w3id.org/bri-kg/concept/urumqi-city"
    assert (
        str(iris.mention_part_iri("https://w3id.org/bri-kg/an/1", "pos"))
        == "https://w3id.org/bri-kg/an/1#pos"
    )
    with pytest.raises(ValueError, match="unknown mention part"):
        iris.mention_part_iri("https://w3id.org/bri-kg/an/1", "x")
