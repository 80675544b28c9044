"""Tests of the CSL-JSON reader."""

from __future__ import annotations

import json

from bri_kg.read import read_path

CSL_ITEMS = [
    {
        "id": "doe2020",
        "type": "article-journal",
        "title": "Return migration\u0007",
        "DOI": "https://doi.org/10.1/XY",
        "page": "1\u20139",
        "references": ["Smith, J. (2010). A book. Publisher.", {"title": "Structured", "DOI": "10.2/ab"}],
    },
    {"title": "No id"},
]


def test_csljson(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps(CSL_ITEMS), encoding="utf-8")
    first, second = read_path(path)
    assert first.source.format == "csl-json"
    assert first.csl == {
        "id": "doe2020",
        "type": "article-journal",
        "title": "Return migration",
        "DOI": "10.1/xy",
        "page": "1-9",
    }
    assert [r.raw for r in first.references] == ["Smith, J. (2010). A book. Publisher.", "Structured"]
    assert first.references[1].doi == "10.2/ab"
    assert second.csl == {"id": "items.json#2", "type": "article-journal", "title": "No id"}
