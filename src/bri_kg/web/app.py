"""The Starlette application behind ``bri-kg serve``: settings, routes, security headers, the server."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import multiprocessing
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
import jinja2
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bri_kg.web import search, views
from bri_kg.web.cache import ResponseCache
from bri_kg.web.isolate import ProcessQueryRunner
from bri_kg.web.kg import BASE_IRI, KgReader, oxigraph_of
from bri_kg.web.sparql import QueryRunner, sparql_endpoint

__all__ = [
    "SETTINGS_VARIABLE",
    "WebSettings",
    "app_from_environment",
    "create_app",
    "open_store_for_serving",
    "serve",
]

# Scripts and styles come only from this server (YASGUI is vendored); data can never become markup or code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)
PAGE_CACHE_BYTES = 64 * 1024 * 1024  # a few thousand rendered pages
SETTINGS_VARIABLE = "BRI_KG_SERVE_SETTINGS"  # JSON WebSettings handed to `serve --workers` processes


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Options of the web app; passed to ``create_app``, never read from globals."""

    query_timeout: float = 30.0  # seconds a /sparql query may run before the client gets an error
    max_rows: int = 10_000  # result rows (or triples) above which /sparql answers an error
    max_query_length: int = 100_000  # characters of query text
    query_slots: int = 4  # /sparql queries evaluated at once; others wait (within the time limit) for a slot
    base_iri: str = BASE_IRI  # resource IRIs under this base resolve at the same path on this server
    search_limit: int = 50  # hits on /search
    suggest_limit: int = 10  # suggestions from /api/suggest
    page_threads: int = 4  # pages and searches built at once (more wait): keeps the GIL from thrashing
    home_cache_seconds: float = 300.0  # how long the home page's counts and top lists are reused
    title: str = "bri-kg"  # site name in page titles and the header
    # True when nothing writes the store while the app lives (``serve`` opens it read-only):
    store_is_static: bool = False  # then rendered pages and the search labels are kept, never invalidated
    page_cache_bytes: int = PAGE_CACHE_BYTES  # bound of the kept pages (least recent go first); 0: none
    # When set (``serve`` does), /sparql queries run in worker processes that open this store read-only
    # and are killed at the time limit; otherwise in threads of this process.
    store_location: str | None = None  # the on-disk store the query workers open


class SecurityHeaders:
    """Adds nosniff, a Content-Security-Policy and a referrer policy to every response that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (
                    (b"x-content-type-options", b"nosniff"),
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"referrer-policy", b"no-referrer"),
                ):
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates(settings: WebSettings) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bri_kg.web", "templates"),
        autoescape=True,  # every template, whatever its extension: titles and labels are data
        trim_blocks=True,
        lstrip_blocks=True,
    )
    base = settings.base_iri
    # Globals rather than context: imported macros (templates/_macros.html) see globals only.
    env.globals.update(
        site_title=settings.title,
        href=lambda iri: views.local_path(iri, base) or views.outbound_link(iri),
        compact=lambda iri: views.compact(iri, base),
    )
    return Jinja2Templates(env=env)


def _static_dir() -> str:
    from importlib import resources

    return str(resources.files("bri_kg.web") / "static")


def create_app(store: Any, *, settings: WebSettings | None = None) -> Starlette:
    """The web app over ``store`` (a pyoxigraph.Store or the project's store wrapper around one)."""
    settings = settings or WebSettings()
    oxigraph = oxigraph_of(store)
    runner: QueryRunner | ProcessQueryRunner
    # A daemonic process may not start children: there the queries run in threads.
    if settings.store_location and not multiprocessing.current_process().daemon:
        runner = ProcessQueryRunner(
            settings.store_location,
            timeout=settings.query_timeout,
            max_rows=settings.max_rows,
            slots=settings.query_slots,
        )
    else:
        runner = QueryRunner(
            oxigraph, timeout=settings.query_timeout, max_rows=settings.max_rows, slots=settings.query_slots
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        runner.close()

    routes = [
        Route("/", views.home, name="home"),
        Route("/search", search.search_page, name="search"),
        Route("/api/suggest", search.suggest, name="suggest"),
        Route("/query", views.query_editor, name="query"),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/.well-known/void", views.void, name="void"),
        Route("/networks", views.networks_index, name="networks"),
        Route("/networks/{kind}", views.network_page, name="network"),
        Route("/networks/{kind}/graph.html", views.network_graph, name="network_graph"),
        Mount("/static", app=StaticFiles(directory=_static_dir(), follow_symlink=False), name="static"),
        # Each IRI under the base resolves at the same path: https://w3id.org/bri-kg/br/x -> /br/x
        *(
            Route(f"/{kind}/{{local}}", views.resource, name=f"resource-{kind}")
            for kind in views.RESOURCE_KINDS
        ),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["X-Result-Rows"],
            max_age=3600,
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers=views.EXCEPTION_HANDLERS,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.kg = KgReader(oxigraph)
    app.state.runner = runner
    app.state.templates = _templates(settings)
    app.state.network_cache = {}
    app.state.home_cache = None
    app.state.page_limiter = anyio.CapacityLimiter(settings.page_threads)
    app.state.page_cache = (
        ResponseCache(settings.page_cache_bytes)
        if settings.store_is_static and settings.page_cache_bytes > 0
        else None
    )
    app.state.label_index = None  # built at the first search when the store is static
    return app


def open_store_for_serving(location: str) -> ox.Store:
    """Open the store at ``location`` for reading: the one place to switch to ``bri_kg.store.open_store``."""
    from pathlib import Path

    from bri_kg.errors import StoreError

    if location.startswith(("http://", "https://")):
        raise StoreError(f"{location}: serve needs a local store directory, not a SPARQL endpoint URL")
    if not Path(location).is_dir():
        raise StoreError(f"{location}: no store here; run `bri-kg build` first or pass --store")
    try:
        # Read-only at the storage level: even a bug in this app cannot change the graph.
        return ox.Store.read_only(location)
    except OSError as exc:
        raise StoreError(f"{location}: cannot open the store: {exc}") from exc


def serve(
    store_location: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    query_timeout: float = 30.0,
    max_rows: int = 10_000,
    page_cache_bytes: int = PAGE_CACHE_BYTES,
    workers: int = 1,
) -> None:
    """Serve the store at ``store_location`` with uvicorn until interrupted.

    ``workers`` > 1 runs that many server processes on the port, each with its own app over the same
    read-only store (its own page cache and ``query_slots`` query workers): pages are built in Python, so
    one process uses one core at most.
    """
    import uvicorn

    from bri_kg.errors import BriKgError

    if workers < 1:
        raise BriKgError(f"workers must be at least 1, not {workers}")
    store = open_store_for_serving(store_location)
    settings = WebSettings(
        query_timeout=query_timeout,
        max_rows=max_rows,
        store_location=store_location,
        store_is_static=True,  # opened read-only just above
        page_cache_bytes=page_cache_bytes,
    )
    # A longer keep-alive than uvicorn's 5 s: SPARQL clients send series of queries over one connection,
    # and a busy server must not drop a connection between two of them.
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "info",
        "proxy_headers": False,
        "timeout_keep_alive": 30,
    }
    if workers == 1:
        uvicorn.run(create_app(store, settings=settings), **options)
        return
    del store  # each worker process opens its own
    # uvicorn starts worker processes from an import string; the settings travel in the environment.
    previous = os.environ.get(SETTINGS_VARIABLE)
    os.environ[SETTINGS_VARIABLE] = settings_to_json(settings)
    try:
        uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, **options)
    finally:
        if previous is None:
            os.environ.pop(SETTINGS_VARIABLE, None)
        else:
            os.environ[SETTINGS_VARIABLE] = previous


def settings_to_json(settings: WebSettings) -> str:
    """``settings`` as JSON (for worker processes)."""
    return json.dumps(dataclasses.asdict(settings))


def app_from_environment() -> Starlette:
    """The app of one ``serve --workers`` process, from the settings ``serve`` left in the environment."""
    from bri_kg.errors import BriKgError

    text = os.environ.get(SETTINGS_VARIABLE)
    if not text:
        raise BriKgError(f"{SETTINGS_VARIABLE} is not set: start worker processes with bri_kg.web.serve")
    settings = WebSettings(**json.loads(text))
    if settings.store_location is None:
        raise BriKgError(f"{SETTINGS_VARIABLE} names no store")
    return create_app(open_store_for_serving(settings.store_location), settings=settings)
