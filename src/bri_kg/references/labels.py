"""The one label set of the reference tagger, onto which AnyStyle's and GROBID's labels are mapped."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LABELS", "Segment"]

# Field labels a token of a reference string can carry. "issue" is separate from "volume" even though
# AnyStyle annotates "5(2)" as one volume span: the mapping splits it so that both sources agree.
LABELS: tuple[str, ...] = (
    "citation-number",
    "author",
    "editor",
    "translator",
    "date",
    "title",
    "container-title",
    "collection-title",
    "volume",
    "issue",
    "pages",
    "edition",
    "genre",
    "publisher",
    "location",
    "doi",
    "url",
    "isbn",
    "note",
    "other",
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of consecutive tokens with one label; ``raw[start:end] == text``."""

    label: str
    text: str
    start: int
    end: int
