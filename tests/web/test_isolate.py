"""Query workers in processes: answers as in-process, and a runaway query's worker is killed at the limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bri_kg.web import WebSettings, create_app, open_store_for_serving
from bri_kg.web.isolate import ProcessQueryRunner, _Worker
from bri_kg.web.sparql import BusyError

from .conftest import build_store


def _on_own_thread(run: Callable[[], Any]) -> Any:
    """``run()`` on a thread of its own: a browser test may have left an event loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


# Four-way product over ~290 quads: ~7e9 rows, hours of work; only a killed process stops it.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = tmp_path_factory.mktemp("isolate") / "store"
    writer = build_store(str(location))
    writer.flush()
    del writer
    return str(location)


@pytest.fixture(scope="module")
def isolated(disk_store: str) -> Iterator[TestClient]:
    settings = WebSettings(query_timeout=1.5, max_rows=500, query_slots=2, store_location=disk_store)
    app = create_app(open_store_for_serving(disk_store), settings=settings)
    with TestClient(app) as client:
        yield client


def test_isolate_answers_like_the_thread_runner(isolated: TestClient) -> None:
    r = isolated.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert r.status_code == 200
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 200
    assert isolated.get("/sparql", params={"query": "INSERT DATA { <a:s> <a:p> <a:o> }"}).status_code == 403
    assert isolated.get("/sparql", params={"query": "SELECT * WHERE {"}).status_code == 400
    capped = isolated.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert capped.status_code == 400 and "more than 500 rows" in capped.text
    turtle = isolated.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3"})
    assert turtle.headers["content-type"].startswith("text/turtle")


def test_isolate_kills_a_runaway_worker(isolated: TestClient) -> None:
    runner = isolated.app.state.runner
    before = set(runner.pids)
    started = time.monotonic()
    r = isolated.get("/sparql", params={"query": ENDLESS})
    elapsed = time.monotonic() - started
    assert r.status_code == 503 and "time limit of 1.5 s" in r.text
    assert 1.4 <= elapsed < 3.0
    after = set(runner.pids)
    assert (
        len(after) == 2 and len(before - after) == 1
    )  # the runaway's process is gone, a new one took its place
    # The replacement answers (after starting up) and so does the surviving worker.
    for _ in range(3):
        ok = isolated.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_isolate_workers_ignore_ctrl_c(isolated: TestClient) -> None:
    import os
    import signal

    runner = isolated.app.state.runner
    assert isolated.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    before = set(runner.pids)
    for pid in before:
        os.kill(pid, signal.SIGINT)  # what Ctrl+C sends the whole process group
    time.sleep(0.3)
    for _ in range(4):
        assert isolated.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    assert set(runner.pids) == before  # no worker died and had to be replaced


def test_isolate_serve_settings_use_processes(disk_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from bri_kg.web import app as app_module

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    app_module.serve(disk_store, port=8123, query_timeout=2.0, max_rows=7)
    app = seen["app"]
    try:
        assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
        assert app.state.settings.store_location == disk_store
        assert app.state.settings.max_rows == 7
        assert type(app.state.runner).__name__ == "ProcessQueryRunner"
        # opened read-only: pages and search labels are kept
        assert app.state.settings.store_is_static and app.state.page_cache is not None
    finally:
        app.state.runner.close()


def test_isolate_serve_workers_start_apps_from_the_environment(
    disk_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import uvicorn

    from bri_kg.errors import BriKgError
    from bri_kg.web import app as app_module

    seen: dict = {}

    def fake_run(app: object, **kw: object) -> None:
        # what a worker process does: import the factory and call it, with serve's environment
        seen.update(kw, target=app, built=app_module.app_from_environment())

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv(app_module.SETTINGS_VARIABLE, raising=False)
    app_module.serve(disk_store, port=8124, max_rows=9, page_cache_bytes=4096, workers=3)
    built = seen["built"]
    try:
        assert seen["target"] == "bri_kg.web.app:app_from_environment" and seen["factory"] is True
        assert seen["workers"] == 3 and seen["port"] == 8124
        settings = built.state.settings
        assert (settings.store_location, settings.max_rows, settings.page_cache_bytes) == (
            disk_store,
            9,
            4096,
        )
        assert settings.store_is_static and built.state.page_cache is not None
        assert type(built.state.runner).__name__ == "ProcessQueryRunner"
    finally:
        built.state.runner.close()
    assert app_module.SETTINGS_VARIABLE not in os.environ  # put back as it was
    with pytest.raises(BriKgError, match="not set"):
        app_module.app_from_environment()
    with pytest.raises(BriKgError, match="at least 1"):
        app_module.serve(disk_store, workers=0)


def test_isolate_missing_store(tmp_path: Path) -> None:
    from bri_kg.errors import StoreError
    from bri_kg.web import serve

    with pytest.raises(StoreError, match="no store here"):
        serve(str(tmp_path / "none"))


def test_isolate_worker_that_cannot_open_the_store(tmp_path: Path) -> None:
    settings = WebSettings(query_timeout=5.0, query_slots=1, store_location=str(tmp_path / "not-a-store"))
    app = create_app(build_store(), settings=settings)
    with TestClient(app) as client:
        r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 500 and "cannot open the store" in r.text


def _no_workers(timeout: float = 5.0) -> ProcessQueryRunner:
    return ProcessQueryRunner("unused", timeout=timeout, slots=0)


def test_isolate_waiting_requests_get_workers_in_arrival_order() -> None:
    async def scenario() -> list[str]:
        runner = _no_workers()
        got: list[str] = []

        async def request(name: str) -> None:
            worker = await runner._take(time.monotonic() + 5)
            got.append(f"{name}:{worker.process}")

        tasks = [asyncio.create_task(request(name)) for name in "abc"]
        await asyncio.sleep(0.01)
        assert not got and len(runner._waiting) == 3
        for process in ("w1", "w2", "w3"):
            runner._release(_Worker(process, None))
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        assert not runner._waiting and not runner._idle
        return got

    assert _on_own_thread(lambda: asyncio.run(scenario())) == ["a:w1", "b:w2", "c:w3"]


def test_isolate_a_cancelled_waiter_passes_its_worker_on() -> None:
    async def scenario() -> None:
        runner = _no_workers()
        first = asyncio.create_task(runner._take(time.monotonic() + 5))
        second = asyncio.create_task(runner._take(time.monotonic() + 5))
        await asyncio.sleep(0.01)
        runner._release(_Worker("w1", None))  # handed to the first ...
        first.cancel()  # ... which is cancelled before it runs again
        with pytest.raises(asyncio.CancelledError):
            await first
        assert (await second).process == "w1"

    _on_own_thread(lambda: asyncio.run(scenario()))


def test_isolate_no_free_worker_within_the_limit_is_busy() -> None:
    async def scenario() -> None:
        runner = _no_workers()
        started = time.monotonic()
        with pytest.raises(BusyError):
            await runner._take(time.monotonic() + 0.2)
        assert 0.15 <= time.monotonic() - started < 2.0
        assert not runner._waiting
        runner._release(_Worker("w1", None))
        assert [w.process for w in runner._idle] == ["w1"]  # no one waits: it is idle

    _on_own_thread(lambda: asyncio.run(scenario()))


def test_isolate_many_concurrent_queries_share_two_workers(isolated: TestClient) -> None:
    import httpx

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=isolated.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            replies = await asyncio.gather(
                *(http.get("/sparql", params={"query": f"ASK {{ ?s ?p {i} }}"}) for i in range(12))
            )
        return [r.status_code for r in replies]

    assert _on_own_thread(lambda: asyncio.run(scenario())) == [200] * 12
    runner = isolated.app.state.runner
    assert len(runner._idle) == 2 and not runner._waiting
