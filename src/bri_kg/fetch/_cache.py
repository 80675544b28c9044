"""On-disk cache of HTTP GET responses, one JSON file per request, so a re-run fetch works offline."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CachedResponse", "HttpCache", "cache_key", "default_cache_dir"]

# Parameters that identify the caller, not the resource: a cache filled without them still answers.
_IGNORED_PARAMS = frozenset({"mailto", "api_key"})


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/bri-kg/http``, else ``~/.cache/bri-kg/http``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bri-kg" / "http"


def cache_key(method: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """SHA-256 of method, URL without query and the sorted parameters (caller identity left out)."""
    kept = sorted((k, v) for k, v in params if k not in _IGNORED_PARAMS)
    text = "\n".join([method.upper(), url, *(f"{k}={v}" for k, v in kept)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """The parts of a response worth replaying: status, content type and body text."""

    status: int
    content_type: str
    body: str
    stored_at: float


@dataclass(frozen=True, slots=True)
class HttpCache:
    """JSON files under ``root``; entries older than ``max_age`` seconds count as missing."""

    root: Path
    max_age: float | None = None
    clock: Callable[[], float] = field(default=time.time, compare=False)

    def path(self, key: str) -> Path:
        # Two-character fan-out keeps directories small after tens of thousands of reference look-ups.
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedResponse | None:
        """The stored response, or None when missing, expired or unreadable."""
        try:
            data: dict[str, Any] = json.loads(self.path(key).read_text(encoding="utf-8"))
            entry = CachedResponse(
                status=int(data["status"]),
                content_type=str(data.get("content_type") or "application/json"),
                body=str(data["body"]),
                stored_at=float(data["stored_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            # A truncated or hand-edited file is just a miss: the network answer overwrites it.
            return None
        if self.max_age is not None and self.clock() - entry.stored_at > self.max_age:
            return None
        return entry

    def put(self, key: str, url: str, status: int, content_type: str, body: str) -> None:
        """Store one response atomically, so an interrupted run never leaves half a file."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "url": url,
            "status": status,
            "content_type": content_type,
            "stored_at": self.clock(),
            "body": body,
        }
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
