"""Entity tagging: SKOS concept schemes, the spaCy concept ruler, text spans, candidates, keyphrases, evaluation."""

from __future__ import annotations

from bri_kg.entities.candidates import Candidate, aggregate_candidates, candidates_tsv
from bri_kg.entities.evaluate import SCORED_LABELS, EntityScores, LabelScore, evaluate_entities
from bri_kg.entities.keyphrases import Keyphrase, KeyphraseExtractor, extract_keyphrases
from bri_kg.entities.ontology import Concept, Ontology, load_ontology, normalize_label
from bri_kg.entities.spans import strip_jats, text_spans
from bri_kg.entities.tagger import EntityTagger, build_tagger, collect_candidates, model_available

__all__ = [
    "SCORED_LABELS",
    "Candidate",
    "Concept",
    "EntityScores",
    "EntityTagger",
    "Keyphrase",
    "KeyphraseExtractor",
    "LabelScore",
    "Ontology",
    "aggregate_candidates",
    "build_tagger",
    "candidates_tsv",
    "collect_candidates",
    "evaluate_entities",
    "extract_keyphrases",
    "load_ontology",
    "model_available",
    "normalize_label",
    "strip_jats",
    "text_spans",
]
