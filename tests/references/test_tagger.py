"""Tests of the CRF reference tagger and its shipped model."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bri_kg.errors import ModelError
from bri_kg.references.corpus import load_records
from bri_kg.references.labels import LABELS
from bri_kg.references.tagger import DEFAULT_MODEL_PATH, CrfTagger, TaggedReference, _open, load_tagger
from bri_kg.references.train import evaluate_tagger, train_model

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "seed_references.csl.jsonl"


@pytest.fixture(scope="module")
def tagger() -> CrfTagger:
    return load_tagger()


def _check(ref: TaggedReference, raw: str) -> None:
    assert ref.raw == raw
    assert 0.0 <= ref.confidence <= 1.0
    prev_end = 0
    for seg in ref.segments:
        assert seg.label in LABELS
        assert raw[seg.start : seg.end] == seg.text and seg.text
        assert seg.start >= prev_end
        prev_end = seg.end
    for a, b in zip(ref.segments, ref.segments[1:], strict=False):
        assert a.label != b.label


def test_default_model_loads_fast_and_is_cached() -> None:
    start = time.perf_counter()
    fresh = _open(DEFAULT_MODEL_PATH)
    assert time.perf_counter() - start < 1.0
    assert set(fresh.labels) <= set(LABELS)
    assert load_tagger() is load_tagger()


def test_missing_model_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        load_tagger(tmp_path / "nope.crfsuite")


@pytest.mark.parametrize("damage", ["garbage", "truncate", "empty"])
def test_corrupt_model_raises_model_error(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "bad.crfsuite"
    if damage == "garbage":
        path.write_bytes(b"not a model at all" * 10)
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        shutil.copy(DEFAULT_MODEL_PATH, path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError):
        load_tagger(path)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\x00\x01\x02",
        ".,;:()[]",
        "a" * 10_000,
        "Ж 中 ع x " * 1500,
        "\ud800 lone \udfff",
        "\u2028\x85",
    ],
    ids=[
        "empty",
        "spaces",
        "control",
        "punctuation",
        "10k-chars",
        "mixed-scripts",
        "surrogates",
        "odd-space",
    ],
)
def test_tag_never_raises(tagger: CrfTagger, raw: str) -> None:
    ref = tagger.tag(raw)
    _check(ref, raw)
    assert (ref.segments == []) == (raw.strip() == "")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_tag_property_any_string(raw: str) -> None:
    _check(load_tagger().tag(raw), raw)


def test_tag_many_keeps_order(tagger: CrfTagger) -> None:
    raws = ["Smith, J. (2001). A title. Journal, 3, 1-2.", "", "Doe J. Book. Paris: Seuil; 1990."]
    assert [r.raw for r in tagger.tag_many(raws)] == raws
    assert tagger.tag_many(iter(raws))[0] == tagger.tag(raws[0])


def _seed() -> dict[str, str]:
    rows = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["raw"].split(" ")[0].rstrip(",.") + str(row["n"]): row["raw"] for row in rows}


def _label_of(ref: TaggedReference, needle: str) -> set[str]:
    """Labels of the segments that overlap the first occurrence of ``needle``."""
    start = ref.raw.index(needle)
    end = start + len(needle)
    return {s.label for s in ref.segments if s.start < end and s.end > start}


@pytest.mark.parametrize(
    ("key", "needle", "label"),
    [
        ("Aoyama2", "Aoyama, R.", "author"),
        ("Aoyama2", "2016", "date"),
        ("Aoyama2", "One Belt, One Road”: China’s new global strategy", "title"),
        ("Aoyama2", "Journal of Contemporary East Asia Studies", "container-title"),
        ("Aoyama2", "3–22", "pages"),
        ("Aoyama2", "10.1080/24761028.2016.11869094", "doi"),
        ("Arpaia3", "Review of World Economics", "container-title"),
        ("Arpaia3", "815–834", "pages"),
        ("Burkhanov4", "Burkhanov, A., & Chen, Y.W.", "author"),
        ("Center5", "http://en.ccg.org.cn/html/publications/2370.html", "url"),
        ("Sadovskaya29", "F. B. Chang & S. T. Rucker-Chang", "editor"),
        ("Sadovskaya29", "Chinese Migrants in Russia, Central Asia and Eastern Europe", "container-title"),
        ("Sadovskaya29", "117–144", "pages"),
        ("Sadovskaya29", "Routledge", "publisher"),
        ("Shokamanov34", "[Expert assessment of the system of collection", "title"),
        ("Danzer8", "Regensburg", "location"),
        ("Danzer8", "Institute for East and Southeast European Studies", "publisher"),
    ],
)
def test_seed_references_are_tagged_right(tagger: CrfTagger, key: str, needle: str, label: str) -> None:
    ref = tagger.tag(_seed()[key])
    assert _label_of(ref, needle) == {label}


def test_training_is_deterministic_and_loadable(tmp_path: Path) -> None:
    records = load_records("train")[:10]
    first = train_model(records, tmp_path / "a.crfsuite", {"max_iterations": 5})
    second = train_model(records, tmp_path / "b.crfsuite", {"max_iterations": 5})
    assert first.read_bytes() == second.read_bytes()
    assert load_tagger(first).tag("Smith, J. (2001). A title. Journal, 3, 1-2.").segments


def test_evaluate_tagger_on_dev_slice(tagger: CrfTagger) -> None:
    report = evaluate_tagger(load_records("dev")[:60], tagger)
    assert report["references"] == 60
    assert report["token_accuracy"] > 0.85
    segments = report["segments"]
    assert isinstance(segments, dict) and segments["author"]["f1"] > 0.85


def test_confidence_is_the_length_normalised_path_probability(tagger: CrfTagger) -> None:
    raw = "Koch, N. (2013). Changing geopolitics. Eurasian Geography and Economics, 54(1), 110–133."
    ref = tagger.tag(raw)
    assert 0.8 < ref.confidence <= 1.0
    assert tagger.tag("%% ?? ;; 17 ,,").confidence < ref.confidence
