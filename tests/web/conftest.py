"""A small store that follows docs/DATA_MODEL.md, built triple by triple, and clients for the web app."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

B = "https://w3id.org/bri-kg/"
HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "fabio": "http://purl.org/spar/fabio/",
    "dcterms": "http://purl.org/dc/terms/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "frbr": "http://purl.org/vocab/frbr/core#",
    "datacite": "http://purl.org/spar/datacite/",
    "literal": "http://www.essepuntato.it/2010/06/literalreification/",
    "pro": "http://purl.org/spar/pro/",
    "oco": "https://w3id.org/oc/ontology/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "biro": "http://purl.org/spar/biro/",
    "c4o": "http://purl.org/spar/c4o/",
    "cito": "http://purl.org/spar/cito/",
    "deo": "http://purl.org/spar/deo/",
    "doco": "http://purl.org/spar/doco/",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "brio": B + "ontology#",
}
ABSTRACT = (
    "Since 2013 the Belt and Road Initiative has reshaped labour migration between Xinjiang and Kazakhstan; "
    "the Eurasian Economic Union and the SCO follow the flows."
)
SEED_TITLE = "Labour migration from Xinjiang to Kazakhstan under the Belt and Road Initiative"


def n(curie: str) -> ox.NamedNode:
    """A NamedNode from ``prefix:local``, where the prefix is a vocabulary or a bri-kg IRI segment."""
    prefix, _, local = curie.partition(":")
    if prefix in NS:
        return ox.NamedNode(NS[prefix] + local)
    return ox.NamedNode(f"{B}{prefix}/{local}")


def lit(value: object, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype:
        return ox.Literal(str(value), datatype=n(datatype))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=n("xsd:boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=n("xsd:integer"))
    return ox.Literal(str(value))


@dataclass
class Ids:
    """The IRIs of the fixture's main resources (local paths are the IRIs without the base)."""

    seed: str = "br/0000000000000a01"
    cited: str = "br/0000000000000a02"
    hostile: str = "br/0000000000000a03"
    russian: str = "br/0000000000000a04"
    venue: str = "br/0000000000000f01"
    ref1: str = "be/0000000000000b01"
    ref2: str = "be/0000000000000b02"
    ref3: str = "be/0000000000000b03"
    author1: str = "ra/0000000000000c01"
    author2: str = "ra/0000000000000c02"
    hostile_author: str = "ra/0000000000000c03"
    org: str = "ra/0000000000000c09"
    xinjiang: str = "concept/xinjiang"
    kazakhstan: str = "concept/kazakhstan"


IDS = Ids()


def _work(add, iri: str, title: str, year: str, kind: str = "JournalArticle") -> None:
    add(iri, "rdf:type", n("fabio:Expression"))
    add(iri, "rdf:type", n(f"fabio:{kind}"))
    add(iri, "dcterms:title", lit(title))
    add(iri, "prism:publicationDate", lit(year, "xsd:gYear"))


def _author(add, work: str, key: str, agent: str, next_role: str | None) -> None:
    role = f"ar:{key}"
    add(work, "pro:isDocumentContextFor", n(role))
    add(role, "rdf:type", n("pro:RoleInTime"))
    add(role, "pro:withRole", n("pro:author"))
    add(role, "pro:isHeldBy", n(agent))
    if next_role:
        add(role, "oco:hasNext", n(f"ar:{next_role}"))


def _mention(add, key: str, span: str, text: str, start: int, end: int, concept: str, label: str) -> None:
    an = f"an:{key}"
    target, pos, quote = (ox.NamedNode(f"{B}an/{key}#{h}") for h in ("target", "pos", "quote"))
    add(an, "rdf:type", n("oa:Annotation"))
    add(an, "rdf:type", n("brio:EntityMention"))
    add(an, "oa:motivatedBy", n("oa:identifying"))
    add(an, "oa:hasBody", n(concept))
    add(an, "oa:hasTarget", target)
    add(an, "brio:entityLabel", lit(label))
    add(an, "itsrdf:taConfidence", lit("0.9", "xsd:double"))
    add(an, "prov:wasGeneratedBy", n("run:0000000000000e01"))
    add(target, "rdf:type", n("oa:SpecificResource"))
    add(target, "oa:hasSource", n(span))
    add(target, "oa:hasSelector", pos)
    add(target, "oa:hasSelector", quote)
    add(pos, "rdf:type", n("oa:TextPositionSelector"))
    add(pos, "oa:start", lit(start, "xsd:nonNegativeInteger"))
    add(pos, "oa:end", lit(end, "xsd:nonNegativeInteger"))
    add(quote, "rdf:type", n("oa:TextQuoteSelector"))
    add(quote, "oa:exact", lit(text[start:end]))


def _concepts(add) -> None:
    schemes = {"Region": "regions", "Policy": "policies", "Actor": "actors"}
    table = [
        ("central-asia", "Region", {"en": "Central Asia", "ru": "Центральная Азия"}, None, "Q27275"),
        (
            "kazakhstan",
            "Region",
            {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"},
            "central-asia",
            "Q232",
        ),
        ("china", "Region", {"en": "China", "zh": "中国"}, None, "Q148"),
        ("xinjiang", "Region", {"en": "Xinjiang", "zh": "新疆"}, "china", "Q34800"),
        ("bri", "Policy", {"en": "Belt and Road Initiative", "zh": "一带一路"}, None, None),
        ("sreb", "Policy", {"en": "Silk Road Economic Belt"}, "bri", None),
        (
            "eaeu",
            "Actor",
            {"en": "Eurasian Economic Union", "ru": "Евразийский экономический союз"},
            None,
            "Q4173083",
        ),
        ("sco", "Actor", {"en": "Shanghai Cooperation Organisation", "zh": "上海合作组织"}, None, "Q485207"),
    ]
    for slug, cls, labels, broader, qid in table:
        iri = f"concept:{slug}"
        add(iri, "rdf:type", n("skos:Concept"))
        add(iri, "rdf:type", n(f"brio:{cls}"))
        add(iri, "skos:inScheme", n(f"concept:scheme-{schemes[cls]}"))
        for lang, label in labels.items():
            add(iri, "skos:prefLabel", lit(label, lang=lang))
        if broader:
            add(iri, "skos:broader", n(f"concept:{broader}"))
        if qid:
            add(iri, "skos:exactMatch", ox.NamedNode(f"http://www.wikidata.org/entity/{qid}"))
    add("concept:kazakhstan", "skos:exactMatch", ox.NamedNode("https://sws.geonames.org/1522867/"))
    add("concept:xinjiang", "skos:altLabel", lit("Xinjiang Uygur Autonomous Region", lang="en"))
    add("concept:bri", "skos:altLabel", lit("OBOR", lang="en"))


def fixture_quads() -> list[ox.Quad]:
    """Every quad of the fixture store, in two source graphs and one run graph."""
    quads: list[ox.Quad] = []
    graph = ox.NamedNode(B + "graph/source/00000000000000s1")

    def add(s: str | ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        subject = s if isinstance(s, ox.NamedNode) else n(s)
        quads.append(ox.Quad(subject, n(p), o, graph))

    seed, cited, hostile, russian = (
        f"br:{x.split('/')[1]}" for x in (IDS.seed, IDS.cited, IDS.hostile, IDS.russian)
    )
    _work(add, seed, SEED_TITLE, "2021")
    add(seed, "brio:isSeed", lit(True))
    add(seed, "dcterms:abstract", lit(ABSTRACT))
    add(seed, "frbr:partOf", n("br:0000000000000f01"))
    add("br:0000000000000f01", "rdf:type", n("fabio:Journal"))
    add("br:0000000000000f01", "dcterms:title", lit("Central Asian Survey"))
    add(seed, "frbr:embodiment", n("re:0000000000000d01"))
    add("re:0000000000000d01", "rdf:type", n("fabio:Manifestation"))
    add("re:0000000000000d01", "prism:volume", lit("40"))
    add("re:0000000000000d01", "prism:startingPage", lit("201"))
    add("re:0000000000000d01", "prism:endingPage", lit("225"))
    add(seed, "datacite:hasIdentifier", n("id:0000000000000d02"))
    add("id:0000000000000d02", "rdf:type", n("datacite:Identifier"))
    add("id:0000000000000d02", "datacite:usesIdentifierScheme", n("datacite:doi"))
    add("id:0000000000000d02", "literal:hasLiteralValue", lit("10.5555/bri-kg.example.1"))
    _author(add, seed, "0000000000000aa1", "ra:0000000000000c01", "0000000000000aa2")
    _author(add, seed, "0000000000000aa2", "ra:0000000000000c02", None)
    add("ar:0000000000000aa1", "pro:relatesToOrganization", n("ra:0000000000000c09"))
    for agent, given, family in (("c01", "Aigerim", "Example"), ("c02", "Wei", "Sample")):
        add(f"ra:0000000000000{agent}", "rdf:type", n("foaf:Agent"))
        add(f"ra:0000000000000{agent}", "rdf:type", n("foaf:Person"))
        add(f"ra:0000000000000{agent}", "foaf:givenName", lit(given))
        add(f"ra:0000000000000{agent}", "foaf:familyName", lit(family))
        add(f"ra:0000000000000{agent}", "foaf:name", lit(f"{given} {family}"))
    add("ra:0000000000000c01", "datacite:hasIdentifier", n("id:0000000000000d03"))
    add("id:0000000000000d03", "datacite:usesIdentifierScheme", n("datacite:orcid"))
    add("id:0000000000000d03", "literal:hasLiteralValue", lit("0000-0002-1825-0097"))
    add("ra:0000000000000c09", "rdf:type", n("foaf:Organization"))
    add("ra:0000000000000c09", "foaf:name", lit("Example University, Almaty"))
    add("ra:0000000000000c03", "rdf:type", n("foaf:Person"))
    add("ra:0000000000000c03", "foaf:name", lit(HOSTILE))

    _work(add, cited, "Xinjiang and the Silk Road Economic Belt", "2018")
    _author(add, cited, "0000000000000ab1", "ra:0000000000000c02", None)
    _work(add, hostile, HOSTILE, "2019", kind="ReportDocument")
    add(hostile, "dcterms:abstract", lit(HOSTILE + " about Kazakhstan"))
    _author(add, hostile, "0000000000000ac1", "ra:0000000000000c03", None)
    _work(add, russian, "Трудовая миграция из Синьцзяна в Казахстан", "2020")
    _author(add, russian, "0000000000000ad1", "ra:0000000000000c01", None)

    refs = [
        ("b01", "Sample, W. (2018). Xinjiang and the Silk Road Economic Belt. Central Asian Survey.", cited),
        ("b02", "Anon. (2019). " + HOSTILE + ". Report.", hostile),
        ("b03", "Unresolved, U. (2001). A paper nobody could find.", None),
    ]
    for position, (key, raw, target) in enumerate(refs, start=1):
        be = f"be:0000000000000{key}"
        add(seed, "frbr:part", n(be))
        add(be, "rdf:type", n("biro:BibliographicReference"))
        add(be, "c4o:hasContent", lit(raw))
        add(be, "brio:position", lit(position))
        add(be, "brio:parseConfidence", lit("0.87", "xsd:double"))
        if target:
            add(be, "biro:references", n(target))
    for citing, target, key in ((seed, cited, "ca1"), (seed, hostile, "ca2"), (russian, cited, "ca3")):
        ci = f"ci:0000000000000{key}"
        add(citing, "cito:cites", n(target))
        add(ci, "rdf:type", n("cito:Citation"))
        add(ci, "cito:hasCitingEntity", n(citing))
        add(ci, "cito:hasCitedEntity", n(target))

    for key, kind, text, spankey in (
        ("e01", "Title", SEED_TITLE, "title"),
        ("e02", "Abstract", ABSTRACT, "abstract"),
    ):
        de = f"de:0000000000000{key}"
        add(seed, "frbr:part", n(de))
        add(de, "rdf:type", n("deo:DiscourseElement"))
        add(de, "rdf:type", n(f"doco:{kind}"))
        add(de, "c4o:hasContent", lit(text))
        add(de, "brio:spanKey", lit(spankey))
    de_h = "de:0000000000000e03"
    add(hostile, "frbr:part", n(de_h))
    add(de_h, "rdf:type", n("deo:DiscourseElement"))
    add(de_h, "rdf:type", n("doco:Title"))
    add(de_h, "c4o:hasContent", lit(HOSTILE + " about Kazakhstan"))
    add(de_h, "brio:spanKey", lit("title"))

    _concepts(add)
    run_graph = ox.NamedNode(B + "graph/run/0000000000000e01")
    mention_quads: list[ox.Quad] = []

    def add_run(s: str | ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        subject = s if isinstance(s, ox.NamedNode) else n(s)
        mention_quads.append(ox.Quad(subject, n(p), o, run_graph))

    def find(text: str, word: str) -> tuple[int, int]:
        start = text.index(word)
        return start, start + len(word)

    specs = [
        ("f01", "de:0000000000000e02", ABSTRACT, "Belt and Road Initiative", "concept:bri", "POLICY"),
        ("f02", "de:0000000000000e02", ABSTRACT, "Xinjiang", "concept:xinjiang", "REGION"),
        ("f03", "de:0000000000000e02", ABSTRACT, "Kazakhstan", "concept:kazakhstan", "REGION"),
        ("f04", "de:0000000000000e02", ABSTRACT, "Eurasian Economic Union", "concept:eaeu", "ACTOR"),
        ("f05", "de:0000000000000e02", ABSTRACT, "SCO", "concept:sco", "ACTOR"),
        ("f06", "de:0000000000000e01", SEED_TITLE, "Xinjiang", "concept:xinjiang", "REGION"),
        ("f07", de_h, HOSTILE + " about Kazakhstan", "Kazakhstan", "concept:kazakhstan", "REGION"),
    ]
    for key, span, text, word, concept, label in specs:
        start, end = find(text, word)
        _mention(add_run, f"0000000000000{key}", span, text, start, end, concept, label)
    add_run("run:0000000000000e01", "rdf:type", n("prov:Activity"))
    add_run("run:0000000000000e01", "prov:wasAssociatedWith", n("agent:bri-kg-rules-0.1.0"))
    add_run("agent:bri-kg-rules-0.1.0", "rdf:type", n("prov:SoftwareAgent"))
    add_run("agent:bri-kg-rules-0.1.0", "rdfs:label", lit("bri-kg rule-based tagger 0.1.0"))
    for work, concept in (
        (seed, "concept:bri"),
        (seed, "concept:xinjiang"),
        (seed, "concept:kazakhstan"),
        (seed, "concept:eaeu"),
        (seed, "concept:sco"),
        (hostile, "concept:kazakhstan"),
    ):
        add_run(work, "dcterms:subject", n(concept))
    return quads + mention_quads


def build_store(path: str | None = None) -> ox.Store:
    """The fixture store, in memory or on disk."""
    store = ox.Store(path) if path else ox.Store()
    store.extend(fixture_quads())
    return store


@pytest.fixture(scope="session")
def kg_store() -> ox.Store:
    """The fixture store in memory, shared read-only by the HTTP tests."""
    return build_store()


@pytest.fixture(scope="session")
def ids() -> Ids:
    return IDS


@pytest.fixture(scope="session")
def app(kg_store: ox.Store):
    from bri_kg.web import WebSettings, create_app

    return create_app(kg_store, settings=WebSettings(query_timeout=3.0, max_rows=500))


@pytest.fixture(scope="session")
def client(app):
    from starlette.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    """A uvicorn server on loopback in a thread."""

    url: str
    server: object
    thread: threading.Thread


def start_server(app) -> LiveServer:
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    return LiveServer(f"http://127.0.0.1:{port}", server, thread)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[LiveServer]:
    """The app served by uvicorn on 127.0.0.1 (for SPARQLWrapper, rdflib and the browser)."""
    live = start_server(app)
    yield live
    live.server.should_exit = True
    live.thread.join(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path("test-artifacts")
    folder.mkdir(exist_ok=True)
    return folder
