"""Tests of reference scoring: per-field P/R/F1, name multisets, exact match, tables and gold loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_kg.errors import FormatError, InputError
from bri_kg.references.evaluate import PRF, load_gold, score_references

GOLD = {
    "id": "g1",
    "type": "article-journal",
    "author": [{"family": "Koch", "given": "N."}, {"literal": "United Nations"}],
    "issued": {"date-parts": [[2013]]},
    "title": "China’s rise – and fall",
    "page": "110-133",
    "DOI": "10.1080/ABC",
}


def test_identical_items_score_one() -> None:
    scores = score_references([GOLD], [dict(GOLD, id="other-id")])
    assert scores.micro.f1 == 1.0
    assert scores.exact_match == 1.0
    assert "id" not in scores.per_field


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"title": "China’s rise - and  fall"}, "title", PRF(1, 0, 0)),  # dash and space folding
        ({"title": "China's rise – and fall"}, "title", PRF(0, 1, 1)),  # quotes are not folded
        ({"DOI": "10.1080/abc"}, "DOI", PRF(1, 0, 0)),  # DOIs compare without case
        ({"issued": {"date-parts": [[2013, 5, 1]]}}, "issued", PRF(1, 0, 0)),  # the year only
        ({"page": None}, "page", PRF(0, 0, 1)),
        ({"volume": "5"}, "volume", PRF(0, 1, 0)),
        (
            {"author": [{"literal": "United Nations"}, {"family": "Koch", "given": "N."}]},
            "author",
            PRF(2, 0, 0),
        ),
        ({"author": [{"family": "Koch", "given": "N"}]}, "author", PRF(0, 1, 2)),
        ({"author": [{"family": "Koch", "given": "N."}]}, "author", PRF(1, 0, 1)),
    ],
)
def test_field_counts(change: dict, field: str, expected: PRF) -> None:
    predicted = {k: v for k, v in {**GOLD, **change}.items() if v is not None}
    scores = score_references([GOLD], [predicted])
    assert scores.per_field[field] == expected
    assert scores.exact_match == (1.0 if expected.fp == expected.fn == 0 else 0.0)


def test_prf_arithmetic() -> None:
    prf = PRF(tp=3, fp=1, fn=2)
    assert prf.precision == pytest.approx(0.75)
    assert prf.recall == pytest.approx(0.6)
    assert prf.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert PRF().f1 == 1.0  # nothing to find, nothing found


def test_micro_pools_fields_and_table_lists_them() -> None:
    pred = dict(GOLD, title="Wrong", volume="9")
    scores = score_references([GOLD, GOLD], [GOLD, pred])
    assert scores.n == 2
    assert scores.exact_match == 0.5
    assert scores.micro == PRF(tp=sum(p.tp for p in scores.per_field.values()), fp=2, fn=1)
    table = scores.to_table()
    assert "title" in table and "micro" in table and "exact match 0.500 over 2" in table
    data = scores.to_dict()
    assert data["per_field"]["title"]["fn"] == 1
    assert json.dumps(data)


def test_fields_restrict_scoring() -> None:
    scores = score_references([GOLD], [{"title": GOLD["title"]}], fields=["title"])
    assert list(scores.per_field) == ["title"]
    assert scores.exact_match == 1.0


def test_misaligned_lists_are_refused() -> None:
    with pytest.raises(ValueError, match="1 gold items but 0"):
        score_references([GOLD], [])


def test_load_gold_reads_pairs(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"raw": "A. (2000). T.", "csl": {"title": "T"}}) + "\n\n", encoding="utf-8")
    assert load_gold(path) == [("A. (2000). T.", {"title": "T"})]


@pytest.mark.parametrize(
    ("content", "line"),
    [('{"raw": "x", "csl": {}}\n{"raw": 1, "csl": {}}\n', 2), ('{"raw": "x", "csl": {}}\n{not json\n', 2)],
)
def test_load_gold_names_the_bad_line(tmp_path: Path, content: str, line: int) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_gold(path)
    assert info.value.line == line


def test_load_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_gold(tmp_path / "missing.jsonl")


def test_load_gold_on_the_seed_fixture(gold_references: list[dict], fixtures_dir: Path) -> None:
    pairs = load_gold(fixtures_dir / "gold" / "seed_references.csl.jsonl")
    assert len(pairs) == len(gold_references) == 45
