"""The polite client: retries with backoff and Retry-After, the disk cache, the rate limit, errors."""

from __future__ import annotations

import json

import httpx
import pytest

from bri_kg.errors import BriKgError
from bri_kg.fetch._cache import HttpCache, cache_key
from bri_kg.fetch.http import FetchError, RateLimiter, RetryPolicy, get_json, parse_retry_after, user_agent

URL = "https://api.openalex.org/works"
OK = httpx.Response(200, json={"results": [], "meta": {"count": 0}})


def test_user_agent_names_project_version_and_mailto() -> None:
    agent = user_agent("me@example.org")
    assert agent.startswith("bri-kg/")
    assert "mailto:me@example.org" in agent
    assert "mailto" not in user_agent()


def test_client_sends_user_agent(replay, make_test_client) -> None:
    replay.add("/works", OK)
    with make_test_client() as client:
        get_json(client, URL, {"search": "x"})
    assert "mailto:test@example.org" in replay.requests[0].headers["user-agent"]


def test_429_then_200_waits_as_retry_after_says(replay, make_test_client, fake_time) -> None:
    replay.add("/works", httpx.Response(429, headers={"Retry-After": "3"}), OK)
    with make_test_client() as client:
        assert get_json(client, URL, {"search": "x"}) == {"results": [], "meta": {"count": 0}}
    assert len(replay.requests) == 2
    assert fake_time.sleeps == [3.0]


def test_5xx_backs_off_exponentially(replay, make_test_client, fake_time) -> None:
    replay.add("/works", httpx.Response(503), httpx.Response(502), OK)
    with make_test_client(backoff=0.5) as client:
        get_json(client, URL)
    assert fake_time.sleeps == [0.5, 1.0]


def test_error_after_retries_names_url_and_status_not_mailto(replay, make_test_client, fake_time) -> None:
    replay.add("/works", httpx.Response(500))
    with make_test_client(retries=2) as client, pytest.raises(FetchError) as caught:
        get_json(client, URL, {"search": "belt", "mailto": "test@example.org"})
    assert len(replay.requests) == 3
    assert isinstance(caught.value, BriKgError)
    assert caught.value.status == 500
    message = str(caught.value)
    assert "HTTP 500" in message and "api.openalex.org/works?search=belt" in message
    assert "test@example.org" not in message and "\n" not in message


def test_client_errors_are_not_retried(replay, make_test_client, fake_time) -> None:
    replay.add("/works", httpx.Response(404, text="Resource not found."))
    with make_test_client() as client, pytest.raises(FetchError, match="HTTP 404"):
        get_json(client, URL)
    assert len(replay.requests) == 1
    assert fake_time.sleeps == []


def test_network_failure_after_retries(replay, make_test_client, fake_time) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    replay.add("/works", refuse)
    with make_test_client(retries=1) as client, pytest.raises(FetchError) as caught:
        get_json(client, URL)
    assert caught.value.status is None
    assert "connection refused" in str(caught.value)
    assert len(replay.requests) == 2


def test_non_json_body_is_a_fetch_error(replay, make_test_client) -> None:
    replay.add("/works", httpx.Response(200, text="<html>maintenance</html>"))
    with make_test_client(cache_dir=None) as client, pytest.raises(FetchError, match="not JSON"):
        get_json(client, URL)


def test_retry_after_forms() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 26 Nov 2026 05:00:10 GMT", now=1795669200.0) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert RetryPolicy(backoff=1.0, max_delay=5.0).delay(4) == 5.0
    assert RetryPolicy(max_delay=60.0).delay(0, "3600") == 60.0


def test_cache_hit_avoids_second_request(replay, make_test_client) -> None:
    replay.add("/works", OK)
    with make_test_client() as client:
        first = get_json(client, URL, {"search": "belt road", "per_page": 2})
        again = get_json(client, URL, {"per_page": 2, "search": "belt road", "mailto": "other@example.org"})
    assert first == again
    assert len(replay.requests) == 1


def test_cache_survives_a_new_client(replay, make_test_client) -> None:
    replay.add("/works", OK)
    with make_test_client() as client:
        get_json(client, URL, {"search": "belt"})
    with make_test_client() as client:  # a re-run: same cache directory, no request
        get_json(client, URL, {"search": "belt"})
        get_json(client, URL, {"search": "road"})
    assert [r.url.params["search"] for r in replay.requests] == ["belt", "road"]


def test_errors_are_not_cached(replay, make_test_client) -> None:
    replay.add("/works", httpx.Response(404))
    with make_test_client() as client:
        for _ in range(2):
            with pytest.raises(FetchError):
                get_json(client, URL)
    assert len(replay.requests) == 2


def test_cache_without_directory_always_asks(replay, make_test_client) -> None:
    replay.add("/works", OK)
    with make_test_client(cache_dir=None) as client:
        get_json(client, URL)
        get_json(client, URL)
    assert len(replay.requests) == 2


def test_cache_key_ignores_param_order_and_mailto() -> None:
    a = cache_key("get", URL, [("search", "x"), ("cursor", "*"), ("mailto", "a@b")])
    b = cache_key("GET", URL, [("cursor", "*"), ("search", "x")])
    assert a == b
    assert a != cache_key("GET", URL, [("cursor", "*"), ("search", "y")])


def test_cache_expiry_and_corrupt_files(tmp_path) -> None:
    now = [100.0]
    cache = HttpCache(tmp_path, max_age=60.0, clock=lambda: now[0])
    cache.put("ab12", URL, 200, "application/json", '{"a": 1}')
    assert json.loads(cache.get("ab12").body) == {"a": 1}
    now[0] = 161.0
    assert cache.get("ab12") is None
    cache.path("cd34").parent.mkdir(parents=True)
    cache.path("cd34").write_text('{"status": 200, "bo', encoding="utf-8")
    assert cache.get("cd34") is None


def test_rate_limit_spaces_requests(replay, make_test_client, fake_time) -> None:
    replay.add("/works", OK)
    with make_test_client(cache_dir=None, rate=2.0) as client:
        for _ in range(3):
            get_json(client, URL)
    assert fake_time.sleeps == [0.5, 0.5]


def test_rate_limiter_does_not_sleep_when_time_has_passed(fake_time) -> None:
    limiter = RateLimiter(4.0, clock=fake_time.clock, sleep=fake_time.sleep)
    limiter.wait()
    fake_time.now += 0.1
    limiter.wait()
    fake_time.now += 1.0
    limiter.wait()
    assert fake_time.sleeps == pytest.approx([0.15])


def test_default_client_is_built_and_closed(tmp_path, monkeypatch) -> None:
    from bri_kg.fetch.http import open_client

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with open_client(None, "me@example.org") as client:
        assert "mailto:me@example.org" in client.headers["user-agent"]
        assert client.timeout.read == 30.0
    assert client.is_closed
