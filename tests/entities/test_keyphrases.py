"""YAKE keyphrases of titles and abstracts, mapped onto TOPIC concepts by label or lemma."""

from __future__ import annotations

import time

import pytest

from bri_kg.entities import KeyphraseExtractor, extract_keyphrases, load_ontology
from bri_kg.entities.keyphrases import singular, split_keywords, topic_index

pytest.importorskip("yake")

KGC = "https://w3id.org/bri-kg/concept/"
ABSTRACT = (
    "Remittances sent by labour migrants from Tajikistan and Kyrgyzstan support rural households. "
    "Labour migrants face precarious employment in Russia, and remittances fell after 2014. "
    "The paper studies remittances, labour migrants and household welfare."
)


@pytest.fixture(scope="module")
def extractor() -> KeyphraseExtractor:
    return KeyphraseExtractor(load_ontology(), top=8)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("policies", "policy"),
        ("flows", "flow"),
        ("approaches", "approach"),
        ("status", "status"),
        ("gas", "gas"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_topic_mapping_by_label_spelling_and_lemma(extractor: KeyphraseExtractor) -> None:
    assert extractor.concept_for("Remittances") == KGC + "remittances"
    assert extractor.concept_for("labor migrants") == KGC + "labour-migration"  # US spelling variant
    assert extractor.concept_for("migration policies") == KGC + "migration-policy"
    assert extractor.concept_for("brain drains") == KGC + "brain-drain"  # lemma of the head
    assert extractor.concept_for("household welfare") is None
    assert all(iri.startswith(KGC) for iri in topic_index(load_ontology()).values())


def test_keyphrases_are_ranked_and_mapped(extractor: KeyphraseExtractor) -> None:
    phrases = extractor(ABSTRACT)
    assert 0 < len(phrases) <= 8
    scores = [p.score for p in phrases]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    concepts = {p.text.lower(): p.concept for p in phrases}
    assert concepts.get("remittances") == KGC + "remittances"
    assert any(c is None for c in concepts.values())  # free keyphrases are kept
    texts = [p.text.casefold() for p in phrases]
    for i, text in enumerate(texts):  # no phrase is a piece of a better-ranked one
        assert not any(f" {text} " in f" {other} " for other in texts[:i])


def test_empty_text_and_top() -> None:
    assert extract_keyphrases("   ") == []
    assert len(extract_keyphrases(ABSTRACT, top=3)) == 3


def test_fast(extractor: KeyphraseExtractor) -> None:
    started = time.process_time()
    for _ in range(50):
        extractor(ABSTRACT)
    assert time.process_time() - started < 2.0


def test_split_keywords_handles_the_export_separators() -> None:
    assert split_keywords("Labour migration; Kazakhstan, China") == [
        "Labour migration",
        "Kazakhstan",
        "China",
    ]
    assert split_keywords(["“CHINESE MIRACLE” / CENTRAL ASIA", "central asia"]) == [
        "CHINESE MIRACLE",
        "CENTRAL ASIA",
    ]
    assert split_keywords(None) == [] and split_keywords(" ; , 2019 ;") == []


def test_own_keywords_are_the_keyphrases_in_order(extractor: KeyphraseExtractor) -> None:
    phrases = extractor.of_keywords("Remittances; household welfare; Migration policies")
    assert [p.text for p in phrases] == ["Remittances", "household welfare", "Migration policies"]
    assert [p.concept for p in phrases] == [KGC + "remittances", None, KGC + "migration-policy"]
    scores = [p.score for p in phrases]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0
    assert extractor.of_keywords("") == []


def test_names_of_actors_policies_and_regions_are_left_to_the_tagger(extractor: KeyphraseExtractor) -> None:
    assert extractor.is_entity("Kazakhstan") and extractor.is_entity("Central Asia")
    assert extractor.is_entity("Road Initiative")  # cut out of the policy "Belt and Road Initiative"
    assert not extractor.is_entity("labour migration")  # a topic, even inside a policy's name
    assert not extractor.is_entity("Chinese migrants")
    phrases = extractor.of_keywords("Kazakhstan; Remittances; Belt and Road Initiative; Chinese migrants")
    assert [p.text for p in phrases] == ["Remittances", "Chinese migrants"]
    selected = extractor.select([("Road Initiative", 0.01), ("Chinese traders", 0.02), ("Kazakhstan", 0.03)])
    assert [p.text for p in selected] == ["Chinese traders"]


def test_phrases_of_scholarly_prose_are_no_keyphrases(extractor: KeyphraseExtractor) -> None:
    selected = extractor.select([("Introduction", 0.01), ("this article", 0.02), ("border trade", 0.03)])
    assert [p.text for p in selected] == ["border trade"]
    assert [p.text for p in extractor.select([("main results", 0.1), ("case study of Khorgos", 0.2)])] == [
        "case study of Khorgos"
    ]
