"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against the app served by uvicorn on loopback."""

from __future__ import annotations

import httpx
import pytest
import rdflib

from .conftest import HOSTILE, B, LiveServer

TITLES = "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?w ?t WHERE { ?w dcterms:title ?t } ORDER BY ?w"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", ["json", "xml", "csv"])
def test_clients_sparqlwrapper_select(live_server: LiveServer, method: str, return_format: str) -> None:
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery(TITLES)
    client.setMethod(method)
    client.setReturnFormat(return_format)
    result = client.query().convert()
    if return_format == "json":
        titles = {b["t"]["value"] for b in result["results"]["bindings"]}
    elif return_format == "xml":
        titles = {"".join(c.data for c in node.childNodes) for node in result.getElementsByTagName("literal")}
    else:
        titles = set(result.decode("utf-8").splitlines())
        titles = {line.split(",", 1)[1].strip('"') for line in titles if line.startswith("https://")}
    assert "Central Asian Survey" in titles
    assert any("window.__xss" in t for t in titles)


def test_clients_sparqlwrapper_construct_and_ask(live_server: LiveServer) -> None:
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery(f"CONSTRUCT {{ <{B}concept/china> ?p ?o }} WHERE {{ <{B}concept/china> ?p ?o }}")
    client.setReturnFormat(sw.TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert rdflib.Literal("中国", lang="zh") in set(graph.objects())
    client.setQuery(f"ASK {{ <{B}concept/china> ?p ?o }}")
    client.setReturnFormat(sw.JSON)
    assert client.query().convert()["boolean"] is True


def test_clients_sparqlwrapper_update_refused(live_server: LiveServer) -> None:
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(live_server.url + "/sparql")
    client.setMethod(sw.POST)
    client.setQuery("INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }")
    with pytest.raises(Exception, match=r"403"):
        client.query()
    client.setQuery("ASK { <http://x/s> ?p ?o }")
    client.setReturnFormat(sw.JSON)
    assert client.query().convert()["boolean"] is False


def test_clients_rdflib_sparqlstore(live_server: LiveServer) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(live_server.url + "/sparql", returnFormat="xml")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(TITLES))
    titles = {str(row.t) for row in rows}
    assert HOSTILE in titles and "Central Asian Survey" in titles
    labels = set(graph.objects(rdflib.URIRef(B + "concept/kazakhstan"), rdflib.SKOS.prefLabel))
    assert rdflib.Literal("Казахстан", lang="ru") in labels
    assert (rdflib.URIRef(B + "concept/china"), None, None) in graph
    construct = graph.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{B}concept/sco> AS ?s) ?s ?p ?o }}")
    assert len(construct.graph) >= 5


def test_clients_rdflib_sparqlstore_json_post(live_server: LiveServer) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(live_server.url + "/sparql", returnFormat="json", method="POST")
    rows = list(rdflib.Graph(store=store).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(rows[0][0]) > 200


def test_clients_plain_http_on_loopback(live_server: LiveServer) -> None:
    r = httpx.get(live_server.url + "/", timeout=10)
    assert r.status_code == 200 and "Most cited works" in r.text
    assert live_server.url.startswith("http://127.0.0.1:")
