"""Property tests: any string parses into a valid CSL-JSON item without raising."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bri_kg.references import ReferenceParser
from bri_kg.references.csl import segments_to_csl
from bri_kg.references.labels import LABELS, Segment
from bri_kg.references.names import parse_names
from bri_kg.references.normalize import normalize_doi, normalize_pages, normalize_url, parse_date
from bri_kg.references.types import CSL_TYPES

_PARSER = ReferenceParser()
_NAME_KEYS = {"family", "given", "literal", "suffix"}
_LIST_KEYS = {"author", "editor", "translator"}

# Reference-like text: letters of several scripts, digits, punctuation, control characters and quotes.
_ALPHABET = st.characters(blacklist_categories=("Cs",))
_PIECES = st.sampled_from(
    [
        "Smith, J.",
        " (2013a). ",
        "Title: a subtitle. ",
        "Journal, 5(2), 3–22. ",
        "doi:10.1000/xyz",
        " Retrieved from https://x.org/a. ",
        "[Перевод]",
        "Иванов И.И. ",
        "“Quoted” ",
        "(Eds.). ",
        "In ",
        "中文标题",
        "\x00\x07\t\n",
        "(",
        ")",
        "...",
    ]
)
_TEXT = st.one_of(
    st.text(_ALPHABET, max_size=300),
    st.lists(_PIECES, max_size=20).map("".join),
    st.lists(st.one_of(_PIECES, st.text(_ALPHABET, max_size=5)), max_size=30).map("".join),
)


def _check_csl(csl: dict[str, Any]) -> None:
    assert isinstance(csl["id"], str) and csl["id"]
    assert csl["type"] in CSL_TYPES
    for key, value in csl.items():
        if key in _LIST_KEYS:
            assert isinstance(value, list) and value
            for name in value:
                assert isinstance(name, dict) and name and set(name) <= _NAME_KEYS
                assert all(isinstance(v, str) and v for v in name.values())
        elif key == "issued":
            parts = value["date-parts"]
            assert isinstance(parts, list) and len(parts) == 1
            assert all(isinstance(p, int) for p in parts[0]) and 1 <= len(parts[0]) <= 3
        else:
            assert isinstance(value, str) and value, key


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_any_string_parses_to_valid_csl(raw: str) -> None:
    _check_csl(_PARSER.parse(raw).csl)


def test_long_and_empty_strings() -> None:
    for raw in ["", " ", "\x00" * 50, "Smith, J. (2013). " + "word " * 2000, "ы" * 10_000]:
        parsed = _PARSER.parse(raw, id="x")
        _check_csl(parsed.csl)
        assert 0.0 <= parsed.confidence <= 1.0


@st.composite
def _segments(draw: st.DrawFn) -> tuple[str, list[Segment]]:
    raw = draw(_TEXT)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(raw)), max_size=8))) | {0, len(raw)})
    segments = [Segment(draw(st.sampled_from(LABELS)), raw[a:b], a, b) for a, b in pairwise(cuts) if b > a]
    return raw, segments


@settings(max_examples=300, deadline=None)
@given(_segments())
def test_any_labelling_converts_to_valid_csl(case: tuple[str, list[Segment]]) -> None:
    raw, segments = case
    _check_csl(segments_to_csl(raw, segments, id="p"))


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_normalisers_never_raise(text: str) -> None:
    assert isinstance(normalize_url(text), str)
    assert isinstance(normalize_pages(text), str)
    doi = normalize_doi(text)
    assert doi is None or (doi.startswith("10.") and doi == doi.lower())
    date = parse_date(text)
    assert date.year is None or 1500 <= date.year <= 2099
    for name in parse_names(text):
        assert set(name) <= _NAME_KEYS and all(name.values())
