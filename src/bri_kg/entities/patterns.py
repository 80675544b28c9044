"""Surface patterns generated from the concept schemes' SKOS labels (spelling, dash, plural variants)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from bri_kg.entities.ontology import Ontology, normalize_label

__all__ = ["LabelPattern", "case_mode", "concept_patterns", "label_variants", "plural"]

# British/American pairs of whole words; -ise/-ize forms are handled by a rule below.
_SPELLINGS = {
    "labour": "labor",
    "programme": "program",
    "programmes": "programs",
    "centre": "center",
    "defence": "defense",
    "ageing": "aging",
    "re-education": "reeducation",
}
_SPELLINGS |= {american: british for british, american in _SPELLINGS.items()}
_ISE = re.compile(r"\b(\w+)is(ation|ations|e|ed|es|ing)\b")
_IZE = re.compile(r"\b(\w+)iz(ation|ations|e|ed|es|ing)\b")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_MAX_VARIANTS = 24  # a label with many optional spellings must not explode the matcher


@dataclass(frozen=True, slots=True)
class LabelPattern:
    """One surface form to match, and what it denotes."""

    text: str
    concept: str  # concept IRI
    facet: str
    kind: str  # "pref" | "alt" | "hidden"
    case: str  # "any" | "capital" (some token starts upper-case) | "exact" (acronyms, ORTH match)


def plural(word: str) -> str:
    """English plural of a noun, good enough for policy and topic heads (quota, road, policy, permit)."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def _spelling_options(word: str) -> list[str]:
    options = {word}
    lower = word.lower()
    if lower in _SPELLINGS:
        swap = _SPELLINGS[lower]
        options.add(swap.capitalize() if word[:1].isupper() else swap)
    options.add(_ISE.sub(r"\1iz\2", word))
    options.add(_IZE.sub(r"\1is\2", word))
    return sorted(options)


def label_variants(text: str, *, plurals: bool = False) -> list[str]:
    """Spelling, '&'/'and', dash, apostrophe and (optionally) plural variants of one label."""
    text = re.sub(r"^(the|The) ", "", unicodedata.normalize("NFC", text).strip())
    words = text.split(" ")
    combos = itertools.islice(itertools.product(*(_spelling_options(w) for w in words)), _MAX_VARIANTS)
    out: list[str] = []
    for combo in combos:
        base = " ".join(combo)
        forms = {base}
        if plurals and re.search(r"[a-z]$", base):
            head, _, last = base.rpartition(" ")
            forms.add(f"{head} {plural(last)}".strip())
        for form in list(forms):
            if " and " in form:
                forms.add(form.replace(" and ", " & "))
            if "-" in form:
                forms.add(_HYPHEN.sub("–", form))
            if "'" in form:
                forms.add(form.replace("'", "’"))
        out.extend(sorted(forms - set(out)))
    return out


def case_mode(text: str, facet: str, capitalised_only: frozenset[str], *, hidden: bool = False) -> str:
    """How strictly a label's case must match: acronyms exactly, names with a capital, the rest in any case."""
    letters = [ch for ch in text if ch.isalpha()]
    if " " not in text and sum(ch.isupper() for ch in letters) >= 2 and len(text) <= 8:
        return "exact"
    if normalize_label(text) in capitalised_only:
        return "capital"
    # One-word names ("China", "Osh", "Chinese") are common words or adjectives in lower case; longer
    # names ("shanghai cooperation organisation", "central asia") are names in any case, as in keyword lists.
    words = re.findall(r"[^\W\d_]+", text)
    if facet in ("region", "actor") and any(ch.isupper() for ch in letters) and (len(words) < 2 or hidden):
        return "capital"
    return "any"


def concept_patterns(ontology: Ontology) -> Iterator[LabelPattern]:
    """Every pattern of every concept, stop-listed labels left out."""
    for concept in ontology.concepts.values():
        plurals = concept.facet in ("policy", "topic")
        for text, _, kind in concept.all_labels():
            if normalize_label(text) in ontology.stoplist:
                continue
            mode = case_mode(text, concept.facet, ontology.capitalised_only, hidden=kind == "hidden")
            variants = [text] if mode == "exact" else label_variants(text, plurals=plurals)
            for variant in variants:
                yield LabelPattern(variant, concept.iri, concept.facet, kind, mode)
