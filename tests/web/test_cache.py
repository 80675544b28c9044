"""Kept responses and the in-memory search labels of a static store: same bytes, per format, bounded."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from starlette.responses import Response
from starlette.testclient import TestClient

from bri_kg.web import WebSettings, create_app
from bri_kg.web.cache import ResponseCache
from bri_kg.web.kg import KgReader
from bri_kg.web.search import LabelIndex, search

from .conftest import IDS, B, build_store

TITLE = "http://purl.org/dc/terms/title"


def _client(store: ox.Store, *, static: bool, cache_bytes: int = 1 << 20) -> TestClient:
    settings = WebSettings(store_is_static=static, page_cache_bytes=cache_bytes, home_cache_seconds=0.0)
    return TestClient(create_app(store, settings=settings))


def _retitle(store: ox.Store, local: str, title: str) -> None:
    """Change a work's title behind the app's back (a static store never does this)."""
    work = ox.NamedNode(B + local)
    for quad in list(store.quads_for_pattern(work, ox.NamedNode(TITLE), None)):
        store.remove(quad)
    store.add(ox.Quad(work, ox.NamedNode(TITLE), ox.Literal(title), ox.DefaultGraph()))


def _page(size: int, status: int = 200) -> Response:
    return Response(b"x" * size, status_code=status, media_type="text/plain")


def test_cache_keeps_and_returns_the_same_bytes() -> None:
    cache = ResponseCache(10_000)
    original = Response(b"<p>hi</p>", media_type="text/html", headers={"Vary": "Accept", "Link": "<a>"})
    assert cache.put(("/br/x?", "text/html"), original)
    again = cache.get(("/br/x?", "text/html"))
    assert again is not None
    copy = again.response()
    assert copy.body == original.body and copy.status_code == 200
    assert copy.raw_headers == original.raw_headers
    assert cache.get(("/br/x?", "text/turtle")) is None


def test_cache_is_bounded_and_drops_least_recently_used() -> None:
    cache = ResponseCache(8_000)
    for i in range(4):
        assert cache.put((f"/p{i}?", "h"), _page(900))
    cache.get(("/p0?", "h"))  # p0 is now the most recently used: p1 goes first
    for i in range(4, 12):
        cache.put((f"/p{i}?", "h"), _page(900))
        assert cache.bytes <= 8_000
    assert cache.get(("/p1?", "h")) is None
    assert cache.get(("/p11?", "h")) is not None
    assert 0 < len(cache) < 12


def test_cache_refuses_errors_and_oversized_pages() -> None:
    cache = ResponseCache(8_000)
    assert not cache.put(("/missing?", "h"), _page(10, status=404))
    assert not cache.put(("/huge?", "h"), _page(1_500))  # above an eighth of the budget
    assert cache.put(("/p?", "h"), _page(500))
    assert cache.put(("/p?", "h"), _page(700))  # replaced, not counted twice
    assert len(cache) == 1 and 700 < cache.bytes < 1_000


def test_cache_static_store_serves_the_kept_page() -> None:
    store = build_store()
    client = _client(store, static=True)
    first = client.get(f"/{IDS.seed}")
    _retitle(store, IDS.seed, "A title written after the page was kept")
    second = client.get(f"/{IDS.seed}")
    assert second.status_code == 200
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["vary"] == first.headers["vary"]
    assert second.headers["link"] == first.headers["link"]
    assert second.headers["content-length"] == first.headers["content-length"]
    # the security headers are added on the way out, to kept pages too
    assert "default-src 'self'" in second.headers["content-security-policy"]
    assert second.headers["x-content-type-options"] == "nosniff"


def test_cache_off_when_the_store_may_change() -> None:
    store = build_store()
    client = _client(store, static=False)
    client.get(f"/{IDS.seed}")
    _retitle(store, IDS.seed, "A title written after the first request")
    assert "A title written after the first request" in client.get(f"/{IDS.seed}").text
    assert client.app.state.page_cache is None
    assert _client(build_store(), static=True, cache_bytes=0).app.state.page_cache is None


@pytest.mark.parametrize(
    ("accept", "query", "media"),
    [
        ("text/html", "", "text/html"),
        ("text/turtle", "", "text/turtle"),
        ("application/ld+json", "", "application/ld+json"),
        ("text/html", "?format=nt", "application/n-triples"),
    ],
)
def test_cache_keeps_each_negotiated_format_apart(accept: str, query: str, media: str) -> None:
    store = build_store()
    static = _client(store, static=True)
    fresh = _client(store, static=False)
    # every other format first, so a mixed-up key would answer this one with another's bytes
    for other in ("text/html", "text/turtle", "application/ld+json", "application/n-triples"):
        static.get(f"/{IDS.seed}", headers={"Accept": other})
    for _ in range(2):
        kept = static.get(f"/{IDS.seed}{query}", headers={"Accept": accept})
        assert kept.headers["content-type"].startswith(media)
        assert kept.content == fresh.get(f"/{IDS.seed}{query}", headers={"Accept": accept}).content


def test_cache_does_not_keep_not_found() -> None:
    store = build_store()
    client = _client(store, static=True)
    assert client.get("/br/00000000000000ff").status_code == 404
    _retitle(store, "br/00000000000000ff", "Appeared later")
    assert client.get("/br/00000000000000ff").status_code == 200


@pytest.mark.parametrize("path", ["/", "/search?q=xinjiang", "/api/suggest?q=kaz", "/.well-known/void"])
def test_cache_other_pages_equal_fresh_ones(path: str) -> None:
    store = build_store()
    static = _client(store, static=True)
    fresh = _client(store, static=False)
    first = static.get(path)
    assert first.status_code == 200
    assert static.get(path).content == first.content == fresh.get(path).content
    assert len(static.app.state.page_cache) == 1


@pytest.mark.parametrize("text", ["xinjiang", "kaz", "Центр", "belt and road", "script", "zzzz-none", "a"])
def test_cache_label_index_finds_what_the_query_finds(kg_store: ox.Store, text: str) -> None:
    kg = KgReader(kg_store)
    index = LabelIndex.load(kg)
    assert search(kg, text, 50, index) == search(kg, text, 50)


def test_cache_label_index_is_loaded_once_for_a_static_store() -> None:
    store = build_store()
    client = _client(store, static=True)
    assert client.get("/api/suggest?q=xinj").json()["suggestions"]
    index = client.app.state.label_index
    assert isinstance(index, LabelIndex) and index.entries
    client.get("/search?q=kazakh")
    assert client.app.state.label_index is index
    assert _client(store, static=False).get("/api/suggest?q=xinj").status_code == 200
