"""Strict span+label scoring, norm and Wikidata accuracy; TOPIC predictions are not scored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from bri_kg.entities import evaluate_entities
from bri_kg.models import Mention

GOLD = [
    {
        "id": "t1",
        "text": "Kazakhstan and China",
        "entities": [
            {
                "start": 0,
                "end": 10,
                "label": "REGION",
                "text": "Kazakhstan",
                "norm": "Kazakhstan",
                "wikidata": "Q232",
            },
            {"start": 15, "end": 20, "label": "REGION", "text": "China", "norm": "China", "wikidata": "Q148"},
        ],
    },
    {
        "id": "t2",
        "text": "the SCO",
        "entities": [{"start": 4, "end": 7, "label": "ACTOR", "text": "SCO", "norm": "SCO"}],
    },
]


def _m(start: int, end: int, label: str, text: str, norm: str, wikidata: str | None = None) -> Mention:
    return Mention(start, end, label, text, "https://w3id.org/bri-kg/concept/x", norm, wikidata)


@dataclass
class FakeTagger:
    outputs: list[list[Mention]]

    def tag_many(self, texts: Iterable[str]) -> list[list[Mention]]:
        assert len(list(texts)) == len(self.outputs)
        return self.outputs


def test_perfect_tagger_scores_one() -> None:
    outputs = [
        [
            _m(0, 10, "REGION", "Kazakhstan", "Kazakhstan", "Q232"),
            _m(15, 20, "REGION", "China", "China", "Q148"),
        ],
        [_m(4, 7, "ACTOR", "SCO", "SCO"), _m(0, 3, "TOPIC", "the", "topic")],
    ]
    scores = evaluate_entities(GOLD, FakeTagger(outputs))
    assert scores.micro.f1 == 1.0 and scores.norm_accuracy == 1.0 and scores.wikidata_accuracy == 1.0
    assert "TOPIC" not in scores.per_label
    assert "micro" in scores.to_table() and scores.to_dict()["micro"]["f1"] == 1.0


def test_errors_are_counted() -> None:
    outputs = [
        [_m(0, 10, "REGION", "Kazakhstan", "Kazakh", None), _m(15, 20, "ACTOR", "China", "China")],
        [_m(0, 7, "ACTOR", "the SCO", "SCO")],
    ]
    scores = evaluate_entities(GOLD, FakeTagger(outputs))
    region, actor = scores.per_label["REGION"], scores.per_label["ACTOR"]
    assert (region.tp, region.fp, region.fn) == (1, 0, 1)
    assert (actor.tp, actor.fp, actor.fn) == (0, 2, 1)
    assert scores.micro.precision == pytest.approx(1 / 3) and scores.micro.recall == pytest.approx(1 / 3)
    assert scores.norm_accuracy == 0.0 and scores.wikidata_accuracy == 0.0
    assert {e["type"] for e in scores.errors} == {"fn", "fp", "norm"}
