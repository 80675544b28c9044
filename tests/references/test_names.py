"""Tests of author/editor statement splitting into CSL names."""

from __future__ import annotations

import pytest

from bri_kg.references.names import ROLE_EDITOR, ROLE_TRANSLATOR, is_organisation, parse_names, split_role


def _n(family: str, given: str | None = None) -> dict[str, str]:
    return {"family": family, "given": given} if given else {"family": family}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Arpaia, A., Kiss, A., Palvolgyi, B., & Turrini, A.",
            [_n("Arpaia", "A."), _n("Kiss", "A."), _n("Palvolgyi", "B."), _n("Turrini", "A.")],
        ),
        ("Burkhanov, A., & Chen, Y.W.", [_n("Burkhanov", "A."), _n("Chen", "Y.W.")]),
        ("Smith, J. F.", [_n("Smith", "J. F.")]),
        ("Heidegger M.,", [_n("Heidegger", "M.")]),
        ("Smith JF, Jones K, et al.", [_n("Smith", "JF"), _n("Jones", "K")]),
        ("J. P. Collman and T. J. Collins", [_n("Collman", "J. P."), _n("Collins", "T. J.")]),
        ("SEVEGRAND, Martine,", [_n("SEVEGRAND", "Martine")]),
        ("Smith, John, and Jane Doe", [_n("Smith", "John"), _n("Doe", "Jane")]),
        ("Иванов И.И., Петров П.П.", [_n("Иванов", "И.И."), _n("Петров", "П.П.")]),
        ("García Márquez, Gabriel", [_n("García Márquez", "Gabriel")]),
        ("van der Berg, A., & de la Cruz, M.", [_n("van der Berg", "A."), _n("de la Cruz", "M.")]),
        ("Ludwig van Beethoven", [_n("van Beethoven", "Ludwig")]),
        ("King, M. L., Jr.", [{"family": "King", "given": "M. L.", "suffix": "Jr."}]),
        (
            "Sadykov, I.\u041c., & Adilkhanov, M.\u0410.",
            [_n("Sadykov", "I.\u041c."), _n("Adilkhanov", "M.\u0410.")],
        ),
        ("Keqiang, L.", [_n("Keqiang", "L.")]),
        ("Smith; Jones", [_n("Smith"), _n("Jones")]),
        ("", []),
        ("., ;", []),
    ],
)
def test_parse_names_people(text: str, expected: list[dict[str, str]]) -> None:
    assert parse_names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "United Nations, Department of Economic and Social Affairs, Population Division",
        "IOM’s Global Migration Data Analysis Centre",
        "Center for China and Globalization",
        "Ministry of Labor And Social Protection Of Population of the Republic of Kazakhstan",
        "Agency of Kazakhstan of Statistics",
        "OECD",
        "World Bank",
    ],
)
def test_parse_names_organisation_is_one_literal(text: str) -> None:
    assert parse_names(text + ".") == [{"literal": text}]
    assert is_organisation(text)


@pytest.mark.parametrize("text", ["Smith, J.", "Bank, J. A.", "Jane Doe", "Plato"])
def test_people_are_not_organisations(text: str) -> None:
    assert not is_organisation(text)


@pytest.mark.parametrize(
    ("text", "body", "role"),
    [
        ("Cheng, Y., Song, L., & Huang, L. (Eds.).", "Cheng, Y., Song, L., & Huang, L.", ROLE_EDITOR),
        ("In F. B. Chang & S. T. Rucker-Chang (Eds.),", "F. B. Chang & S. T. Rucker-Chang", ROLE_EDITOR),
        ("(A. A. Satybaldin (Ed.)).", "A. A. Satybaldin", ROLE_EDITOR),
        ("edited by J. Smith", "J. Smith", ROLE_EDITOR),
        ("Smith J, editor.", "Smith J", ROLE_EDITOR),
        ("Иванов И.И. (ред.)", "Иванов И.И.", ROLE_EDITOR),
        ("Trans. K. Jones", "K. Jones", ROLE_TRANSLATOR),
        ("Smith, Alfred", "Smith, Alfred", None),
        ("Jones, Red", "Jones, Red", None),
    ],
)
def test_split_role(text: str, body: str, role: str | None) -> None:
    assert split_role(text) == (body, role)
