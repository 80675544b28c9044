"""Closed vocabularies (rdflib DefinedNamespace, ``_fail=True``) for the terms bri-kg emits and queries."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

__all__ = [
    "BIRO",
    "BRIO",
    "C4O",
    "CITO",
    "DATACITE",
    "DCTERMS",
    "DEO",
    "DOCO",
    "FABIO",
    "FOAF",
    "FRBR",
    "ITSRDF",
    "LITERAL",
    "OA",
    "OCO",
    "OWL",
    "PREFIXES",
    "PRISM",
    "PRO",
    "PROV",
    "RDF",
    "RDFS",
    "RDF_TYPE",
    "SKOS",
    "WD",
    "XSD",
]


class CITO(DefinedNamespace):
    """Citation Typing Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/cito/")
    Citation: URIRef
    cites: URIRef
    hasCitingEntity: URIRef
    hasCitedEntity: URIRef
    hasCitationCreationDate: URIRef
    hasCitationTimeSpan: URIRef


class FABIO(DefinedNamespace):
    """FRBR-aligned Bibliographic Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/fabio/")
    Expression: URIRef
    Manifestation: URIRef
    DigitalManifestation: URIRef
    JournalArticle: URIRef
    BookChapter: URIRef
    Book: URIRef
    ReportDocument: URIRef
    WebContent: URIRef
    DataFile: URIRef
    ConferencePaper: URIRef
    ThesisDocument: URIRef
    NewspaperArticle: URIRef
    Journal: URIRef
    JournalVolume: URIRef
    JournalIssue: URIRef
    Newspaper: URIRef
    SubjectTerm: URIRef
    hasSequenceIdentifier: URIRef
    hasSubjectTerm: URIRef


class BIRO(DefinedNamespace):
    """Bibliographic Reference Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/biro/")
    BibliographicReference: URIRef
    references: URIRef


class C4O(DefinedNamespace):
    """Citation Counting and Context Characterisation Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/c4o/")
    hasContent: URIRef


class DATACITE(DefinedNamespace):
    """DataCite Ontology: identifiers and their schemes."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/datacite/")
    Identifier: URIRef
    hasIdentifier: URIRef
    usesIdentifierScheme: URIRef
    doi: URIRef
    orcid: URIRef
    url: URIRef
    issn: URIRef
    isbn: URIRef
    wikidata: URIRef


class PRO(DefinedNamespace):
    """Publishing Roles Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/pro/")
    RoleInTime: URIRef
    withRole: URIRef
    isHeldBy: URIRef
    isDocumentContextFor: URIRef
    relatesToOrganization: URIRef
    author: URIRef
    editor: URIRef
    publisher: URIRef


class PRISM(DefinedNamespace):
    """PRISM basic vocabulary 2.0."""

    _fail = True
    _NS = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
    publicationDate: URIRef
    startingPage: URIRef
    endingPage: URIRef
    volume: URIRef
    issueIdentifier: URIRef


class FRBR(DefinedNamespace):
    """FRBR core."""

    _fail = True
    _NS = Namespace("http://purl.org/vocab/frbr/core#")
    part: URIRef
    partOf: URIRef
    embodiment: URIRef
    exemplar: URIRef


class LITERAL(DefinedNamespace):
    """Literal Reification ontology."""

    _fail = True
    _NS = Namespace("http://www.essepuntato.it/2010/06/literalreification/")
    hasLiteralValue: URIRef


class OCO(DefinedNamespace):
    """OpenCitations Ontology."""

    _fail = True
    _NS = Namespace("https://w3id.org/oc/ontology/")
    hasNext: URIRef


class DEO(DefinedNamespace):
    """Discourse Elements Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/deo/")
    DiscourseElement: URIRef


class DOCO(DefinedNamespace):
    """Document Components Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/doco/")
    Title: URIRef
    Abstract: URIRef
    Section: URIRef
    Paragraph: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")
    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    motivatedBy: URIRef
    identifying: URIRef
    tagging: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


class ITSRDF(DefinedNamespace):
    """W3C Internationalization Tag Set 2.0 RDF terms."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    taConfidence: URIRef
    taIdentRef: URIRef
    taClassRef: URIRef


class BRIO(DefinedNamespace):
    """The bri-kg project ontology (ontology/brio.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/bri-kg/ontology#")
    Actor: URIRef
    Policy: URIRef
    Region: URIRef
    Topic: URIRef
    EntityMention: URIRef
    MatchEvidence: URIRef
    Keywords: URIRef
    ReferenceTitle: URIRef
    Keyphrase: URIRef
    Candidate: URIRef
    Recognition: URIRef
    isSeed: URIRef
    position: URIRef
    parsedCsl: URIRef
    parseConfidence: URIRef
    spanKey: URIRef
    entityLabel: URIRef
    nerLabel: URIRef
    extractor: URIRef
    ontologyVersion: URIRef
    model: URIRef
    about: URIRef
    member: URIRef
    matchMethod: URIRef
    matchScore: URIRef
    matchKey: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    iso3166_2: URIRef
    m49Code: URIRef
    keyphrase: URIRef
    count: URIRef
    suggestedFacet: URIRef
    context: URIRef


WD = Namespace("http://www.wikidata.org/entity/")

#: ``rdf:type``, the most written predicate; rdflib builds a new URIRef on every ``RDF.type``.
RDF_TYPE = RDF.type


def _materialise(*namespaces: type[DefinedNamespace]) -> None:
    """Store each declared term on its class: a DefinedNamespace builds (and validates) a new URIRef on
    every attribute access, about 3 µs, and a large build reads these attributes millions of times."""
    for namespace in namespaces:
        for name in namespace.__annotations__:
            if not name.startswith("_"):
                setattr(namespace, name, namespace._NS[name])


_materialise(BIRO, BRIO, C4O, CITO, DATACITE, DEO, DOCO, FABIO, FRBR, ITSRDF, LITERAL, OA, OCO, PRISM, PRO)

#: Prefix -> namespace for serialisation and for the PREFIX lines of queries.
PREFIXES: dict[str, str] = {
    "biro": str(BIRO._NS),
    "brio": str(BRIO._NS),
    "c4o": str(C4O._NS),
    "cito": str(CITO._NS),
    "datacite": str(DATACITE._NS),
    "dcterms": str(DCTERMS._NS),
    "deo": str(DEO._NS),
    "doco": str(DOCO._NS),
    "fabio": str(FABIO._NS),
    "foaf": str(FOAF._NS),
    "frbr": str(FRBR._NS),
    "itsrdf": str(ITSRDF._NS),
    "literal": str(LITERAL._NS),
    "oa": str(OA._NS),
    "oco": str(OCO._NS),
    "owl": str(OWL._NS),
    "prism": str(PRISM._NS),
    "pro": str(PRO._NS),
    "prov": str(PROV._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "skos": str(SKOS._NS),
    "wd": str(WD),
    "xsd": str(XSD._NS),
}
