"""Tests of field normalisation: folding, DOI, URL, pages, dates, quotes and punctuation."""

from __future__ import annotations

import pytest

from bri_kg.references.normalize import (
    DateParts,
    fold,
    normalize_doi,
    normalize_isbn,
    normalize_pages,
    normalize_url,
    parse_date,
    strip_brackets,
    strip_markup,
    strip_punct,
    strip_quotes,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a\u00a0 b\n c ", "a b c"),
        ("3\u201322", "3-22"),
        ("e\u0301", "\u00e9"),
        ("soft\u00adhyphen", "softhyphen"),
        ("I.\u041c.", "I.\u041c."),  # Cyrillic look-alikes are not folded
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("doi:10.1080/24761028.2016.11869094", "10.1080/24761028.2016.11869094"),
        ("https://doi.org/10.2298/MEDJP1503184Z.", "10.2298/medjp1503184z"),
        ("http://dx.doi.org/10.1111/j.1466-8238.2010.00592.x", "10.1111/j.1466-8238.2010.00592.x"),
        ("doi :10.1093/bioinformatics/bts635", "10.1093/bioinformatics/bts635"),
        ("doi:10 .1088/1367-2630/12/2/025010", "10.1088/1367-2630/12/2/025010"),
        ("DOI: 10.1007/BF02345020.URLhttps://doi.org/x", "10.1007/bf02345020"),
        ("doi: 10.1080/08120099.2012.736406 [PDF]", "10.1080/08120099.2012.736406"),
        ("https://doi.org/10.1061/(asce)0899-1561(2003)15:4(344)", "10.1061/(asce)0899-1561(2003)15:4(344)"),
        ("(doi:10.1000/xyz123)", "10.1000/xyz123"),
        ("no doi here", None),
    ],
)
def test_normalize_doi(text: str, expected: str | None) -> None:
    assert normalize_doi(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Retrieved from www.ilo.org", "www.ilo.org"),
        (
            "https://migrationdataportal.org/snapshots/mgi/kazakhstan#0",
            "https://migrationdataportal.org/snapshots/mgi/kazakhstan#0",
        ),
        ("Retrieved from https://example.org/a/b.pdf.", "https://example.org/a/b.pdf"),
        (
            "Retrieved June 19, 1998, from Library website: http://etext.lib.virginia.edu/a.html",
            "http://etext.lib.virginia.edu/a.html",
        ),
        (
            "<http://web.mit.edu/alo/ www/Papers/JPM2004.pdf>,",
            "http://web.mit.edu/alo/www/Papers/JPM2004.pdf",
        ),
        ("Available at: https://x.org/a [Accessed 5 May 2019]", "https://x.org/a"),
        ("http: // arxiv.org /abs/1403. 4822", "http://arxiv.org/abs/1403.4822"),
        ("https://en.wikipedia.org/wiki/A_(b)", "https://en.wikipedia.org/wiki/A_(b)"),
        ("(https://x.org/a)", "https://x.org/a"),
    ],
)
def test_normalize_url(text: str, expected: str) -> None:
    assert normalize_url(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3\u201322.", "3-22"),
        ("pp. 17\u201334).", "17-34"),
        ("pages 326-330.", "326-330"),
        ("pp . 851- 858.", "851-858"),
        ("S. 292-297", "292-297"),
        ("С. 50\u201355.", "50-55"),
        ("4234", "4234"),
        ("e0123456.", "e0123456"),
        ("p. A62.", "A62"),
    ],
)
def test_normalize_pages(text: str, expected: str) -> None:
    assert normalize_pages(text) == expected


def test_normalize_isbn() -> None:
    assert normalize_isbn("ISBN: 978-3-16-148410-0.") == "978-3-16-148410-0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2013a).", DateParts(2013, suffix="a")),
        ("(2018)", DateParts(2018)),
        ("2007;46:", DateParts(2007)),
        ("March 1990.", DateParts(1990, 3)),
        ("(2013, September 30).", DateParts(2013, 9, 30)),
        ("15 June 2018", DateParts(2018, 6, 15)),
        ("2019-04-02", DateParts(2019, 4, 2)),
        ("n.d.", DateParts(None)),
        ("1994 and later", DateParts(1994)),
    ],
)
def test_parse_date(text: str, expected: DateParts) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("date", "parts"),
    [
        (DateParts(2013, suffix="a"), [2013]),
        (DateParts(2013, 9), [2013, 9]),
        (DateParts(2013, 9, 30), [2013, 9, 30]),
    ],
)
def test_date_parts(date: DateParts, parts: list[int]) -> None:
    assert date.date_parts() == parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“One Belt, One Road”: China’s new global strategy",
            "“One Belt, One Road”: China’s new global strategy",
        ),
        ("“Peace as a human right.”", "Peace as a human right"),
        ("‘Thoroughly reforming them’: China’s campaign", "‘Thoroughly reforming them’: China’s campaign"),
        ("“Arcs of Egyptian Dockers’ Unions”.", "Arcs of Egyptian Dockers’ Unions"),
        ("« Le ressenti des enseignants »", "Le ressenti des enseignants"),
        ("“Smart” and “dumb”", "“Smart” and “dumb”"),
        ('"A" and "B"', '"A" and "B"'),
        ('"Picosecond photodetectors', "Picosecond photodetectors"),
        ('Islam: "De-extremification” or space?"', 'Islam: "De-extremification” or space?"'),
    ],
)
def test_strip_quotes(text: str, expected: str) -> None:
    assert strip_quotes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Routledge.", "Routledge"),
        ("(2018).", "2018"),
        ("London:", "London"),
        ("(IDE Discussion Papers, Vol. 394).", "IDE Discussion Papers, Vol. 394"),
        ("A (b) c (d)", "A (b) c (d)"),
        ("Why?", "Why?"),
    ],
)
def test_strip_punct(text: str, expected: str) -> None:
    assert strip_punct(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("(a)", "a"), ("(a) (b)", "(a) (b)"), ("[x", "x"), ("a)", "a")]
)
def test_strip_brackets(text: str, expected: str) -> None:
    assert strip_brackets(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<italic>Parus major</italic>.", "Parus major."),
        ("*Eugenics and Politics.*", "Eugenics and Politics."),
        ("The _Titanic_ disaster", "The Titanic disaster"),
        ("snake_case_name", "snake_case_name"),
    ],
)
def test_strip_markup(text: str, expected: str) -> None:
    assert strip_markup(text) == expected


def test_fold_can_keep_dashes() -> None:
    assert fold("a\u00ad b – c") == "a b - c"
    assert fold("a\u00ad b – c", dashes=False) == "a b – c"
