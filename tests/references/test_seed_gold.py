"""The parser with the shipped model on the seed article's 45 gold references: every field F1 >= 0.97."""

from __future__ import annotations

import pytest

from bri_kg.references import ReferenceParser, score_references
from bri_kg.references.evaluate import ReferenceScores

TARGET = 0.97


@pytest.fixture(scope="module")
def seed_scores(gold_references: list[dict]) -> ReferenceScores:
    parser = ReferenceParser()
    predicted = [parser.parse(row["raw"]).csl for row in gold_references]
    return score_references([row["csl"] for row in gold_references], predicted)


@pytest.mark.parametrize(
    "field",
    [
        "type",
        "author",
        "editor",
        "issued",
        "year-suffix",
        "title",
        "translated-title",
        "container-title",
        "volume",
        "issue",
        "page",
        "publisher",
        "publisher-place",
        "note",
        "DOI",
        "URL",
    ],
)
def test_every_field_reaches_the_target(seed_scores: ReferenceScores, field: str) -> None:
    prf = seed_scores.per_field[field]
    assert prf.f1 >= TARGET, f"{field}: {prf.to_dict()}\n{seed_scores.to_table()}"


def test_no_unexpected_fields_are_predicted(seed_scores: ReferenceScores) -> None:
    spurious = {name: prf.fp for name, prf in seed_scores.per_field.items() if prf.support == 0}
    assert not spurious


def test_micro_and_exact_match(seed_scores: ReferenceScores) -> None:
    assert seed_scores.n == 45
    assert seed_scores.micro.f1 >= TARGET
    assert seed_scores.exact_match >= 0.85
