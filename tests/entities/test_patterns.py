"""Surface variants generated from SKOS labels."""

from __future__ import annotations

import pytest

from bri_kg.entities import load_ontology
from bri_kg.entities.patterns import case_mode, concept_patterns, label_variants, plural


@pytest.mark.parametrize(
    ("word", "expected"),
    [("quota", "quotas"), ("road", "roads"), ("policy", "policies"), ("tax", "taxes"), ("day", "days")],
)
def test_plural(word: str, expected: str) -> None:
    assert plural(word) == expected


@pytest.mark.parametrize(
    ("label", "plurals", "expected"),
    [
        ("foreign labour quota", True, {"foreign labor quota", "foreign labour quotas"}),
        ("Belt and Road Initiative", False, {"Belt & Road Initiative"}),
        ("smart specialization", False, {"smart specialisation"}),
        ("Alma-Ata", False, {"Alma–Ata"}),
        ("Xi'an", False, {"Xi’an"}),
        ("the Americas", False, {"Americas"}),
    ],
)
def test_label_variants(label: str, plurals: bool, expected: set[str]) -> None:
    variants = set(label_variants(label, plurals=plurals))
    assert expected <= variants
    assert not any(v.startswith("the ") for v in variants)


def test_no_plurals_unless_asked() -> None:
    assert "Kazakhstans" not in label_variants("Kazakhstan")


@pytest.mark.parametrize(
    ("text", "facet", "mode"),
    [
        ("SCO", "actor", "exact"),
        ("U.S.", "region", "exact"),
        ("Kazakhstan", "region", "capital"),
        ("Chinese", "region", "capital"),
        ("belt and road initiative", "policy", "any"),
        ("Belt and Road Initiative", "policy", "any"),
        ("remittances", "topic", "any"),
        ("Global Gateway", "policy", "capital"),
        ("Central Asia", "region", "any"),
        ("Shanghai Cooperation Organisation", "actor", "any"),
    ],
)
def test_case_mode(text: str, facet: str, mode: str) -> None:
    assert case_mode(text, facet, frozenset({"global gateway"})) == mode


def test_hidden_multiword_labels_need_a_capital() -> None:
    assert case_mode("Central Asian", "region", frozenset(), hidden=True) == "capital"


def test_stoplisted_labels_have_no_pattern() -> None:
    ontology = load_ontology()
    texts = {p.text.lower() for p in concept_patterns(ontology)}
    assert "mary" not in texts and "oral" not in texts
    assert "kazakhstan" in texts and "alma-ata" in texts
