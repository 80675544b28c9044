"""Models to RDF: source graphs, the resolution graph and run graphs follow docs/DATA_MODEL.md."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Literal, URIRef

from bri_kg.models import Mention, Reference, Source, TextSpan, Work
from bri_kg.rdf import (
    BIRO,
    BRIO,
    C4O,
    CITO,
    DATACITE,
    DCTERMS,
    FABIO,
    FOAF,
    FRBR,
    LITERAL,
    OA,
    OCO,
    PRISM,
    PRO,
    PROV,
    RDF,
    XSD,
    ExtractionRun,
    reference_iri,
    resolution_graph_iri,
    source_graph_iri,
    span_iri,
    span_owner,
    work_iri,
    work_spans,
)
from bri_kg.rdf import corpus_graphs as _corpus_graphs
from bri_kg.rdf import mention_graph as _mention_graph
from bri_kg.resolve import resolve


# The mapping builds plain triple sets; these tests read them through rdflib's Graph API.
def corpus_graphs(*args, **kwargs):
    return {name: triples.graph() for name, triples in _corpus_graphs(*args, **kwargs).items()}


def mention_graph(*args, **kwargs):
    name, triples = _mention_graph(*args, **kwargs)
    return name, triples.graph()


HOSTILE = 'Robert\'); DROP GRAPH <x> ; -- "quoted" \\ }\n{ <script>alert(1)</script> \ud800'
KZ = "https://w3id.org/bri-kg/concept/kazakhstan"


def _seed() -> Work:
    csl = {
        "type": "article-journal",
        "title": "Chinese migration to Kazakhstan under the Belt and Road Initiative",
        "author": [
            {
                "family": "Amrin",
                "given": "Bakhytzhan",
                "affiliation": ["Al-Farabi Kazakh National University"],
            },
            {"family": "Kaliyeva", "given": "Saule"},
            {"literal": "Migration Research Centre"},
        ],
        "issued": {"date-parts": [[2020, 9]]},
        "container-title": "Journal of Eurasian Studies",
        "volume": "11",
        "page": "201–225",
        "DOI": "10.1234/SEED.2020",
        "URL": "https://example.org/seed",
        "abstract": "Labour migration from China to Kazakhstan.",
    }
    refs = [
        Reference(
            raw="Koch, N. (2013). Kazakhstan's changing geopolitics. Eurasian Geography and Economics.",
            position=1,
            csl={
                "type": "article-journal",
                "author": [{"family": "Koch", "given": "N."}],
                "issued": {"date-parts": [[2013]]},
                "title": "Kazakhstan's changing geopolitics",
            },
            doi="10.1080/15387216.2013.778542",
            confidence=0.9,
        ),
        Reference(
            raw=HOSTILE,
            position=2,
            csl={"title": HOSTILE, "issued": {"date-parts": [[2001]]}},
            confidence=0.2,
        ),
        Reference(
            raw="Anonymous. n.d.", position=3, csl={"author": [{"literal": "Anonymous"}]}, confidence=0.1
        ),
    ]
    return Work(csl, Source("seed.txt", "landing-page", "1" * 64), refs)


def _corpus() -> list[Work]:
    koch = Work(
        {
            "type": "journal-article",
            "title": "Kazakhstan's changing geopolitics",
            "author": [{"family": "Koch", "given": "Natalie"}],
            "issued": {"date-parts": [[2013]]},
            "DOI": "10.1080/15387216.2013.778542",
        },
        Source("corpus.json", "crossref-json", "2" * 64),
    )
    return [koch]


@pytest.fixture(scope="module")
def built():
    works = [_seed(), *_corpus()]
    resolution = resolve(works)
    graphs = corpus_graphs(works, resolution, seed_index=0)
    return works, resolution, graphs


def _union(graphs):
    from rdflib import Graph

    union = Graph()
    for g in graphs.values():
        for t in g:
            union.add(t)
    return union


def test_mapping_one_graph_per_source_plus_resolution(built) -> None:
    works, _, graphs = built
    expected = {str(source_graph_iri(w.source.sha256)) for w in works} | {str(resolution_graph_iri())}
    assert set(graphs) == expected
    for name, graph in graphs.items():
        assert str(graph.identifier) == name


def test_mapping_no_blank_nodes(built) -> None:
    _, _, graphs = built
    for graph in graphs.values():
        assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]


def test_mapping_seed_work_triples(built) -> None:
    works, resolution, graphs = built
    g = graphs[str(source_graph_iri(works[0].source.sha256))]
    seed = work_iri(resolution.work_nodes[0])
    assert resolution.work_nodes[0] == "doi:10.1234/seed.2020"
    assert (seed, RDF.type, FABIO.JournalArticle) in g
    assert (seed, BRIO.isSeed, Literal(True)) in g
    assert g.value(seed, DCTERMS.title) == Literal(works[0].title)
    assert g.value(seed, DCTERMS.title).language is None
    assert g.value(seed, PRISM.publicationDate) == Literal("2020-09", datatype=XSD.gYearMonth)
    doi_id = g.value(seed, DATACITE.hasIdentifier)
    assert g.value(doi_id, LITERAL.hasLiteralValue) == Literal("10.1234/seed.2020")
    venue = g.value(seed, FRBR.partOf)
    assert (venue, RDF.type, FABIO.Journal) in g
    manifestation = g.value(seed, FRBR.embodiment)
    assert g.value(manifestation, PRISM.startingPage) == Literal("201")
    assert g.value(manifestation, PRISM.endingPage) == Literal("225")
    assert g.value(manifestation, FRBR.exemplar) == URIRef("https://example.org/seed")


def test_mapping_author_roles_are_an_ordered_list(built) -> None:
    works, resolution, graphs = built
    g = graphs[str(source_graph_iri(works[0].source.sha256))]
    seed = work_iri(resolution.work_nodes[0])
    roles = list(g.objects(seed, PRO.isDocumentContextFor))
    assert len(roles) == len(works[0].csl["author"])
    first = next(r for r in roles if (None, OCO.hasNext, r) not in g)
    names = []
    role = first
    while role is not None:
        names.append(str(g.value(g.value(role, PRO.isHeldBy), FOAF.name)))
        role = g.value(role, OCO.hasNext)
    assert names == ["Bakhytzhan Amrin", "Saule Kaliyeva", "Migration Research Centre"]
    org = g.value(first, PRO.relatesToOrganization)
    assert (org, RDF.type, FOAF.Organization) in g


def test_mapping_references_and_citations(built) -> None:
    works, resolution, graphs = built
    g = graphs[str(source_graph_iri(works[0].source.sha256))]
    seed_key = resolution.work_nodes[0]
    seed = work_iri(seed_key)
    refs = [reference_iri(seed_key, r.position) for r in works[0].references]
    assert set(g.objects(seed, FRBR.part)) == set(refs)
    for ref, model in zip(refs, works[0].references, strict=True):
        assert (ref, RDF.type, BIRO.BibliographicReference) in g
        assert g.value(ref, BRIO.position) == Literal(model.position)
        # A lone surrogate cannot be stored: it becomes "?", everything else is kept exactly.
        expected = json.loads(json.dumps(model.csl).replace("\\ud800", "?"))
        assert json.loads(str(g.value(ref, BRIO.parsedCsl))) == expected
        assert g.value(ref, BRIO.parseConfidence).toPython() == pytest.approx(model.confidence)
    koch = work_iri(resolution.work_nodes[1])
    assert g.value(refs[0], BIRO.references) == koch
    assert (seed, CITO.cites, koch) in g
    citation = g.value(None, CITO.hasCitedEntity, koch)
    assert g.value(citation, CITO.hasCitingEntity) == seed
    assert g.value(citation, CITO.hasCitationCreationDate) == Literal("2020", datatype=XSD.gYear)
    assert g.value(refs[2], BIRO.references) is None  # no title, no DOI: unresolved


def test_mapping_hostile_strings_stay_literals(built) -> None:
    works, resolution, graphs = built
    g = graphs[str(source_graph_iri(works[0].source.sha256))]
    ref = reference_iri(resolution.work_nodes[0], 2)
    content = g.value(ref, C4O.hasContent)
    assert isinstance(content, Literal)
    assert content.startswith("Robert'); DROP GRAPH <x>")
    cited = g.value(ref, BIRO.references)
    assert isinstance(g.value(cited, DCTERMS.title), Literal)


def test_mapping_each_node_described_once(built) -> None:
    _, resolution, graphs = built
    koch = work_iri(resolution.work_nodes[1])
    holders = [name for name, g in graphs.items() if (koch, DCTERMS.title, None) in g]
    assert holders == [str(source_graph_iri("2" * 64))]


def test_mapping_evidence_graph(built) -> None:
    _, resolution, graphs = built
    g = graphs[str(resolution_graph_iri())]
    koch = work_iri(resolution.work_nodes[1])
    evidence = list(g.subjects(BRIO.about, koch))
    members = {g.value(e, BRIO.member) for e in evidence}
    assert members == {koch, reference_iri(resolution.work_nodes[0], 1)}
    assert {str(g.value(e, BRIO.matchMethod)) for e in evidence} == {"doi"}
    assert len(set(g.subjects(RDF.type, BRIO.MatchEvidence))) == len(resolution.evidence)


def test_mapping_is_deterministic(built) -> None:
    works, _, graphs = built
    again = corpus_graphs(works, resolve(works), seed_index=0)
    assert {k: set(v) for k, v in again.items()} == {k: set(v) for k, v in graphs.items()}


def test_mapping_base_is_configurable(built) -> None:
    works, resolution, _ = built
    graphs = corpus_graphs(works, resolution, base="https://example.org/kg/")
    for graph in graphs.values():
        for s, _, _ in graph:
            assert str(s).startswith("https://example.org/kg/")


def test_mapping_work_spans_and_owners(built) -> None:
    works, resolution, _ = built
    spans = work_spans(works[0])
    keys = [s.key for s in spans]
    assert keys[:2] == ["title", "abstract"]
    assert "ref:1:title" in keys and "ref:3:title" not in keys
    key = resolution.work_nodes[0]
    assert span_owner(key, "ref:1:title") == reference_iri(key, 1)
    assert span_owner(key, "abstract") == work_iri(key)


def test_mapping_spans_in_source_graph_on_request(built) -> None:
    works, resolution, _ = built
    graphs = corpus_graphs(works, resolution, spans={0: work_spans(works[0])})
    g = graphs[str(source_graph_iri(works[0].source.sha256))]
    title_span = span_iri(work_iri(resolution.work_nodes[0]), "title")
    assert g.value(title_span, C4O.hasContent) == Literal(works[0].title)


def _mention(text: str, word: str, concept: str = KZ) -> Mention:
    start = text.index(word)
    return Mention(
        start,
        start + len(word),
        "REGION",
        word,
        concept,
        word,
        confidence=0.8,
        extractor="ner",
        ner_label="GPE",
    )


def test_mapping_mention_graph(built) -> None:
    works, resolution, _ = built
    run = ExtractionRun("bri-kg-ruler", "0.1.0", model="none", ontology_version="2026-01")
    owner = work_iri(resolution.work_nodes[0])
    span = TextSpan("title", "title", works[0].title)
    name, g = mention_graph(run, [(str(owner), span, [_mention(span.text, "Kazakhstan")])])
    assert name.startswith("https://w3id.org/bri-kg/graph/run/")
    assert str(g.identifier) == name
    annotation = g.value(None, RDF.type, BRIO.EntityMention)
    assert (annotation, RDF.type, OA.Annotation) in g
    assert g.value(annotation, OA.hasBody) == URIRef(KZ)
    assert g.value(annotation, PROV.wasGeneratedBy) == run.iri()
    assert g.value(annotation, BRIO.nerLabel) == Literal("GPE")
    target = g.value(annotation, OA.hasTarget)
    assert str(target) == f"{annotation}#target"
    source = g.value(target, OA.hasSource)
    assert source == span_iri(owner, "title")
    assert g.value(source, C4O.hasContent) == Literal(span.text)
    selectors = set(g.objects(target, OA.hasSelector))
    pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
    start, end = g.value(pos, OA.start).toPython(), g.value(pos, OA.end).toPython()
    assert span.text[start:end] == str(g.value(quote, OA.exact)) == "Kazakhstan"
    assert g.value(pos, OA.start).datatype == XSD.integer
    assert (owner, DCTERMS.subject, URIRef(KZ)) in g
    assert not [t for t in g if any(isinstance(x, BNode) for x in t)]


def test_mapping_mention_outside_span_is_skipped_with_warning() -> None:
    run = ExtractionRun("x", "1")
    span = TextSpan("title", "title", "short")
    bad = Mention(2, 50, "REGION", "x", KZ, "x")
    with pytest.warns(UserWarning, match="BRI-W301"):
        _, g = mention_graph(run, [("https://w3id.org/bri-kg/br/0", span, [bad])])
    assert g.value(None, RDF.type, OA.Annotation) is None


def test_mapping_run_identity() -> None:
    a = ExtractionRun("ruler", "1", "m", "o").iri()
    assert a == ExtractionRun("ruler", "1", "m", "o").iri()
    assert a != ExtractionRun("ruler", "1", "m2", "o").iri()


def test_mapping_one_spelling_per_agent_and_venue() -> None:
    def work(sha: str, given: str, venue: str, title: str) -> Work:
        csl = {
            "type": "article-journal",
            "title": title,
            "author": [{"family": "Koch", "given": given}],
            "issued": {"date-parts": [[2013]]},
            "container-title": venue,
        }
        return Work(csl, Source(f"{sha}.json", "crossref-json", sha * 64))

    works = [
        work("3", "N.", "Eurasian Geography & Economics", "First study of geopolitics"),
        work("4", "Natalie", "Eurasian geography and economics", "Second study of resources"),
    ]
    graphs = corpus_graphs(works, resolve(works))
    union = _union(graphs)
    assert {str(o) for o in union.objects(None, FOAF.givenName)} == {"Natalie"}
    assert {str(o) for o in union.objects(None, FOAF.familyName)} == {"Koch"}
    venues = set(union.objects(None, FRBR.partOf))
    assert len(venues) == 1
    assert len(set(union.objects(venues.pop(), DCTERMS.title))) == 1


def test_mapping_work_read_twice_keeps_one_reference_list() -> None:
    def copy(sha: str, raw: str) -> Work:
        csl = {
            "type": "article-journal",
            "title": "Same work",
            "DOI": "10.1080/same",
            "issued": {"date-parts": [[2020]]},
        }
        ref = Reference(
            raw,
            1,
            {
                "title": "Cited work title here",
                "issued": {"date-parts": [[2010]]},
                "author": [{"family": "X"}],
            },
        )
        return Work(csl, Source(f"{sha}.json", "crossref-json", sha * 64), [ref])

    works = [copy("5", "first printing"), copy("6", "second printing")]
    resolution = resolve(works)
    assert resolution.work_nodes[0] == resolution.work_nodes[1]
    with pytest.warns(UserWarning, match="BRI-W302"):
        graphs = corpus_graphs(works, resolution)
    union = _union(graphs)
    ref = reference_iri(resolution.work_nodes[0], 1)
    assert [str(o) for o in union.objects(ref, C4O.hasContent)] == ["first printing"]
    for evidence in union.subjects(RDF.type, BRIO.MatchEvidence):
        assert len(set(union.objects(evidence, BRIO.matchMethod))) == 1


def test_mapping_repeated_position_keeps_the_first() -> None:
    refs = [Reference("one", 1, {}), Reference("again one", 1, {})]
    work = Work(
        {"title": "W", "issued": {"date-parts": [[2020]]}}, Source("w", "crossref-json", "7" * 64), refs
    )
    resolution = resolve([work])
    with pytest.warns(UserWarning, match="BRI-W303"):
        graphs = corpus_graphs([work], resolution)
    contents = [
        str(o) for o in _union(graphs).objects(reference_iri(resolution.work_nodes[0], 1), C4O.hasContent)
    ]
    assert contents == ["one"]
