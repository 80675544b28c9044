"""Build tiny pyoxigraph stores that follow docs/DATA_MODEL.md, for the network and render tests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

__all__ = ["KG", "XSS_IMG", "XSS_SCRIPT", "affiliated_store", "one_citing_store", "small_store"]

B = "https://w3id.org/bri-kg/"
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "biro": "http://purl.org/spar/biro/",
    "c4o": "http://purl.org/spar/c4o/",
    "cito": "http://purl.org/spar/cito/",
    "datacite": "http://purl.org/spar/datacite/",
    "dcterms": "http://purl.org/dc/terms/",
    "deo": "http://purl.org/spar/deo/",
    "doco": "http://purl.org/spar/doco/",
    "fabio": "http://purl.org/spar/fabio/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "frbr": "http://purl.org/vocab/frbr/core#",
    "literal": "http://www.essepuntato.it/2010/06/literalreification/",
    "oa": "http://www.w3.org/ns/oa#",
    "oco": "https://w3id.org/oc/ontology/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "pro": "http://purl.org/spar/pro/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "brio": "https://w3id.org/bri-kg/ontology#",
}
# Payloads that set window.__xss (and open a dialog) if the page ever interprets them as HTML.
XSS_SCRIPT = "<script>window.__xss=1;alert(1)</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss=1;alert('x')\">"


def _h(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _u(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(NS[prefix] + local)


def iri(kind: str, key: str) -> str:
    """The model's IRI of a thing of ``kind`` (br, be, ra, ...) for ``key``."""
    return f"{B}{kind}/{_h(key)}"


@dataclass
class KG:
    """Adds model-conformant triples to a pyoxigraph store, one source graph per call site."""

    store: ox.Store = field(default_factory=ox.Store)
    graph: str = B + "graph/source/test"

    def _add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        obj = ox.NamedNode(o) if isinstance(o, str) else o
        self.store.add(ox.Quad(ox.NamedNode(s), _u(p), obj, ox.NamedNode(self.graph)))

    def work(
        self,
        key: str,
        title: str,
        year: int,
        *,
        doi: str | None = None,
        authors: tuple[tuple[str, str], ...] = (),
    ) -> str:
        """A work node with title, year, optional DOI and ordered authors (family, given)."""
        w = iri("br", key)
        self._add(w, "rdf:type", NS["fabio"] + "Expression")
        self._add(w, "rdf:type", NS["fabio"] + "JournalArticle")
        self._add(w, "dcterms:title", ox.Literal(title))
        self._add(w, "prism:publicationDate", ox.Literal(str(year), datatype=_u("xsd:gYear")))
        if doi:
            ident = iri("id", f"doi:{doi}")
            self._add(w, "datacite:hasIdentifier", ident)
            self._add(ident, "rdf:type", NS["datacite"] + "Identifier")
            self._add(ident, "datacite:usesIdentifierScheme", NS["datacite"] + "doi")
            self._add(ident, "literal:hasLiteralValue", ox.Literal(doi.lower()))
        previous = None
        for n, (family, given) in enumerate(authors):
            role = iri("ar", f"{key}|author|{n}")
            agent = iri("ra", f"person:{family}|{given[:1]}")
            self._add(w, "pro:isDocumentContextFor", role)
            self._add(role, "rdf:type", NS["pro"] + "RoleInTime")
            self._add(role, "pro:withRole", NS["pro"] + "author")
            self._add(role, "pro:isHeldBy", agent)
            self._add(agent, "rdf:type", NS["foaf"] + "Person")
            self._add(agent, "foaf:familyName", ox.Literal(family))
            self._add(agent, "foaf:givenName", ox.Literal(given))
            self._add(agent, "foaf:name", ox.Literal(f"{given} {family}"))
            if previous:
                self._add(previous, "oco:hasNext", role)
            previous = role
        return w

    def organisation_author(self, work: str, key: str, name: str) -> None:
        """Make organisation ``name`` (foaf:name only, no family name) the first author of ``work``."""
        role = iri("ar", f"{key}|author|0")
        agent = iri("ra", f"org:{name}")
        self._add(work, "pro:isDocumentContextFor", role)
        self._add(role, "pro:withRole", NS["pro"] + "author")
        self._add(role, "pro:isHeldBy", agent)
        self._add(agent, "rdf:type", NS["foaf"] + "Organization")
        self._add(agent, "foaf:name", ox.Literal(name))

    def cite(self, citing: str, cited: str, position: int, raw: str, csl: dict | None = None) -> str:
        """A reference entry of ``citing`` resolved to ``cited``, plus the citation and its shorthand."""
        ref = iri("be", f"{citing}|{position}")
        self._add(citing, "frbr:part", ref)
        self._add(ref, "rdf:type", NS["biro"] + "BibliographicReference")
        self._add(ref, "c4o:hasContent", ox.Literal(raw))
        self._add(ref, "brio:position", ox.Literal(str(position), datatype=_u("xsd:integer")))
        self._add(ref, "biro:references", cited)
        if csl is not None:
            self._add(ref, "brio:parsedCsl", ox.Literal(json.dumps(csl), datatype=_u("rdf:JSON")))
        citation = iri("ci", f"{citing}|{cited}")
        self._add(citation, "rdf:type", NS["cito"] + "Citation")
        self._add(citation, "cito:hasCitingEntity", citing)
        self._add(citation, "cito:hasCitedEntity", cited)
        self._add(citing, "cito:cites", cited)
        return ref

    def concept(self, slug: str, facet: str, label: str) -> str:
        c = B + "concept/" + slug
        self._add(c, "rdf:type", NS["skos"] + "Concept")
        self._add(c, "rdf:type", NS["brio"] + facet)
        self._add(c, "skos:prefLabel", ox.Literal(label, language="en"))
        self._add(c, "skos:prefLabel", ox.Literal(label.upper(), language="ru"))
        return c

    def venue(self, work: str, title: str) -> str:
        """Make ``work`` part of the journal ``title``."""
        v = iri("br", f"venue:{title}")
        self._add(work, "frbr:partOf", v)
        self._add(v, "rdf:type", NS["fabio"] + "Journal")
        self._add(v, "dcterms:title", ox.Literal(title))
        return v

    def affiliation(self, key: str, n: int, name: str) -> str:
        """Affiliate the ``n``-th author role of the work minted with ``key`` to organisation ``name``."""
        role = iri("ar", f"{key}|author|{n}")
        org = iri("ra", f"org:{name}")
        self._add(role, "pro:relatesToOrganization", org)
        self._add(org, "rdf:type", NS["foaf"] + "Organization")
        self._add(org, "foaf:name", ox.Literal(name))
        return org

    def country(self, slug: str, label: str, code: str, *, within: str | None = None) -> str:
        """A region concept; with ``code`` a country (ISO 3166), with ``within`` a place in one."""
        c = self.concept(slug, "Region", label)
        if code:
            self._add(c, "brio:iso3166Alpha2", ox.Literal(code))
        if within:
            self._add(c, "skos:broader", within)
        return c

    def span(self, owner: str, key: str, text: str, kind: str = "doco:Title") -> str:
        de = iri("de", f"{owner}|{key}")
        self._add(owner, "frbr:part", de)
        self._add(de, "rdf:type", NS["deo"] + "DiscourseElement")
        self._add(de, "rdf:type", _u(kind).value)
        self._add(de, "c4o:hasContent", ox.Literal(text))
        self._add(de, "brio:spanKey", ox.Literal(key))
        return de

    def mention(self, span: str, text: str, exact: str, concept: str) -> str:
        """An oa:Annotation of ``exact`` (found in ``text``) in ``span``, in a run graph."""
        start = text.index(exact)
        an = iri("an", f"{span}|{start}|{concept}")
        kept, self.graph = self.graph, B + "graph/run/test"
        self._add(an, "rdf:type", NS["oa"] + "Annotation")
        self._add(an, "rdf:type", NS["brio"] + "EntityMention")
        self._add(an, "oa:hasBody", concept)
        self._add(an, "oa:hasTarget", an + "#target")
        self._add(an + "#target", "oa:hasSource", span)
        self._add(an + "#target", "oa:hasSelector", an + "#pos")
        self._add(an + "#pos", "oa:start", ox.Literal(str(start), datatype=_u("xsd:nonNegativeInteger")))
        self._add(
            an + "#pos", "oa:end", ox.Literal(str(start + len(exact)), datatype=_u("xsd:nonNegativeInteger"))
        )
        self.graph = kept
        return an


def small_store() -> tuple[ox.Store, dict[str, str]]:
    """Three citing works, five cited works, four concepts, four authors; XSS payloads in titles/names.

    Co-citation: W1 cites C1 C2 C3, W2 cites C1 C2 C4, W3 cites C2 C5. Authors: W1 = Ames, Bo;
    W2 = Bo, Chen; W3 = Ames, Bo, Dossanova. Topic units: W1 {bri, kazakhstan, china}, W2 {bri, china},
    W1's reference 1 {kazakhstan, iom}.
    """
    kg = KG()
    ids: dict[str, str] = {}
    ids["W1"] = kg.work(
        "doi:10.5555/w1",
        f"Labour migration and the Belt and Road {XSS_SCRIPT}",
        2021,
        doi="10.5555/W1",
        authors=(("Ames", "Aigerim"), ("Bo", "Wei")),
    )
    ids["W2"] = kg.work(
        "key:w2", "China, Kazakhstan and the corridor", 2022, authors=(("Bo", "Wei"), ("Chen", "Li"))
    )
    ids["W3"] = kg.work(
        "key:w3",
        "Remittances in Central Asia",
        2023,
        authors=(("Ames", "Aigerim"), ("Bo", "Wei"), (f"Dossanova{XSS_IMG}", "Dana")),
    )
    ids["C1"] = kg.work(
        "doi:10.5555/c1",
        "Xinjiang and the Silk Road Economic Belt",
        2018,
        doi="10.5555/c1",
        authors=(("Sample", "Wei"),),
    )
    ids["C2"] = kg.work("key:c2", f"Migration corridors {XSS_IMG}", 2016, authors=(("Laruelle", "Marlene"),))
    ids["C3"] = kg.work("key:c3", "Labour quotas in Kazakhstan", 2015)
    ids["C4"] = kg.work("key:c4", "Sample study of the EAEU", 2018, authors=(("Sample", "Wei"),))
    ids["C5"] = kg.work("key:c5", "Remittance flows", 2019, authors=(("Sample", "Wei"),))
    ref1 = kg.cite(ids["W1"], ids["C1"], 1, "Sample, W. (2018). Xinjiang and the Silk Road Economic Belt.")
    kg.cite(ids["W1"], ids["C2"], 2, f"Laruelle, M. (2016). Migration corridors {XSS_IMG}.")
    kg.cite(
        ids["W1"],
        ids["C3"],
        3,
        "Nurova, A. (2015). Labour quotas in Kazakhstan.",
        csl={"author": [{"family": "Nurova", "given": "A."}], "title": "Labour quotas in Kazakhstan"},
    )
    kg.cite(ids["W2"], ids["C1"], 1, "Sample 2018")
    kg.cite(ids["W2"], ids["C2"], 2, "Laruelle 2016")
    kg.cite(ids["W2"], ids["C4"], 3, "Sample 2018b")
    kg.cite(ids["W3"], ids["C2"], 1, "Laruelle 2016")
    kg.cite(ids["W3"], ids["C5"], 2, "Sample 2019")
    ids["bri"] = kg.concept("bri", "Policy", "Belt and Road Initiative")
    ids["kazakhstan"] = kg.concept("kazakhstan", "Region", "Kazakhstan")
    ids["china"] = kg.concept("china", "Region", f"China {XSS_SCRIPT}")
    ids["iom"] = kg.concept("iom", "Actor", "International Organization for Migration")
    t1 = "Belt and Road labour migration to Kazakhstan"
    s1 = kg.span(ids["W1"], "title", t1)
    kg.mention(s1, t1, "Belt and Road", ids["bri"])
    kg.mention(s1, t1, "Kazakhstan", ids["kazakhstan"])
    a1 = "Workers from China arrive."
    s1a = kg.span(ids["W1"], "abstract", a1, "doco:Abstract")
    kg.mention(s1a, a1, "China", ids["china"])
    t2 = "China and the Belt and Road"
    s2 = kg.span(ids["W2"], "title", t2)
    kg.mention(s2, t2, "China", ids["china"])
    kg.mention(s2, t2, "Belt and Road", ids["bri"])
    r1 = "IOM reports on Kazakhstan"
    sr = kg.span(ref1, "ref:1:title", r1, "brio:ReferenceTitle")
    kg.mention(sr, r1, "IOM", ids["iom"])
    kg.mention(sr, r1, "Kazakhstan", ids["kazakhstan"])
    return kg.store, ids


def one_citing_store() -> tuple[ox.Store, dict[str, str]]:
    """One citing work with three references: every co-citation weight is 1."""
    kg = KG()
    ids = {"W1": kg.work("key:only", "The only article", 2024, authors=(("Ames", "Aigerim"),))}
    for n in (1, 2, 3):
        ids[f"C{n}"] = kg.work(f"key:c{n}", f"Cited {n}", 2000 + n, authors=((f"Author{n}", "A"),))
        kg.cite(ids["W1"], ids[f"C{n}"], n, f"Author{n} (200{n}) Cited {n}")
    return kg.store, ids


def affiliated_store() -> tuple[ox.Store, dict[str, str]]:
    """Four works with venues, affiliations and countries, for cited sources, organisations and countries.

    A (2019, Alpha Review) by P1 (Uni A, Almaty, Kazakhstan) and P2 (Beijing Uni, China);
    B (2020, Beta Journal) by P1 (Uni A, Almaty, Kazakhstan) and P3 (Institute, Almaty);
    C (2021) by P2 (Beijing Uni, China), P3 (Institute, Almaty) and P4 (Nowhere Lab);
    D (2021) cites A and B; E (2022) cites A and B; F (2022) cites B.
    Countries: Kazakhstan (KZ), China (CN); Almaty lies in Kazakhstan.
    """
    kg = KG()
    ids: dict[str, str] = {}
    kz = kg.country("kazakhstan", "Kazakhstan", "KZ")
    cn = kg.country("china", "China", "CN")
    kg.country("almaty", "Almaty", "", within=kz)
    ids.update(kazakhstan=kz, china=cn)
    people = {"P1": ("One", "Pat"), "P2": ("Two", "Pat"), "P3": ("Three", "Pat"), "P4": ("Four", "Pat")}
    plan = {
        "A": (2019, ("P1", "P2"), ("Uni A, Almaty, Kazakhstan", "Beijing Uni, China")),
        "B": (2020, ("P1", "P3"), ("Uni A, Almaty, Kazakhstan", "Institute, Almaty")),
        "C": (2021, ("P2", "P3", "P4"), ("Beijing Uni, China", "Institute, Almaty", "Nowhere Lab")),
    }
    for name, (year, authors, orgs) in plan.items():
        key = f"key:{name}"
        ids[name] = kg.work(
            key, f"Work {name} on labour migration", year, authors=tuple(people[a] for a in authors)
        )
        for n, org in enumerate(orgs):
            ids[org] = kg.affiliation(key, n, org)
    ids["alpha"] = kg.venue(ids["A"], "Alpha Review")
    ids["beta"] = kg.venue(ids["B"], "Beta Journal")
    for name, year, cited in (("D", 2021, "AB"), ("E", 2022, "AB"), ("F", 2022, "B")):
        ids[name] = kg.work(f"key:{name}", f"Citing work {name}", year)
        for position, target in enumerate(cited, start=1):
            kg.cite(ids[name], ids[target], position, f"Work {target}")
    for p, (family, given) in people.items():
        ids[p] = iri("ra", f"person:{family}|{given[:1]}")
    return kg.store, ids
