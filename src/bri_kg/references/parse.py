"""The reference parser facade: raw string -> CRF segments -> CSL-JSON, for single strings and whole works."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from bri_kg.models import Work
from bri_kg.references.csl import segments_to_csl
from bri_kg.references.labels import Segment
from bri_kg.references.normalize import normalize_doi
from bri_kg.references.tagger import CrfTagger, TaggedReference, load_tagger

__all__ = ["ParsedReference", "ReferenceParser", "parse_reference", "parse_work_references"]

# Control characters confuse the tokenizer; replacing them one for one keeps segment offsets valid.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(slots=True)
class ParsedReference:
    """The CSL-JSON item of one reference string, the tagger's confidence and its labelled segments."""

    csl: dict[str, Any]
    confidence: float
    segments: list[Segment]


def _default_id(raw: str) -> str:
    return "ref-" + hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _clean(raw: str) -> str:
    # Every character the regex replaces is unprintable: most strings need no substitution pass.
    return raw if raw.isprintable() else _CONTROL_RE.sub(" ", raw)


class ReferenceParser:
    """Parses reference strings into CSL-JSON with the CRF tagger and rule-based post-processing."""

    def __init__(self, tagger: CrfTagger | None = None) -> None:
        self.tagger = tagger if tagger is not None else load_tagger()

    def _build(self, raw: str, tagged: TaggedReference, id: str | None) -> ParsedReference:
        item_id = id if id is not None else _default_id(raw)
        try:
            csl = segments_to_csl(tagged.raw, tagged.segments, id=item_id)
        except Exception:  # the contract is "never raises on a str": keep the string, flag it as unparsed
            csl = {"id": item_id, "type": "document", "title": tagged.raw.strip()}
            return ParsedReference(csl, 0.0, list(tagged.segments))
        return ParsedReference(csl, float(tagged.confidence), list(tagged.segments))

    def parse(self, raw: str, *, id: str | None = None) -> ParsedReference:
        """Parse one reference string; never raises on any ``str``."""
        raw = raw if isinstance(raw, str) else str(raw)
        cleaned = _clean(raw)
        try:
            tagged = self.tagger.tag(cleaned)
        except Exception:  # a tagger failure on odd input must not stop a whole build
            tagged = TaggedReference(cleaned, [], 0.0)
        return self._build(raw, tagged, id)

    def parse_many(self, raws: Iterable[str]) -> list[ParsedReference]:
        """Parse several strings, in order."""
        return [self.parse(raw) for raw in raws]


@cache
def _default_parser() -> ReferenceParser:
    return ReferenceParser()


def parse_reference(raw: str) -> dict[str, Any]:
    """CSL-JSON of one reference string, parsed with the default (shipped) model."""
    return _default_parser().parse(raw).csl


def parse_work_references(works: list[Work], parser: ReferenceParser | None = None) -> None:
    """Fill ``Reference.csl`` and ``.confidence`` in place for every reference without structured fields.

    A reference whose ``csl`` is already non-empty came with fields from its source and is left as it is.
    A DOI the source gives next to the string fills in a parse that found none. Every item gets an ``id``
    (``ref-<position>``) if it has none. A string printed identically in several works (the same cited
    work in one export style) is parsed once; each reference gets its own copy of the item.
    """
    parsed_by_raw: dict[str, ParsedReference] = {}
    for work in works:
        for ref in work.references:
            if not ref.csl:
                parsed = parsed_by_raw.get(ref.raw)
                if parsed is None:
                    parser = parser or _default_parser()
                    parsed = parsed_by_raw[ref.raw] = parser.parse(ref.raw, id="")
                ref.csl = {**copy.deepcopy(parsed.csl), "id": f"ref-{ref.position}"}
                ref.confidence = parsed.confidence
                if ref.doi and not ref.csl.get("DOI"):
                    ref.csl["DOI"] = normalize_doi(ref.doi) or ref.doi.strip().lower()
            ref.csl.setdefault("id", f"ref-{ref.position}")
