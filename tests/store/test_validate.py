"""SHACL validation: the mapped sample conforms; each kind of broken data is reported."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from bri_kg.rdf import BIRO, BRIO, C4O, DATACITE, LITERAL, OA, RDF, SKOS, XSD
from bri_kg.store import store_graph, validate


@pytest.fixture(scope="module")
def union(kg) -> Graph:
    graph = Graph()
    for g in kg.graphs.values():
        for t in g.graph() if hasattr(g, "graph") else g:
            graph.add(t)
    return graph


def test_validate_sample_store_conforms(store) -> None:
    report = validate(store)
    assert report.conforms, report.text[:3000]
    assert report.violations == 0


def test_validate_store_graph_is_the_union(kg, store) -> None:
    assert len(store_graph(store)) == len({t for g in kg.graphs.values() for t in g})


def _first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def _upper_doi(g: Graph) -> None:
    ident, value = next(
        (s, g.value(s, LITERAL.hasLiteralValue))
        for s in g.subjects(DATACITE.usesIdentifierScheme, DATACITE.doi)
        if str(g.value(s, LITERAL.hasLiteralValue)).upper() != str(g.value(s, LITERAL.hasLiteralValue))
    )
    g.set((ident, LITERAL.hasLiteralValue, Literal(str(value).upper())))


def _offset_past_text(g: Graph) -> None:
    pos = _first(g, OA.TextPositionSelector)
    g.set((pos, OA.end, Literal(10_000, datatype=XSD.integer)))


def _wrong_quote(g: Graph) -> None:
    quote = _first(g, OA.TextQuoteSelector)
    g.set((quote, OA.exact, Literal("not the text")))


def _reference_without_content(g: Graph) -> None:
    ref = _first(g, BIRO.BibliographicReference)
    g.remove((ref, C4O.hasContent, None))


def _bad_match_method(g: Graph) -> None:
    ev = _first(g, BRIO.MatchEvidence)
    g.set((ev, BRIO.matchMethod, Literal("surname-and-year")))


def _bad_exact_match(g: Graph) -> None:
    g.add(
        (
            URIRef("https://w3id.org/bri-kg/concept/china"),
            SKOS.exactMatch,
            URIRef("https://www.wikidata.org/wiki/Q148"),
        )
    )


def _unknown_concept(g: Graph) -> None:
    mention = _first(g, OA.Annotation)
    g.set((mention, OA.hasBody, URIRef("https://w3id.org/bri-kg/concept/atlantis")))


def _confidence_above_one(g: Graph) -> None:
    ref = _first(g, BIRO.BibliographicReference)
    g.set((ref, BRIO.parseConfidence, Literal(1.5, datatype=XSD.double)))


@pytest.mark.parametrize(
    "breakage",
    [
        _upper_doi,
        _offset_past_text,
        _wrong_quote,
        _reference_without_content,
        _bad_match_method,
        _bad_exact_match,
        _unknown_concept,
        _confidence_above_one,
    ],
)
def test_validate_reports_broken_data(union, breakage) -> None:
    graph = Graph()
    for t in union:
        graph.add(t)
    breakage(graph)
    report = validate(graph)
    assert not report.conforms
    assert report.violations >= 1
    assert "Violation" in report.text
