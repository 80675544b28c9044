"""Tests of the CRF token features."""

from __future__ import annotations

import pytest

from bri_kg.references.features import sequence_features, word_features
from bri_kg.references.tokenize import tokenize


def _feats(raw: str) -> dict[str, list[str]]:
    tokens = tokenize(raw)
    return {t.text: [a.decode() for a in f] for t, f in zip(tokens, sequence_features(tokens), strict=True)}


@pytest.mark.parametrize(
    ("word", "feature"),
    [
        ("2016", "k=YEAR"),
        ("2013a", "k=YEAR"),
        ("1799", "k=NUM4"),
        ("10.1080/01419870.2016.1139155", "k=DOI"),
        ("https://www.iom.int/news", "k=URL"),
        ("978-3-16-148410-0", "k=ISBN"),
        ("Y.W.", "initial"),
        ("(", "k=P:lpar"),
        ("Eds", "lex=editor"),
        ("Press", "lex=pub"),
        ("Journal", "lex=journal"),
        ("Retrieved", "lex=access"),
        ("pp.", "lex=page"),
        ("van", "lex=particle"),
        ("al-Farabi", "lex=particle"),
        ("Migratsionnaya", "sh=Xxx"),
        ("Миграция", "script=cyr"),
    ],
)
def test_word_features(word: str, feature: str) -> None:
    assert feature.encode() in word_features(word)[0]


def test_state_features_track_parentheses_quotes_and_years() -> None:
    f = _feats("Smith, J. (2016). “Title here”. In Book (pp. 3–9).")

    def state(token: str) -> str:
        """The flags of the "stk=" attribute: year seen, "In" seen, editor marker seen, then periods."""
        return next(a for a in f[token] if a.startswith("stk="))[4:8]

    assert "inpar=(" in f["2016"] and state("2016").startswith("0")
    assert "inquote" in f["here"] and state("here").startswith("1")
    assert state("pp.")[1] == "1" and state("Title")[1] == "0"
    assert state("Title")[3] == "1" and state("pp.")[3] == "2"  # periods since the year
    assert "abs=0" in f["Smith"]


def test_one_feature_list_per_token_and_printable() -> None:
    raw = "a\x00b \ud800 Zoë 2016"
    feats = sequence_features(tokenize(raw))
    assert len(feats) == len(tokenize(raw))
    for row in feats:
        assert all(isinstance(x, bytes) and x.decode().isprintable() for x in row)


@pytest.mark.parametrize(
    ("raw", "token", "kind"),
    [
        ("Smith (2016). T", "2016", "grp=year"),
        ("J, 5(2), 3", "2", "grp=num"),
        ("Doe (Eds.), B", "Eds.", "grp=eds"),
        ("B (pp. 17–34).", "pp.", "grp=pages"),
        ("T [Help on labor migration]. R", "labor", "grp=words"),
        ("T (doi:10.1080/x1). R", "doi", "grp=link"),
    ],
)
def test_bracket_group_kind(raw: str, token: str, kind: str) -> None:
    assert kind in _feats(raw)[token]


def test_look_ahead_sees_the_coming_year() -> None:
    f = _feats("Agency of Statistics. (2017). Yearbook.")
    assert "ty=3" in f["of"] and "ty=0" in f["("] and "ty=none" in f["Yearbook"]


def test_sequence_features_of_no_tokens() -> None:
    assert sequence_features([]) == []


def test_neighbour_words_only_where_the_key_is_not_the_word() -> None:
    f = _feats("Migration of workers, Astana")
    assert "-1w=migration" in f["of"] and "+1w=workers" in f["of"]
    # "of" and "," are their own keys (short word, punctuation class): no second attribute repeats them.
    assert "-1=of" in f["workers"] and not any(a.startswith("-1w=") for a in f["workers"])
    assert "-1=P:comma" in f["Astana"] and not any(a.startswith("-1w=") for a in f["Astana"])
    assert not any(a.startswith(("sh=", "len=")) for a in f[","])
