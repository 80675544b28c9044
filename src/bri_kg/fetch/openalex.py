"""Fetch OpenAlex works (a search with cursor paging, or DOIs) into a file ``bri_kg.read`` reads as openalex-json."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

from bri_kg.fetch.http import FetchError, get_json, open_client
from bri_kg.identifiers import normalize_doi

__all__ = [
    "DOI_BATCH",
    "OPENALEX_API",
    "PER_PAGE",
    "doi_batches",
    "fetch_openalex",
    "iter_search",
    "works_by_doi",
    "write_json_list",
]

log = logging.getLogger(__name__)

OPENALEX_API = "https://api.openalex.org"
PER_PAGE = 100  # the largest page OpenAlex serves to every client
DOI_BATCH = 50  # OpenAlex caps OR-ed filter values ("doi:a|b|...") at 50


def iter_search(
    client: httpx.Client, search: str, *, max_records: int, mailto: str | None = None
) -> Iterator[dict[str, Any]]:
    """Works matching a full-text search, following ``meta.next_cursor`` until exhausted or ``max_records``."""
    cursor: str | None = "*"
    seen = 0
    while cursor and seen < max_records:
        params = {
            "search": search,
            "per_page": min(PER_PAGE, max_records - seen),
            "cursor": cursor,
            "mailto": mailto,
        }
        page = get_json(client, f"{OPENALEX_API}/works", params)
        results = [r for r in page.get("results") or [] if isinstance(r, dict)]
        if not results:
            return
        for work in results[: max_records - seen]:
            seen += 1
            yield work
        cursor = (page.get("meta") or {}).get("next_cursor")


def doi_batches(dois: Sequence[str], size: int = DOI_BATCH) -> tuple[list[list[str]], list[str]]:
    """Normalised, de-duplicated DOIs split into filter batches, and the ones a filter cannot carry."""
    unique = list(dict.fromkeys(d for d in (normalize_doi(x) for x in dois) if d))
    # "|" separates OR-ed values and "," separates filters: such DOIs go one by one by path instead.
    plain = [d for d in unique if "|" not in d and "," not in d]
    odd = [d for d in unique if d not in plain]
    return [plain[i : i + size] for i in range(0, len(plain), size)], odd


def works_by_doi(
    client: httpx.Client, dois: Sequence[str], *, mailto: str | None = None
) -> list[dict[str, Any]]:
    """The OpenAlex works of the DOIs, in input order; DOIs OpenAlex lacks are logged and skipped."""
    batches, odd = doi_batches(dois)
    found: dict[str, dict[str, Any]] = {}
    for batch in batches:
        params = {"filter": "doi:" + "|".join(batch), "per_page": len(batch), "mailto": mailto}
        for work in get_json(client, f"{OPENALEX_API}/works", params).get("results") or []:
            doi = normalize_doi(work.get("doi")) if isinstance(work, dict) else None
            if doi:
                found[doi] = work
    for doi in odd:
        try:
            found[doi] = get_json(client, f"{OPENALEX_API}/works/doi:{doi}", {"mailto": mailto})
        except FetchError as exc:
            if exc.status != 404:
                raise
    wanted = [d for batch in batches for d in batch] + odd
    for doi in wanted:
        if doi not in found:
            log.warning("[BRI-W901] OpenAlex has no work with DOI %s; skipped", doi)
    return [found[d] for d in wanted if d in found]


def write_json_list(items: list[dict[str, Any]], out: Path) -> Path:
    """Write the list atomically (a failed run keeps the previous file) and return the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(items, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _unique(works: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A DOI asked for may also turn up in the search; the graph wants each work once.
    seen: set[str] = set()
    kept = []
    for work in works:
        key = str(work.get("id") or id(work))
        if key not in seen:
            seen.add(key)
            kept.append(work)
    return kept


def fetch_openalex(
    *,
    search: str | None = None,
    dois: Sequence[str] = (),
    out: Path,
    client: httpx.Client | None = None,
    max_records: int = 1000,
    mailto: str | None = None,
) -> Path:
    """Write the works of ``dois`` and of ``search`` (at most ``max_records`` of it) as an OpenAlex JSON list.

    FetchError when nothing is asked for, a request fails after its retries, or no work comes back
    (an empty list is not a readable input).
    """
    if not search and not dois:
        raise FetchError("nothing to fetch from OpenAlex: give a search or DOIs")
    with open_client(client, mailto) as http:
        works = works_by_doi(http, dois, mailto=mailto) if dois else []
        if search:
            works.extend(iter_search(http, search, max_records=max_records, mailto=mailto))
    works = _unique(works)
    if not works:
        raise FetchError(f"OpenAlex returned no works for {search or ', '.join(dois)!r}")
    return write_json_list(works, Path(out))
