"""The only place where bri-kg mints IRIs: deterministic 16-hex SHA-256 ids under a configurable base."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

__all__ = [
    "DEFAULT_BASE",
    "agent_iri",
    "candidate_iri",
    "citation_iri",
    "concept_iri",
    "evidence_iri",
    "graph_iri",
    "identifier_iri",
    "keyphrase_iri",
    "manifestation_iri",
    "mention_iri",
    "mention_part_iri",
    "ontology_graph_iri",
    "phrase_key",
    "reference_iri",
    "resolution_graph_iri",
    "role_iri",
    "run_graph_iri",
    "run_iri",
    "short_hash",
    "software_agent_iri",
    "source_graph_iri",
    "span_iri",
    "venue_iri",
    "work_iri",
]

DEFAULT_BASE = "https://w3id.org/bri-kg/"
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def short_hash(key: str) -> str:
    """The first 16 hex digits of SHA-256 over the UTF-8 key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _iri(base: str, segment: str, key: str) -> URIRef:
    return URIRef(f"{base}{segment}/{short_hash(key)}")


def work_iri(node_key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``br:{h}`` of a work node; key ``doi:{doi}`` or ``key:{family}|{year}|{fingerprint}``."""
    return _iri(base, "br", node_key)


def venue_iri(venue_key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``br:{h}`` of a journal or book that contains works; key ``venue:{normalised title}``."""
    return _iri(base, "br", f"venue:{venue_key}")


def manifestation_iri(node_key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``re:{h}`` (pages, volume, URL) of a work node."""
    return _iri(base, "re", node_key)


def identifier_iri(scheme: str, value: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``id:{h}``; key ``{scheme}:{value}`` (``doi:10.x/y``, ``orcid:0000-...``)."""
    return _iri(base, "id", f"{scheme}:{value}")


def role_iri(node_key: str, role: str, n: int, *, base: str = DEFAULT_BASE) -> URIRef:
    """``ar:{h}`` of the n-th (1-based) author or editor role of a work."""
    return _iri(base, "ar", f"{node_key}|{role}|{n}")


def agent_iri(agent_key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``ra:{h}``; key ``orcid:{id}``, ``person:{family}|{initials}`` or ``org:{name}``."""
    return _iri(base, "ra", agent_key)


def reference_iri(citing_node_key: str, position: int, *, base: str = DEFAULT_BASE) -> URIRef:
    """``be:{h}`` of the reference at 1-based ``position`` in the citing work's list."""
    return _iri(base, "be", f"{citing_node_key}|{position}")


def citation_iri(citing: str, cited: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``ci:{h}`` of the citation from one work IRI to another."""
    return _iri(base, "ci", f"{citing} {cited}")


def span_iri(owner_iri: str, span_key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``de:{h}`` of a text span ("title", "abstract", "ref:12:title") of a work or reference."""
    return _iri(base, "de", f"{owner_iri} {span_key}")


def run_iri(
    name: str, version: str, model: str, ontology_version: str, *, base: str = DEFAULT_BASE
) -> URIRef:
    """``run:{h}`` of an extraction run."""
    return _iri(base, "run", f"{name}|{version}|{model}|{ontology_version}")


def software_agent_iri(name: str, version: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``agent/{name}-{version}`` of the software that performed a run (unsafe characters as '_')."""
    return URIRef(f"{base}agent/{_SLUG.sub('_', f'{name}-{version}')}")


def mention_iri(
    span: str, start: int, end: int, concept: str, run: str, *, base: str = DEFAULT_BASE
) -> URIRef:
    """``an:{h}`` of one entity mention."""
    return _iri(base, "an", f"{span} {start} {end} {concept} {run}")


def mention_part_iri(mention: str, part: str) -> URIRef:
    """Hash IRIs ``#target``, ``#pos``, ``#quote`` of a mention (instead of blank nodes)."""
    if part not in {"target", "pos", "quote"}:
        raise ValueError(f"unknown mention part {part!r}; expected target, pos or quote")
    return URIRef(f"{mention}#{part}")


def evidence_iri(node_key: str, member: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``ev:{h}`` of the evidence that ``member`` (an IRI) belongs to the node."""
    return _iri(base, "ev", f"{node_key} {member}")


def concept_iri(slug: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``concept/{slug}`` of a SKOS concept; the slug is ASCII-folded and lower-cased."""
    folded = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
    clean = _SLUG.sub("-", folded.lower()).strip("-")
    if not clean:
        raise ValueError(f"concept slug {slug!r} has no usable characters")
    return URIRef(f"{base}concept/{clean}")


def phrase_key(text: str) -> str:
    """The normalised text a keyphrase or candidate IRI is minted from: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def keyphrase_iri(text: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``keyphrase/{h}`` of a free keyphrase; key: the normalised phrase (:func:`phrase_key`)."""
    return _iri(base, "keyphrase", phrase_key(text))


def candidate_iri(text: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``candidate/{h}`` of an unlinked entity candidate; key: the normalised text (:func:`phrase_key`)."""
    return _iri(base, "candidate", phrase_key(text))


def source_graph_iri(sha256: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``graph:source/{first 16 hex of the file's SHA-256}``."""
    return URIRef(f"{base}graph/source/{sha256[:16].lower()}")


def run_graph_iri(run: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``graph:run/{h}`` for the run IRI ``run:{h}``."""
    return URIRef(f"{base}graph/run/{str(run).rsplit('/', 1)[-1]}")


def graph_iri(name: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """``graph:{name}``: "ontology", "resolution", "source/{h}", "run/{h}"."""
    if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)?", name):
        raise ValueError(f"invalid graph name {name!r}")
    return URIRef(f"{base}graph/{name}")


def resolution_graph_iri(*, base: str = DEFAULT_BASE) -> URIRef:
    """``graph:resolution``: merge evidence."""
    return URIRef(f"{base}graph/resolution")


def ontology_graph_iri(*, base: str = DEFAULT_BASE) -> URIRef:
    """``graph:ontology``: ontology/*.ttl and the concept schemes."""
    return URIRef(f"{base}graph/ontology")
