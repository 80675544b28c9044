"""Replay of hand-written OpenAlex and Crossref responses through httpx.MockTransport, and a fake clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bri_kg.fetch.http import HttpConfig, make_client

RECORDED = Path(__file__).parent / "recorded"

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


def load_recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


@dataclass
class FakeTime:
    """A monotonic clock that only moves when the code under test sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _fresh(response: httpx.Response) -> httpx.Response:
    # A response object is consumed once; a repeated answer needs a new one each time.
    return httpx.Response(response.status_code, headers=response.headers, content=response.content)


@dataclass
class Replay:
    """Routes (path, expected params) to queued answers; every request that reaches it is kept."""

    routes: list[tuple[str, dict[str, str], list[Answer]]] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def add(self, path: str, *answers: Answer, **params: str) -> Replay:
        self.routes.append((path, params, list(answers)))
        return self

    def json(self, path: str, name: str, **params: str) -> Replay:
        return self.add(path, httpx.Response(200, json=load_recorded(name)), **params)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        got = dict(request.url.params)
        for path, params, answers in self.routes:
            if request.url.path == path and all(got.get(k) == v for k, v in params.items()) and answers:
                answer = answers.pop(0) if len(answers) > 1 else answers[0]  # the last one repeats
                return answer(request) if callable(answer) else _fresh(answer)
        return httpx.Response(404, text="Resource not found.")

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


@pytest.fixture
def recorded() -> Callable[[str], Any]:
    """The parsed JSON of one recorded response file."""
    return load_recorded


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def replay() -> Replay:
    return Replay()


@pytest.fixture
def make_test_client(tmp_path: Path, replay: Replay, fake_time: FakeTime):
    """A client as the CLI would build it, but over the replay, the fake clock and a temporary cache."""

    def build(**config: Any) -> httpx.Client:
        settings = {"cache_dir": tmp_path / "cache", "mailto": "test@example.org", "rate": 10.0, **config}
        return make_client(
            HttpConfig(**settings), transport=replay.transport(), sleep=fake_time.sleep, clock=fake_time.clock
        )

    return build


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any request that slips past the replay fails loudly instead of reaching the internet."""

    def refuse(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"network access in a test: {request.url}")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
