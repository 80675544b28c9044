"""Linked-data pages, content negotiation, search, VoID, the editor page, networks and static files."""

from __future__ import annotations

import html
import json
import re

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from bri_kg.web import views
from bri_kg.web.views import Mark, highlight, local_path, order_roles, outbound_link, snippet

from .conftest import ABSTRACT, HOSTILE, IDS, B

PAGES = [
    "/",
    f"/{IDS.seed}",
    f"/{IDS.hostile}",
    f"/{IDS.cited}",
    f"/{IDS.ref2}",
    f"/{IDS.hostile_author}",
    f"/{IDS.author2}",
    f"/{IDS.kazakhstan}",
    f"/{IDS.xinjiang}",
    "/search?q=script",
    "/search?q=" + HOSTILE,
    "/de/0000000000000e03",
    "/networks",
    "/query",
]


def _text(page: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("path", PAGES)
def test_pages_hostile_title_is_text(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert "<script>window.__xss" not in r.text
    assert "onerror=" not in r.text.replace("onerror=&#34;", "")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path", [f"/{IDS.hostile}", f"/{IDS.ref2}", f"/{IDS.hostile_author}", "/search?q=window"]
)
def test_pages_hostile_title_is_shown_escaped(client: TestClient, path: str) -> None:
    assert html.escape(HOSTILE, quote=True).replace("&quot;", "&#34;") in client.get(path).text


def test_pages_home_counts_and_lists(client: TestClient) -> None:
    page = client.get("/").text
    counts = dict(re.findall(r'id="count-(\w+)">(\d+)<', page))
    assert counts == {"works": "4", "references": "3", "citations": "3", "concepts": "8", "mentions": "7"}
    assert 'href="/br/0000000000000a02"' in page  # most cited (twice)
    assert page.index("Xinjiang and the Silk Road") < page.index("Most mentioned actors")
    assert 'href="/concept/kazakhstan"' in page and 'href="/concept/eaeu"' in page
    assert 'action="/search"' in page


def test_pages_work(client: TestClient) -> None:
    page = client.get(f"/{IDS.seed}").text
    authors = re.search(r'<p class="authors">(.*?)</p>', page, re.S).group(1)
    assert authors.index("Aigerim Example") < authors.index("Wei Sample")  # oco:hasNext order
    assert 'href="https://doi.org/10.5555/bri-kg.example.1"' in page
    assert "Central Asian Survey" in page and "pp. 201–225" in page
    assert page.count('<li><a href="/be/') == 3
    assert 'href="/br/0000000000000a02"' in page
    # mentions highlighted in the abstract, the text around them unchanged
    abstract = re.search(r'<p class="abstract" id="abstract">(.*?)</p>', page, re.S).group(1)
    assert _text(abstract).split() == ABSTRACT.split()
    assert '<a class="mention mention-region" href="/concept/xinjiang"' in abstract
    assert '<a class="mention mention-actor" href="/concept/sco"' in abstract
    assert "seed article" in page


def test_pages_work_cited_by(client: TestClient) -> None:
    page = client.get(f"/{IDS.cited}").text
    cited_by = page[page.index("Cited by (2)") :]
    assert f'href="/{IDS.seed}"' in cited_by and f'href="/{IDS.russian}"' in cited_by


def test_pages_reference(client: TestClient) -> None:
    page = client.get(f"/{IDS.ref1}").text
    assert "Sample, W. (2018)" in page
    assert f'href="/{IDS.cited}"' in page and f'href="/{IDS.seed}"' in page
    assert "no. 1" in page
    assert "Not resolved" in client.get(f"/{IDS.ref3}").text


def test_pages_agent(client: TestClient) -> None:
    page = client.get(f"/{IDS.author1}").text
    assert "<h1>Aigerim Example</h1>" in page
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in page
    assert f'href="/{IDS.seed}"' in page and f'href="/{IDS.russian}"' in page
    assert f'href="/{IDS.author2}"' in page  # co-author
    org = client.get(f"/{IDS.org}").text
    assert f'href="/{IDS.seed}"' in org


def test_pages_concept(client: TestClient) -> None:
    page = client.get(f"/{IDS.xinjiang}").text
    assert '<span lang="zh">新疆</span>' in page and "Xinjiang Uygur Autonomous Region" in page
    hierarchy = re.search(r'<nav class="hierarchy".*?</nav>', page, re.S).group(0)
    assert 'href="/concept/china"' in hierarchy
    assert 'href="https://www.wikidata.org/wiki/Q34800"' in page
    mentions = page[page.index("Mentions in context") :]
    assert "<mark>Xinjiang</mark>" in mentions and f'href="/{IDS.seed}"' in mentions
    china = client.get("/concept/china").text
    assert 'href="/concept/xinjiang"' in china[china.index("Narrower") :]
    kz = client.get(f"/{IDS.kazakhstan}").text
    assert "Казахстан" in kz and "Қазақстан" in kz and "sws.geonames.org/1522867" in kz
    assert "iso3166Alpha2" not in kz or "KZ" in kz
    assert 'href="/concept/central-asia"' in kz


def test_pages_software_agent_and_run(client: TestClient) -> None:
    page = client.get("/agent/bri-kg-rules-0.1.0")
    assert page.status_code == 200 and "prov:SoftwareAgent" in page.text
    run = client.get("/run/0000000000000e01").text
    assert 'href="/agent/bri-kg-rules-0.1.0"' in run


def test_pages_unknown_resources_are_404(client: TestClient) -> None:
    assert client.get("/br/ffffffffffffffff").status_code == 404
    assert client.get("/concept/nothing-here").status_code == 404
    assert client.get("/br/a.b").status_code == 404
    assert client.get("/agent/a..b").status_code == 404
    assert client.get("/agent/%2e%2e").status_code == 404
    assert client.get("/nope/x").status_code == 404
    assert "not in this knowledge graph" in client.get("/br/ffffffffffffffff").text


@pytest.mark.parametrize(
    ("how", "media", "rdf_format"),
    [
        ({"headers": {"Accept": "text/turtle"}}, "text/turtle", ox.RdfFormat.TURTLE),
        ({"headers": {"Accept": "application/n-triples"}}, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ({"headers": {"Accept": "application/ld+json"}}, "application/ld+json", ox.RdfFormat.JSON_LD),
        ({"params": {"format": "ttl"}}, "text/turtle", ox.RdfFormat.TURTLE),
        ({"params": {"format": "nt"}}, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ({"params": {"format": "jsonld"}}, "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_pages_content_negotiation(
    client: TestClient, how: dict, media: str, rdf_format: ox.RdfFormat
) -> None:
    r = client.get(f"/{IDS.seed}", **how)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Accept" in r.headers["vary"]
    triples = list(ox.parse(r.content, format=rdf_format))
    subjects = {t.subject.value for t in triples}
    assert subjects == {B + IDS.seed}
    assert any(t.predicate.value.endswith("/title") for t in triples)


def test_pages_mention_rdf_includes_hash_iris(client: TestClient) -> None:
    r = client.get("/an/0000000000000f02", params={"format": "nt"})
    triples = list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
    subjects = {t.subject.value for t in triples}
    assert {B + "an/0000000000000f02#target", B + "an/0000000000000f02#pos"} <= subjects


def test_pages_browser_accept_gets_html(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get(f"/{IDS.seed}", headers={"Accept": accept})
    assert r.headers["content-type"].startswith("text/html")


def test_pages_bad_format_is_400(client: TestClient) -> None:
    assert client.get(f"/{IDS.seed}", params={"format": "exe"}).status_code == 400


def test_pages_void(client: TestClient) -> None:
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    void = "http://rdfs.org/ns/void#"
    by_predicate = {t.predicate.value: t.object for t in triples}
    assert by_predicate[void + "sparqlEndpoint"].value.endswith("/sparql")
    assert by_predicate[void + "uriSpace"].value == B
    assert int(by_predicate[void + "triples"].value) > 200
    assert any(t.object.value == "http://purl.org/spar/cito/Citation" for t in triples)


def test_pages_search(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Xinjiang"}).text
    hits = re.findall(r'<li class="hit hit-(\w+)">.*?href="([^"]+)"', page)
    assert hits[0] == ("concept", "/concept/xinjiang")  # exact label first
    assert ("work", f"/{IDS.seed}") in hits and ("work", f"/{IDS.cited}") in hits


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("新疆", "/concept/xinjiang"),
        ("казах", "/concept/kazakhstan"),
        ("ЕВРАЗИЙСКИЙ", "/concept/eaeu"),
        ("sample", f"/{IDS.author2}"),
        ("трудовая", f"/{IDS.russian}"),
        ("obor", "/concept/bri"),
    ],
)
def test_pages_suggest_all_languages(client: TestClient, q: str, expected: str) -> None:
    r = client.get("/api/suggest", params={"q": q})
    assert r.status_code == 200
    assert expected in [s["url"] for s in r.json()["suggestions"]]


def test_pages_suggest_short_and_injection(client: TestClient) -> None:
    assert client.get("/api/suggest", params={"q": "x"}).json()["suggestions"] == []
    # Quotes and braces are data: the text is bound as a literal, not spliced into SPARQL.
    r = client.get("/api/suggest", params={"q": '") } UNION { ?hit ?p ?label } #'})
    assert r.status_code == 200 and r.json()["suggestions"] == []


def test_pages_query_editor_lists_examples(client: TestClient) -> None:
    page = client.get("/query").text
    assert '<script src="/static/vendor/yasgui/yasgui.min.js"></script>' in page
    config = json.loads(re.search(r'id="editor-config">(.*?)</script>', page, re.S).group(1))
    assert config["endpoint"].endswith("/sparql")
    examples = views.example_queries()
    assert [e["title"] for e in config["examples"]] == [e.title for e in examples]
    for example in config["examples"]:
        assert "</script" not in json.dumps(example)


def test_pages_example_queries_read_at_request_time(
    monkeypatch: pytest.MonkeyPatch, client: TestClient
) -> None:
    fake = [views.ExampleQuery("x", "A </script><b>title</b>", "d", "SELECT * {}")]
    monkeypatch.setattr(views, "example_queries", lambda: fake)
    page = client.get("/query").text
    assert "A &lt;/script&gt;&lt;b&gt;title&lt;/b&gt;" in page
    assert "</script><b>" not in page


def test_pages_static_files_and_vendor(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    js = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert client.get("/static/vendor/yasgui/LICENSE").text.startswith("MIT License")


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/%2E%2E/%2E%2E/errors.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2fapp.py",
        "/static/vendor/../../app.py",
        "/static/vendor/%2e%2e/%2e%2e/kg.py",
        "/static/..%5capp.py",
        "/static/%252e%252e/app.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
    ],
)
def test_pages_static_never_leaves_its_folder(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404)
    assert "create_app" not in r.text and "root:" not in r.text and "oxigraph_of" not in r.text


def test_pages_networks_unavailable_is_503(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> None:
    monkeypatch.setattr(views, "network_api", lambda: None)
    r = client.get("/networks/citation")
    assert r.status_code == 503 and "bri_kg.networks" in r.text
    assert client.get("/networks/citation/graph.html").status_code == 503


def test_pages_networks(client: TestClient) -> None:
    if views.network_api() is None:
        pytest.skip("bri_kg.networks / bri_kg.render are not installed")
    assert client.get("/networks/unknown").status_code == 404
    page = client.get("/networks/citation")
    assert page.status_code == 200 and 'src="/networks/citation/graph.html"' in page.text
    assert 'sandbox="allow-scripts allow-top-navigation-by-user-activation"' in page.text
    graph = client.get("/networks/citation/graph.html")
    assert graph.status_code == 200
    assert graph.headers["content-security-policy"].startswith("sandbox allow-scripts")
    assert "window.top.location.href" in graph.text
    assert "<script>window.__xss" not in graph.text


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ([], [("abcdef", None)]),
        ([Mark(1, 3, "c")], [("a", None), ("bc", "c"), ("def", None)]),
        ([Mark(0, 6, "c")], [("abcdef", "c")]),
        ([Mark(1, 3, "c"), Mark(2, 4, "d")], [("a", None), ("bc", "c"), ("def", None)]),  # overlap skipped
        ([Mark(4, 9, "c")], [("abcdef", None)]),  # out of range skipped
        ([Mark(1, 3, "c", exact="zz")], [("abcdef", None)]),  # offsets disagree with the quote
    ],
)
def test_pages_highlight(marks: list[Mark], expected: list[tuple[str, str | None]]) -> None:
    assert [(s.text, s.concept) for s in highlight("abcdef", marks)] == expected


def test_pages_snippet_and_links() -> None:
    piece = snippet("x" * 100 + "Kazakhstan" + "y" * 100, 100, 110, context=5)
    assert (piece.before, piece.match, piece.after) == ("…xxxxx", "Kazakhstan", "yyyyy…")
    assert snippet("abc", 2, 9) is None
    assert local_path(B + "br/abc", B) == "/br/abc"
    assert local_path(B + "an/abc#target", B) == "/an/abc"
    assert local_path(B + "../x", B) is None and local_path("https://example.org/br/x", B) is None
    assert outbound_link("javascript:alert(1)") is None
    assert outbound_link("http://www.wikidata.org/entity/Q232") == "https://www.wikidata.org/wiki/Q232"


def test_pages_order_roles() -> None:
    rows = [{"role": "r3"}, {"role": "r2", "next": "r3"}, {"role": "r1", "next": "r2"}, {"role": "r9"}]
    assert [r["role"] for r in order_roles(rows)] == ["r1", "r2", "r3", "r9"]
    cycle = [{"role": "a", "next": "b"}, {"role": "b", "next": "a"}]
    assert sorted(r["role"] for r in order_roles(cycle)) == ["a", "b"]
