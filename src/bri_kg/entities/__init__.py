"""Entity tagging: SKOS concept schemes, the spaCy concept ruler, text spans and evaluation."""

from __future__ import annotations

from bri_kg.entities.evaluate import SCORED_LABELS, EntityScores, LabelScore, evaluate_entities
from bri_kg.entities.ontology import Concept, Ontology, load_ontology, normalize_label
from bri_kg.entities.spans import strip_jats, text_spans
from bri_kg.entities.tagger import EntityTagger, build_tagger, model_available

__all__ = [
    "SCORED_LABELS",
    "Concept",
    "EntityScores",
    "EntityTagger",
    "LabelScore",
    "Ontology",
    "build_tagger",
    "evaluate_entities",
    "load_ontology",
    "model_available",
    "normalize_label",
    "strip_jats",
    "text_spans",
]
