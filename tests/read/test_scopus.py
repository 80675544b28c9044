"""Tests of the Scopus CSV reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from bri_kg.read import read_path
from bri_kg.read.scopus import parse_scopus_author, split_scopus_authors

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture(scope="module")
def scopus():
    return read_path(SAMPLES / "scopus.csv")


def test_scopus_records_and_references(scopus):
    assert len(scopus) == 58
    first = scopus[0]
    assert first.source.format == "scopus-csv"
    assert first.csl["title"] == "Scalable molecular dynamics with NAMD"
    assert first.csl["DOI"] == "10.1002/jcc.20289"
    assert first.csl["page"] == "1781-1802"
    assert first.csl["author"][0] == {
        "family": "Phillips",
        "given": "J.C.",
        "affiliation": [
            "Beckman Institute, University of Illinois at Urbana-Champaign, Urbana, IL 61801, United States"
        ],
    }
    assert (
        first.references[1].raw == "Humphrey, W., Dalke, A., Schulten, K., (1996) J Mol Graphics, 14, p. 33"
    )
    assert [len(w.references) > 0 for w in scopus].count(True) == 3
    assert all(r.csl == {} for w in scopus for r in w.references)


def test_scopus_row_lines_point_at_the_row(scopus):
    lines = (SAMPLES / "scopus.csv").read_text(encoding="utf-8-sig").splitlines()
    for work in (w for w in scopus if w.references):
        assert lines[work.references[0].line - 1].startswith('"' + work.csl["author"][0]["family"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Phillips J.C.", {"family": "Phillips", "given": "J.C."}),
        ("Phillips, J.C.", {"family": "Phillips", "given": "J.C."}),
        ("Van Der Berg A.", {"family": "Van Der Berg", "given": "A."}),
        ("Phillips, James C. (57202138757)", {"family": "Phillips", "given": "James C."}),
        ("WHO", {"literal": "WHO"}),
    ],
)
def test_parse_scopus_author(name, expected):
    assert parse_scopus_author(name) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Phillips J.C., Braun R.", ["Phillips J.C.", "Braun R."]),
        ("Phillips, J.C.; Braun, R.", ["Phillips, J.C.", "Braun, R."]),
        ("[No author name available]", []),
    ],
)
def test_split_scopus_authors(cell, expected):
    assert split_scopus_authors(cell) == expected
