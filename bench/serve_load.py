"""Load test of ``bri-kg serve``: 50 concurrent clients send point queries and page requests on loopback.

Builds a synthetic on-disk store shaped like bri-kg (or serves --store), starts the server in a child process
(as ``bri-kg serve`` would), runs the clients for a bounded time and prints p50/p95 latency per request kind.
Exits 1 on any error response.

Clients are asyncio tasks in one event loop, one keep-alive connection each: a minimal HTTP/1.1 client by
default (httpx with --client httpx costs the shared cores about 4 ms of CPU a request).

Usage: python bench/serve_load.py [--seconds 30] [--clients 50] [--works 2000] [--store DIR]
       [--page-cache-mb MB] [--workers N] [--client raw|httpx] [--url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

__all__ = ["RawConnection", "Request", "build_synthetic_store", "main", "percentile"]

B = "https://w3id.org/bri-kg/"
V = {
    "type": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "title": "http://purl.org/dc/terms/title",
    "date": "http://prismstandard.org/namespaces/basic/2.0/publicationDate",
    "cites": "http://purl.org/spar/cito/cites",
    "subject": "http://purl.org/dc/terms/subject",
    "context": "http://purl.org/spar/pro/isDocumentContextFor",
    "heldBy": "http://purl.org/spar/pro/isHeldBy",
    "name": "http://xmlns.com/foaf/0.1/name",
    "pref": "http://www.w3.org/2004/02/skos/core#prefLabel",
    "broader": "http://www.w3.org/2004/02/skos/core#broader",
    "part": "http://purl.org/vocab/frbr/core#part",
    "content": "http://purl.org/spar/c4o/hasContent",
    "references": "http://purl.org/spar/biro/references",
    "body": "http://www.w3.org/ns/oa#hasBody",
}
WORDS = [
    "migration",
    "labour",
    "Xinjiang",
    "Kazakhstan",
    "corridor",
    "remittances",
    "border",
    "policy",
    "railway",
    "diaspora",
]
POINT_QUERY = (
    "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX cito: <http://purl.org/spar/cito/> "
    "SELECT ?title (COUNT(?c) AS ?cited) WHERE {{ <{iri}> dcterms:title ?title . OPTIONAL {{ ?c cito:cites <{iri}> }} }} "
    "GROUP BY ?title"
)


@dataclass(frozen=True, slots=True)
class Request:
    """One request the clients may send."""

    kind: str
    method: str
    path: str
    data: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _n(local: str) -> ox.NamedNode:
    return ox.NamedNode(B + local)


def build_synthetic_store(path: str, works: int, *, seed: int = 42) -> None:
    """About 30 triples per work: titles, years, 2 authors, 10 references, 3 concepts with mentions."""
    rng = random.Random(seed)
    g = ox.NamedNode(B + "graph/source/bench")
    t = {k: ox.NamedNode(v) for k, v in V.items()}
    quads = []
    concepts = [f"concept/c{i}" for i in range(60)]
    for i, c in enumerate(concepts):
        quads.append(
            ox.Quad(_n(c), t["type"], ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept"), g)
        )
        quads.append(ox.Quad(_n(c), t["pref"], ox.Literal(f"{WORDS[i % len(WORDS)]} {i}", language="en"), g))
        if i >= 6:
            quads.append(ox.Quad(_n(c), t["broader"], _n(concepts[i % 6]), g))
    for w in range(works):
        work = _n(f"br/{w:016x}")
        quads.append(ox.Quad(work, t["type"], ox.NamedNode("http://purl.org/spar/fabio/Expression"), g))
        title = " ".join(rng.choice(WORDS) for _ in range(6)) + f" {w}"
        quads.append(ox.Quad(work, t["title"], ox.Literal(title), g))
        quads.append(ox.Quad(work, t["date"], ox.Literal(str(1995 + w % 30)), g))
        for k in range(2):
            role, agent = _n(f"ar/{w:012x}{k:04x}"), _n(f"ra/{rng.randrange(works // 2 + 1):016x}")
            quads.append(ox.Quad(work, t["context"], role, g))
            quads.append(ox.Quad(role, t["heldBy"], agent, g))
            quads.append(ox.Quad(agent, t["name"], ox.Literal(f"Author {agent.value[-6:]}"), g))
        for k in range(10):
            ref, cited = _n(f"be/{w:012x}{k:04x}"), _n(f"br/{int(rng.paretovariate(1.2) * 7) % works:016x}")
            quads.append(ox.Quad(work, t["part"], ref, g))
            quads.append(
                ox.Quad(ref, t["type"], ox.NamedNode("http://purl.org/spar/biro/BibliographicReference"), g)
            )
            quads.append(ox.Quad(ref, t["content"], ox.Literal(f"Reference {k} of work {w}"), g))
            quads.append(ox.Quad(ref, t["references"], cited, g))
            quads.append(ox.Quad(work, t["cites"], cited, g))
        for _ in range(3):
            quads.append(ox.Quad(work, t["subject"], _n(rng.choice(concepts)), g))
    store = ox.Store(path)
    store.bulk_extend(quads)
    store.flush()
    del store


def synthetic_targets(works: int) -> tuple[list[str], list[str]]:
    """Work IRIs and concept slugs of the synthetic store."""
    return [f"{B}br/{n:016x}" for n in range(works)], [f"c{n}" for n in range(60)]


def store_targets(path: str) -> tuple[list[str], list[str]]:
    """Work IRIs and concept slugs that exist in a real store (read-only, before the server opens it)."""
    store = ox.Store.read_only(path)
    found = store.query(
        "SELECT DISTINCT ?w WHERE { ?w a <http://purl.org/spar/fabio/Expression> ; "
        "<http://purl.org/dc/terms/title> ?t }",
        use_default_graph_as_union=True,
    )
    works = sorted(row[0].value for row in found if row[0].value.startswith(B + "br/"))
    found = store.query(
        "SELECT DISTINCT ?c WHERE { ?m <http://www.w3.org/ns/oa#hasBody> ?c }",
        use_default_graph_as_union=True,
    )
    concepts = sorted(
        row[0].value.rsplit("/", 1)[1] for row in found if row[0].value.startswith(B + "concept/")
    )
    del store
    return works, concepts


def requests_for(work_iris: list[str], concepts: list[str], *, seed: int = 7) -> list[Request]:
    """A mix of point SPARQL queries (GET and POST) and page requests."""
    rng = random.Random(seed)
    out: list[Request] = []
    for _ in range(400):
        iri = rng.choice(work_iris)
        query = POINT_QUERY.format(iri=iri)
        json_accept = {"Accept": "application/sparql-results+json"}
        out.append(
            Request(
                "sparql-get",
                "GET",
                "/sparql?" + httpx.QueryParams({"query": query}).__str__(),
                None,
                json_accept,
            )
        )
        out.append(Request("sparql-post", "POST", "/sparql", {"query": query}, json_accept))
        out.append(Request("work-page", "GET", "/br/" + rng.choice(work_iris).rsplit("/", 1)[1]))
        out.append(Request("concept-page", "GET", f"/concept/{rng.choice(concepts)}"))
        out.append(Request("suggest", "GET", f"/api/suggest?q={rng.choice(WORDS)[:4]}"))
    out.append(Request("home", "GET", "/"))
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def _server_command(
    store: str, port: int, timeout: float, page_cache_bytes: int | None, workers: int
) -> list[str]:
    """``python -c`` starting ``bri_kg.web.serve``: a process of its own, as ``bri-kg serve`` is.

    Not a multiprocessing child: uvicorn's worker processes reattach the parent's stdin, which a
    multiprocessing child has replaced by a file they cannot inherit.
    """
    options: dict[str, object] = {"host": "127.0.0.1", "port": port, "query_timeout": timeout}
    if page_cache_bytes is not None:
        options["page_cache_bytes"] = page_cache_bytes
    if workers != 1:
        options["workers"] = workers
    code = f"from bri_kg.web import serve; serve({store!r}, **{options!r})"
    return [sys.executable, "-c", code]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/sparql", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


class RawConnection:
    """One keep-alive HTTP/1.1 connection on asyncio streams, for the load only.

    httpx spends about 4 ms of CPU a request in this process; on a 2-core machine shared with the server
    that time is taken from the server and shows up as server latency. This sends the same requests for
    a few hundred microseconds each: status line, headers, and a Content-Length or chunked body.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, req: Request) -> tuple[int, bytes]:
        """Send ``req`` and read the whole response; reconnects when the server closed the connection."""
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        body = urlencode(req.data).encode() if req.data is not None else b""
        head = [f"{req.method} {req.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in req.headers.items()]
        if req.data is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            status, headers = await _read_head(reader)
            content = await _read_body(reader, headers)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            self.close()
            raise
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, content

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = await reader.readuntil(b"\r\n")
    if not status_line.startswith(b"HTTP/1."):
        raise ValueError(f"not an HTTP response: {status_line[:40]!r}")
    headers: dict[str, str] = {}
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")  # no trailers are sent: the empty line after the last chunk
        return b"".join(chunks)
    return await reader.read()  # the body ends when the server closes the connection


async def _client(
    send: Callable[[Request], Awaitable[int]],
    work: list[Request],
    stop: float,
    out: dict[str, list[float]],
    errors: list[str],
) -> None:
    rng = random.Random()
    while time.monotonic() < stop:
        req = rng.choice(work)
        started = time.perf_counter()
        try:
            status = await send(req)
            ok = status == 200
            detail = f"{status} {req.kind} {req.path[:80]}"
        except (httpx.HTTPError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            ok, detail = False, f"{type(exc).__name__} {req.kind}"
        out[req.kind].append(time.perf_counter() - started)
        if not ok:
            errors.append(detail)


async def _run_clients(
    url: str, clients: int, seconds: float, work: list[Request], *, use_httpx: bool = False
) -> tuple[dict, list[str]]:
    # One event loop for every client: 50 OS threads would fight over the GIL and inflate the latencies.
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    stop = time.monotonic() + seconds
    if use_httpx:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:

            async def send(req: Request) -> int:
                r = await http.request(req.method, req.path, data=req.data, headers=req.headers)
                return r.status_code

            await asyncio.gather(*(_client(send, work, stop, latencies, errors) for _ in range(clients)))
        return latencies, errors
    target = httpx.URL(url)
    connections = [RawConnection(target.host, target.port or 80) for _ in range(clients)]
    try:

        async def run_one(connection: RawConnection) -> None:
            async def send(req: Request) -> int:
                return (await asyncio.wait_for(connection.request(req), 120))[0]

            await _client(send, work, stop, latencies, errors)

        await asyncio.gather(*(run_one(c) for c in connections))
    finally:
        for connection in connections:
            connection.close()
    return latencies, errors


def _load(url: str, args: argparse.Namespace, targets: tuple[list[str], list[str]]) -> tuple[dict, list[str]]:
    _wait_until_up(url, time.monotonic() + 30)
    work = requests_for(*targets)
    return asyncio.run(_run_clients(url, args.clients, args.seconds, work, use_httpx=args.client == "httpx"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="How long the clients run.")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--works", type=int, default=2000, help="Synthetic works (ignored with --store).")
    parser.add_argument(
        "--store", help="Serve this store (e.g. bri-kg-out/store) instead of a synthetic one."
    )
    parser.add_argument("--query-timeout", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1, help="Server processes (serve's workers).")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="raw: a minimal HTTP/1.1 client (little CPU taken from the server); httpx: as before.",
    )
    parser.add_argument(
        "--url",
        help="Load a server already running at this URL (over the store given with --store) instead of "
        "starting one; only loopback addresses.",
    )
    parser.add_argument(
        "--page-cache-mb",
        type=float,
        help="Memory for rendered pages in the server (default: serve's); 0 builds every page anew.",
    )
    args = parser.parse_args(argv)
    if args.url and (not args.store or httpx.URL(args.url).host not in ("127.0.0.1", "localhost", "::1")):
        parser.error("--url needs --store (the store that server serves) and a loopback address")

    with tempfile.TemporaryDirectory(prefix="bri-kg-bench-") as folder:
        store = args.store
        if store is not None:
            targets = store_targets(store)
        else:
            store = str(Path(folder) / "store")
            started = time.perf_counter()
            build_synthetic_store(store, args.works)
            print(f"synthetic store: {args.works} works in {time.perf_counter() - started:.1f} s")
            targets = synthetic_targets(args.works)
        if args.url:
            # A server started by hand (e.g. `bri-kg serve --store DIR`, or under a profiler) over --store.
            latencies, errors = _load(args.url.rstrip("/"), args, targets)
        else:
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            cache = None if args.page_cache_mb is None else int(args.page_cache_mb * 2**20)
            server = subprocess.Popen(
                _server_command(store, port, args.query_timeout, cache, args.workers),
                stdin=subprocess.DEVNULL,
            )
            try:
                latencies, errors = _load(url, args, targets)
            finally:
                server.terminate()
                try:
                    server.wait(20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait(10)

    everything = [x for values in latencies.values() for x in values]
    print(
        f"{args.clients} clients, {args.seconds:g} s, {len(everything)} requests, "
        f"{len(everything) / args.seconds:.0f} req/s, {len(errors)} errors"
    )
    print(f"{'kind':<14}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind in sorted(latencies):
        values = latencies[kind]
        print(
            f"{kind:<14}{len(values):>7}{percentile(values, 50) * 1e3:>10.1f}"
            f"{percentile(values, 95) * 1e3:>10.1f}{max(values) * 1e3:>10.1f}"
        )
    print(
        f"{'all':<14}{len(everything):>7}{percentile(everything, 50) * 1e3:>10.1f}"
        f"{percentile(everything, 95) * 1e3:>10.1f}{max(everything, default=0) * 1e3:>10.1f}"
    )
    for line in errors[:10]:
        print("error:", line, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
