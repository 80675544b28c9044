"""HTML and RDF pages: home, linked-data resources, VoID, the query editor and the network views."""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import anyio.to_thread
import pyoxigraph as ox
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from bri_kg.errors import BriKgError
from bri_kg.web.cache import cached
from bri_kg.web.kg import PREFIXES, KgReader
from bri_kg.web.sparql import GRAPH_FORMATS, JSONLD, NTRIPLES, TURTLE, negotiate

__all__ = [
    "EXCEPTION_HANDLERS",
    "RESOURCE_KINDS",
    "ExampleQuery",
    "Segment",
    "Snippet",
    "compact",
    "example_queries",
    "highlight",
    "local_path",
    "network_api",
    "order_roles",
    "outbound_link",
    "snippet",
]

# IRI segments (docs/DATA_MODEL.md) that resolve as pages on this server.
RESOURCE_KINDS = ("br", "be", "ra", "concept", "ci", "ar", "re", "id", "de", "an", "run", "ev", "agent")
# Hash ids, concept slugs and software-agent names ("spacy-en_core_web_sm-3.8.0"); never "..".
LOCAL_ID = re.compile(r"(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
HTML = "text/html"
_FORMAT_NAMES = {
    "html": HTML,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "n-triples": NTRIPLES,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "json": JSONLD,
}
_CLASS_NAMES = {"Actor": "actors", "Policy": "policies", "Region": "regions", "Topic": "topics"}
_RDF_TYPE = PREFIXES["rdf"] + "type"
_SNIPPET_CONTEXT = 80


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of analysed text: plain, or a mention linked to its concept."""

    text: str
    concept: str | None = None
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Snippet:
    """A mention in its context: the three pieces are escaped separately by the template."""

    before: str
    match: str
    after: str


@dataclass(frozen=True, slots=True)
class ExampleQuery:
    """One bundled example query (``src/bri_kg/queries/*.rq``)."""

    name: str
    title: str
    description: str
    text: str


@dataclass(slots=True)
class Mark:
    """A mention's offsets into a text span."""

    start: int
    end: int
    concept: str
    entity: str | None = None
    exact: str | None = None


@dataclass(slots=True)
class Span:
    """A text span of a work or reference, with its mentions as segments."""

    key: str
    iri: str
    content: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def segments(self) -> list[Segment]:
        return highlight(self.content, self.marks)


def highlight(content: str, marks: Iterable[Mark]) -> list[Segment]:
    """Split ``content`` at the mentions' offsets (0-based, end exclusive); bad or overlapping marks are skipped."""
    out: list[Segment] = []
    cursor = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not (cursor <= mark.start < mark.end <= len(content)):
            continue
        if mark.exact is not None and content[mark.start : mark.end] != mark.exact:
            continue  # offsets that do not point at the quoted text would highlight the wrong words
        if mark.start > cursor:
            out.append(Segment(content[cursor : mark.start]))
        out.append(Segment(content[mark.start : mark.end], mark.concept, mark.entity))
        cursor = mark.end
    if cursor < len(content) or not out:
        out.append(Segment(content[cursor:]))
    return out


def snippet(content: str, start: int, end: int, context: int = _SNIPPET_CONTEXT) -> Snippet | None:
    """The mention at [start, end) with up to ``context`` characters either side."""
    if not (0 <= start < end <= len(content)):
        return None
    left = max(0, start - context)
    right = min(len(content), end + context)
    before = ("…" if left else "") + content[left:start]
    after = content[end:right] + ("…" if right < len(content) else "")
    return Snippet(before, content[start:end], after)


def local_path(iri: str, base: str) -> str | None:
    """The path on this server of an IRI under ``base`` (``B/br/x`` -> ``/br/x``), else None."""
    if not iri.startswith(base):
        return None
    rest = iri[len(base) :]
    kind, _, local = rest.partition("/")
    local = local.split("#", 1)[0]
    if kind in RESOURCE_KINDS and LOCAL_ID.fullmatch(local):
        return f"/{kind}/{local}"
    return None


def outbound_link(iri: str) -> str | None:
    """A browsable URL for an external IRI (Wikidata entity -> wiki page); only http(s), never javascript:."""
    if not iri.startswith(("http://", "https://")):
        return None
    wikidata = re.fullmatch(r"https?://www\.wikidata\.org/entity/(Q[1-9][0-9]*)", iri)
    if wikidata:
        return f"https://www.wikidata.org/wiki/{wikidata.group(1)}"
    return iri


def identifier_link(scheme: str, value: str) -> str | None:
    """Where an identifier resolves: doi.org, orcid.org, or the URL itself."""
    from urllib.parse import quote

    name = scheme.rsplit("/", 1)[-1].lower()
    if name == "doi":
        return "https://doi.org/" + quote(value, safe="/:;()._-<>")
    if name == "orcid" and re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", value):
        return "https://orcid.org/" + value
    if name == "url":
        return outbound_link(value)
    return None


def compact(iri: str, base: str) -> str:
    """``prefix:local`` for known namespaces, the IRI otherwise."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    if iri.startswith(base):
        return iri[len(base) :]
    return iri


def order_roles(rows: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Roles in ``oco:hasNext`` order; roles outside the chain follow, sorted."""
    by_role = {row["role"]: row for row in rows}
    pointed = {row["next"] for row in rows if "next" in row}
    heads = sorted(role for role in by_role if role not in pointed)
    ordered: list[dict[str, str]] = []
    seen: set[str] = set()
    for head in heads:
        role: str | None = head
        while role is not None and role in by_role and role not in seen:
            seen.add(role)
            ordered.append(by_role[role])
            role = by_role[role].get("next")
    ordered.extend(by_role[role] for role in sorted(by_role) if role not in seen)
    return ordered


def example_queries() -> list[ExampleQuery]:
    """The bundled example queries that exist now, with their ``# title:`` and ``# description:`` lines."""
    try:
        folder = resources.files("bri_kg") / "queries"
        entries = sorted((e for e in folder.iterdir() if e.name.endswith(".rq")), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        return []
    out = []
    for entry in entries:
        text = entry.read_text(encoding="utf-8")
        head = dict(re.findall(r"(?m)^#\s*(title|description)\s*:\s*(.*?)\s*$", text))
        name = entry.name.removesuffix(".rq")
        out.append(ExampleQuery(name, head.get("title", name), head.get("description", ""), text))
    return out


def network_api() -> tuple[Any, Any, Sequence[str], Any] | None:
    """``(build_network, write_network, kinds, title)`` when the networks and render packages provide them."""
    try:
        from bri_kg.networks import build_network
        from bri_kg.pipeline import NETWORK_KINDS, network_title
        from bri_kg.render import write_network
    except ImportError:
        return None
    return build_network, write_network, NETWORK_KINDS, network_title


# ---- rendering helpers -------------------------------------------------------------------------------


async def in_thread(request: Request, fn: Any, *args: Any) -> Any:
    """Run blocking store work in a thread, at most ``settings.page_threads`` at once.

    Forty page builds interleaving on two cores are slower in total than a few at a time: every one
    fights for the GIL between its many small queries.
    """
    return await anyio.to_thread.run_sync(lambda: fn(*args), limiter=request.app.state.page_limiter)


def _kg(request: Request) -> KgReader:
    return request.app.state.kg


def _base(request: Request) -> str:
    return request.app.state.settings.base_iri


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a page template with the helpers every page uses."""
    context = {"request": request, **context}
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)


def _props(rows: Iterable[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        out.setdefault(row["p"], []).append(row)
    return out


def _first(props: dict[str, list[dict[str, str]]], prefix: str, local: str) -> str | None:
    values = props.get(PREFIXES[prefix] + local)
    return values[0]["o"] if values else None


def _types(props: dict[str, list[dict[str, str]]], namespace: str) -> list[str]:
    ns = PREFIXES[namespace]
    return sorted(row["o"][len(ns) :] for row in props.get(_RDF_TYPE, []) if row["o"].startswith(ns))


def _spans(kg: KgReader, iri: str) -> list[Span]:
    spans = {
        row["span"]: Span(row.get("key", ""), row["span"], row["content"]) for row in kg.select("spans", iri)
    }
    for row in kg.select("span_mentions", iri):
        span = spans.get(row["span"])
        try:
            start, end = int(row["start"]), int(row["end"])
        except (KeyError, ValueError):
            continue
        if span is not None and not any(
            m.start == start and m.end == end and m.concept == row["concept"] for m in span.marks
        ):
            span.marks.append(Mark(start, end, row["concept"], row.get("entity"), row.get("exact")))
    order = {"title": 0, "abstract": 1, "keywords": 2}
    return sorted(spans.values(), key=lambda s: (order.get(s.key, 3), s.key, s.iri))


def _statements(props: dict[str, list[dict[str, str]]]) -> list[dict[str, Any]]:
    rows = []
    for predicate in sorted(props):
        for row in props[predicate]:
            is_iri = "lang" not in row  # LANG() of an IRI is an error, so the variable stays unbound
            rows.append({"p": predicate, "o": row["o"], "lang": row.get("lang", ""), "iri": is_iri})
    return rows


def _concept_refs(kg: KgReader, iris: Iterable[str]) -> list[dict[str, str]]:
    labels = kg.labels(iris)
    return sorted(
        ({"iri": i, "label": label} for i, label in labels.items()), key=lambda c: c["label"].lower()
    )


# ---- pages --------------------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    """Counts, search box, most cited works, most mentioned actors/policies/regions."""
    return await cached(request, HTML, lambda: _home(request))


async def _home(request: Request) -> Response:
    # The aggregates scan the whole graph; a served store is read-only, so they are reused for a while.
    state = request.app.state
    kept = state.home_cache
    if kept is None or kept[0] < time.monotonic():
        context = await in_thread(request, _home_context, _kg(request))
        state.home_cache = kept = (time.monotonic() + state.settings.home_cache_seconds, context)
    return render(request, "home.html", kept[1])


def _home_context(kg: KgReader) -> dict[str, Any]:
    counts = kg.select("counts")
    counts_row = {k: int(v) for k, v in (counts[0] if counts else {}).items()}
    mentioned: dict[str, list[dict[str, Any]]] = {name: [] for name in _CLASS_NAMES.values()}
    rows = kg.select("most_mentioned")
    labels = kg.labels(row["concept"] for row in rows)
    for row in rows:
        group = mentioned[_CLASS_NAMES[row["class"].rsplit("#", 1)[-1]]]
        if len(group) < 8:
            group.append({"iri": row["concept"], "label": labels[row["concept"]], "n": int(row["n"])})
    cited = [{**row, "n": int(row["n"])} for row in kg.select("most_cited")]
    return {"counts": counts_row, "cited": cited, "mentioned": mentioned}


async def resource(request: Request) -> Response:
    """A work, reference, agent, concept (or any other minted IRI): HTML or RDF by content negotiation."""
    kind = request.url.path.split("/")[1]
    local = request.path_params["local"]
    if kind not in RESOURCE_KINDS or not LOCAL_ID.fullmatch(local):
        raise HTTPException(404, "no such resource")
    media = _resource_format(request)
    iri = f"{_base(request)}{kind}/{local}"
    return await cached(request, media, lambda: _resource(request, kind, iri, media))


async def _resource(request: Request, kind: str, iri: str, media: str) -> Response:
    kg = _kg(request)
    if not await in_thread(request, kg.ask, "exists", iri):
        raise HTTPException(404, f"{iri} is not in this knowledge graph")
    alternates = {"Vary": "Accept", "Link": _alternates(request.url.path)}
    if media != HTML:
        triples = await in_thread(request, kg.construct, "describe", iri)
        prefixes = {**PREFIXES, **{k: f"{_base(request)}{k}/" for k in ("br", "be", "ra", "ar", "id", "re")}}
        prefixes["kgc"] = f"{_base(request)}concept/"
        body = ox.serialize(
            triples, format=GRAPH_FORMATS[media], prefixes=prefixes if media == TURTLE else None
        )
        return Response(body, media_type=media, headers=alternates)
    builder = {
        "br": _work_context,
        "be": _reference_context,
        "ra": _agent_context,
        "concept": _concept_context,
    }
    context = await in_thread(request, builder.get(kind, _generic_context), kg, iri)
    template = {"br": "work.html", "be": "reference.html", "ra": "agent.html", "concept": "concept.html"}
    response = render(request, template.get(kind, "resource.html"), {"iri": iri, **context})
    response.headers.update(alternates)
    return response


def _resource_format(request: Request) -> str:
    name = request.query_params.get("format")
    if name is not None:
        if name.lower() not in _FORMAT_NAMES:
            raise HTTPException(400, "format must be html, ttl, nt or jsonld")
        return _FORMAT_NAMES[name.lower()]
    return negotiate(request.headers.get("accept"), [HTML, *GRAPH_FORMATS, "application/xhtml+xml"]).replace(
        "application/xhtml+xml", HTML
    )


def _alternates(path: str) -> str:
    return ", ".join(
        f'<{path}?format={name}>; rel="alternate"; type="{media}"'
        for name, media in (("ttl", TURTLE), ("nt", NTRIPLES), ("jsonld", JSONLD))
    )


def _work_context(kg: KgReader, iri: str) -> dict[str, Any]:
    props = _props(kg.select("properties", iri))
    title = _first(props, "dcterms", "title")
    roles = order_roles(kg.select("work_authors", iri))
    subjects = kg.select("subjects", iri)
    # One labels query for the unnamed authors and the concepts together.
    labels = kg.labels(
        [row["agent"] for row in roles if not row.get("name")] + [row["concept"] for row in subjects]
    )
    authors = [{**row, "label": row.get("name") or labels[row["agent"]]} for row in roles]
    identifiers = [
        {
            "scheme": row.get("scheme", "").rsplit("/", 1)[-1],
            "value": row["value"],
            "href": identifier_link(row.get("scheme", ""), row["value"]),
        }
        for row in kg.select("identifiers", iri)
    ]
    venue = (kg.select("work_venue", iri) or [{}])[0]
    spans = _spans(kg, iri)
    concepts = [
        {
            "iri": row["concept"],
            "label": labels[row["concept"]],
            "class": row.get("class", "").rsplit("#", 1)[-1],
        }
        for row in {row["concept"]: row for row in subjects}.values()
    ]
    concepts.sort(key=lambda c: (c["class"], c["label"].lower()))
    return {
        "title": title or iri.rsplit("/", 1)[-1],
        "types": [t for t in _types(props, "fabio") if t != "Expression"],
        "date": _first(props, "prism", "publicationDate"),
        "abstract": _first(props, "dcterms", "abstract"),
        "is_seed": _first(props, "brio", "isSeed") == "true",
        "authors": authors,
        "identifiers": identifiers,
        "venue": venue,
        "title_span": next((s for s in spans if s.key == "title"), None),
        "abstract_span": next((s for s in spans if s.key == "abstract"), None),
        "other_spans": [s for s in spans if s.key not in ("title", "abstract")],
        "references": kg.select("work_references", iri),
        "cites": kg.select("work_cites", iri),
        "cited_by": kg.select("work_cited_by", iri),
        "concepts": concepts,
        "statements": _statements(props),
    }


def _reference_context(kg: KgReader, iri: str) -> dict[str, Any]:
    props = _props(kg.select("properties", iri))
    csl_text = _first(props, "brio", "parsedCsl")
    try:
        csl = json.dumps(json.loads(csl_text), indent=2, ensure_ascii=False) if csl_text else None
    except ValueError:
        csl = csl_text
    resolved = _first(props, "biro", "references")
    return {
        "content": _first(props, "c4o", "hasContent") or "",
        "position": _first(props, "brio", "position"),
        "confidence": _first(props, "brio", "parseConfidence"),
        "owner": (kg.select("reference_owner", iri) or [None])[0],
        "resolved": {"iri": resolved, "label": kg.label(resolved)} if resolved else None,
        "csl": csl,
        "spans": _spans(kg, iri),
        "statements": _statements(props),
    }


def _agent_context(kg: KgReader, iri: str) -> dict[str, Any]:
    props = _props(kg.select("properties", iri))
    name = _first(props, "foaf", "name")
    if not name:
        name = " ".join(
            x for x in (_first(props, "foaf", "givenName"), _first(props, "foaf", "familyName")) if x
        )
    identifiers = [
        {
            "scheme": row.get("scheme", "").rsplit("/", 1)[-1],
            "value": row["value"],
            "href": identifier_link(row.get("scheme", ""), row["value"]),
        }
        for row in kg.select("identifiers", iri)
    ]
    works: dict[str, dict[str, Any]] = {}
    for row in kg.select("agent_works", iri):
        entry = works.setdefault(row["work"], {**row, "roles": set()})
        if "roleType" in row:
            entry["roles"].add(row["roleType"].rsplit("/", 1)[-1])
    return {
        "name": name or iri.rsplit("/", 1)[-1],
        "types": _types(props, "foaf"),
        "identifiers": identifiers,
        "works": list(works.values()),
        "coauthors": kg.select("agent_coauthors", iri),
        "statements": _statements(props),
    }


def _concept_context(kg: KgReader, iri: str) -> dict[str, Any]:
    props = _props(kg.select("properties", iri))
    names = [
        {"kind": kind, "label": row["o"], "lang": row.get("lang", "")}
        for kind in ("prefLabel", "altLabel")
        for row in props.get(PREFIXES["skos"] + kind, [])
    ]
    names.sort(key=lambda x: (x["kind"] != "prefLabel", x["lang"] != "en", x["lang"], x["label"]))
    matches = [
        {"iri": row["o"], "href": outbound_link(row["o"]), "kind": kind}
        for kind in ("exactMatch", "closeMatch")
        for row in props.get(PREFIXES["skos"] + kind, [])
    ]
    codes = [
        {"name": p.rsplit("#", 1)[-1], "value": rows[0]["o"]}
        for p, rows in sorted(props.items())
        if p.startswith(PREFIXES["brio"])
        and p.rsplit("#", 1)[-1] in ("iso3166Alpha2", "m49Code", "iso3166_2")
    ]
    mentions = []
    rows = kg.select("concept_mentions", iri)
    labels = kg.labels([iri, *(row["owner"] for row in rows if row.get("owner"))])
    for row in rows:
        try:
            piece = snippet(row["content"], int(row["start"]), int(row["end"]))
        except (KeyError, ValueError):
            continue
        if piece is not None:
            owner = row.get("owner")
            mentions.append(
                {
                    "snippet": piece,
                    "owner": owner,
                    "owner_label": labels[owner] if owner else None,
                    "entity": row.get("entity"),
                }
            )
    return {
        "label": labels[iri],
        "labels": names,
        "classes": _types(props, "brio"),
        "schemes": _concept_refs(kg, (r["o"] for r in props.get(PREFIXES["skos"] + "inScheme", []))),
        "path": _broader_path(kg, iri),
        "narrower": _concept_refs(kg, (r["concept"] for r in kg.select("concept_narrower", iri))),
        "matches": matches,
        "codes": codes,
        "works": kg.select("concept_works", iri),
        "mentions": mentions,
        "statements": _statements(props),
    }


def _broader_path(kg: KgReader, iri: str) -> list[dict[str, str]]:
    """Root first, down to (not including) ``iri``, along the first broader link at each level."""
    broader: dict[str, list[str]] = {}
    for row in kg.select("concept_ancestors", iri):
        broader.setdefault(row["concept"], [])
        if "broader" in row:
            broader[row["concept"]].append(row["broader"])
    path: list[str] = []
    current = iri
    while broader.get(current) and len(path) < 20:
        current = sorted(broader[current])[0]
        if current in path or current == iri:
            break  # a cycle in skos:broader: show what we have
        path.append(current)
    labels = kg.labels(path)
    return [{"iri": c, "label": labels[c]} for c in reversed(path)]


def _generic_context(kg: KgReader, iri: str) -> dict[str, Any]:
    props = _props(kg.select("properties", iri))
    return {"label": kg.label(iri), "statements": _statements(props)}


# ---- VoID, query editor, networks ---------------------------------------------------------------------


async def void(request: Request) -> Response:
    """A VoID description of the dataset (Turtle, N-Triples or JSON-LD)."""
    media = negotiate(request.headers.get("accept"), list(GRAPH_FORMATS))
    name = request.query_params.get("format")
    if name:
        media = _FORMAT_NAMES.get(name.lower(), media)
        media = media if media in GRAPH_FORMATS else TURTLE
    return await cached(request, media, lambda: _void(request, media))


async def _void(request: Request, media: str) -> Response:
    triples = await in_thread(
        request,
        _void_triples,
        _kg(request),
        _base(request),
        str(request.url_for("sparql")),
        str(request.url_for("void")),
    )
    body = ox.serialize(
        triples,
        format=GRAPH_FORMATS[media],
        prefixes={"void": "http://rdfs.org/ns/void#", "dcterms": PREFIXES["dcterms"]}
        if media == TURTLE
        else None,
    )
    return Response(body, media_type=media)


def _void_triples(kg: KgReader, base: str, endpoint: str, here: str) -> list[ox.Triple]:
    void_ns = "http://rdfs.org/ns/void#"
    xsd_int = ox.NamedNode(PREFIXES["xsd"] + "integer")
    dataset = ox.NamedNode(here + "#dataset")
    a = ox.NamedNode(_RDF_TYPE)

    def v(local: str) -> ox.NamedNode:
        return ox.NamedNode(void_ns + local)

    stats = (kg.select("void_stats") or [{}])[0]
    triples = [
        ox.Triple(dataset, a, v("Dataset")),
        ox.Triple(dataset, ox.NamedNode(PREFIXES["dcterms"] + "title"), ox.Literal("bri-kg")),
        ox.Triple(
            dataset,
            ox.NamedNode(PREFIXES["dcterms"] + "description"),
            ox.Literal(
                "Scholarly literature on migration and the Belt and Road Initiative: works, references, citations, "
                "authors and entity mentions linked to SKOS concepts."
            ),
        ),
        ox.Triple(dataset, v("sparqlEndpoint"), ox.NamedNode(endpoint)),
        ox.Triple(dataset, v("uriSpace"), ox.Literal(base)),
        ox.Triple(dataset, v("triples"), ox.Literal(stats.get("triples", "0"), datatype=xsd_int)),
        ox.Triple(dataset, v("entities"), ox.Literal(stats.get("entities", "0"), datatype=xsd_int)),
    ]
    for vocabulary in (
        "fabio",
        "cito",
        "biro",
        "c4o",
        "datacite",
        "pro",
        "foaf",
        "oa",
        "skos",
        "prov",
        "dcterms",
    ):
        triples.append(ox.Triple(dataset, v("vocabulary"), ox.NamedNode(PREFIXES[vocabulary])))
    for i, row in enumerate(kg.select("void_classes")):
        part = ox.NamedNode(f"{here}#class-{i}")
        triples.append(ox.Triple(dataset, v("classPartition"), part))
        triples.append(ox.Triple(part, v("class"), ox.NamedNode(row["class"])))
        triples.append(ox.Triple(part, v("entities"), ox.Literal(row["n"], datatype=xsd_int)))
    return triples


async def query_editor(request: Request) -> Response:
    """YASGUI against /sparql with the bundled example queries as tabs."""
    examples = await in_thread(request, example_queries)
    payload = {
        "endpoint": str(request.url_for("sparql")),
        "examples": [
            {"name": e.name, "title": e.title, "description": e.description, "query": e.text}
            for e in examples
        ],
    }
    return render(request, "query.html", {"examples": examples, "payload": payload})


async def networks_index(request: Request) -> Response:
    """Links to the network views, or why they are unavailable."""
    api = network_api()
    kinds = list(api[2]) if api else []
    return render(
        request,
        "networks.html",
        {
            "available": api is not None,
            "kinds": kinds,
            "titles": {k: api[3](k) for k in kinds} if api else {},
        },
    )


def _network_kind(request: Request) -> tuple[str, tuple[Any, Any, Sequence[str], Any]]:
    api = network_api()
    if api is None:
        raise HTTPException(
            503, "network views need bri_kg.networks.build_network and bri_kg.render.write_network"
        )
    kind = request.path_params["kind"]
    if kind not in api[2]:
        raise HTTPException(404, f"unknown network {kind!r}: use one of {', '.join(api[2])}")
    return kind, api


async def network_page(request: Request) -> Response:
    """The page that frames one network view."""
    kind, api = _network_kind(request)
    return render(request, "network.html", {"kind": kind, "title": api[3](kind)})


# The network HTML comes from pyvis (inline scripts, data as JSON): it runs in a sandboxed frame with an
# opaque origin, so nothing in it can reach this site's pages, and node clicks open resource pages.
_GRAPH_CSP = (
    "sandbox allow-scripts allow-top-navigation-by-user-activation; default-src 'self' 'unsafe-inline' "
    "data: blob:; frame-ancestors 'self'"
)
_CLICK_SCRIPT = """
<script>
(function () {
  var base = %s;
  function go(params) {
    if (typeof network === "undefined" || !params.nodes || !params.nodes.length) return;
    var id = String(params.nodes[0]);
    var node = network.body.data.nodes.get(params.nodes[0]) || {};
    var iri = String(node.iri || node.url || id);
    if (iri.indexOf(base) !== 0) return;
    var rest = iri.slice(base.length);
    if (!/^[a-z]+\\/[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(rest) || rest.indexOf("..") >= 0) return;
    window.top.location.href = "/" + rest;
  }
  window.addEventListener("load", function () {
    if (typeof network !== "undefined") network.on("click", go);
  });
})();
</script>
"""


async def network_graph(request: Request) -> Response:
    """The network's own HTML (from ``bri_kg.render.write_network``), with node clicks wired to pages."""
    kind, api = _network_kind(request)
    cache: dict[str, str] = request.app.state.network_cache
    if kind not in cache:
        try:
            cache[kind] = await in_thread(request, _render_network, request.app.state.store, kind, api)
        except BriKgError as exc:
            raise HTTPException(500, f"the {kind} network could not be built: {exc}") from exc
    script = _CLICK_SCRIPT % json.dumps(_base(request)).replace("<", "\\u003c")
    html = cache[kind]
    html = html.replace("</body>", script + "</body>", 1) if "</body>" in html else html + script
    return HTMLResponse(html, headers={"Content-Security-Policy": _GRAPH_CSP})


def _render_network(store: Any, kind: str, api: tuple[Any, Any, Sequence[str], Any]) -> str:
    build_network, write_network, _, title = api
    graph = build_network(store, kind)
    with tempfile.TemporaryDirectory(prefix="bri-kg-net-") as folder:
        path = write_network(graph, Path(folder) / f"{kind}.html", title=title(kind))
        return Path(path).read_text(encoding="utf-8")


# ---- errors -------------------------------------------------------------------------------------------


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "error")
    wants_html = request.url.path not in ("/sparql",) and not request.url.path.startswith(
        ("/api/", "/static/")
    )
    if wants_html and negotiate(request.headers.get("accept"), [HTML, "text/plain"]) == HTML:
        return render(request, "error.html", {"status": status, "detail": detail}, status=status)
    return PlainTextResponse(f"{detail}\n", status_code=status)


async def _server_error(request: Request, exc: Exception) -> Response:
    message = str(exc) if isinstance(exc, BriKgError) else "internal error"
    return PlainTextResponse(f"{message}\n", status_code=500)


EXCEPTION_HANDLERS = {HTTPException: _http_error, 500: _server_error}
