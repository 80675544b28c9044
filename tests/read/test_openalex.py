"""Tests of the OpenAlex reader."""

from __future__ import annotations

import json

from bri_kg.read import read_path
from bri_kg.read.openalex import abstract_from_inverted_index

OPENALEX = {
    "meta": {"count": 1},
    "results": [
        {
            "id": "https://openalex.org/W1",
            "doi": "https://doi.org/10.1/OA",
            "title": "Belt and Road migration",
            "publication_date": "2021-04-02",
            "type": "article",
            "authorships": [
                {
                    "author": {
                        "display_name": "Aigerim Sadykova",
                        "orcid": "https://orcid.org/0000-0001-0000-0001",
                    },
                    "institutions": [{"display_name": "Nazarbayev University"}],
                }
            ],
            "primary_location": {"source": {"display_name": "Central Asian Survey"}},
            "biblio": {"volume": "40", "issue": "2", "first_page": "1", "last_page": "20"},
            "abstract_inverted_index": {"Labour": [0], "flows": [1, 3], "and": [2]},
            "referenced_works": ["https://openalex.org/W2", "https://openalex.org/W3"],
        }
    ],
}


def test_openalex(tmp_path):
    path = tmp_path / "works.json"
    path.write_text(json.dumps(OPENALEX), encoding="utf-8")
    [work] = read_path(path)
    assert work.source.format == "openalex-json"
    assert work.csl["DOI"] == "10.1/oa"
    assert work.csl["issued"] == {"date-parts": [[2021, 4, 2]]}
    assert work.csl["author"] == [
        {
            "family": "Sadykova",
            "given": "Aigerim",
            "affiliation": ["Nazarbayev University"],
            "ORCID": "https://orcid.org/0000-0001-0000-0001",
        }
    ]
    assert (work.csl["container-title"], work.csl["page"]) == ("Central Asian Survey", "1-20")
    assert work.csl["abstract"] == "Labour flows and flows"
    assert [(r.position, r.csl["id"]) for r in work.references] == [
        (1, "https://openalex.org/W2"),
        (2, "https://openalex.org/W3"),
    ]


def test_abstract_from_empty_index():
    assert abstract_from_inverted_index(None) is None
