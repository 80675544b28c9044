"""Keyphrases of works, mapped onto TOPIC concepts where a label matches.

A work's own keywords (author keywords of WoS, Scopus, BibTeX, RIS, OpenAlex or Crossref records) are its
keyphrases, as in the co-word maps of VOSviewer and bibliometrix; a work without keywords gets YAKE's
phrases of its title and abstract (about 15 ms a text: a build runs it in worker processes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bri_kg.entities.ontology import Ontology, load_ontology, normalize_label
from bri_kg.entities.patterns import label_variants
from bri_kg.errors import ModelError

__all__ = [
    "Keyphrase",
    "KeyphraseExtractor",
    "entity_phrases",
    "extract_keyphrases",
    "singular",
    "split_keywords",
    "topic_index",
    "yake_candidates",
]

# Readers join keywords with ", " (CSL); exports also use ";" and " / ".
_KEYWORD_SEPARATORS = re.compile(r"\s*(?:[;,\n]|\s/\s)\s*")
# Words of scholarly prose, not of any topic: a YAKE phrase made only of these ("Introduction", "this
# article", "main results") says nothing about the work.
_DISCOURSE_TEXT = """
    a an the this that these those its their our of in on for to and or with by from as at introduction
    conclusion conclusions abstract article articles paper papers study studies research analysis
    analyses result results finding findings author authors approach approaches method methods
    methodology data aim aims purpose case cases example examples review section chapter part parts main
    new key important significant different various current recent present first second third issue
    issues question questions problem problems aspect aspects factor factors role context framework work
    works literature discussion implication implications
"""
_DISCOURSE_WORDS = frozenset(_DISCOURSE_TEXT.split())


@dataclass(frozen=True, slots=True)
class Keyphrase:
    """A keyphrase as printed; ``score`` in (0, 1], higher is more relevant; ``concept`` a TOPIC IRI or None."""

    text: str
    score: float
    concept: str | None = None


def singular(word: str) -> str:
    """English singular of a plural noun head (policies -> policy, flows -> flow); other words unchanged."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(s|x|z|ch|sh)es$", word):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def split_keywords(keywords: Any) -> list[str]:
    """A work's keywords (CSL ``keyword`` string or list) as separate phrases, first spelling of each kept."""
    items = keywords if isinstance(keywords, list) else [keywords or ""]
    seen: dict[str, str] = {}
    for item in items:
        for part in _KEYWORD_SEPARATORS.split(str(item)):
            phrase = part.strip(" .\"'“”«»")
            if phrase and any(c.isalpha() for c in phrase):
                seen.setdefault(phrase.casefold(), phrase)
    return list(seen.values())


def _discourse(phrase: str) -> bool:
    """Whether every word of the phrase is a word of scholarly prose rather than of a topic."""
    words = normalize_label(phrase).split()
    return bool(words) and all(w in _DISCOURSE_WORDS for w in words)


def _lemma(key: str) -> str:
    head, _, last = key.rpartition(" ")
    return f"{head} {singular(last)}".strip()


def _inside(phrase: str, other: str) -> bool:
    """Whether ``phrase`` is a run of whole words of ``other`` (case-insensitive)."""
    return f" {phrase.casefold()} " in f" {other.casefold()} "


def topic_index(ontology: Ontology) -> dict[str, str]:
    """Normalised label (with spelling and plural variants) -> TOPIC concept IRI; ambiguous keys left out."""
    index: dict[str, set[str]] = {}
    for concept in ontology.in_facet("topic"):
        for text, _, _ in concept.all_labels():
            for variant in label_variants(text, plurals=True):
                index.setdefault(normalize_label(variant), set()).add(concept.iri)
    return {key: next(iter(iris)) for key, iris in index.items() if len(iris) == 1}


def entity_phrases(ontology: Ontology) -> frozenset[str]:
    """Normalised labels of the actor, policy and region concepts (with spelling and plural variants), and
    every run of words of a policy's label: the tagger links these, so they are no free keyphrases
    ("Kazakhstan"; "Road Initiative" or "Road" cut out of "Belt and Road Initiative")."""
    out: set[str] = set()
    for facet in ("actor", "policy", "region"):
        for concept in ontology.in_facet(facet):
            for text, _, _ in concept.all_labels():
                for variant in label_variants(text, plurals=True):
                    words = normalize_label(variant).split()
                    out.add(" ".join(words))
                    # Only policies: actor labels hold generic runs ("Ministry of Economic Development").
                    if facet == "policy":
                        out.update(
                            " ".join(words[i:j])
                            for i in range(len(words))
                            for j in range(i + 1, len(words) + 1)
                        )
    return frozenset(out)


def _yake(top: int, max_words: int, language: str) -> Any:
    try:
        import yake  # optional dependency: imported only when keyphrases are asked for
    except ImportError as exc:
        raise ModelError("keyphrase extraction needs the 'yake' package (pip install yake)") from exc
    # dedup_lim 0.7: YAKE's default 0.9 keeps near-copies such as "Silk Road Economic" next to "Road Economic Belt".
    return yake.KeywordExtractor(lan=language, n=max_words, dedup_lim=0.7, top=top)


@dataclass
class KeyphraseExtractor:
    """YAKE with a TOPIC label index; build once and reuse over many texts."""

    ontology: Ontology
    top: int = 10
    max_words: int = 3
    language: str = "en"
    use_yake: bool = True  # False: keywords and given candidates only (YAKE runs elsewhere)
    index: dict[str, str] = field(init=False, repr=False)
    entities: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = topic_index(self.ontology)
        self.entities = entity_phrases(self.ontology)
        # Twice as many as asked: phrases inside a better-ranked one are dropped afterwards.
        self._yake = _yake(2 * self.top, self.max_words, self.language) if self.use_yake else None

    def concept_for(self, phrase: str) -> str | None:
        """The TOPIC concept whose label equals the phrase or its lemma (singular head), else None."""
        key = normalize_label(phrase)
        return self.index.get(key) or self.index.get(_lemma(key))

    def is_entity(self, phrase: str) -> bool:
        """Whether the phrase names an actor, policy or region (which the tagger links) and no topic."""
        key = normalize_label(phrase)
        return (key in self.entities or _lemma(key) in self.entities) and self.concept_for(phrase) is None

    def of_keywords(self, keywords: Any) -> list[Keyphrase]:
        """A work's own keywords as its keyphrases, in their order (scores fall from 1 by position);
        keywords that name an actor, policy or region are left to the entity tagger."""
        phrases = [p for p in split_keywords(keywords) if not self.is_entity(p)][: self.top]
        return [
            Keyphrase(phrase, round(1.0 / (1.0 + rank), 6), self.concept_for(phrase))
            for rank, phrase in enumerate(phrases)
        ]

    def __call__(self, text: str) -> list[Keyphrase]:
        if self._yake is None:
            raise ModelError("this extractor was built with use_yake=False")
        return self.select(self._yake.extract_keywords(text) if text.strip() else [])

    def select(self, candidates: Iterable[tuple[str, float]]) -> list[Keyphrase]:
        """The ``top`` of YAKE's (phrase, score) candidates, phrases inside a better one, actor, policy or
        region names and phrases of scholarly prose only ("Introduction") left out."""
        out: list[Keyphrase] = []
        for phrase, raw in candidates:
            if len(out) == self.top:
                break
            if (
                any(_inside(phrase, kept.text) for kept in out)
                or self.is_entity(phrase)
                or _discourse(phrase)
            ):
                continue  # "Economic Belt" after "Road Economic Belt"; "Kazakhstan" is a tagged region
            # YAKE scores are >= 0 with lower meaning more relevant; 1 / (1 + s) keeps the order in (0, 1].
            out.append(Keyphrase(phrase, round(1.0 / (1.0 + float(raw)), 6), self.concept_for(phrase)))
        return out


def yake_candidates(
    texts: Sequence[str], *, top: int = 10, max_words: int = 3, language: str = "en"
) -> list[list[tuple[str, float]]]:
    """YAKE's raw (phrase, score) candidates of each text, for :meth:`KeyphraseExtractor.select`.

    Plain data in and out, so that a build can run it in a worker process beside its other stages.
    """
    extractor = _yake(2 * top, max_words, language)
    return [
        [(str(p), float(r)) for p, r in extractor.extract_keywords(t)] if t.strip() else [] for t in texts
    ]


def extract_keyphrases(text: str, *, top: int = 10, ontology: Ontology | None = None) -> list[Keyphrase]:
    """The ``top`` keyphrases of a title or abstract, most relevant first."""
    return KeyphraseExtractor(ontology or load_ontology(), top=top)(text)
