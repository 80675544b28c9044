"""Rendered responses kept in memory while the store cannot change (``bri-kg serve`` opens it read-only)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["CachedResponse", "ResponseCache", "cached"]


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """What a response sends: status, headers as raw pairs (content type and length included), body."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    @property
    def size(self) -> int:
        """Bytes it holds, roughly: the body and the headers."""
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)

    def response(self) -> Response:
        """A fresh response that sends the same bytes."""
        response = Response(self.body, status_code=self.status)
        response.raw_headers = list(self.headers)
        return response


@dataclass
class ResponseCache:
    """Responses by key, least recently used dropped first once they hold more than ``max_bytes``.

    Only for a store that does not change while the app lives: nothing is ever invalidated. Used from
    the event loop only (never from the page threads), so it needs no lock.
    """

    max_bytes: int
    _entries: OrderedDict[tuple[str, str], CachedResponse] = field(default_factory=OrderedDict)
    _bytes: int = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """Bytes held now (never above ``max_bytes``)."""
        return self._bytes

    def get(self, key: tuple[str, str]) -> CachedResponse | None:
        """The response kept under ``key``, now the most recently used; None when absent."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[str, str], response: Response) -> bool:
        """Keep a 200 response with a body in memory; False when it is not kept (status, streaming, too big)."""
        body = getattr(response, "body", None)
        if response.status_code != 200 or not isinstance(body, bytes):
            return False
        entry = CachedResponse(response.status_code, tuple(response.raw_headers), body)
        # One page may take at most an eighth of the budget: a few huge pages must not flush all others.
        if entry.size > self.max_bytes // 8:
            return False
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._entries[key] = entry
        self._bytes += entry.size
        while self._bytes > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= dropped.size
        return True


async def cached(request: Request, variant: str, build: Callable[[], Awaitable[Response]]) -> Response:
    """The response for this path and query string in ``variant`` (the negotiated format), built once.

    Without a cache (``app.state.page_cache`` None: the store may change) every request is built.
    """
    cache: ResponseCache | None = request.app.state.page_cache
    if cache is None:
        return await build()
    key = (f"{request.url.path}?{request.url.query}", variant)
    hit = cache.get(key)
    if hit is not None:
        return hit.response()
    response = await build()
    cache.put(key, response)
    return response
