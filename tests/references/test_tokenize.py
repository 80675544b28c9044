"""Tests of the reference-string tokenizer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bri_kg.references import tokenize as tokenize_module
from bri_kg.references.tokenize import Token, tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(2016).", ["(", "2016", ")", "."]),
        ("5(2),", ["5", "(", "2", ")", ","]),
        ("3–22", ["3", "–", "22"]),
        ("117-144.", ["117", "-", "144", "."]),
        ("Chen, Y.W. &", ["Chen", ",", "Y.W.", "&"]),
        ("Hayette, M.-P.,", ["Hayette", ",", "M.-P.", ","]),
        ("Sadykov, I.М.", ["Sadykov", ",", "I.М."]),
        ("China’s Redpath-Cross", ["China’s", "Redpath-Cross"]),
        ("doi:10.1080/24761028.2016.11869094", ["doi", ":", "10.1080/24761028.2016.11869094"]),
        ("(doi:10.1016/0304-3975(94)00281-M).", ["(", "doi", ":", "10.1016/0304-3975(94)00281-M", ")", "."]),
        ("from http://en.ccg.org.cn/html/2370.html.", ["from", "http://en.ccg.org.cn/html/2370.html", "."]),
        ("Retrieved from www.ilo.org", ["Retrieved", "from", "www.ilo.org"]),
        ("ISBN 978-3-16-148410-0.", ["ISBN", "978-3-16-148410-0", "."]),
        ("2013a.", ["2013a", "."]),
        ("(Eds.).", ["(", "Eds.", ")", "."]),
        ("pp. 3, Vol.5, No.2", ["pp.", "3", ",", "Vol.", "5", ",", "No.", "2"]),
        ("pp. 3, Vol.5, No.2", ["pp.", "3", ",", "Vol.", "5", ",", "No.", "2"]),
        ("«umnoj»", ["«", "umnoj", "»"]),
        # Glued by text extraction: a short number after letters, a year before a word, "in" before a name.
        ("Phys. Rev. D93, 094507", ["Phys", ".", "Rev.", "D", "93", ",", "094507"]),
        ("Nature248 , 30", ["Nature", "248", ",", "30"]),
        ("2013Interferometer design", ["2013", "Interferometer", "design"]),
        ("inAdvanced Accelerator", ["in", "Advanced", "Accelerator"]),
        (
            "H2O, COVID-19, PMC3341616, B2-3",
            ["H2O", ",", "COVID", "-", "19", ",", "PMC3341616", ",", "B2", "-", "3"],
        ),
        ("India Inc. In Smith", ["India", "Inc.", "In", "Smith"]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_tokenize_splits_as_documented(raw: str, expected: list[str]) -> None:
    assert [t.text for t in tokenize(raw)] == expected


def test_token_offsets_point_into_raw() -> None:
    raw = "Aoyama, R. (2016). “One Belt”: 5(2), 3–22."
    tokens = tokenize(raw)
    assert tokens[0] == Token("Aoyama", 0, 6)
    assert all(raw[t.start : t.end] == t.text for t in tokens)


@given(st.text(max_size=300))
def test_tokens_are_ordered_verbatim_and_cover_all_non_space(raw: str) -> None:
    tokens = tokenize(raw)
    prev_end = 0
    for tok in tokens:
        assert raw[tok.start : tok.end] == tok.text
        assert tok.start >= prev_end and tok.end > tok.start
        assert raw[prev_end : tok.start].strip() == ""
        prev_end = tok.end
    assert raw[prev_end:].strip() == ""


# Letters, digits and the characters the token patterns turn on, so that random strings hit the
# glued-word, initials, abbreviation, URL and DOI rules as well as plain words.
_REFERENCE_ALPHABET = st.sampled_from(
    [
        *"aInXyzé",
        *("in", "In", "www", "www.", "http", "http://", "10.", "10.1080/", "ed", "pp", "Eds"),
        *"0123456789 .:,;'’-‐/()[]\"“”_",
        *("\u0301", "Ж", "中", "\t"),
    ]
)


@given(st.lists(_REFERENCE_ALPHABET, max_size=40).map("".join))
def test_fast_paths_give_the_tokens_of_the_full_pattern(raw: str) -> None:
    full = re.compile(tokenize_module._FULL)
    assert [t.text for t in tokenize(raw)] == [m.group() for m in full.finditer(raw)]
