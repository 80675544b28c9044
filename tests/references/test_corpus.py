"""Tests of training-data loading, label mapping, alignment and the dev split."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bri_kg.references.corpus import (
    Record,
    align,
    annotated_twice,
    load_records,
    map_label,
    record_token_labels,
    segments_from_labels,
    split_of,
    token_labels,
)
from bri_kg.references.labels import LABELS
from bri_kg.references.tokenize import tokenize


@pytest.mark.parametrize(
    ("source", "label", "kwargs", "expected"),
    [
        ("anystyle-core", "journal", {}, "container-title"),
        ("anystyle-core", "container-title", {}, "container-title"),
        ("anystyle-core", "medium", {}, "note"),
        ("anystyle-core", "director", {}, "other"),
        ("anystyle-core", "citation-number", {}, "citation-number"),
        ("grobid-citation-corpus", "title-a", {}, "title"),
        ("grobid-citation-corpus", "title-m", {"has_title_a": False}, "title"),
        ("grobid-citation-corpus", "title-m", {"has_title_a": True}, "container-title"),
        ("grobid-citation-corpus", "title-j", {}, "container-title"),
        ("grobid-citation-corpus", "title-s", {}, "collection-title"),
        ("grobid-citation-corpus", "pubPlace", {}, "location"),
        ("grobid-citation-corpus", "page", {}, "pages"),
        ("grobid-citation-corpus", "idno-doi", {}, "doi"),
        ("grobid-citation-corpus", "idno-arxiv", {}, "note"),
        ("grobid-citation-corpus", "ptr-web", {}, "url"),
        ("grobid-citation-corpus", "orgName", {"before_title": True}, "author"),
        ("grobid-citation-corpus", "orgName", {"before_title": False}, "publisher"),
        ("grobid-citation-corpus", "biblStruct", {}, "other"),
    ],
)
def test_map_label(source: str, label: str, kwargs: dict[str, bool], expected: str) -> None:
    assert map_label(source, label, **kwargs) == expected


def test_align_tolerates_rejoined_spacing_and_fails_on_missing_text() -> None:
    raw = "Smith , J. ( 2016 ). Title."
    assert align(raw, [["author", "Smith, J."], ["date", "(2016)."]]) == [("author", 0, 10), ("date", 11, 20)]
    assert align(raw, [["author", "Jones"]]) is None


def _labels(raw: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    found = align(raw, spans)
    assert found is not None
    tokens = tokenize(raw)
    return [(t.text, lab) for t, lab in zip(tokens, token_labels(raw, tokens, found), strict=True)]


def test_grobid_gaps_attach_separators_back_and_lead_ins_forward() -> None:
    raw = 'Smith J, "A title," In Book, pp. 3-9.'
    got = _labels(
        raw, [("author", "Smith J"), ("title", "A title,"), ("container-title", "Book"), ("pages", "3-9")]
    )
    assert got == [
        ("Smith", "author"), ("J", "author"), (",", "author"), ('"', "title"), ("A", "title"),
        ("title", "title"), (",", "title"), ('"', "title"), ("In", "container-title"),
        ("Book", "container-title"), (",", "container-title"), ("pp.", "pages"),
        ("3", "pages"), ("-", "pages"), ("9", "pages"), (".", "pages"),
    ]  # fmt: skip


def test_editor_marker_stays_with_editor() -> None:
    got = _labels("In A. Ed (Eds.), Book", [("editor", "In A. Ed"), ("container-title", "Book")])
    assert [lab for _, lab in got] == ["editor"] * 7 + ["container-title"]


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        ("5(2),", ["volume", "issue", "issue", "issue", "issue"]),
        ("Vol. 12, no. 3,", ["volume"] * 3 + ["issue"] * 3),
        ("61,", ["volume", "volume"]),
    ],
)
def test_anystyle_volume_issue_split(volume: str, expected: list[str]) -> None:
    got = _labels(f"J {volume}", [("container-title", "J"), ("volume", volume)])
    assert [lab for _, lab in got[1:]] == expected


def test_segments_from_labels_are_verbatim_runs() -> None:
    raw = "Smith,  J.  (2016)."
    tokens = tokenize(raw)
    segs = segments_from_labels(raw, tokens, ["author"] * 3 + ["date"] * 4)
    assert [(s.label, s.text) for s in segs] == [("author", "Smith,  J."), ("date", "(2016).")]
    assert all(raw[s.start : s.end] == s.text for s in segs)


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return load_records("all")


def test_split_is_disjoint_about_ten_percent_and_stratified(records: list[Record]) -> None:
    train, dev = load_records("train"), load_records("dev")
    assert len(train) + len(dev) == len(records) > 15000
    assert not {r.id for r in train} & {r.id for r in dev}
    assert 0.08 < len(dev) / len(records) < 0.12
    by_source = Counter(r.source for r in records)
    dev_by_source = Counter(r.source for r in dev)
    for source, n in by_source.items():
        assert abs(dev_by_source[source] / n - 0.1) < 0.03, source
    assert all(split_of(r) == "dev" for r in dev[:50])


def test_duplicates_are_kept_once(records: list[Record]) -> None:
    keys = Counter(re.sub(r"[\W_]+", "", r.raw.casefold()) for r in records)
    assert keys.most_common(1)[0][1] == 1


def test_records_are_aligned_with_known_labels(records: list[Record]) -> None:
    for rec in records[::50]:
        assert all(s.label in LABELS for s in rec.segments)
        assert all(rec.raw[s.start : s.end] == s.text for s in rec.segments)
        tokens, labels = record_token_labels(rec)
        assert len(tokens) == len(labels) and tokens
        assert segments_from_labels(rec.raw, tokens, labels) == rec.segments


def test_annotated_twice_pairs_the_kept_record_with_another_annotation(records: list[Record]) -> None:
    pairs = annotated_twice()
    kept_ids = {r.id for r in records}
    assert len(pairs) > 500
    for kept, other in pairs[::25]:
        assert " ".join(kept.raw.split()) == " ".join(other.raw.split())
        assert kept.id in kept_ids and other.id not in kept_ids
