"""The SPARQL 1.1 Protocol store, against a local server that wraps an in-memory Oxigraph store."""

from __future__ import annotations

import base64

import pytest
from rdflib import Literal, URIRef

from bri_kg.errors import QueryError, StoreError
from bri_kg.store import OxigraphStore, SparqlEndpointStore, TripleStore, inject_values, query_form


@pytest.fixture
def remote(endpoint) -> SparqlEndpointStore:
    url, _ = endpoint
    return SparqlEndpointStore(f"{url}/query", f"{url}/update")


def test_endpoint_is_a_triple_store(remote) -> None:
    assert isinstance(remote, TripleStore)


def test_endpoint_matches_the_embedded_store(kg, remote, store, tmp_path) -> None:
    remote.replace_graphs(kg.graphs)
    assert remote.count() == store.count()
    assert remote.graphs() == store.graphs()
    remote.dump(tmp_path / "remote.trig")
    store.dump(tmp_path / "local.trig")
    assert (tmp_path / "remote.trig").read_bytes() == (tmp_path / "local.trig").read_bytes()


def test_endpoint_replace_graphs_replaces(kg, remote, endpoint) -> None:
    _, backing = endpoint
    remote.replace_graphs(kg.graphs)
    remote.replace_graphs(kg.graphs)
    assert len(backing) == sum(len(g) for g in kg.graphs.values())


def test_endpoint_failed_replace_sends_nothing(kg, remote, endpoint) -> None:
    _, backing = endpoint
    remote.replace_graphs(kg.graphs)
    before = len(backing)
    with pytest.raises(StoreError):
        remote.replace_graphs(
            {"https://w3id.org/bri-kg/graph/x": [(URIRef("bad iri"), URIRef("urn:p"), Literal("x"))]}
        )
    assert len(backing) == before


def test_endpoint_select_with_bindings_agrees_with_embedded(kg, remote, store) -> None:
    remote.replace_graphs(kg.graphs)
    sparql = (
        "SELECT ?ref ?content WHERE { ?ref <http://purl.org/spar/c4o/hasContent> ?content } ORDER BY ?ref"
    )
    assert remote.query(sparql).rows == store.query(sparql).rows
    first = store.query(sparql).rows[0][0]
    assert remote.query(sparql, {"ref": first}).rows == store.query(sparql, {"ref": first}).rows
    hostile = 'x" } UNION { ?ref ?p ?content } #'
    assert remote.query(sparql, {"content": hostile}).rows == []


def test_endpoint_ask_and_construct(kg, remote) -> None:
    remote.replace_graphs(kg.graphs)
    assert remote.query("ASK { ?s ?p ?o }").boolean is True
    result = remote.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 4")
    assert result.kind == "graph" and len(result.triples) == 4


def test_endpoint_malformed_query_is_query_error(remote) -> None:
    with pytest.raises(QueryError, match="HTTP 400"):
        remote.query("SELECT * WHERE { ?s ?p ")


def test_endpoint_unreachable_is_store_error() -> None:
    dead = SparqlEndpointStore("http://127.0.0.1:9/query", timeout=2)
    with pytest.raises(StoreError, match="cannot reach"):
        dead.query("ASK { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("sparql", "form"),
    [
        ("PREFIX a: <http://x/#select>\n# ASK in a comment\nSELECT * { ?s ?p ?o }", "select"),
        ("ask { ?s ?p 'SELECT' }", "ask"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
    ],
)
def test_endpoint_query_form(sparql, form) -> None:
    assert query_form(sparql) == form


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?s WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/#where> SELECT ?s { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
    ],
)
def test_endpoint_values_go_into_the_where_group(sparql) -> None:
    s = OxigraphStore()
    s.replace_graphs(
        {
            "urn:g": [
                (URIRef("urn:a"), URIRef("urn:p"), Literal("1")),
                (URIRef("urn:b"), URIRef("urn:p"), Literal("2")),
            ]
        }
    )
    result = s.query(inject_values(sparql, {"s": URIRef("urn:a")}))
    assert len(result) == 1


KGC = "https://w3id.org/bri-kg/concept/"


@pytest.mark.parametrize(
    ("name", "bindings"),
    [
        ("seed_reference_count", {}),
        ("references_mentioning", {"concept": URIRef(KGC + "xinjiang")}),
        ("concepts_with", {"concept": URIRef(KGC + "kazakhstan"), "scheme": URIRef(KGC + "scheme-policies")}),
        ("works_citing", {"doi": "10.1080/02634937.2018.1507997"}),
        ("low_confidence_references", {"below": 0.4}),
        ("concepts_by_scheme", {"scheme": URIRef(KGC + "scheme-regions")}),
        ("merge_evidence", {}),
    ],
)
def test_endpoint_bundled_queries_agree_with_embedded(kg, remote, store, name, bindings) -> None:
    from bri_kg.store import run_query

    remote.replace_graphs(kg.graphs)
    local = run_query(store, name, **bindings)
    over_http = run_query(remote, name, **bindings)
    assert over_http.variables == local.variables
    assert sorted(map(str, over_http.rows)) == sorted(map(str, local.rows))
    assert local.rows


@pytest.mark.parametrize("endpoint", [base64.b64encode(b"kg:secret").decode()], indirect=True)
def test_endpoint_basic_authentication(kg, endpoint) -> None:
    url, backing = endpoint
    anonymous = SparqlEndpointStore(f"{url}/query", f"{url}/update")
    with pytest.raises(StoreError, match="HTTP 401"):
        anonymous.replace_graphs(kg.graphs)
    assert len(backing) == 0
    wrong = SparqlEndpointStore(f"{url}/query", f"{url}/update", auth=("kg", "wrong"), timeout=5)
    with pytest.raises(StoreError, match="HTTP 401"):
        wrong.query("ASK { ?s ?p ?o }")
    user = SparqlEndpointStore(f"{url}/query", f"{url}/update", auth=("kg", "secret"))
    user.replace_graphs(kg.graphs)
    assert user.count() == len(backing) > 0
