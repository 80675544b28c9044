from rdflib import Literal, URIRef

from bri_kg.rdf import RDF, new_graph
from bri_kg.rdf.triples import Triples

S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def test_triples_is_an_ordered_set() -> None:
    t = Triples("https://example.org/g")
    t.add((S, P, Literal("b")))
    t.add((S, P, Literal("a")))
    t.add((S, P, Literal("b")))
    assert len(t) == 2
    assert list(t) == [(S, P, Literal("b")), (S, P, Literal("a"))]
    assert (S, P, Literal("a")) in t and (S, P, Literal("c")) not in t
    assert t.identifier == URIRef("https://example.org/g")


def test_triples_as_rdflib_graph_keeps_name_triples_and_prefixes() -> None:
    t = new_graph("https://example.org/g")
    t.add((S, RDF.type, URIRef("http://purl.org/spar/fabio/Expression")))
    g = t.graph()
    assert g.identifier == t.identifier and set(g) == set(t)
    assert "fabio:Expression" in g.serialize(format="turtle")
