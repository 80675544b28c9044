"""One polite httpx client for OpenAlex and Crossref: User-Agent, timeouts, retries, rate limit, disk cache."""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import httpx

from bri_kg.errors import FetchError
from bri_kg.fetch._cache import HttpCache, cache_key, default_cache_dir

__all__ = [
    "FetchError",
    "HttpConfig",
    "PoliteTransport",
    "RateLimiter",
    "RetryPolicy",
    "get_json",
    "make_client",
    "open_client",
    "user_agent",
]

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Sleep = Callable[[float], None]
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class HttpConfig:
    """How bri-kg talks to the scholarly APIs; the defaults suit the OpenAlex and Crossref polite pools."""

    mailto: str | None = None  # puts requests in the polite pools and lets the API operators reach you
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None: no cache
    max_age: float | None = None  # seconds a cached answer stays valid; None: forever
    rate: float = 5.0  # requests per second, below both APIs' published limits
    retries: int = 4
    backoff: float = 1.0  # first retry delay in seconds, doubled on each further retry
    max_delay: float = 120.0  # cap on any single wait, including a server's Retry-After
    timeout: float = 30.0


def _package_version() -> str:
    # Read from the installed metadata: importing bri_kg here would be circular once bri_kg.api uses fetch.
    try:
        return version("bri-kg")
    except PackageNotFoundError:
        return "0"


def user_agent(mailto: str | None = None) -> str:
    """``bri-kg/<version>`` plus ``(mailto:...)``, the form Crossref's etiquette asks for."""
    agent = f"bri-kg/{_package_version()}"
    return f"{agent} (mailto:{mailto})" if mailto else agent


@dataclass(slots=True)
class RateLimiter:
    """Spaces requests at least ``1 / rate`` seconds apart on the given clock."""

    rate: float
    clock: Clock = time.monotonic
    sleep: Sleep = time.sleep
    _next: float | None = field(default=None, init=False)

    def wait(self) -> None:
        if self.rate <= 0:
            return
        now = self.clock()
        if self._next is not None and now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + 1.0 / self.rate


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff; a server's Retry-After wins when it says how long to wait."""

    retries: int = 4
    backoff: float = 1.0
    max_delay: float = 120.0

    def delay(self, attempt: int, retry_after: str | None = None, now: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        told = parse_retry_after(retry_after, now=now)
        wait = told if told is not None else self.backoff * 2**attempt
        return max(0.0, min(wait, self.max_delay))


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None when absent or garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _visible_url(url: httpx.URL) -> str:
    # Error messages and logs name the request without the user's e-mail address.
    return str(url.copy_remove_param("mailto"))


class PoliteTransport(httpx.BaseTransport):
    """Wraps a transport with the disk cache, the rate limit and retries, in that order."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        cache: HttpCache | None,
        limiter: RateLimiter,
        policy: RetryPolicy,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.inner = inner
        self.cache = cache
        self.limiter = limiter
        self.policy = policy
        self.sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = None
        if self.cache is not None and request.method == "GET":
            url = request.url
            key = cache_key(request.method, str(url.copy_with(query=None)), url.params.multi_items())
            hit = self.cache.get(key)
            if hit is not None:
                return httpx.Response(
                    hit.status,
                    headers={"content-type": hit.content_type},
                    content=hit.body.encode("utf-8"),
                    request=request,
                    extensions={"bri_kg_cache": "hit"},
                )
        response = self._send_with_retries(request)
        if key is not None and self.cache is not None and response.status_code == 200:
            response.read()
            try:
                body = response.content.decode("utf-8")
            except UnicodeDecodeError:
                return response  # only text APIs are cached; bytes pass through unstored
            content_type = response.headers.get("content-type", "application/json")
            self.cache.put(key, _visible_url(request.url), 200, content_type, body)
        return response

    def _send_with_retries(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            self.limiter.wait()
            try:
                response = self.inner.handle_request(request)
            except httpx.TransportError as exc:
                if attempt >= self.policy.retries:
                    raise
                wait = self.policy.delay(attempt)
                log.info("%s: %s; retry in %.1fs", _visible_url(request.url), exc, wait)
            else:
                if response.status_code not in RETRY_STATUSES or attempt >= self.policy.retries:
                    return response
                wait = self.policy.delay(attempt, response.headers.get("retry-after"))
                log.info("%s: HTTP %d; retry in %.1fs", _visible_url(request.url), response.status_code, wait)
                response.close()
            self.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self.inner.close()


def make_client(
    config: HttpConfig | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Sleep = time.sleep,
    clock: Clock = time.monotonic,
) -> httpx.Client:
    """The one client every fetch goes through; tests inject ``transport``, ``sleep`` and ``clock``."""
    config = config or HttpConfig()
    cache = HttpCache(config.cache_dir, max_age=config.max_age) if config.cache_dir else None
    polite = PoliteTransport(
        transport or httpx.HTTPTransport(),
        cache=cache,
        limiter=RateLimiter(config.rate, clock=clock, sleep=sleep),
        policy=RetryPolicy(config.retries, config.backoff, config.max_delay),
        sleep=sleep,
    )
    return httpx.Client(
        transport=polite,
        headers={"User-Agent": user_agent(config.mailto), "Accept": "application/json"},
        timeout=httpx.Timeout(config.timeout, connect=min(10.0, config.timeout)),
        follow_redirects=True,
    )


@contextmanager
def open_client(client: httpx.Client | None, mailto: str | None = None) -> Iterator[httpx.Client]:
    """The caller's client as is, or a default one that is closed on exit."""
    if client is not None:
        yield client
        return
    with make_client(HttpConfig(mailto=mailto)) as own:
        yield own


def get_json(client: httpx.Client, url: str, params: Mapping[str, Any] | None = None) -> Any:
    """The decoded JSON body of a GET; FetchError naming the URL and status on any failure."""
    clean = {k: v for k, v in (params or {}).items() if v is not None}
    try:
        response = client.get(url, params=clean)
    except httpx.HTTPError as exc:
        shown = _visible_url(httpx.URL(url, params=clean))
        raise FetchError(f"GET {shown} failed: {str(exc) or type(exc).__name__}", url=shown) from exc
    shown = _visible_url(response.request.url)
    if response.status_code != 200:
        reason = response.reason_phrase or "error"
        raise FetchError(
            f"GET {shown} -> HTTP {response.status_code} {reason}", url=shown, status=response.status_code
        )
    try:
        return response.json()
    except ValueError as exc:
        raise FetchError(f"GET {shown}: response is not JSON", url=shown, status=200) from exc
