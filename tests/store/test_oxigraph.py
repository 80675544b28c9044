"""The embedded Oxigraph store: atomic graph replacement, queries with bound values, sorted dumps."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from bri_kg.errors import QueryError, StoreError
from bri_kg.store import OxigraphStore, TripleStore, open_store

G1 = "https://w3id.org/bri-kg/graph/test/1"
G2 = "https://w3id.org/bri-kg/graph/test/2"
P = URIRef("http://example.org/p")


def _graph(n: int, label: str = "x") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"http://example.org/s{i}"), P, Literal(f"{label} {i}")))
    return g


def test_oxigraph_is_a_triple_store() -> None:
    assert isinstance(OxigraphStore(), TripleStore)


def test_oxigraph_replace_graphs_counts_and_lists(kg, store) -> None:
    assert store.count() == sum(len(g) for g in kg.graphs.values())
    assert store.graphs() == sorted(kg.graphs)


def test_oxigraph_replace_is_idempotent_and_replaces() -> None:
    s = OxigraphStore()
    s.replace_graphs({G1: _graph(5), G2: _graph(3)})
    s.replace_graphs({G1: _graph(5)})
    assert s.count() == 8
    s.replace_graphs({G1: _graph(2, "y")})
    assert s.count() == 5
    assert len(s.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G1}).rows) == 2


@pytest.mark.parametrize(
    "bad",
    [
        {G1: _graph(1), G2: [(URIRef("not an iri"), P, Literal("x"))]},
        {G1: _graph(1), "not a graph iri": _graph(1)},
        {G1: [(URIRef("http://example.org/s"), P, object())]},
    ],
    ids=["bad-subject", "bad-graph-name", "not-a-term"],
)
def test_oxigraph_failed_replace_leaves_store_unchanged(tmp_path, bad) -> None:
    s = OxigraphStore(tmp_path / "kg")
    s.replace_graphs({G1: _graph(4), G2: _graph(2)})
    before = tmp_path / "before.nq"
    s.dump(before, format="nquads")
    with pytest.raises(StoreError, match="invalid RDF term"):
        s.replace_graphs(bad)
    after = tmp_path / "after.nq"
    s.dump(after, format="nquads")
    assert after.read_bytes() == before.read_bytes()
    s.close()


def test_oxigraph_hostile_literals_round_trip() -> None:
    hostile = 'x" } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\n\t\\ ü 中'
    s = OxigraphStore()
    s.replace_graphs({G1: [(URIRef("http://example.org/s"), P, Literal(hostile))]})
    assert s.count() == 1
    assert s.query("SELECT ?o WHERE { ?s ?p ?o }").rows == [(Literal(hostile),)]


@pytest.mark.parametrize(
    "value",
    ["http://example.org/s1", "<http://example.org/s1>", URIRef("http://example.org/s1")],
)
def test_oxigraph_bindings_as_iri(value) -> None:
    s = OxigraphStore()
    s.replace_graphs({G1: _graph(3)})
    rows = s.query("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": value}).rows
    assert rows == [(URIRef("http://example.org/s1"), Literal("x 1"))]


def test_oxigraph_bindings_are_values_not_code() -> None:
    s = OxigraphStore()
    s.replace_graphs({G1: _graph(3)})
    injected = 'x 1" } UNION { ?s ?p ?o } #'
    assert s.query("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": injected}).rows == []
    assert len(s.query("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": "x 1"}).rows) == 1


def test_oxigraph_ask_and_construct(store) -> None:
    assert store.query("ASK { ?s a <http://purl.org/spar/biro/BibliographicReference> }").boolean is True
    assert store.query("ASK { ?s a <http://example.org/Nothing> }").boolean is False
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    assert result.kind == "graph" and len(result.triples) == 5


@pytest.mark.parametrize(
    "sparql", ["SELEC * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ", "SELECT ?x WHERE { ?s <bad iri> ?o }"]
)
def test_oxigraph_malformed_query_is_query_error(store, sparql) -> None:
    with pytest.raises(QueryError, match="malformed SPARQL"):
        store.query(sparql)


def test_oxigraph_binding_must_be_projected(store) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT ?s WHERE { ?s ?p ?o }", {"zzz": 1})


def test_oxigraph_dump_is_deterministic_and_sorted(kg, tmp_path) -> None:
    a, b = OxigraphStore(), OxigraphStore()
    a.replace_graphs(kg.graphs)
    b.replace_graphs(dict(reversed(list(kg.graphs.items()))))
    a.dump(tmp_path / "a.trig")
    b.dump(tmp_path / "b.trig")
    text = (tmp_path / "a.trig").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.trig").read_text(encoding="utf-8")
    assert len(list(ox.parse(text, format=ox.RdfFormat.TRIG))) == a.count()
    a.dump(tmp_path / "a.nq", format="nquads")
    lines = (tmp_path / "a.nq").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == a.count()


def test_oxigraph_dump_rejects_unknown_format(store, tmp_path) -> None:
    with pytest.raises(StoreError, match="unknown dump format"):
        store.dump(tmp_path / "x", format="rdfxml")


def test_oxigraph_on_disk_survives_reopen(kg, tmp_path) -> None:
    s = open_store(tmp_path / "kg")
    s.replace_graphs(kg.graphs)
    count = s.count()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.count()
    again = open_store(str(tmp_path / "kg"))
    assert again.count() == count
    again.close()


def test_oxigraph_second_open_of_a_locked_store_is_store_error(tmp_path) -> None:
    first = OxigraphStore(tmp_path / "kg")
    with pytest.raises(StoreError, match="cannot open"):
        OxigraphStore(tmp_path / "kg")
    first.close()


def test_open_store_dispatches_on_location(tmp_path) -> None:
    from bri_kg.store import SparqlEndpointStore

    assert isinstance(open_store("https://example.org/sparql"), SparqlEndpointStore)
    assert isinstance(open_store(None), OxigraphStore)
    assert isinstance(open_store(tmp_path / "x"), OxigraphStore)


def test_oxigraph_empty_graph_removes_it() -> None:
    s = OxigraphStore()
    s.replace_graphs({G1: _graph(2), G2: _graph(1)})
    s.replace_graphs({G1: []})
    assert s.graphs() == [G2]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_oxigraph_any_text_round_trips_through_mapping_and_store(text) -> None:
    from bri_kg.models import Reference, Source, Work
    from bri_kg.rdf import C4O, corpus_graphs, reference_iri
    from bri_kg.resolve import resolve

    work = Work(
        {"title": text, "issued": {"date-parts": [[2020]]}},
        Source("x", "crossref-json", "9" * 64),
        [Reference(text, 1, {"title": text, "issued": {"date-parts": [[2019]]}})],
    )
    resolution = resolve([work])
    s = OxigraphStore()
    s.replace_graphs(corpus_graphs([work], resolution))
    ref = reference_iri(resolution.work_nodes[0], 1)
    rows = s.query(f"SELECT ?ref ?c WHERE {{ ?ref <{C4O.hasContent}> ?c }}", {"ref": ref}).rows
    assert [str(r[1]) for r in rows] == [text]


def test_oxigraph_graph_with_blank_nodes_is_refilled_not_duplicated() -> None:
    from rdflib import BNode

    g = Graph()
    g.add((BNode("b1"), P, Literal("restriction")))
    g.add((URIRef("http://example.org/s"), P, BNode("b1")))
    s = OxigraphStore()
    s.replace_graphs({G1: g})
    s.replace_graphs({G1: g})
    assert s.count() == 2


def test_oxigraph_changed_triples_are_replaced_exactly() -> None:
    s = OxigraphStore()
    s.replace_graphs({G1: _graph(4, "old"), G2: _graph(2)})
    s.replace_graphs({G1: _graph(3, "old") + _graph(2, "new")})
    objects = sorted(
        str(r[1]) for r in s.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G1}).rows
    )
    assert objects == sorted([f"old {i}" for i in range(3)] + [f"new {i}" for i in range(2)])
    assert s.count() == 7
