"""fetch_openalex over recorded /works responses: cursor paging, DOI batches, a file bri_kg.read reads."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from bri_kg.fetch.http import FetchError
from bri_kg.fetch.openalex import doi_batches, fetch_openalex
from bri_kg.read import detect_format, read_path

CURSOR_2 = "IlsxNTAuMjEsICdodHRwczovL29wZW5hbGV4Lm9yZy9XNDM5MDAwMDAwMiddIg=="
CURSOR_3 = "IlsxMDIuMDQsICdodHRwczovL29wZW5hbGV4Lm9yZy9XNDM5MDAwMDAwMyddIg=="
DOIS = ["https://doi.org/10.5555/BRI.2021.001", "10.5555/bri.2020.014", "doi:10.5555/missing.1"]
FILTER = "doi:10.5555/bri.2021.001|10.5555/bri.2020.014|10.5555/missing.1"


@pytest.fixture
def search_pages(replay):
    replay.json("/works", "openalex_search_page1.json", search="belt and road migration", cursor="*")
    replay.json("/works", "openalex_search_page2.json", cursor=CURSOR_2)
    replay.json("/works", "openalex_search_page3.json", cursor=CURSOR_3)
    return replay


def test_search_follows_cursor_until_empty_page(search_pages, make_test_client, tmp_path) -> None:
    out = tmp_path / "out" / "works.openalex.json"
    with make_test_client() as client:
        path = fetch_openalex(
            search="belt and road migration", out=out, client=client, mailto="me@example.org"
        )
    assert path == out
    assert [r.url.params["cursor"] for r in search_pages.requests] == ["*", CURSOR_2, CURSOR_3]
    assert all(r.url.params["mailto"] == "me@example.org" for r in search_pages.requests)
    assert detect_format(out) == "openalex-json"
    works = read_path(out)
    assert len(works) == 3
    assert works[0].doi == "10.5555/bri.2021.001"
    assert works[0].csl["abstract"] == "Chinese workers in Kazakhstan"
    assert len(works[0].references) == 2


def test_max_records_stops_paging(search_pages, make_test_client, tmp_path) -> None:
    with make_test_client() as client:
        out = fetch_openalex(
            search="belt and road migration", out=tmp_path / "w.json", client=client, max_records=2
        )
    assert len(search_pages.requests) == 1
    assert search_pages.requests[0].url.params["per_page"] == "2"
    assert len(read_path(out)) == 2


def test_dois_go_in_one_filter_batch_and_keep_input_order(replay, make_test_client, tmp_path, caplog) -> None:
    replay.json("/works", "openalex_doi_filter.json", filter=FILTER)
    with caplog.at_level(logging.WARNING), make_test_client() as client:
        out = fetch_openalex(dois=DOIS, out=tmp_path / "w.json", client=client)
    assert len(replay.requests) == 1
    assert [w.doi for w in read_path(out)] == ["10.5555/bri.2021.001", "10.5555/bri.2020.014"]
    assert "[BRI-W901]" in caplog.text and "10.5555/missing.1" in caplog.text


def test_dois_and_search_are_merged_without_duplicates(search_pages, make_test_client, tmp_path) -> None:
    search_pages.json("/works", "openalex_doi_filter.json", filter=FILTER)
    with make_test_client() as client:
        out = fetch_openalex(
            search="belt and road migration", dois=DOIS, out=tmp_path / "w.json", client=client
        )
    ids = [w["id"] for w in json.loads(out.read_text(encoding="utf-8"))]
    assert len(ids) == len(set(ids)) == 3


def test_doi_with_a_filter_separator_is_fetched_by_path(replay, make_test_client, tmp_path) -> None:
    single = {
        "id": "https://openalex.org/W4390000009",
        "doi": "https://doi.org/10.5555/a|b",
        "title": "Odd DOI",
        "authorships": [],
    }
    replay.add("/works/doi:10.5555/a|b", httpx.Response(200, json=single))
    with make_test_client() as client:
        out = fetch_openalex(dois=["10.5555/a|b"], out=tmp_path / "w.json", client=client)
    assert [w.title for w in read_path(out)] == ["Odd DOI"]


def test_doi_batches_of_fifty() -> None:
    batches, odd = doi_batches([f"10.5555/x.{i}" for i in range(120)] + ["10.5555/x.1", "10.5555/a,b"])
    assert [len(b) for b in batches] == [50, 50, 20]
    assert odd == ["10.5555/a,b"]


def test_nothing_asked_or_nothing_found_is_an_error(replay, make_test_client, tmp_path) -> None:
    replay.json("/works", "openalex_search_page3.json")
    with make_test_client() as client:
        with pytest.raises(FetchError, match="nothing to fetch"):
            fetch_openalex(out=tmp_path / "w.json", client=client)
        with pytest.raises(FetchError, match="no works"):
            fetch_openalex(search="zzz", out=tmp_path / "w.json", client=client)
    assert not (tmp_path / "w.json").exists()
