"""A small knowledge graph built from hand-made records, and a local SPARQL endpoint wrapping a store."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from rdflib import Graph

from bri_kg.models import Mention, Reference, Source, Work
from bri_kg.rdf import ExtractionRun, corpus_graphs, mention_graph, ontology_graph_iri, span_owner, work_spans
from bri_kg.resolve import Resolution, resolve
from bri_kg.resources import ontology_dir
from bri_kg.store import OxigraphStore

KGC = "https://w3id.org/bri-kg/concept/"
CONCEPTS_TTL = """
@prefix kgc:  <https://w3id.org/bri-kg/concept/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix brio: <https://w3id.org/bri-kg/ontology#> .
@prefix wd:   <http://www.wikidata.org/entity/> .
kgc:scheme-regions a skos:ConceptScheme ; skos:prefLabel "Regions"@en .
kgc:scheme-policies a skos:ConceptScheme ; skos:prefLabel "Policies"@en .
kgc:china a skos:Concept, brio:Region ; skos:inScheme kgc:scheme-regions ; skos:prefLabel "China"@en ;
    skos:exactMatch wd:Q148 .
kgc:kazakhstan a skos:Concept, brio:Region ; skos:inScheme kgc:scheme-regions ;
    skos:prefLabel "Kazakhstan"@en, "Казахстан"@ru ; skos:exactMatch wd:Q232 .
kgc:xinjiang a skos:Concept, brio:Region ; skos:inScheme kgc:scheme-regions ; skos:prefLabel "Xinjiang"@en ;
    skos:broader kgc:china .
kgc:urumqi a skos:Concept, brio:Region ; skos:inScheme kgc:scheme-regions ; skos:prefLabel "Ürümqi"@en ;
    skos:broader kgc:xinjiang .
kgc:bri a skos:Concept, brio:Policy ; skos:inScheme kgc:scheme-policies ;
    skos:prefLabel "Belt and Road Initiative"@en .
kgc:labour-quota a skos:Concept, brio:Policy ; skos:inScheme kgc:scheme-policies ;
    skos:prefLabel "Foreign labour quota"@en .
"""
# word -> concept slug; every occurrence in every analysed span becomes a mention.
LEXICON = {
    "China": "china",
    "Kazakhstan": "kazakhstan",
    "Xinjiang": "xinjiang",
    "Urumqi": "urumqi",
    "Belt and Road Initiative": "bri",
    "labour quotas": "labour-quota",
}
LABELS = {"bri": "POLICY", "labour-quota": "POLICY"}


def _csl(family: str | list[str], year: int, title: str, **extra) -> dict:
    families = [family] if isinstance(family, str) else family
    return {
        "type": "article-journal",
        "author": [{"family": f, "given": "A."} for f in families],
        "issued": {"date-parts": [[year]]},
        "title": title,
        **extra,
    }


ZENZ = "‘Thoroughly reforming them towards a healthy heart attitude’: China’s political re-education campaign in Xinjiang"


def sample_works() -> list[Work]:
    """A seed with five references and two corpus works (one source file) that it cites."""
    seed_refs = [
        Reference(
            "Koch, N. (2013). Kazakhstan’s changing geopolitics ...",
            1,
            _csl("Koch", 2013, "Kazakhstan’s changing geopolitics"),
            0.95,
            doi="10.1080/15387216.2013.778542",
        ),
        Reference(
            "Sadovskaya, E. (2008). Chinese migration to Kazakhstan ...",
            2,
            _csl("Sadovskaya", 2008, "Chinese migration to Kazakhstan: causes, key trends, and prospects"),
            0.9,
        ),
        Reference(
            "Zenz, A. (2019b). Thoroughly reforming them ...",
            3,
            _csl("Zenz", 2019, ZENZ, DOI="10.1080/02634937.2018.1507997"),
            0.8,
        ),
        Reference("Anonymous (n.d.) untitled leaflet", 4, {"author": [{"literal": "Anonymous"}]}, 0.3),
        Reference(
            "Smith, J. (2018). Islam in Xinjiang and Urumqi ...",
            5,
            _csl("Smith", 2018, "Islam in Xinjiang and Urumqi: labour quotas"),
            0.45,
        ),
    ]
    seed = Work(
        _csl(
            ["Amrin", "Kaliyeva", "Alzhanova"],
            2020,
            "Labour migration from China to Kazakhstan and the Belt and Road Initiative",
            DOI="10.1234/seed.2020",
        ),
        Source("seed.txt", "landing-page", "1" * 64),
        seed_refs,
    )
    corpus = Source("corpus.json", "crossref-json", "2" * 64)
    koch = Work(
        _csl("Koch", 2013, "Kazakhstan’s changing geopolitics", DOI="10.1080/15387216.2013.778542"),
        corpus,
        [
            Reference(
                "Zenz (2019) Thoroughly reforming them",
                1,
                _csl("Zenz", 2019, ZENZ),
                0.7,
                doi="10.1080/02634937.2018.1507997",
            )
        ],
    )
    sadovskaya = Work(
        _csl(
            ["Sadovskaya", "Kaliyeva"],
            2008,
            "Chinese migration to Kazakhstan: causes, key trends, and prospects",
        ),
        corpus,
    )
    return [seed, koch, sadovskaya]


def tag(text: str) -> list[Mention]:
    """A tiny exact-match tagger standing in for the real one."""
    mentions = []
    for word, slug in LEXICON.items():
        start = text.find(word)
        while start >= 0:
            mentions.append(
                Mention(
                    start,
                    start + len(word),
                    LABELS.get(slug, "REGION"),
                    word,
                    KGC + slug,
                    word,
                    confidence=0.9,
                    extractor="test",
                )
            )
            start = text.find(word, start + 1)
    return mentions


@dataclass
class SampleKg:
    works: list[Work]
    resolution: Resolution
    graphs: dict[str, Graph]


def sample_kg() -> SampleKg:
    works = sample_works()
    resolution = resolve(works)
    graphs = corpus_graphs(works, resolution, seed_index=0)
    items = []
    for i, work in enumerate(works):
        for span in work_spans(work):
            items.append((str(span_owner(resolution.work_nodes[i], span.key)), span, tag(span.text)))
    name, run_graph = mention_graph(ExtractionRun("test-tagger", "1.0", "none", "test"), items)
    graphs[name] = run_graph
    ontology = Graph(identifier=ontology_graph_iri())
    ontology.parse(ontology_dir() / "brio.ttl")
    ontology.parse(data=CONCEPTS_TTL, format="turtle")
    graphs[str(ontology_graph_iri())] = ontology
    return SampleKg(works, resolution, graphs)


@pytest.fixture(scope="session")
def kg() -> SampleKg:
    return sample_kg()


@pytest.fixture
def store(kg) -> Iterator[OxigraphStore]:
    s = OxigraphStore()
    s.replace_graphs(kg.graphs)
    yield s
    s.close()


def _handler(backing: ox.Store, credentials: str | None = None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output quiet
            return None

        def _reply(self, status: int, body: bytes = b"", content_type: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
            if credentials and self.headers.get("Authorization") != f"Basic {credentials}":
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            try:
                if self.path == "/update":
                    backing.update(body)
                    self._reply(204)
                    return
                if self.path != "/query":
                    self._reply(404, b"not found")
                    return
                text = urllib.parse.parse_qs(body)["query"][0]
                result = backing.query(text, use_default_graph_as_union=True)
                if isinstance(result, ox.QueryTriples):
                    self._reply(200, result.serialize(format=ox.RdfFormat.N_TRIPLES), "application/n-triples")
                else:
                    data = result.serialize(format=ox.QueryResultsFormat.JSON)
                    self._reply(200, data, "application/sparql-results+json")
            except SyntaxError as err:
                self._reply(400, str(err).encode())

    return Handler


@pytest.fixture(params=[None], ids=["open"])
def endpoint(request) -> Iterator[tuple[str, ox.Store]]:
    """(base URL, backing store) of a SPARQL 1.1 Protocol server on 127.0.0.1: /query and /update.

    Parametrised indirectly with base64 "user:password" it demands HTTP Basic authentication.
    """
    backing = ox.Store()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(backing, request.param))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", backing
    finally:
        server.shutdown()
        server.server_close()
