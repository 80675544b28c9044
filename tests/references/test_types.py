"""Tests of CSL type inference from parsed fields."""

from __future__ import annotations

from typing import Any

import pytest

from bri_kg.references.types import CSL_TYPES, infer_type

ORG = [{"literal": "International Organization for Migration"}]
PERSON = [{"family": "Smith", "given": "J."}]


@pytest.mark.parametrize(
    ("csl", "raw", "expected"),
    [
        (
            {"author": PERSON, "container-title": "Sustainability", "volume": "10", "page": "4234"},
            "",
            "article-journal",
        ),
        (
            {
                "container-title": "Proceedings of the National Academy of Sciences",
                "volume": "105",
                "issue": "40",
            },
            "",
            "article-journal",
        ),
        ({"container-title": "Proceedings of the 3rd Workshop on X", "page": "1-9"}, "", "paper-conference"),
        (
            {
                "author": PERSON,
                "editor": PERSON,
                "container-title": "Chinese Migrants",
                "page": "1-2",
                "publisher": "Routledge",
            },
            "",
            "chapter",
        ),
        (
            {"container-title": "The Belt & Road Initiative", "page": "17-34"},
            "A. (2018). T. In The Belt & Road",
            "chapter",
        ),
        ({"author": PERSON, "container-title": "The Astana Times"}, "", "article-newspaper"),
        (
            {"editor": PERSON, "title": "The Belt & Road initiative", "publisher": "Springer Singapore"},
            "",
            "book",
        ),
        ({"author": PERSON, "title": "Capital", "publisher": "Harvard University Press"}, "", "book"),
        ({"author": ORG, "title": "Demographic yearbook", "publisher": "Agency of Statistics"}, "", "book"),
        ({"author": ORG, "title": "Annual report on migration", "URL": "http://x.org/a.html"}, "", "report"),
        ({"author": ORG, "title": "Migration profile", "URL": "https://x.org/snap/kz"}, "", "report"),
        ({"author": ORG, "title": "Labour migration", "URL": "www.ilo.org"}, "", "webpage"),
        (
            {"author": PERSON, "title": "Islam in Xinjiang", "URL": "https://blog.com/2018/06/15/x/"},
            "",
            "webpage",
        ),
        (
            {"author": PERSON, "title": "A note on policy", "note": "IDE Discussion Papers, Vol. 394"},
            "",
            "report",
        ),
        (
            {
                "author": PERSON,
                "title": "Beyond the camps",
                "publisher": "SocArXiv",
                "DOI": "10.31235/osf.io/8tsk2",
            },
            "",
            "report",
        ),
        (
            {"author": PERSON, "title": "Survey", "publisher": "Institute for East European Studies"},
            "",
            "report",
        ),
        ({"author": ORG, "title": "Trends", "note": "United Nations database, POP/DB/MIG"}, "", "dataset"),
        (
            {"author": PERSON, "title": "Essays", "genre": "Doctoral dissertation", "publisher": "MIT"},
            "",
            "thesis",
        ),
        (
            {"author": PERSON, "title": "Panel data [Data set]"},
            "Smith, J. (2020). Panel data [Data set].",
            "dataset",
        ),
    ],
)
def test_infer_type(csl: dict[str, Any], raw: str, expected: str) -> None:
    assert infer_type(csl, raw) == expected


@pytest.mark.parametrize("csl", [{}, {"title": "x"}, {"URL": "x"}, {"container-title": "y"}])
def test_infer_type_always_gives_a_csl_type(csl: dict[str, Any]) -> None:
    assert infer_type(csl, "") in CSL_TYPES
