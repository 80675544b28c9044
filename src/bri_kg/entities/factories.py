"""spaCy components of the entity pipeline, registered as versioned factories.

``bri_kg_concept_ruler_v1`` matches the concept schemes' labels (phrase patterns on LOWER, acronyms on ORTH),
resolves overlaps (longest span wins; TOPIC spans never displace ACTOR/POLICY/REGION ones) and writes the
result to ``doc.spans["bri_kg"]`` (span label = facet, kb_id = concept IRI). ``bri_kg_ner_linker_v1`` adds
statistical GPE/LOC/ORG/NORP hits that name a concept, and only where the ruler found nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup, Token

from bri_kg.entities.ontology import Ontology, load_ontology, normalize_label
from bri_kg.entities.patterns import LabelPattern, concept_patterns, label_variants

__all__ = [
    "LINKER_FACTORY",
    "RULER_FACTORY",
    "SPAN_KEY",
    "ConceptRuler",
    "Hit",
    "NerLinker",
    "confirm",
    "hits",
]

RULER_FACTORY = "bri_kg_concept_ruler_v1"
LINKER_FACTORY = "bri_kg_ner_linker_v1"
SPAN_KEY = "bri_kg"
NER_LABELS = frozenset({"GPE", "LOC", "ORG", "NORP"})
# Provenance of a hit (extractor, confidence): "ruler" for a prefLabel (0.95) or altLabel (0.9), "ruler:hidden"
# for hidden labels such as demonyms (0.8), "ruler:cued" for bare labels that need context words ("quotas",
# 0.7), "ruler:compass" ("northern Kazakhstan", 0.7), "ner" for a model entity linked by its label (0.75). A
# ruler hit whose exact span the model also found, with a label that fits the facet, gets "+ner" and half of
# its remaining doubt removed (0.95 -> 0.975); the model's raw label is kept whenever it found the span.
_KIND_CONFIDENCE = {"pref": 0.95, "alt": 0.9, "hidden": 0.8}
_KIND_EXTRACTOR = {"pref": "ruler", "alt": "ruler", "hidden": "ruler:hidden"}
_CUED_CONFIDENCE = 0.7  # a bare word ("quotas", "patent") vouched for only by context words
_NER_CONFIDENCE = 0.75
# Model labels that confirm a hit of each facet (a PERSON over a POLICY name confirms nothing).
_CONFIRMING = {
    "region": frozenset({"GPE", "LOC", "NORP", "FAC"}),
    "actor": frozenset({"ORG", "PERSON", "NORP"}),
    "policy": frozenset({"LAW", "ORG", "EVENT", "WORK_OF_ART", "PRODUCT"}),
    "topic": frozenset(),
}
# "northern Kazakhstan", "north-western China": one REGION span (as the gold's "NW China"), linked to the
# named place when the ontology has no concept for the part.
# Head nouns of organisation names; "Union" is left out (Soviet Union is a REGION).
_ORG_HEADS = frozenset(
    [
        "university",
        "academy",
        "institute",
        "ministry",
        "bank",
        "agency",
        "council",
        "committee",
        "commission",
        "company",
        "corporation",
        "association",
        "centre",
        "center",
        "fund",
        "party",
        "organisation",
        "organization",
        "office",
        "department",
        "foundation",
        "society",
        "service",
        "administration",
        "authority",
        "parliament",
        "court",
        "school",
        "college",
    ]
)
_CONNECTORS = frozenset({"of", "and", "for", "the", "&", "on"})
_STOPWORDS = frozenset({"with", "from", "into", "that", "this", "their", "under", "over", "about"})
_COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
        "northwestern",
        "northeastern",
        "southwestern",
        "southeastern",
    ]
)
_KIND_RANK = {"pref": 0, "alt": 1, "hidden": 2}
_FACET_RANK = {"actor": 0, "policy": 1, "region": 2, "topic": 3}


@dataclass(frozen=True, slots=True)
class Hit:
    """A resolved mention in token offsets, before it becomes a bri_kg.models.Mention."""

    start: int
    end: int
    concept: str
    facet: str
    kind: str
    extractor: str
    confidence: float
    ner_label: str | None = None


def _capitalised(span: Span) -> bool:
    return any(t.text[:1].isupper() for t in span if t.is_alpha)


def _shouting(doc: Doc) -> bool:
    # ALL-CAPS titles turn words like "us" into "US": acronym matches are not trusted there.
    alpha = [t for t in doc if t.is_alpha and len(t) > 1]
    return len(alpha) >= 3 and sum(t.is_upper for t in alpha) > len(alpha) / 2


def _quote_free(doc: Doc) -> tuple[Doc, list[int]] | None:
    """The doc without quote tokens, and the original index of each kept token (None if no quotes)."""
    keep = [t.i for t in doc if not t.is_quote]
    if len(keep) == len(doc):
        return None
    words = [doc[i].text for i in keep]
    return Doc(doc.vocab, words=words, spaces=[True] * len(words)), keep


def _balance_quotes(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Quotes around the whole mention go out; a quote pair around part of it stays in."""
    inside = [i for i in range(start, end) if doc[i].is_quote]
    if inside and start > 0 and doc[start - 1].is_quote and inside[0] > start:
        start -= 1  # «umnoj» specializacii: the opening quote of an internal pair
    if inside and end < len(doc) and doc[end].is_quote and inside[-1] < end - 1:
        end += 1
    while end - start > 1 and doc[start].is_quote and doc[end - 1].is_quote:
        start, end = start + 1, end - 1
    while end - start > 1 and doc[start].is_quote and not any(doc[i].is_quote for i in range(start + 1, end)):
        start += 1
    while (
        end - start > 1 and doc[end - 1].is_quote and not any(doc[i].is_quote for i in range(start, end - 1))
    ):
        end -= 1
    return start, end


def _org_head(token: Token) -> bool:
    return token.lower_ in _ORG_HEADS and token.text[:1].isupper()


def _in_unknown_org(doc: Doc, hit: Hit) -> bool:
    """Whether a REGION hit is part of an organisation name the ontology lacks ("Chinese Academy of
    Agricultural Sciences", "University of Central Asia"): such names are ACTORs, with no nested REGION."""
    for i in range(hit.end, min(hit.end + 4, len(doc))):
        if not doc[i].text[:1].isupper():
            break
        if _org_head(doc[i]):
            return True
    i = hit.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "of":
        return False
    for j in range(i - 1, max(i - 6, -1), -1):
        if _org_head(doc[j]):
            return True
        if not (doc[j].text[:1].isupper() or doc[j].lower_ in _CONNECTORS):
            return False
    return False


def _with_compass(doc: Doc, hit: Hit) -> Hit | None:
    """The hit extended over a preceding compass adjective, or None."""
    if hit.facet != "region" or hit.kind == "hidden" or hit.start == 0:
        return None
    start = hit.start
    if doc[start - 1].lower_ not in _COMPASS:
        return None
    start -= 1
    if start >= 2 and doc[start - 1].text in "-–" and doc[start - 2].lower_ in ("north", "south"):
        start -= 2
    return replace(hit, start=start, kind="hidden", extractor="ruler:compass", confidence=0.7)


def resolve(candidates: Iterable[Hit]) -> list[Hit]:
    """Longest span wins, no nesting or overlap; TOPIC spans only fill what the other facets left free."""
    ranked = sorted(
        candidates,
        key=lambda h: (
            h.facet == "topic",
            -(h.end - h.start),
            _KIND_RANK[h.kind],
            _FACET_RANK[h.facet],
            h.start,
        ),
    )
    taken: set[int] = set()
    kept: list[Hit] = []
    for hit in ranked:
        tokens = set(range(hit.start, hit.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _cues(ontology: Ontology, group: LabelPattern, texts: list[str]) -> frozenset[str]:
    """Context words that a bare hidden label ("quotas", "patent system") needs elsewhere in the text.

    They are the words of the concept's other labels ("foreign", "labour", "labor", "worker", ...): a quota
    is a foreign labour quota only in a text about labour or migration. Empty for every other label.
    """
    words_only = all(t.replace(" ", "").isalpha() for t in texts)
    if group.kind != "hidden" or group.facet not in ("policy", "topic") or not words_only:
        return frozenset()
    if not all(t.islower() for t in texts):
        return frozenset()
    concept = ontology.concepts[group.concept]

    def words(hidden: bool) -> set[str]:
        return {
            word
            for text, _, kind in concept.all_labels()
            if (kind == "hidden") == hidden
            for variant in label_variants(text.lower(), plurals=True)
            for word in re.findall(r"[a-z]{4,}", variant)
        }

    # The bare labels' own words ("patent", "system") are no evidence of the concept's subject.
    return frozenset(words(hidden=False) - words(hidden=True) - _STOPWORDS)


def _cued(token: Token, cues: frozenset[str]) -> bool:
    """Whether a token is one of the cue words, in the singular or the plural ("migrants" cues "migrant")."""
    word = token.lower_
    return word in cues or (word.endswith("s") and (word[:-1] in cues or word[:-2] in cues))


class ConceptRuler:
    """Phrase matching of concept labels; patterns are generated from the ontology when it is set."""

    def __init__(self, nlp: Language, name: str = RULER_FACTORY) -> None:
        self.nlp = nlp
        self.name = name
        self.ontology: Ontology | None = None
        self.groups: list[LabelPattern] = []

    def build(self, ontology: Ontology) -> ConceptRuler:
        """Compile the ontology's labels into two phrase matchers (LOWER and, for acronyms, ORTH)."""
        self.ontology = ontology
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        grouped: dict[tuple[str, str, str, str], list[str]] = {}
        for pattern in concept_patterns(ontology):
            key = (pattern.concept, pattern.facet, pattern.kind, pattern.case)
            grouped.setdefault(key, []).append(pattern.text)
        self.groups = []
        for (concept, facet, kind, case), texts in grouped.items():
            key = f"{self.name}:{len(self.groups)}"
            self.groups.append(LabelPattern("", concept, facet, kind, case))
            docs = list(self.nlp.tokenizer.pipe(dict.fromkeys(texts)))
            (self.orth if case == "exact" else self.lower).add(key, docs)
        self._keys = {self.nlp.vocab.strings[f"{self.name}:{i}"]: i for i in range(len(self.groups))}
        self.cues = [_cues(ontology, g, grouped[(g.concept, g.facet, g.kind, g.case)]) for g in self.groups]
        return self

    def _hits(self, doc: Doc, matcher: PhraseMatcher, index: list[int] | None, shouting: bool) -> list[Hit]:
        out = []
        for match_id, start, end in matcher(doc):
            group = self.groups[self._keys[match_id]]
            span = doc[start:end]
            if group.case == "capital" and not _capitalised(span):
                continue
            if group.case == "exact" and shouting and len(span.text) <= 3:
                continue
            cues = self.cues[self._keys[match_id]]
            if cues and not any(_cued(t, cues) for t in doc if not start <= t.i < end):
                continue
            if index is not None:
                start, end = index[start], index[end - 1] + 1
            confidence = _CUED_CONFIDENCE if cues else _KIND_CONFIDENCE[group.kind]
            extractor = "ruler:cued" if cues else _KIND_EXTRACTOR[group.kind]
            out.append(Hit(start, end, group.concept, group.facet, group.kind, extractor, confidence))
        return out

    def candidates(self, doc: Doc) -> list[Hit]:
        shouting = _shouting(doc)
        found = self._hits(doc, self.lower, None, shouting) + self._hits(doc, self.orth, None, shouting)
        found += [hit for hit in map(lambda h: _with_compass(doc, h), found) if hit is not None]
        stripped = _quote_free(doc)
        if stripped is not None:
            free, index = stripped
            for hit in self._hits(free, self.lower, index, shouting):
                if any(doc[i].is_quote for i in range(hit.start, hit.end)):
                    start, end = _balance_quotes(doc, hit.start, hit.end)
                    found.append(replace(hit, start=start, end=end))
        return found

    def __call__(self, doc: Doc) -> Doc:
        if self.ontology is None:
            self.build(load_ontology())
        kept = [
            h for h in resolve(self.candidates(doc)) if h.facet != "region" or not _in_unknown_org(doc, h)
        ]
        write(doc, kept)
        return doc


def write(doc: Doc, kept: list[Hit]) -> None:
    spans = [Span(doc, h.start, h.end, label=h.facet.upper(), kb_id=h.concept) for h in kept]
    group = SpanGroup(doc, name=SPAN_KEY, spans=spans)
    group.attrs["hits"] = kept
    doc.spans[SPAN_KEY] = group


def hits(doc: Doc) -> list[Hit]:
    """The resolved hits the pipeline stored on a doc."""
    group = doc.spans.get(SPAN_KEY)
    return list(group.attrs.get("hits", [])) if group is not None else []


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    if end - start > 1 and span.doc[start].lower_ == "the":
        start += 1
    if end - start > 1 and span.doc[end - 1].lower_ in ("'s", "’s", "'"):
        end -= 1
    return span.doc[start:end]


def confirm(hit: Hit, ner_label: str | None) -> Hit:
    """The hit with the model's label for the same span; a fitting label raises the confidence."""
    if ner_label is None:
        return hit
    if ner_label not in _CONFIRMING[hit.facet] or hit.extractor.endswith("+ner"):
        return replace(hit, ner_label=ner_label)
    confidence = round(1 - (1 - hit.confidence) / 2, 3)
    return replace(hit, extractor=f"{hit.extractor}+ner", confidence=confidence, ner_label=ner_label)


def _inside_unknown_orgs(doc: Doc, kept: list[Hit], ontology: Ontology) -> set[Hit]:
    """REGION hits nested in an organisation name the model found but the ontology lacks.

    The guidelines tag "Chinese" or "Kazakhstan" only when not part of a longer ACTOR name.
    """
    out: set[Hit] = set()
    for ent in doc.ents:
        span = _trim(ent)
        if ent.label_ != "ORG" or len(span) < 3 or ontology.by_label(span.text):
            continue
        if not any(_org_head(t) for t in span):
            continue
        for hit in kept:
            nested = span.start <= hit.start and hit.end <= span.end and hit.end - hit.start < len(span)
            if nested and hit.facet == "region" and hit.extractor.startswith("ruler"):
                out.add(hit)
    return out


class NerLinker:
    """Links the statistical model's entities to concepts by label lookup; unlinked hits are dropped."""

    def __init__(self, nlp: Language, name: str = LINKER_FACTORY, suppress_nested: bool = True) -> None:
        self.name = name
        self.ontology: Ontology | None = None
        self.suppress_nested = suppress_nested

    def build(self, ontology: Ontology) -> NerLinker:
        self.ontology = ontology
        return self

    def __call__(self, doc: Doc) -> Doc:
        ontology = self.ontology or load_ontology()
        found = {(s.start, s.end): ent.label_ for ent in doc.ents for s in [_trim(ent)]}
        ruled = hits(doc)
        kept = [confirm(h, found.get((h.start, h.end))) for h in ruled]
        taken = {i for h in kept for i in range(h.start, h.end)}
        extra = []
        for ent in doc.ents:
            if ent.label_ not in NER_LABELS:
                continue
            span = _trim(ent)
            if taken & set(range(span.start, span.end)):
                continue
            concepts = [c for c in ontology.by_label(span.text) if c.facet != "topic"]
            stopped = normalize_label(span.text) in ontology.stoplist
            if len(concepts) != 1 or (stopped and ent.label_ not in ("GPE", "LOC")):
                continue  # the model may vouch for a stop-listed place name ("Mary" as a GPE), not more
            concept = concepts[0]
            if concept.facet in ("region", "actor") and not _capitalised(span):
                continue
            hit = Hit(
                span.start, span.end, concept.iri, concept.facet, "alt", "ner", _NER_CONFIDENCE, ent.label_
            )
            if concept.facet != "region" or not _in_unknown_org(doc, hit):
                extra.append(hit)
        inside = _inside_unknown_orgs(doc, kept, ontology) if self.suppress_nested else set()
        if extra or inside or kept != ruled:
            kept = [h for h in kept if h not in inside]
            write(doc, sorted(kept + extra, key=lambda h: h.start))
        return doc


@Language.factory(RULER_FACTORY)
def make_concept_ruler(nlp: Language, name: str) -> ConceptRuler:
    return ConceptRuler(nlp, name)


@Language.factory(LINKER_FACTORY, default_config={"suppress_nested": True})
def make_ner_linker(nlp: Language, name: str, suppress_nested: bool) -> NerLinker:
    return NerLinker(nlp, name, suppress_nested)
