"""Models to RDF: one set of triples per source file, the resolution graph and one graph per extraction run.

The exact conventions are fixed in docs/DATA_MODEL.md. Every node is described once, in its home graph
(the citing work's source, or else the first source that cites it), so the union of the graphs has no
duplicate descriptions; venues and agents shared by several sources may repeat, identically.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef

from bri_kg.models import Mention, TextSpan, Work
from bri_kg.rdf import iris
from bri_kg.rdf.iris import DEFAULT_BASE
from bri_kg.rdf.namespaces import (
    BIRO,
    BRIO,
    C4O,
    CITO,
    DATACITE,
    DCTERMS,
    DEO,
    DOCO,
    FABIO,
    FOAF,
    FRBR,
    ITSRDF,
    LITERAL,
    OA,
    OCO,
    PRISM,
    PRO,
    PROV,
    RDF,
    RDF_TYPE,
    RDFS,
    XSD,
)
from bri_kg.rdf.triples import Triples
from bri_kg.resolve.identity import KNOWN_PREFIX, Resolution
from bri_kg.resolve.keys import normalize_doi, normalize_text
from bri_kg.resolve.persons import PERSON_KEY

__all__ = [
    "ExtractionRun",
    "add_keyphrases",
    "candidate_graph",
    "corpus_graphs",
    "evidence_graph_iri",
    "mention_graph",
    "new_graph",
    "node_iri",
    "span_owner",
    "work_spans",
]

#: CSL (and Crossref) item types -> FaBiO expression class.
WORK_CLASSES: dict[str, URIRef] = {
    "article-journal": FABIO.JournalArticle,
    "journal-article": FABIO.JournalArticle,
    "article-magazine": FABIO.JournalArticle,
    "chapter": FABIO.BookChapter,
    "book-chapter": FABIO.BookChapter,
    "book": FABIO.Book,
    "monograph": FABIO.Book,
    "edited-book": FABIO.Book,
    "report": FABIO.ReportDocument,
    "webpage": FABIO.WebContent,
    "post-weblog": FABIO.WebContent,
    "dataset": FABIO.DataFile,
    "paper-conference": FABIO.ConferencePaper,
    "proceedings-article": FABIO.ConferencePaper,
    "thesis": FABIO.ThesisDocument,
    "dissertation": FABIO.ThesisDocument,
    "article-newspaper": FABIO.NewspaperArticle,
}
_VENUE_CLASSES: dict[URIRef, URIRef] = {
    FABIO.BookChapter: FABIO.Book,
    FABIO.ConferencePaper: FABIO.Book,
    FABIO.NewspaperArticle: FABIO.Newspaper,
}
_SPAN_CLASSES = {
    "title": DOCO.Title,
    "translated-title": DOCO.Title,
    "abstract": DOCO.Abstract,
    "keywords": BRIO.Keywords,
    "reference-title": BRIO.ReferenceTitle,
}
_DOUBLE = ox.NamedNode(str(XSD.double))
_SAFE_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_REF_SPAN = re.compile(r"^ref:(\d+):")
_QUOTE_CONTEXT = 32


@dataclass(frozen=True, slots=True)
class ExtractionRun:
    """One entity-extraction run; its identity is (name, version, model, ontology version)."""

    name: str
    version: str
    model: str = ""
    ontology_version: str = ""

    def iri(self, *, base: str = DEFAULT_BASE) -> URIRef:
        """``run:{h}``."""
        return iris.run_iri(self.name, self.version, self.model, self.ontology_version, base=base)


def node_iri(key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a work node: minted from its key, or given (``iri:...``) for a node already in a store."""
    if key.startswith(KNOWN_PREFIX):
        return URIRef(key[len(KNOWN_PREFIX) :])
    return iris.work_iri(key, base=base)


def evidence_graph_iri(sha256: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``graph:resolution/{first 16 hex of the source's SHA-256}``: the merge evidence of one source's members."""
    return iris.graph_iri(f"resolution/{sha256[:16].lower()}", base=base)


def new_graph(identifier: str) -> Triples:
    """An empty set of triples named ``identifier`` (``.graph()`` turns it into an rdflib Graph)."""
    return Triples(identifier)


def _text(value: Any) -> str:
    # Lone surrogates (from broken decoders) cannot be stored; everything else stays exactly as given.
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _lit(value: Any) -> Literal:
    return Literal(_text(value))


def _double(value: float) -> ox.Literal:
    """An xsd:double in Oxigraph's canonical form ("1", not "1.0"), so a rebuild diffs to nothing."""
    number = float(value)
    lexical = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return ox.Literal(lexical, datatype=_DOUBLE)


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def _date_literal(csl: Mapping[str, Any]) -> Literal | None:
    parts = ((csl.get("issued") or {}).get("date-parts") or [[]])[0]
    try:
        numbers = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return None
    if not numbers or not 1 <= numbers[0] <= 9999:
        return None
    if len(numbers) >= 3 and 1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31:
        return Literal(f"{numbers[0]:04d}-{numbers[1]:02d}-{numbers[2]:02d}", datatype=XSD.date)
    if len(numbers) >= 2 and 1 <= numbers[1] <= 12:
        return Literal(f"{numbers[0]:04d}-{numbers[1]:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{numbers[0]:04d}", datatype=XSD.gYear)


def _year_literal(csl: Mapping[str, Any]) -> Literal | None:
    date = _date_literal(csl)
    return None if date is None else Literal(str(date)[:4], datatype=XSD.gYear)


def _initials(given: str) -> str:
    return "".join(part[0] for part in normalize_text(given).split())


def _agent_key(name: Mapping[str, Any]) -> str | None:
    if name.get(PERSON_KEY):  # resolved across works by bri_kg.resolve.persons
        return str(name[PERSON_KEY])
    literal = name.get("literal") or name.get("name")
    family, given = name.get("family") or "", name.get("given") or ""
    orcid = str(name.get("ORCID") or "").rstrip("/").rsplit("/", 1)[-1]
    if orcid:
        return f"orcid:{orcid}"
    if literal and not family:
        return f"org:{normalize_text(literal)}"
    if family:
        return f"person:{normalize_text(family)}|{_initials(given)}"
    return None


@dataclass(slots=True)
class _Canon:
    """One spelling per agent and venue, so that 'N. Koch' and 'Natalie Koch' give one given name."""

    agents: dict[str, Mapping[str, Any]]
    venues: dict[str, str]
    # IRI -> the spelling a store already holds ("family"/"given", "title"): an added source repeats it.
    stored: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, csls: Iterable[Mapping[str, Any]]) -> _Canon:
        agents: dict[str, Mapping[str, Any]] = {}
        venues: dict[str, str] = {}
        for csl in csls:
            for name in [*(csl.get("author") or []), *(csl.get("editor") or [])]:
                key = _agent_key(name) if isinstance(name, Mapping) else None
                # The fullest given name wins; among equals the first seen (citing works come first).
                if key and len(str(name.get("given") or "")) > len(
                    str(agents.get(key, {}).get("given") or "")
                ):
                    agents[key] = name
                elif key:
                    agents.setdefault(key, name)
            container = _first(csl.get("container-title"))
            if normalize_text(container):
                venues.setdefault(normalize_text(container), container)
        return cls(agents, venues)


def _agent(graph: Triples, name: Mapping[str, Any], base: str, canon: _Canon) -> URIRef | None:
    key = _agent_key(name)
    if key is None:
        return None
    agent = iris.agent_iri(key, base=base)
    name = canon.stored.get(str(agent)) or canon.agents.get(key, name)
    literal = name.get("literal") or name.get("name")
    family, given = name.get("family") or "", name.get("given") or ""
    orcid = key.removeprefix("orcid:") if key.startswith("orcid:") else ""
    graph.add((agent, RDF_TYPE, FOAF.Agent))
    if literal and not family:
        graph.add((agent, RDF_TYPE, FOAF.Organization))
        graph.add((agent, FOAF.name, _lit(literal)))
    else:
        graph.add((agent, RDF_TYPE, FOAF.Person))
        graph.add((agent, FOAF.familyName, _lit(family)))
        if given:
            graph.add((agent, FOAF.givenName, _lit(given)))
        graph.add((agent, FOAF.name, _lit(f"{given} {family}".strip())))
    if orcid:
        ident = iris.identifier_iri("orcid", orcid, base=base)
        graph.add((agent, DATACITE.hasIdentifier, ident))
        graph.add((ident, RDF_TYPE, DATACITE.Identifier))
        graph.add((ident, DATACITE.usesIdentifierScheme, DATACITE.orcid))
        graph.add((ident, LITERAL.hasLiteralValue, _lit(orcid)))
    return agent


def _organization(graph: Triples, affiliation: Any, base: str) -> URIRef | None:
    name = affiliation.get("name") if isinstance(affiliation, Mapping) else affiliation
    if not name or not normalize_text(str(name)):
        return None
    org = iris.agent_iri(f"org:{normalize_text(str(name))}", base=base)
    graph.add((org, RDF_TYPE, FOAF.Agent))
    graph.add((org, RDF_TYPE, FOAF.Organization))
    graph.add((org, FOAF.name, _lit(name)))
    return org


def _roles(graph: Triples, work: URIRef, key: str, csl: Mapping[str, Any], base: str, canon: _Canon) -> None:
    for role_name, role in (("author", PRO.author), ("editor", PRO.editor)):
        previous: URIRef | None = None
        n = 0
        for name in csl.get(role_name) or []:
            if not isinstance(name, Mapping):
                continue
            agent = _agent(graph, name, base, canon)
            if agent is None:
                continue
            n += 1
            ar = iris.role_iri(key, role_name, n, base=base)
            graph.add((work, PRO.isDocumentContextFor, ar))
            graph.add((ar, RDF_TYPE, PRO.RoleInTime))
            graph.add((ar, PRO.withRole, role))
            graph.add((ar, PRO.isHeldBy, agent))
            for affiliation in name.get("affiliation") or []:
                org = _organization(graph, affiliation, base)
                if org is not None:
                    graph.add((ar, PRO.relatesToOrganization, org))
            if previous is not None:
                graph.add((previous, OCO.hasNext, ar))
            previous = ar


def _describe_work(graph: Triples, key: str, csl: Mapping[str, Any], base: str, canon: _Canon) -> URIRef:
    """Type, title, date, venue, manifestation, DOI and roles of one work node."""
    work = node_iri(key, base=base)
    kind = WORK_CLASSES.get(str(csl.get("type") or ""))
    graph.add((work, RDF_TYPE, FABIO.Expression))
    if kind is not None:
        graph.add((work, RDF_TYPE, kind))
    if csl.get("title"):
        graph.add((work, DCTERMS.title, _lit(csl["title"])))
    date = _date_literal(csl)
    if date is not None:
        graph.add((work, PRISM.publicationDate, date))
    if csl.get("abstract"):
        graph.add((work, DCTERMS.abstract, _lit(csl["abstract"])))
    container = _first(csl.get("container-title"))
    if normalize_text(container):
        venue = iris.venue_iri(normalize_text(container), base=base)
        graph.add((work, FRBR.partOf, venue))
        graph.add((venue, RDF_TYPE, FABIO.Expression))
        graph.add((venue, RDF_TYPE, _VENUE_CLASSES.get(kind or FABIO.Expression, FABIO.Journal)))
        title = canon.stored.get(str(venue), {}).get("title")
        graph.add(
            (venue, DCTERMS.title, _lit(title or canon.venues.get(normalize_text(container), container)))
        )
    _manifestation(graph, work, key, csl, base)
    doi = normalize_doi(csl.get("DOI"))
    if doi:
        ident = iris.identifier_iri("doi", doi, base=base)
        graph.add((work, DATACITE.hasIdentifier, ident))
        graph.add((ident, RDF_TYPE, DATACITE.Identifier))
        graph.add((ident, DATACITE.usesIdentifierScheme, DATACITE.doi))
        graph.add((ident, LITERAL.hasLiteralValue, Literal(doi)))
    _roles(graph, work, key, csl, base, canon)
    return work


def _manifestation(graph: Triples, work: URIRef, key: str, csl: Mapping[str, Any], base: str) -> None:
    page = str(csl.get("page") or "").replace("–", "-").replace("—", "-")
    first, _, last = (p.strip() for p in page.partition("-"))
    url = str(csl.get("URL") or "").strip()
    facts = [
        (PRISM.startingPage, first),
        (PRISM.endingPage, last),
        (PRISM.volume, str(csl.get("volume") or "").strip()),
        (PRISM.issueIdentifier, str(csl.get("issue") or "").strip()),
    ]
    facts = [(p, v) for p, v in facts if v]
    exemplar = URIRef(url) if _SAFE_URL.match(url) else None
    if not facts and exemplar is None:
        return
    manifestation = iris.manifestation_iri(key, base=base)
    graph.add((work, FRBR.embodiment, manifestation))
    graph.add((manifestation, RDF_TYPE, FABIO.Manifestation))
    for predicate, value in facts:
        graph.add((manifestation, predicate, _lit(value)))
    if exemplar is not None:
        graph.add((manifestation, FRBR.exemplar, exemplar))


def work_spans(work: Work) -> list[TextSpan]:
    """The text spans of a work that entity extraction analyses, with their stable keys.

    Title, abstract and keywords of the work; title and translated title of each reference
    ("ref:{position}:title", "ref:{position}:translated-title"). Keys are unique within the work.
    """
    spans: list[TextSpan] = []
    if work.csl.get("title"):
        spans.append(TextSpan("title", "title", _text(work.csl["title"])))
    if work.csl.get("abstract"):
        spans.append(TextSpan("abstract", "abstract", _text(work.csl["abstract"])))
    keywords = work.csl.get("keyword") or work.csl.get("subject")
    if isinstance(keywords, list):
        keywords = "; ".join(str(k) for k in keywords if k)
    if keywords:
        spans.append(TextSpan("keywords", "keywords", _text(keywords)))
    for ref in work.references:
        if ref.csl.get("title"):
            spans.append(TextSpan(f"ref:{ref.position}:title", "reference-title", _text(ref.csl["title"])))
        if ref.csl.get("translated-title"):
            spans.append(
                TextSpan(
                    f"ref:{ref.position}:translated-title",
                    "translated-title",
                    _text(ref.csl["translated-title"]),
                )
            )
    return spans


def span_owner(work_node_key: str, span_key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI that owns a span: the reference ``be:`` for "ref:{n}:..." keys, else the work ``br:``."""
    match = _REF_SPAN.match(span_key)
    if match:
        return iris.reference_iri(work_node_key, int(match.group(1)), base=base)
    return node_iri(work_node_key, base=base)


def _span(graph: Triples, owner: URIRef, span: TextSpan, base: str) -> URIRef:
    node = iris.span_iri(owner, span.key, base=base)
    cls = BRIO.ReferenceTitle if _REF_SPAN.match(span.key) else _SPAN_CLASSES.get(span.kind)
    graph.add((owner, FRBR.part, node))
    graph.add((node, RDF_TYPE, DEO.DiscourseElement))
    if cls is not None:
        graph.add((node, RDF_TYPE, cls))
    graph.add((node, C4O.hasContent, _lit(span.text)))
    graph.add((node, BRIO.spanKey, _lit(span.key)))
    return node


def _home_graphs(works: list[Work], resolution: Resolution, base: str) -> dict[str, URIRef]:
    """Node key -> the source graph that describes it (citing work's source first, then first citer)."""
    homes: dict[str, URIRef] = {}
    for i, key in enumerate(resolution.work_nodes):
        homes.setdefault(key, iris.source_graph_iri(works[i].source.sha256, base=base))
    for (i, _), key in sorted(resolution.reference_nodes.items()):
        homes.setdefault(key, iris.source_graph_iri(works[i].source.sha256, base=base))
    return homes


def corpus_graphs(
    works: list[Work],
    resolution: Resolution,
    *,
    seed_index: int | None = None,
    spans: Mapping[int, Iterable[TextSpan]] | None = None,
    evidence_per_source: bool = False,
    stored_names: Mapping[str, Mapping[str, str]] | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Triples]:
    """One graph per source file plus ``graph:resolution``, keyed by graph IRI.

    ``evidence_per_source`` puts the evidence of each source's members in ``graph:resolution/{h}``
    instead (see :func:`evidence_graph_iri`), so that an incremental store can add and drop sources.
    ``stored_names`` (IRI -> spelling, from :func:`bri_kg.resolve.stored_names`) makes agents and venues a
    store already holds come out spelt as there, so that their repeated descriptions stay identical.

    Text spans are normally recorded by :func:`mention_graph` (the spans a run analysed); ``spans``
    (work index -> spans, e.g. from :func:`work_spans`) records them in the source graphs instead.
    """
    graphs: dict[str, Triples] = {}

    def graph_for(iri: URIRef) -> Triples:
        if str(iri) not in graphs:
            graphs[str(iri)] = new_graph(str(iri))
        return graphs[str(iri)]

    homes = _home_graphs(works, resolution, base)
    canon = _Canon.of(node.csl for node in resolution.nodes.values())
    canon.stored = stored_names or {}
    for key, node in resolution.nodes.items():
        if key in homes and not node.known:  # a store node is described in its own home graph already
            _describe_work(graph_for(homes[key]), key, node.csl, base, canon)
    with_references: dict[str, int] = {}
    for i, work in enumerate(works):
        graph = graph_for(iris.source_graph_iri(work.source.sha256, base=base))
        key = resolution.work_nodes[i]
        citing = node_iri(key, base=base)
        if i == seed_index:
            graph.add((citing, BRIO.isSeed, Literal(True)))
        year = _year_literal(work.csl)
        if work.references and with_references.setdefault(key, i) != i:
            # The same work read twice (two exports): its reference IRIs are keyed by (work, position),
            # so a second list would give each reference two contents. Keep the first list.
            warnings.warn(
                f"[BRI-W302] {work.source.path}: the reference list of {work.title[:60]!r} duplicates that of "
                f"work {with_references[key]} ({works[with_references[key]].source.path}); kept the first",
                stacklevel=2,
            )
            continue
        positions: set[int] = set()
        for ref in work.references:
            if ref.position in positions:
                warnings.warn(
                    f"[BRI-W303] {work.source.path}: reference position {ref.position} repeats in "
                    f"{work.title[:60]!r}; kept the first",
                    stacklevel=2,
                )
                continue
            positions.add(ref.position)
            _reference(graph, citing, key, ref, resolution.reference_nodes.get((i, ref.position)), year, base)
        for span in (spans or {}).get(i, ()):
            _span(graph, span_owner(key, span.key, base=base), span, base)
    if not evidence_per_source:
        graphs[str(iris.resolution_graph_iri(base=base))] = _evidence_graph(resolution, base)
        return graphs
    for sha in dict.fromkeys(work.source.sha256 for work in works):
        members = {i for i, work in enumerate(works) if work.source.sha256 == sha}
        name = str(evidence_graph_iri(sha, base=base))
        graphs[name] = _evidence_graph(resolution, base, members=members, name=name)
    return graphs


def _ox(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


# The per-reference triples are the bulk of a large build: they are written with pyoxigraph terms, which
# cost a tenth of rdflib's to build (Triples.graph() turns them back into rdflib terms).
_A = _ox(RDF_TYPE)
_PART, _CONTENT, _POSITION = _ox(FRBR.part), _ox(C4O.hasContent), _ox(BRIO.position)
_PARSED, _CONFIDENCE, _JSON = _ox(BRIO.parsedCsl), _ox(BRIO.parseConfidence), _ox(RDF.JSON)
_REFERENCE, _REFERENCES = _ox(BIRO.BibliographicReference), _ox(BIRO.references)
_CITES, _CITATION = _ox(CITO.cites), _ox(CITO.Citation)
_CITING, _CITED, _CREATED = (
    _ox(CITO.hasCitingEntity),
    _ox(CITO.hasCitedEntity),
    _ox(CITO.hasCitationCreationDate),
)
_EVIDENCE, _ABOUT, _MEMBER = _ox(BRIO.MatchEvidence), _ox(BRIO.about), _ox(BRIO.member)
_METHOD, _SCORE, _KEY = _ox(BRIO.matchMethod), _ox(BRIO.matchScore), _ox(BRIO.matchKey)
_INTEGER = _ox(XSD.integer)


def _reference(
    graph: Triples,
    citing: URIRef,
    citing_key: str,
    ref: Any,
    cited_key: str | None,
    year: Literal | None,
    base: str,
) -> None:
    be = _ox(iris.reference_iri(citing_key, ref.position, base=base))
    citing_node = _ox(citing)
    graph.add((citing_node, _PART, be))
    graph.add((be, _A, _REFERENCE))
    graph.add((be, _CONTENT, ox.Literal(_text(ref.raw))))
    graph.add((be, _POSITION, ox.Literal(str(int(ref.position)), datatype=_INTEGER)))
    parsed = json.dumps(ref.csl, sort_keys=True, ensure_ascii=False, default=str)
    graph.add((be, _PARSED, ox.Literal(_text(parsed), datatype=_JSON)))
    graph.add((be, _CONFIDENCE, _double(ref.confidence)))
    if cited_key is None:
        return
    cited = node_iri(cited_key, base=base)
    cited_node = _ox(cited)
    graph.add((be, _REFERENCES, cited_node))
    graph.add((citing_node, _CITES, cited_node))
    citation = _ox(iris.citation_iri(citing, cited, base=base))
    graph.add((citation, _A, _CITATION))
    graph.add((citation, _CITING, citing_node))
    graph.add((citation, _CITED, cited_node))
    if year is not None:
        graph.add((citation, _CREATED, ox.Literal(str(year), datatype=_ox(year.datatype))))


def _evidence_graph(
    resolution: Resolution, base: str, *, members: set[int] | None = None, name: str | None = None
) -> Triples:
    graph = new_graph(name or str(iris.resolution_graph_iri(base=base)))
    for ev in resolution.evidence:
        work, position = ev.member
        if members is not None and work not in members:
            continue
        citing_key = resolution.work_nodes[work]
        member = (
            node_iri(citing_key, base=base)
            if position is None
            else iris.reference_iri(citing_key, position, base=base)
        )
        node = _ox(iris.evidence_iri(ev.node, member, base=base))
        if (node, _A, _EVIDENCE) in graph:
            continue  # a work read twice: its members' evidence is recorded once, the first time
        graph.add((node, _A, _EVIDENCE))
        graph.add((node, _ABOUT, _ox(node_iri(ev.node, base=base))))
        graph.add((node, _MEMBER, _ox(member)))
        graph.add((node, _METHOD, ox.Literal(ev.method)))
        graph.add((node, _SCORE, _double(ev.score)))
        graph.add((node, _KEY, ox.Literal(_text(ev.key))))
    return graph


def _run(graph: Triples, run: ExtractionRun, base: str) -> URIRef:
    node = run.iri(base=base)
    agent = iris.software_agent_iri(run.name, run.version, base=base)
    graph.add((node, RDF_TYPE, PROV.Activity))
    graph.add((node, PROV.wasAssociatedWith, agent))
    graph.add((agent, RDF_TYPE, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, _lit(f"{run.name} {run.version}")))
    if run.model:
        graph.add((node, BRIO.model, _lit(run.model)))
    if run.ontology_version:
        graph.add((node, BRIO.ontologyVersion, _lit(run.ontology_version)))
    return node


def mention_graph(
    run: ExtractionRun,
    items: Iterable[tuple[str, TextSpan, list[Mention]]],
    *,
    base: str = DEFAULT_BASE,
) -> tuple[str, Triples]:
    """``graph:run/{h}``: the run, the text spans it analysed, their mentions, and ``dcterms:subject``.

    ``items`` are (owner IRI, span, mentions); every span is recorded (``de:``, linked from its owner by
    ``frbr:part``) even without mentions, so offsets always refer to text in the graph. Mentions whose
    offsets do not fit the span text are skipped with a ``[BRI-W301]`` warning.
    """
    run_node = run.iri(base=base)
    name = str(iris.run_graph_iri(run_node, base=base))
    graph = new_graph(name)
    _run(graph, run, base)
    for owner, span, mentions in items:
        span_node = _span(graph, URIRef(owner), span, base)
        for mention in mentions:
            if not 0 <= mention.start < mention.end <= len(span.text):
                warnings.warn(
                    f"[BRI-W301] mention {mention.text!r} [{mention.start}:{mention.end}] lies outside "
                    f"span {span.key!r} of {owner} ({len(span.text)} characters); skipped",
                    stacklevel=2,
                )
                continue
            _mention(graph, URIRef(owner), span_node, span.text, mention, run_node, base)
    return name, graph


def _mention(
    graph: Triples, owner: URIRef, span: URIRef, text: str, mention: Mention, run: URIRef, base: str
) -> None:
    concept = URIRef(mention.concept)
    node = iris.mention_iri(span, mention.start, mention.end, mention.concept, run, base=base)
    target = iris.mention_part_iri(node, "target")
    pos = iris.mention_part_iri(node, "pos")
    quote = iris.mention_part_iri(node, "quote")
    graph.add((node, RDF_TYPE, OA.Annotation))
    graph.add((node, RDF_TYPE, BRIO.EntityMention))
    graph.add((node, OA.motivatedBy, OA.identifying))
    graph.add((node, OA.hasBody, concept))
    graph.add((node, OA.hasTarget, target))
    graph.add((node, BRIO.entityLabel, Literal(mention.label)))
    graph.add((node, ITSRDF.taConfidence, _double(mention.confidence)))
    if mention.extractor:
        graph.add((node, BRIO.extractor, _lit(mention.extractor)))
    if mention.ner_label:
        graph.add((node, BRIO.nerLabel, _lit(mention.ner_label)))
    graph.add((node, PROV.wasGeneratedBy, run))
    graph.add((target, RDF_TYPE, OA.SpecificResource))
    graph.add((target, OA.hasSource, span))
    graph.add((target, OA.hasSelector, pos))
    graph.add((target, OA.hasSelector, quote))
    graph.add((pos, RDF_TYPE, OA.TextPositionSelector))
    graph.add((pos, OA.start, Literal(mention.start, datatype=XSD.integer)))
    graph.add((pos, OA.end, Literal(mention.end, datatype=XSD.integer)))
    graph.add((quote, RDF_TYPE, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, _lit(text[mention.start : mention.end])))
    graph.add((quote, OA.prefix, _lit(text[max(0, mention.start - _QUOTE_CONTEXT) : mention.start])))
    graph.add((quote, OA.suffix, _lit(text[mention.end : mention.end + _QUOTE_CONTEXT])))
    graph.add((owner, DCTERMS.subject, concept))


def add_keyphrases(
    graph: Triples, work: str, phrases: Iterable[tuple[str, str | None]], *, base: str = DEFAULT_BASE
) -> None:
    """A work's keyphrases, given as (text, TOPIC concept IRI or None), into ``graph``.

    A phrase that maps to a TOPIC concept becomes ``dcterms:subject`` that concept; a free one a
    ``brio:Keyphrase`` node (labelled with the normalised phrase, so every source describes it alike)
    linked from the work by ``brio:keyphrase``.
    """
    owner = URIRef(work)
    for text, concept in phrases:
        if concept:
            graph.add((owner, DCTERMS.subject, URIRef(concept)))
            continue
        key = iris.phrase_key(text)
        if not key:
            continue
        node = iris.keyphrase_iri(key, base=base)
        graph.add((node, RDF_TYPE, BRIO.Keyphrase))
        graph.add((node, RDFS.label, _lit(key)))
        graph.add((owner, BRIO.keyphrase, node))


def candidate_graph(candidates: Iterable[Any], *, base: str = DEFAULT_BASE, max_contexts: int = 3) -> Triples:
    """``graph:candidates``: the unlinked entity candidates of the statistical model (``brio:Candidate``)."""
    graph = new_graph(str(iris.graph_iri("candidates", base=base)))
    for candidate in candidates:
        node = iris.candidate_iri(candidate.text, base=base)
        graph.add((node, RDF_TYPE, BRIO.Candidate))
        graph.add((node, RDFS.label, _lit(candidate.text)))
        graph.add((node, BRIO.nerLabel, _lit(candidate.ner_label)))
        graph.add((node, BRIO["count"], Literal(int(candidate.count), datatype=XSD.integer)))
        graph.add((node, BRIO.suggestedFacet, _lit(candidate.suggested_facet)))
        for context in list(candidate.contexts)[:max_contexts]:
            graph.add((node, BRIO.context, _lit(context)))
    return graph
