"""Ontology candidates: statistical-model entities that name no concept, aggregated for curators."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from bri_kg.entities.factories import SPAN_KEY
from bri_kg.entities.ontology import Ontology, normalize_label

__all__ = [
    "CANDIDATE_LABELS",
    "SUGGESTED_FACETS",
    "Candidate",
    "aggregate_candidates",
    "candidates_tsv",
    "unlinked_spans",
]

CANDIDATE_LABELS = frozenset({"ORG", "GPE", "NORP", "LAW", "LOC", "FAC"})
# NORP spans are demonyms or groups ("Uyghurs", "Dungan"): the guidelines make demonyms REGIONs.
SUGGESTED_FACETS = {
    "ORG": "actor",
    "GPE": "region",
    "LOC": "region",
    "FAC": "region",
    "NORP": "region",
    "LAW": "policy",
}
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
TSV_COLUMNS = ("text", "ner_label", "count", "suggested_facet", "contexts")


@dataclass
class Candidate:
    """One unlinked name: its most frequent surface form and model label, and where it was seen."""

    text: str
    ner_label: str
    count: int
    contexts: list[str] = field(default_factory=list)  # up to ``max_contexts`` distinct snippets
    suggested_facet: str = "actor"


def _trim(span: Span) -> Span:
    """The entity without a leading article or a trailing possessive."""
    start, end = span.start, span.end
    while end - start > 1 and span.doc[start].lower_ in _ARTICLES:
        start += 1
    while end - start > 1 and span.doc[end - 1].lower_ in _POSSESSIVE:
        end -= 1
    return Span(span.doc, start, end, label=span.label_)


def _title_case(doc: Doc) -> bool:
    """Most content words capitalised (titles, headings): the model calls such runs ORG far too often."""
    words = [t for t in doc if t.is_alpha and not t.is_stop and len(t) > 2]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) > 0.7 * len(words)


def unlinked_spans(doc: Doc, ontology: Ontology, *, skip_title_case: bool = True) -> list[Span]:
    """Model entities of the candidate labels that name no concept and that the tagger left unlinked.

    An entity made only of tagged words and function words ("Kazakh diaspora", "Urumqi-Changji") is no
    new name; nor is any entity of a Title Case text unless ``skip_title_case`` is false.
    """
    if skip_title_case and _title_case(doc):
        return []
    group = doc.spans.get(SPAN_KEY)
    tagged = {i for s in group for i in range(s.start, s.end)} if group is not None else set()
    out = []
    for ent in doc.ents:
        span = _trim(ent)
        if ent.label_ not in CANDIDATE_LABELS or not re.search(r"[^\W\d_]{2}", span.text):
            continue
        if all(t.i in tagged or not t.is_alpha or t.is_stop for t in span):
            continue
        if ontology.by_label(span.text) or normalize_label(span.text) in ontology.stoplist:
            continue
        out.append(span)
    return out


def _snippet(doc: Doc, span: Span, window: int) -> str:
    text = doc.text
    start, end = max(0, span.start_char - window), min(len(text), span.end_char + window)
    # Cut at word boundaries so a snippet never starts or ends inside a word.
    if start > 0:
        start = text.find(" ", start, span.start_char) + 1 or start
    if end < len(text):
        cut = text.rfind(" ", span.end_char, end)
        end = cut if cut > 0 else end
    prefix, suffix = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    return prefix + " ".join(text[start:end].split()) + suffix


def aggregate_candidates(
    docs: Iterable[Doc],
    ontology: Ontology,
    *,
    max_contexts: int = 3,
    window: int = 60,
    skip_title_case: bool = True,
) -> list[Candidate]:
    """Unlinked model entities grouped by normalised text, most frequent first."""
    forms: dict[str, Counter[str]] = {}
    labels: dict[str, Counter[str]] = {}
    contexts: dict[str, list[str]] = {}
    for doc in docs:
        for span in unlinked_spans(doc, ontology, skip_title_case=skip_title_case):
            text = span.text
            key = normalize_label(text)
            forms.setdefault(key, Counter())[text] += 1
            labels.setdefault(key, Counter())[span.label_] += 1
            seen = contexts.setdefault(key, [])
            snippet = _snippet(doc, span, window)
            if len(seen) < max_contexts and snippet not in seen:
                seen.append(snippet)
    out = []
    for key, counter in forms.items():
        label = labels[key].most_common(1)[0][0]  # Counter keeps first-seen order on ties
        out.append(
            Candidate(
                text=counter.most_common(1)[0][0],
                ner_label=label,
                count=sum(counter.values()),
                contexts=contexts[key],
                suggested_facet=SUGGESTED_FACETS[label],
            )
        )
    return sorted(out, key=lambda c: (-c.count, c.text.casefold()))


def candidates_tsv(candidates: Iterable[Candidate]) -> str:
    """A TSV table for curators (contexts joined with ' | '); rows to keep go to ontology/candidates/promoted.tsv."""

    def cell(value: object) -> str:
        return re.sub(r"\s+", " ", str(value))

    rows = ["\t".join(TSV_COLUMNS)]
    for c in candidates:
        values = (c.text, c.ner_label, c.count, c.suggested_facet, " | ".join(c.contexts))
        rows.append("\t".join(cell(v) for v in values))
    return "\n".join(rows) + "\n"
