"""Typed records passed from one pipeline stage to the next.

Bibliographic metadata travels as CSL-JSON dicts (the lingua franca of Zotero, citeproc and Crossref),
wrapped in small dataclasses that add what CSL has no place for: the raw reference string, its position,
the source file and the analysed text spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Corpus", "Mention", "Reference", "Source", "TextSpan", "Work"]

CSL = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Source:
    """One ingested input file; its graph is replaced as a whole on re-ingest."""

    path: str
    format: str  # "landing-page", "crossref-json", ...
    sha256: str


@dataclass(slots=True)
class Reference:
    """One entry of a reference list, exactly as printed, with its parse."""

    raw: str
    position: int  # 1-based position in the citing work's reference list
    csl: CSL  # parsed CSL-JSON item (keys as in CSL 1.0.2 plus "translated-title", "year-suffix")
    confidence: float = 1.0  # parser confidence in [0, 1]
    doi: str | None = None  # a DOI the source gives next to the string (Crossref reference[].DOI)
    line: int | None = None  # 1-based line in the source file, where it applies


@dataclass(slots=True)
class Work:
    """A citing work read from a source: its own metadata (CSL-JSON) and its references.

    Authors are CSL name dicts; two non-CSL keys may appear in them: ``affiliation`` (list of str, as
    printed) and ``ORCID``. Besides CSL's ``abstract`` and ``keyword``, ``csl`` may hold ``subject``.
    """

    csl: CSL
    source: Source
    references: list[Reference] = field(default_factory=list)

    @property
    def doi(self) -> str | None:
        return self.csl.get("DOI")

    @property
    def title(self) -> str:
        return self.csl.get("title", "")

    @property
    def year(self) -> int | None:
        parts = self.csl.get("issued", {}).get("date-parts") or [[None]]
        return parts[0][0] if parts and parts[0] else None


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of text that entity extraction analyses; offsets of mentions refer to ``text``."""

    key: str  # unique within its work: "title", "abstract", "keywords", "ref:12:title", ...
    kind: str  # "title" | "abstract" | "keywords" | "reference-title" | "translated-title"
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A tagged entity: character offsets into a TextSpan, linked to a concept of the ontology."""

    start: int  # 0-based, inclusive
    end: int  # exclusive
    label: str  # ACTOR | POLICY | REGION | TOPIC
    text: str
    concept: str  # concept IRI
    norm: str  # the concept's English prefLabel
    wikidata: str | None = None  # QID when the concept has a verified one
    confidence: float = 1.0
    extractor: str = ""  # which component found it ("ruler", "gazetteer", "ner", ...)
    ner_label: str | None = None  # the statistical model's raw label (GPE, ORG, ...) when it found the span


@dataclass(slots=True)
class Corpus:
    """Everything read from the inputs of one build."""

    works: list[Work] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
