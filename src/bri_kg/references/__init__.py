"""Reference strings -> CSL-JSON: CRF tagging, post-processing into CSL, and evaluation against gold."""

from __future__ import annotations

from bri_kg.references.csl import segments_to_csl
from bri_kg.references.evaluate import PRF, ReferenceScores, load_gold, score_references
from bri_kg.references.labels import LABELS, Segment
from bri_kg.references.names import parse_names
from bri_kg.references.parse import ParsedReference, ReferenceParser, parse_reference, parse_work_references
from bri_kg.references.tagger import CrfTagger, TaggedReference, load_tagger
from bri_kg.references.types import infer_type

__all__ = [
    "LABELS",
    "PRF",
    "CrfTagger",
    "ParsedReference",
    "ReferenceParser",
    "ReferenceScores",
    "Segment",
    "TaggedReference",
    "infer_type",
    "load_gold",
    "load_tagger",
    "parse_names",
    "parse_reference",
    "parse_work_references",
    "score_references",
    "segments_to_csl",
]
