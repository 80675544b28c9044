"""Tests of the Crossref REST API work reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_kg.errors import FormatError
from bri_kg.read import bundled_inputs, read_path
from bri_kg.read.crossref import crossref_items, crossref_reference, crossref_to_csl

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WORK = {
    "type": "book-chapter",
    "title": ["Kazakh perspective on China"],
    "subtitle": ["the Chinese and Chinese migration"],
    "author": [
        {
            "given": "Alexander",
            "family": "Burkhanov",
            "ORCID": "http://orcid.org/0000-0001-2345-6789",
            "affiliation": [{"name": "Nazarbayev University"}],
        },
        {"name": "Migration Research Group", "affiliation": []},
    ],
    "container-title": ["Chinese Migrants in Central Asia", "ignored second title"],
    "published-print": {"date-parts": [[2017, 5, None]]},
    "page": "20\u201335",
    "DOI": "10.4324/ABC.12",
    "subject": ["Migration", "Sociology"],
    "cited-by-seed": True,
    "license-note": "CC BY",
}


def test_crossref_to_csl_maps_fields_and_drops_extensions():
    csl = crossref_to_csl(WORK, "x#1")
    assert csl == {
        "id": "10.4324/abc.12",
        "type": "chapter",
        "title": "Kazakh perspective on China: the Chinese and Chinese migration",
        "author": [
            {
                "family": "Burkhanov",
                "given": "Alexander",
                "affiliation": ["Nazarbayev University"],
                "ORCID": "https://orcid.org/0000-0001-2345-6789",
            },
            {"literal": "Migration Research Group"},
        ],
        "issued": {"date-parts": [[2017, 5]]},
        "container-title": "Chinese Migrants in Central Asia",
        "page": "20-35",
        "DOI": "10.4324/abc.12",
        "keyword": "Migration, Sociology",
    }


@pytest.mark.parametrize(
    "data",
    [
        {"status": "ok", "message": WORK},
        {"status": "ok", "message": {"items": [WORK, WORK]}},
        [WORK, WORK, WORK],
        {"items": [WORK]},
    ],
)
def test_every_response_shape_yields_its_works(tmp_path, data):
    path = tmp_path / "works.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    works = read_path(path)
    assert len(works) == len(crossref_items(data))
    assert {w.csl["DOI"] for w in works} == {"10.4324/abc.12"}
    assert all(w.source.format == "crossref-json" for w in works)


def test_unstructured_reference_is_raw_with_lowercase_doi():
    ref = crossref_reference({"unstructured": "Koch, N. (2013). Title. EGE, 54(1).", "DOI": "10.1080/ABC"}, 3)
    assert (ref.raw, ref.position, ref.csl, ref.doi) == (
        "Koch, N. (2013). Title. EGE, 54(1).",
        3,
        {},
        "10.1080/abc",
    )


def test_structured_reference_fills_csl():
    ref = crossref_reference(
        {
            "author": "Fallon",
            "year": "2015",
            "article-title": "The new silk road",
            "journal-title": "American Foreign Policy Interests",
            "volume": "37",
            "first-page": "140",
            "DOI": "10.1080/10803920.2015.1056682",
        },
        1,
    )
    assert ref.csl == {
        "author": [{"family": "Fallon"}],
        "issued": {"date-parts": [[2015]]},
        "title": "The new silk road",
        "container-title": "American Foreign Policy Interests",
        "volume": "37",
        "page": "140",
        "DOI": "10.1080/10803920.2015.1056682",
    }
    assert ref.raw.startswith("Fallon, 2015, The new silk road")
    assert ref.doi == "10.1080/10803920.2015.1056682"


def test_bundled_corpus():
    corpus = bundled_inputs()[1]
    raw = json.loads(corpus.read_text(encoding="utf-8"))
    works = read_path(corpus)
    assert len(works) == len(raw) == 25
    assert sum(len(w.references) for w in works) == sum(len(r.get("reference", [])) for r in raw)
    for work, item in zip(works, raw, strict=True):
        assert "cited-by-seed" not in work.csl and "license-note" not in work.csl
        assert work.csl["title"] == item["title"][0]
        assert work.year == item["published"]["date-parts"][0][0]
        assert work.csl.get("DOI") == (item["DOI"].lower() if "DOI" in item else None)
        assert "\u2013" not in work.csl.get("page", "")


def test_hostile_strings_are_kept_as_data_without_control_characters():
    [work] = read_path(FIXTURES / "bad" / "hostile_title.json")
    title = work.csl["title"]
    assert title == "<script>alert(1)</script> Migration and <img src=x onerror=alert(1)> the Belt\tand Road"
    assert work.csl["container-title"] == "Journal of Injection"
    assert work.csl["author"][0]["given"] == "Robert'); DROP TABLE works;--"
    assert work.references[0].raw == "Evil, E. (2020). <script>x</script> Title. J, 1(1), 1\u20132."
    assert work.references[0].doi == "10.5555/abc"


def test_json_lines_are_read_record_by_record(tmp_path):
    path = tmp_path / "works.jsonl"
    lines = [json.dumps({**WORK, "DOI": f"10.1/{i}"}) for i in range(3)]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    works = read_path(path)
    assert [w.doi for w in works] == ["10.1/0", "10.1/1", "10.1/2"]


def test_broken_json_lines_record_names_its_line(tmp_path):
    path = tmp_path / "works.jsonl"
    path.write_text(json.dumps(WORK) + "\n" + json.dumps(WORK)[:40] + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"works\.jsonl:2: invalid JSON Lines record at line 2"):
        read_path(path)
