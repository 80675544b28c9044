"""Normalised keys used for blocking and node keys."""

from __future__ import annotations

import pytest

from bri_kg.resolve import first_family, issued_year, normalize_doi, normalize_text, title_fingerprint


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1080/ABC.1", "10.1080/abc.1"),
        ("https://doi.org/10.1080/X", "10.1080/x"),
        ("doi:10.3390/su10114234.", "10.3390/su10114234"),
        ("not a doi", None),
        (None, None),
    ],
)
def test_keys_normalize_doi(raw, doi) -> None:
    assert normalize_doi(raw) == doi


def test_keys_normalize_text_folds_case_diacritics_and_punctuation() -> None:
    assert normalize_text("Sárvári, B. & Ürümqi’s — “Road”") == "sarvari b and urumqi s road"


@pytest.mark.parametrize(
    ("csl", "family"),
    [
        ({"author": [{"family": "Sárvári", "given": "B."}]}, "sarvari"),
        (
            {"author": [{"literal": "United Nations, Department of Economic Affairs"}]},
            "united nations department of economic affairs",
        ),
        ({"editor": [{"family": "Cheng"}]}, "cheng"),
        ({}, ""),
    ],
)
def test_keys_first_family(csl, family) -> None:
    assert first_family(csl) == family


def test_keys_issued_year_and_fingerprint() -> None:
    assert issued_year({"issued": {"date-parts": [[2019, 5]]}}) == 2019
    assert issued_year({"issued": {"raw": "n.d."}}) is None
    assert title_fingerprint(
        "The Belt and Road Initiative in the global arena: a study of its many parts"
    ) == ("belt-road-initiative-global-arena-study-many-parts")
