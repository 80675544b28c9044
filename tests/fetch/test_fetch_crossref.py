"""Crossref: fetch_crossref over recorded /works responses, reference matching and DOI enrichment."""

from __future__ import annotations

import copy
import logging

import httpx
import pytest

from bri_kg.fetch.crossref import (
    EnrichReport,
    Match,
    accepts,
    bibliographic_query,
    enrich_references,
    fetch_crossref,
    match_reference,
)
from bri_kg.fetch.http import FetchError
from bri_kg.models import Reference, Source, Work
from bri_kg.read import detect_format, read_path

MATCH_QUERY = "Sadykova 2021 Labour migration along the Belt and Road"
NOMATCH_QUERY = "Nurlanov 2018 Student mobility under the Belt and Road Initiative"
LABOUR = {
    "type": "article-journal",
    "author": [{"family": "Sadykova", "given": "A."}],
    "issued": {"date-parts": [[2021]]},
    "title": "Labour migration along the Belt and Road",
    "container-title": "Central Asian Survey",
}
STUDENTS = {
    "author": [{"family": "Nurlanov", "given": "B."}],
    "issued": {"date-parts": [[2018]]},
    "title": "Student mobility under the Belt and Road Initiative",
}
SOURCE = Source(path="test", format="csl-json", sha256="0" * 64)


@pytest.fixture
def bibliographic(replay):
    replay.json("/works", "crossref_bibliographic_match.json", **{"query.bibliographic": MATCH_QUERY})
    replay.json("/works", "crossref_bibliographic_nomatch.json", **{"query.bibliographic": NOMATCH_QUERY})
    return replay


def test_fetch_by_doi_skips_unknown_dois(replay, make_test_client, tmp_path, caplog) -> None:
    replay.json("/works/10.5555/bri.2022.007", "crossref_work.json")
    with caplog.at_level(logging.WARNING), make_test_client() as client:
        out = fetch_crossref(
            dois=["https://doi.org/10.5555/BRI.2022.007", "10.5555/gone.1"],
            out=tmp_path / "c.json",
            client=client,
        )
    assert "[BRI-W901]" in caplog.text and "10.5555/gone.1" in caplog.text
    assert detect_format(out) == "crossref-json"
    works = read_path(out)
    assert [w.doi for w in works] == ["10.5555/bri.2022.007"]
    assert len(works[0].references) == 3


def test_fetch_by_query_follows_next_cursor(replay, make_test_client, tmp_path, recorded) -> None:
    pages = [recorded(f"crossref_query_page{i}.json") for i in (1, 2, 3)]
    replay.json("/works", "crossref_query_page1.json", query="belt and road migration", cursor="*")
    replay.json("/works", "crossref_query_page2.json", cursor=pages[0]["message"]["next-cursor"])
    replay.json("/works", "crossref_query_page3.json", cursor=pages[1]["message"]["next-cursor"])
    with make_test_client() as client:
        out = fetch_crossref(query="belt and road migration", out=tmp_path / "c.json", client=client)
    assert len(replay.requests) == 3
    works = read_path(out)
    assert len(works) == 3
    assert works[0].title == "Labour migration along the Belt and Road: Chinese workers in Kazakhstan"


def test_other_http_errors_are_raised(replay, make_test_client, tmp_path) -> None:
    replay.add("/works/10.5555/bri.2022.007", httpx.Response(400))
    with make_test_client() as client, pytest.raises(FetchError, match="HTTP 400"):
        fetch_crossref(dois=["10.5555/bri.2022.007"], out=tmp_path / "c.json", client=client)


def test_bibliographic_query_needs_title_author_and_year() -> None:
    assert bibliographic_query(LABOUR) == MATCH_QUERY
    assert bibliographic_query({**LABOUR, "issued": None}) is None
    assert bibliographic_query({"title": "Only a title"}) is None


def test_match_accepts_the_verified_best_hit(bibliographic, make_test_client) -> None:
    with make_test_client() as client:
        match = match_reference(LABOUR, client)
    assert match == Match(
        doi="10.5555/bri.2021.001", score=87.52, title="Labour migration along the Belt and Road"
    )
    assert bibliographic.requests[0].url.params["rows"] == "5"


def test_match_rejects_a_hit_with_other_year_and_author(bibliographic, make_test_client) -> None:
    with make_test_client() as client:
        assert match_reference(STUDENTS, client) is None


def test_match_respects_min_score(bibliographic, make_test_client) -> None:
    with make_test_client() as client:
        assert match_reference(LABOUR, client, min_score=90.0) is None


def test_match_without_year_asks_nothing(bibliographic, make_test_client) -> None:
    with make_test_client() as client:
        assert match_reference({**LABOUR, "issued": None}, client) is None
    assert bibliographic.requests == []


def test_accepts_checks_title_year_and_first_author(recorded) -> None:
    hit = recorded("crossref_bibliographic_match.json")["message"]["items"][0]
    assert accepts(LABOUR, hit)
    # The printed reference may carry the subtitle, accents or the online-first year.
    assert accepts(
        {**LABOUR, "title": "Labour migration along the Belt and Road: Chinese workers in Kazakhstan"}, hit
    )
    assert accepts({**LABOUR, "author": [{"family": "Sadýkova"}]}, hit)
    online = copy.deepcopy(hit)
    online["published-online"] = {"date-parts": [[2020, 12, 1]]}
    assert accepts({**LABOUR, "issued": {"date-parts": [[2020]]}}, online)
    assert not accepts({**LABOUR, "title": "Labour markets of the Belt and Road"}, hit)
    assert not accepts({**LABOUR, "issued": {"date-parts": [[2019]]}}, hit)
    assert not accepts({**LABOUR, "author": [{"family": "Omarov"}]}, hit)
    assert not accepts({**LABOUR, "author": []}, hit)


def test_accepts_a_translated_title(recorded) -> None:
    hit = recorded("crossref_bibliographic_match.json")["message"]["items"][0]
    russian = {**LABOUR, "title": "Трудовая миграция вдоль Пояса и пути", "translated-title": LABOUR["title"]}
    assert accepts(russian, hit)


def _work(*refs: Reference) -> Work:
    return Work(csl={"title": "Citing work"}, source=SOURCE, references=list(refs))


def test_enrich_fills_dois_of_unresolved_references(bibliographic, make_test_client) -> None:
    labour = Reference(raw="Sadykova (2021) ...", position=1, csl=dict(LABOUR))
    students = Reference(raw="Nurlanov (2018) ...", position=2, csl=dict(STUDENTS))
    untitled = Reference(raw="Smith 2019", position=3, csl={"author": [{"family": "Smith"}]})
    resolved = Reference(raw="Omarov 2020", position=4, csl={"title": "x"}, doi="10.5555/bri.2020.014")
    unparsed = Reference(raw="something", position=5, csl={})
    again = Reference(raw="Sadykova A. 2021.", position=1, csl=dict(LABOUR))
    works = [_work(labour, students, untitled, resolved, unparsed), _work(again)]
    with make_test_client() as client:
        report = enrich_references(works, client)
    assert report == EnrichReport(asked=3, matched=2, skipped=1)
    assert labour.doi == again.doi == "10.5555/bri.2021.001"
    assert students.doi is None and untitled.doi is None
    assert resolved.doi == "10.5555/bri.2020.014"
    assert len(bibliographic.requests) == 2  # the repeated reference is asked once


def test_enrich_a_crossref_file_read_back(replay, make_test_client, tmp_path) -> None:
    replay.json("/works/10.5555/bri.2022.007", "crossref_work.json")
    replay.json("/works", "crossref_bibliographic_match.json", **{"query.bibliographic": MATCH_QUERY})
    with make_test_client() as client:
        works = read_path(
            fetch_crossref(dois=["10.5555/bri.2022.007"], out=tmp_path / "c.json", client=client)
        )
        report = enrich_references(works, client)
    assert report == EnrichReport(asked=1, matched=1, skipped=0)
    assert [r.doi for r in works[0].references] == ["10.5555/bri.2020.014", "10.5555/bri.2021.001", None]
