"""The load bench (bench/serve_load.py): its minimal client reads what httpx reads, and a short run passes."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from .conftest import IDS, LiveServer


def _on_own_thread(run: Callable[[], Any]) -> Any:
    """``run()`` on a thread of its own: a browser test may have left an event loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


BENCH = Path(__file__).resolve().parents[2] / "bench" / "serve_load.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(BENCH.parent))
    try:
        return importlib.import_module("serve_load")
    finally:
        sys.path.remove(str(BENCH.parent))


def test_serve_load_raw_client_reads_what_httpx_reads(bench: ModuleType, live_server: LiveServer) -> None:
    Request = bench.Request
    query = "SELECT ?t WHERE { ?w <http://purl.org/dc/terms/title> ?t } ORDER BY ?t"
    sent = [
        Request("page", "GET", f"/{IDS.seed}"),
        Request("rdf", "GET", f"/{IDS.seed}", headers={"Accept": "text/turtle"}),
        Request("missing", "GET", "/br/00000000000000ff"),
        Request("suggest", "GET", "/api/suggest?q=kaz"),
        Request("post", "POST", "/sparql", {"query": query}, {"Accept": "application/sparql-results+json"}),
        Request("static", "GET", "/static/app.css"),
    ]
    port = httpx.URL(live_server.url).port

    async def raw() -> list[tuple[int, bytes]]:
        connection = bench.RawConnection("127.0.0.1", port)
        try:
            return [await connection.request(req) for req in sent * 2]  # twice: the connection is reused
        finally:
            connection.close()

    got = _on_own_thread(lambda: asyncio.run(raw()))
    with httpx.Client(base_url=live_server.url) as http:
        expected = [
            (r.status_code, r.content)
            for r in (http.request(q.method, q.path, data=q.data, headers=q.headers) for q in sent * 2)
        ]
    assert [status for status, _ in got] == [200, 200, 404, 200, 200, 200] * 2
    assert got == expected


def test_serve_load_raw_client_reads_chunked_bodies(bench: ModuleType) -> None:
    async def scenario() -> tuple[int, bytes]:
        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"
            )
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            connection = bench.RawConnection("127.0.0.1", port)
            reply = await connection.request(bench.Request("x", "GET", "/"))
            assert connection._streams is None  # the server said close: a new connection next time
            return reply

    assert _on_own_thread(lambda: asyncio.run(scenario())) == (200, b"hello, world")


def test_serve_load_percentile(bench: ModuleType) -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == 50.0
    assert bench.percentile(values, 95) == 95.0  # nearest rank: ceil(0.95 * 100)
    assert bench.percentile([3.0, 1.0, 2.0], 95) == 3.0
    assert bench.percentile([], 50) != bench.percentile([], 50)  # nan


def test_serve_load_short_run_on_a_synthetic_store(bench: ModuleType, capsys: pytest.CaptureFixture) -> None:
    run = ["--seconds", "2", "--clients", "4", "--works", "60"]
    assert _on_own_thread(lambda: bench.main(run)) == 0
    out = capsys.readouterr().out
    assert ", 0 errors" in out
    for kind in ("work-page", "concept-page", "sparql-get", "sparql-post", "suggest"):
        assert f"\n{kind} " in out


def test_serve_load_two_server_processes(bench: ModuleType, capsys: pytest.CaptureFixture) -> None:
    # serve(workers=2) for real: uvicorn's worker processes build their apps from the environment.
    run = ["--seconds", "2", "--clients", "4", "--works", "60", "--workers", "2", "--page-cache-mb", "1"]
    assert _on_own_thread(lambda: bench.main(run)) == 0
    assert ", 0 errors" in capsys.readouterr().out
