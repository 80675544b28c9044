"""The /sparql endpoint: SPARQL 1.1 Protocol, result formats, refusal of updates, time limit, row cap."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from bri_kg.web import WebSettings, create_app, views
from bri_kg.web.sparql import is_update, negotiate

from .conftest import HOSTILE, B, build_store

COUNT_TITLES = (
    "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?w ?t WHERE { ?w dcterms:title ?t } ORDER BY ?w"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~4 s on the fixture store
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

UPDATES = [
    "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }",
    "DELETE DATA { <https://w3id.org/bri-kg/concept/china> a <http://www.w3.org/2004/02/skos/core#Concept> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX dcterms: <http://purl.org/dc/terms/> DELETE { ?w dcterms:title ?t } INSERT { ?w dcterms:title 'x' } "
    "WHERE { ?w dcterms:title ?t }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP ALL",
    "DROP GRAPH <https://w3id.org/bri-kg/graph/source/00000000000000s1>",
    "CREATE GRAPH <http://x/g>",
    "ADD DEFAULT TO <http://x/g>",
    "MOVE <https://w3id.org/bri-kg/graph/source/00000000000000s1> TO <http://x/g>",
    "COPY <https://w3id.org/bri-kg/graph/source/00000000000000s1> TO DEFAULT",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


def _count(client: TestClient) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert r.status_code == 200
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_sparql_get_json(client: TestClient) -> None:
    r = client.get(
        "/sparql", params={"query": COUNT_TITLES}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    doc = r.json()
    assert doc["head"]["vars"] == ["w", "t"]
    titles = {b["t"]["value"] for b in doc["results"]["bindings"]}
    assert HOSTILE in titles and "Central Asian Survey" in titles
    assert all(b["w"]["type"] == "uri" for b in doc["results"]["bindings"])


def test_sparql_post_form_and_direct_body_agree(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": COUNT_TITLES}, headers={"Accept": "application/json"})
    direct = client.post(
        "/sparql",
        content=COUNT_TITLES.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()
    assert len(form.json()["results"]["bindings"]) == 5


def test_sparql_xml_results(client: TestClient) -> None:
    r = client.get(
        "/sparql", params={"query": COUNT_TITLES}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(r.content)
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == ["w", "t"]
    assert len(root.findall("s:results/s:result", ns)) == 5


def test_sparql_csv_and_tsv(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_TITLES}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["w", "t"] and len(rows) == 6
    assert HOSTILE in {row[1] for row in rows[1:]}
    t = client.get("/sparql", params={"query": COUNT_TITLES}, headers={"Accept": "text/tab-separated-values"})
    assert t.status_code == 200 and t.text.splitlines()[0] == "?w\t?t"
    assert t.text.splitlines()[1].startswith(f"<{B}br/")


def test_sparql_ask(client: TestClient) -> None:
    yes = client.get("/sparql", params={"query": f"ASK {{ <{B}concept/china> ?p ?o }}"})
    no = client.get("/sparql", params={"query": "ASK { <http://nowhere/x> ?p ?o }"})
    assert yes.json() == {"head": {}, "boolean": True}
    assert no.json()["boolean"] is False


@pytest.mark.parametrize(
    ("media", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_sparql_construct_formats(client: TestClient, media: str, rdf_format: ox.RdfFormat) -> None:
    query = f"CONSTRUCT {{ <{B}concept/xinjiang> ?p ?o }} WHERE {{ <{B}concept/xinjiang> ?p ?o }}"
    r = client.get("/sparql", params={"query": query}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    triples = list(ox.parse(r.content, format=rdf_format))
    labels = {t.object.value for t in triples if t.predicate.value.endswith("prefLabel")}
    assert labels == {"Xinjiang", "新疆"}


def test_sparql_describe_defaults_to_turtle(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": f"DESCRIBE <{B}concept/kazakhstan>"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    assert any(t.object == ox.Literal("Қазақстан", language="kk") for t in triples)


def test_sparql_format_parameter(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_TITLES, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")


def test_sparql_dataset_parameters(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/ns/oa#Annotation> }"
    union = client.get("/sparql", params={"query": query})
    source_only = client.get(
        "/sparql", params={"query": query, "default-graph-uri": B + "graph/source/00000000000000s1"}
    )
    assert int(union.json()["results"]["bindings"][0]["n"]["value"]) == 7
    assert int(source_only.json()["results"]["bindings"][0]["n"]["value"]) == 0


def test_sparql_service_description(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "endpoint" for t in triples)
    assert any(t.object.value == sd + "SPARQL11Query" for t in triples)
    browser = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"] == "/query"


def test_sparql_cors(client: TestClient) -> None:
    simple = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_sparql_malformed_query_is_400(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p "})
    assert r.status_code == 400 and "malformed" in r.text


def test_sparql_unsupported_content_type_is_415(client: TestClient) -> None:
    r = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


@pytest.mark.parametrize("update", UPDATES)
def test_sparql_updates_refused_everywhere(client: TestClient, kg_store: ox.Store, update: str) -> None:
    before = len(kg_store)
    attempts = [
        client.get("/sparql", params={"query": update}),
        client.get("/sparql", params={"update": update}),
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", data={"query": update}),
        client.post(
            "/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}
        ),
        client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-query"}),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert len(kg_store) == before
    assert _count(client) == before


def test_sparql_query_mentioning_update_words_is_not_refused(client: TestClient) -> None:
    query = 'SELECT ?x WHERE { BIND("DELETE DATA { <a:b> <a:c> <a:d> }" AS ?x) } # INSERT DATA'
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INSERT DATA { <a:s> <a:p> <a:o> }", True),
        ("  # comment\n drop   silent  graph <a:g>", True),
        ("LOAD <http://example.org/x>", True),
        ("SELECT * WHERE { ?s ?p ?o", False),
        ('SELECT ("INSERT DATA {" AS ?x) {}', False),
    ],
)
def test_sparql_is_update(text: str, expected: bool) -> None:
    assert is_update(text) is expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("image/png", "application/sparql-results+json"),
        ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
        ("text/tab-separated-values, text/csv", "text/tab-separated-values"),
    ],
)
def test_sparql_negotiate(accept: str | None, expected: str) -> None:
    offers = [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ]
    assert negotiate(accept, offers) == expected


def test_sparql_row_cap(client: TestClient) -> None:
    # The fixture app caps results at 500 rows; a lazily streamed cartesian product hits the cap quickly.
    started = time.monotonic()
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 400 and "more than 500 rows" in r.text
    assert time.monotonic() - started < 2.5
    ok = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 500"})
    assert ok.status_code == 200 and ok.headers["x-result-rows"] == "500"


def test_sparql_runaway_query_times_out_and_server_stays_responsive() -> None:
    app = create_app(build_store(), settings=WebSettings(query_timeout=1.0, max_rows=500, query_slots=2))
    with TestClient(app) as c:
        started = time.monotonic()
        r = c.get("/sparql", params={"query": RUNAWAY})
        elapsed = time.monotonic() - started
        assert r.status_code == 503 and "time limit of 1 s" in r.text
        assert 0.9 <= elapsed < 2.0
        # While that evaluation finishes in the background, pages and small queries still answer quickly.
        started = time.monotonic()
        assert c.get("/").status_code == 200
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        assert time.monotonic() - started < 1.0


def test_sparql_busy_when_every_slot_is_taken() -> None:
    app = create_app(build_store(), settings=WebSettings(query_timeout=0.3, query_slots=1))
    with TestClient(app) as c:
        assert c.get("/sparql", params={"query": RUNAWAY}).status_code == 503
        started = time.monotonic()
        busy = c.get("/sparql", params={"query": "ASK {}"})
        assert busy.status_code == 503 and "busy" in busy.text
        assert 0.25 <= time.monotonic() - started < 1.0  # it waited for a slot up to the time limit


def test_sparql_queries_queue_for_a_free_slot() -> None:
    import concurrent.futures

    app = create_app(build_store(), settings=WebSettings(query_timeout=5.0, query_slots=1))
    with TestClient(app) as c, concurrent.futures.ThreadPoolExecutor(8) as pool:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
        codes = list(pool.map(lambda _: c.get("/sparql", params={"query": query}).status_code, range(16)))
    assert codes == [200] * 16


def test_sparql_overlong_query_is_413() -> None:
    app = create_app(build_store(), settings=WebSettings(max_query_length=100))
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": "ASK {}" + " " * 200})
        assert r.status_code == 413


def test_sparql_results_json_is_valid_for_every_term_kind(client: TestClient) -> None:
    query = (
        'SELECT ?iri ?plain ?lang ?typed ?unbound WHERE { BIND(<http://x/y> AS ?iri) BIND("a" AS ?plain) '
        'BIND("b"@ru AS ?lang) BIND(3 AS ?typed) }'
    )
    doc = json.loads(client.get("/sparql", params={"query": query}).content)
    row = doc["results"]["bindings"][0]
    assert row["iri"] == {"type": "uri", "value": "http://x/y"}
    assert row["plain"] == {"type": "literal", "value": "a"}
    assert row["lang"] == {"type": "literal", "value": "b", "xml:lang": "ru"}
    assert row["typed"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert "unbound" not in row


@pytest.mark.parametrize("example", views.example_queries(), ids=lambda e: e.name)
def test_sparql_bundled_examples_run(client: TestClient, example: views.ExampleQuery) -> None:
    # The editor opens these as tabs: each must run as written, with its parameters unbound.
    r = client.post(
        "/sparql", data={"query": example.text}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200, r.text
