"""The read-only SPARQL 1.1 Protocol endpoint: parsing, refusal of updates, time limits, row caps, formats."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bri_kg.errors import QueryError, StoreError

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "BusyError",
    "Outcome",
    "ProtocolRequest",
    "QueryRunner",
    "QueryTimeoutError",
    "RefusedError",
    "TooManyRowsError",
    "evaluate",
    "is_update",
    "negotiate",
    "read_protocol_request",
    "service_description",
    "solutions_json",
    "sparql_endpoint",
]

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"

# media type -> pyoxigraph format; the first entry is the default when the client accepts anything
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    RESULTS_JSON: ox.QueryResultsFormat.JSON,
    RESULTS_XML: ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    JSONLD: ox.RdfFormat.JSON_LD,
}
# Media types clients use as synonyms of the ones above (rdflib, SPARQLWrapper and browsers send these).
_ALIASES = {
    "application/json": RESULTS_JSON,
    "application/xml": RESULTS_XML,
    "text/xml": RESULTS_XML,
    "application/x-turtle": TURTLE,
    "application/turtle": TURTLE,
    "text/plain": NTRIPLES,
    "application/json+ld": JSONLD,
}
# ?format= / ?output= short names (SPARQLWrapper adds them next to its Accept header)
_SHORT_NAMES = {
    "json": (RESULTS_JSON, JSONLD),
    "xml": (RESULTS_XML, TURTLE),
    "csv": ("text/csv", TURTLE),
    "tsv": ("text/tab-separated-values", TURTLE),
    "turtle": (RESULTS_JSON, TURTLE),
    "ttl": (RESULTS_JSON, TURTLE),
    "nt": (RESULTS_JSON, NTRIPLES),
    "ntriples": (RESULTS_JSON, NTRIPLES),
    "n-triples": (RESULTS_JSON, NTRIPLES),
    "jsonld": (RESULTS_JSON, JSONLD),
    "json-ld": (RESULTS_JSON, JSONLD),
}
# A last line of defence only: parsing decides (see is_update); this catches update text no parser accepts.
_UPDATE_WORDS = re.compile(
    r"(?i)\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b\s+(DATA|WHERE|SILENT|GRAPH|DEFAULT|"
    r"NAMED|ALL|TO|\{|<)"
)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class RefusedError(QueryError):
    """The request asks to change the store; this endpoint only reads."""

    status = 403


class QueryTimeoutError(QueryError):
    """The query ran past the time limit."""

    status = 503


class TooManyRowsError(QueryError):
    """The result is larger than the configured row cap."""

    status = 400


class BusyError(QueryError):
    """Every query slot is taken (possibly by queries that outlived their time limit)."""

    status = 503


@dataclass(frozen=True, slots=True)
class ProtocolRequest:
    """What a SPARQL 1.1 Protocol request asks for, whatever the HTTP method and body."""

    query: str | None = None
    update: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: str | None = None


@dataclass(slots=True)
class Outcome:
    """A serialized answer."""

    body: bytes
    media_type: str
    rows: int


def is_update(text: str) -> bool:
    """True when ``text`` is (or looks like) a SPARQL Update rather than a query.

    Called only after pyoxigraph's query parser refused the text: rdflib's update parser decides, and
    keywords catch update text that neither parser accepts.
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return bool(_UPDATE_WORDS.search(_strip_comments_and_strings(text)))
    return True


def _strip_comments_and_strings(text: str) -> str:
    # Keywords inside literals or comments ("DELETE DATA" in a title) must not count.
    text = re.sub(
        r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text
    )
    text = re.sub(r"<[^<>\s]*>", "<>", text)
    return re.sub(r"#[^\n]*", "", text)


def negotiate(accept: str | None, offers: Sequence[str]) -> str:
    """The offer the Accept header prefers; the first offer when nothing matches or the header is absent."""
    best, best_score = offers[0], 0.0
    for rank, (media, q) in enumerate(_parse_accept(accept or "")):
        score = q - rank * 1e-6  # of equal q, the entry listed first wins
        if q <= 0 or score <= best_score:
            continue
        media = _ALIASES.get(media, media)
        for offer in offers:
            if _matches(media, offer):
                best, best_score = offer, score
                break
    return best


def _parse_accept(accept: str) -> Iterator[tuple[str, float]]:
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        yield media.lower(), q


def _matches(media: str, offer: str) -> bool:
    if media in ("*/*", offer):
        return True
    major, _, minor = media.partition("/")
    return minor == "*" and offer.startswith(major + "/")


async def read_protocol_request(request: Request) -> ProtocolRequest:
    """Read the query (or update) and the dataset parameters from GET parameters or a POST body."""
    params = request.query_params
    fields: dict[str, list[str]] = {key: params.getlist(key) for key in params}
    body_query = body_update = None
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            # parse_qsl rather than request.form(): Starlette's form parser needs python-multipart.
            body = (await request.body()).decode("utf-8", errors="strict")
            for key, value in parse_qsl(body, keep_blank_values=True):
                fields.setdefault(key, []).append(value)
        elif kind == "application/sparql-query":
            body_query = (await request.body()).decode("utf-8", errors="strict")
        elif kind == "application/sparql-update":
            body_update = (await request.body()).decode("utf-8", errors="replace")
        else:
            raise QueryError(
                "POST needs Content-Type application/x-www-form-urlencoded or application/sparql-query"
            )
    first = {key: values[0] for key, values in fields.items() if values}
    return ProtocolRequest(
        query=body_query if body_query is not None else first.get("query"),
        update=body_update if body_update is not None else first.get("update"),
        default_graphs=tuple(fields.get("default-graph-uri", ())),
        named_graphs=tuple(fields.get("named-graph-uri", ())),
        format=first.get("format") or first.get("output"),
    )


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANGSTRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(variables: Sequence[str], rows: Iterable[ox.QuerySolution]) -> bytes:
    """SPARQL 1.1 Query Results JSON for already fetched (capped) solutions."""
    bindings = []
    for row in rows:
        binding = {}
        for name in variables:
            term = row[name]
            if term is not None:
                binding[name] = _term_json(term)
        bindings.append(binding)
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _serialize_solutions(variables: Sequence[str], rows: list[ox.QuerySolution], media: str) -> bytes:
    data = solutions_json(variables, rows)
    if media == RESULTS_JSON:
        return data
    # Re-parse our capped JSON so that XML/CSV/TSV come from pyoxigraph's own conformant writers.
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[media])


def _serialize_boolean(value: bool, media: str) -> bytes:
    if media == RESULTS_XML:
        answer = "true" if value else "false"
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{answer}</boolean></sparql>\n"
        ).encode()
    if media in ("text/csv", "text/tab-separated-values"):
        return b"true\r\n" if value else b"false\r\n"
    return json.dumps({"head": {}, "boolean": value}).encode()


@dataclass
class QueryRunner:
    """Runs endpoint queries in threads with a time limit, a row cap and a bounded number of slots.

    pyoxigraph releases the GIL while it evaluates, so the event loop stays responsive; results are pulled
    lazily with a deadline check, and a query that blocks inside one step (an aggregate over a cartesian
    product) is answered with an error at the deadline while its thread finishes in the background and
    keeps its slot until then.
    """

    store: ox.Store
    timeout: float = 30.0
    max_rows: int = 10_000
    slots: int = 4
    _free: threading.Semaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._free = threading.Semaphore(self.slots)

    def close(self) -> None:
        """Nothing to release: queries run in daemon threads, which never hold up the process's exit."""

    async def run(self, request: ProtocolRequest, accept: str | None) -> Outcome:
        """Evaluate ``request.query`` and serialize it as the client prefers."""
        deadline = time.monotonic() + self.timeout
        # Wait for a slot within the time limit (point queries queue briefly under load); slots still held
        # by runaway evaluations end in 503 rather than a hung request.
        while not self._free.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise BusyError("all query slots are busy; try again shortly")
            await asyncio.sleep(0.005)
        cancel = threading.Event()
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Outcome] = loop.create_future()

        def work() -> None:
            try:
                outcome: Outcome | BaseException = self._evaluate(request, accept, deadline, cancel)
            except BaseException as exc:  # handed to the waiting request, whatever it is
                # pyoxigraph results must be dropped on the thread that made them; the traceback's frames
                # hold them, so cut the exception loose here.
                exc.__context__ = exc.__cause__ = None
                outcome = exc.with_traceback(None)
            with contextlib.suppress(RuntimeError):  # the loop may be closed after a timeout
                loop.call_soon_threadsafe(_settle, answer, outcome)

        # A daemon thread, not an executor: a runaway evaluation must not block shutdown (executors join).
        threading.Thread(target=work, name="bri-kg-sparql", daemon=True).start()
        try:
            return await asyncio.wait_for(answer, timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            cancel.set()
            raise QueryTimeoutError(f"query exceeded the time limit of {self.timeout:g} s") from None

    def _evaluate(
        self, request: ProtocolRequest, accept: str | None, deadline: float, cancel: threading.Event
    ) -> Outcome:
        try:
            return evaluate(
                self.store,
                request,
                accept,
                deadline=deadline,
                max_rows=self.max_rows,
                limit=self.timeout,
                cancel=cancel,
            )
        finally:
            self._free.release()


def evaluate(
    store: ox.Store,
    request: ProtocolRequest,
    accept: str | None,
    *,
    deadline: float,
    max_rows: int,
    limit: float,
    cancel: threading.Event | None = None,
) -> Outcome:
    """Run ``request.query`` on ``store`` and serialize the answer; raises QueryError subclasses on refusal."""
    text = request.query or ""
    try:
        result = store.query(text, **_dataset_options(request))
    except SyntaxError as exc:
        if is_update(text):
            raise RefusedError("this endpoint is read-only: SPARQL Update is refused") from None
        raise QueryError(f"malformed query: {exc}") from None
    except OSError as exc:
        raise StoreError(f"the store could not be read: {exc}") from exc
    except RuntimeError as exc:  # pyoxigraph reports evaluation errors (e.g. SERVICE) this way
        raise QueryError(str(exc)) from None
    short = _SHORT_NAMES.get((request.format or "").lower())
    if isinstance(result, ox.QueryBoolean):
        media = short[0] if short else negotiate(accept, list(RESULT_FORMATS))
        return Outcome(_serialize_boolean(bool(result), media), media, 1)
    if isinstance(result, ox.QuerySolutions):
        media = short[0] if short else negotiate(accept, list(RESULT_FORMATS))
        variables = [v.value for v in result.variables]
        rows = _take(result, deadline, max_rows, limit, cancel)
        return Outcome(_serialize_solutions(variables, rows, media), media, len(rows))
    media = short[1] if short else negotiate(accept, list(GRAPH_FORMATS))
    triples = _take(result, deadline, max_rows, limit, cancel)
    return Outcome(ox.serialize(triples, format=GRAPH_FORMATS[media]) or b"", media, len(triples))


def _take(
    rows: Iterable[Any], deadline: float, max_rows: int, limit: float, cancel: threading.Event | None
) -> list[Any]:
    out: list[Any] = []
    try:
        for row in rows:
            if (cancel is not None and cancel.is_set()) or time.monotonic() > deadline:
                raise QueryTimeoutError(f"query exceeded the time limit of {limit:g} s")
            if len(out) >= max_rows:
                raise TooManyRowsError(
                    f"the result has more than {max_rows} rows: add LIMIT/OFFSET to page through it"
                )
            out.append(row)
    except OSError as exc:
        raise StoreError(f"the store could not be read: {exc}") from exc
    except RuntimeError as exc:
        raise QueryError(str(exc)) from None
    return out


def _settle(future: asyncio.Future[Outcome], outcome: Outcome | BaseException) -> None:
    if future.done():  # the request already timed out
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _dataset_options(request: ProtocolRequest) -> dict[str, Any]:
    # Without protocol dataset parameters the default graph is the union of all graphs (docs/DATA_MODEL.md).
    try:
        options: dict[str, Any] = {}
        if request.default_graphs:
            options["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if request.named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
    except ValueError as exc:
        raise QueryError(f"invalid graph IRI: {exc}") from None
    return options


def service_description(endpoint: str, void_url: str) -> list[ox.Triple]:
    """SPARQL 1.1 Service Description of this endpoint (IRIs are validated by pyoxigraph, not formatted)."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(endpoint + "#dataset")
    graph = ox.NamedNode(endpoint + "#default-graph")
    triples = [
        ox.Triple(service, rdf_type, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), graph),
        ox.Triple(graph, rdf_type, ox.NamedNode(sd + "Graph")),
        ox.Triple(
            dataset, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), ox.NamedNode(void_url)
        ),
    ]
    for fmt in (*RESULT_FORMATS.values(), *GRAPH_FORMATS.values()):
        triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(fmt.iri)))
    return triples


def _error(message: str, status: int) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")


async def sparql_endpoint(request: Request) -> Response:
    """GET/POST /sparql: answer a query, refuse updates, describe the service when there is no query."""
    runner: QueryRunner = request.app.state.runner
    settings = request.app.state.settings
    try:
        proto = await read_protocol_request(request)
    except UnicodeDecodeError:
        return _error("the request body is not UTF-8", 400)
    except QueryError as exc:
        return _error(str(exc), 415)
    if proto.update is not None:
        return _error("this endpoint is read-only: SPARQL Update is refused", 403)
    if proto.query is None:
        if request.method == "POST":
            return _error("no query: send query=... or a application/sparql-query body", 400)
        return _describe_service(request)
    if len(proto.query) > settings.max_query_length:
        return _error(f"the query is longer than {settings.max_query_length} characters", 413)
    try:
        outcome = await runner.run(proto, request.headers.get("accept"))
    except StoreError as exc:
        return _error(str(exc), 500)
    except QueryError as exc:
        return _error(str(exc), getattr(exc, "status", 400))
    charset = "" if outcome.media_type == NTRIPLES else "; charset=utf-8"
    return Response(
        outcome.body,
        media_type=outcome.media_type + charset,
        headers={"X-Result-Rows": str(outcome.rows)},
    )


def _describe_service(request: Request) -> Response:
    accept = request.headers.get("accept", "")
    media = negotiate(accept, [*GRAPH_FORMATS, "text/html"])
    if media == "text/html":
        # A person who opens /sparql in a browser wants the query editor.
        return RedirectResponse(url="/query", status_code=303)
    endpoint = str(request.url_for("sparql"))
    void = str(request.url_for("void"))
    body = ox.serialize(
        service_description(endpoint, void),
        format=GRAPH_FORMATS[media],
        prefixes={"sd": "http://www.w3.org/ns/sparql-service-description#"} if media == TURTLE else None,
    )
    return Response(body, media_type=media)
