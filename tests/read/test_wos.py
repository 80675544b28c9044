"""Tests of the Web of Science plain-text and tab-delimited readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bri_kg.errors import FormatError
from bri_kg.read import detect_format, iter_works, read_path
from bri_kg.read.wos import iter_plaintext_records, parse_cited_reference

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.mark.parametrize(
    ("name", "fmt", "records"),
    [
        ("scientometrics_text.wos_plaintext.txt", "wos-plaintext", 147),
        ("wos_plaintext.txt", "wos-plaintext", 50),
        ("wos_tab_delimited_win_utf8.txt", "wos-tab", 50),
        ("wos_tab_delimited_win_utf16.txt", "wos-tab", 50),
    ],
)
def test_record_counts_and_detection(name, fmt, records):
    path = SAMPLES / name
    assert detect_format(path) == fmt
    works = read_path(path)
    assert len(works) == records
    assert {w.source.format for w in works} == {fmt}
    assert all(w.title and w.references for w in works[:10])


def test_plaintext_and_tab_exports_of_the_same_records_agree():
    plain = read_path(SAMPLES / "wos_plaintext.txt")
    for tab_name in ("wos_tab_delimited_win_utf8.txt", "wos_tab_delimited_win_utf16.txt"):
        tab = read_path(SAMPLES / tab_name)
        assert [w.title for w in tab] == [w.title for w in plain]
        assert [w.doi for w in tab] == [w.doi for w in plain]
        assert [[r.raw for r in w.references] for w in tab] == [[r.raw for r in w.references] for w in plain]
        assert [w.csl["author"] for w in tab] == [w.csl["author"] for w in plain]


def test_first_scientometrics_record():
    work = next(iter_works(SAMPLES / "scientometrics_text.wos_plaintext.txt"))
    assert work.title == "Using the comprehensive patent citation network (CPC) to evaluate patent value"
    assert work.csl["container-title"] == "SCIENTOMETRICS"
    assert work.csl["author"][0] == {
        "family": "Yang",
        "given": "Guan-Can",
        "affiliation": ["Inst Sci & Tech Informat China, Beijing 100038, Peoples R China"],
        "ORCID": "https://orcid.org/0000-0002-1706-1884",
    }
    assert work.csl["keyword"].startswith(
        "Comprehensive patent citation (CPC), Multiple relationships, Patent value"
    )
    first = work.references[0]
    assert first.raw == "Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313, DOI 10.1002/asi.22680"
    assert first.doi == "10.1002/asi.22680"
    lines = (SAMPLES / "scientometrics_text.wos_plaintext.txt").read_text(encoding="utf-8").splitlines()
    for ref in work.references:
        assert lines[ref.line - 1][3:] == ref.raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Ahuja G, 2000, ADMIN SCI QUART, V45, P425, DOI 10.2307/2667105",
            {
                "author": [{"family": "Ahuja", "given": "G"}],
                "issued": {"date-parts": [[2000]]},
                "container-title": "ADMIN SCI QUART",
                "volume": "45",
                "page": "425",
                "DOI": "10.2307/2667105",
            },
        ),
        (
            "Paroissien JB, 2015, J ENVIRON MANAGE, V150, P57, DOI [10.1016/j.jenvman.2014.10.034, 1]",
            {
                "author": [{"family": "Paroissien", "given": "JB"}],
                "issued": {"date-parts": [[2015]]},
                "container-title": "J ENVIRON MANAGE",
                "volume": "150",
                "page": "57",
                "DOI": "10.1016/j.jenvman.2014.10.034",
            },
        ),
        ("[Anonymous], 2004, NATURE", {"issued": {"date-parts": [[2004]]}, "container-title": "NATURE"}),
        (
            "ADRIAN ED, 1935, J PHYSIOL-LONDON, V83, pP33",
            {
                "author": [{"family": "ADRIAN", "given": "ED"}],
                "issued": {"date-parts": [[1935]]},
                "container-title": "J PHYSIOL-LONDON",
                "volume": "83",
                "page": "P33",
            },
        ),
    ],
)
def test_parse_cited_reference(raw, expected):
    assert parse_cited_reference(raw) == expected


def test_records_are_streamed():
    def lines():
        yield from enumerate(["FN x", "PT J", "TI One", "ER", "PT J", "TI Two"], 1)
        raise AssertionError("read past the first record")

    records = iter_plaintext_records(lines())
    line, record = next(records)
    assert (line, record["TI"]) == (2, (3, ["One"]))


def test_export_without_records(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no Web of Science record found"):
        read_path(path)
