"""Crossref: fetch works (DOIs or a query) for ``bri_kg.read``, and find DOIs for parsed references."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from rapidfuzz import fuzz

from bri_kg.fetch.http import FetchError, get_json, open_client
from bri_kg.fetch.openalex import write_json_list
from bri_kg.identifiers import normalize_doi
from bri_kg.models import CSL, Reference, Work

__all__ = [
    "CROSSREF_API",
    "MIN_TITLE_SIMILARITY",
    "EnrichReport",
    "Match",
    "accepts",
    "bibliographic_query",
    "enrich_references",
    "fetch_crossref",
    "iter_query",
    "match_reference",
    "work_by_doi",
]

log = logging.getLogger(__name__)

CROSSREF_API = "https://api.crossref.org"
ROWS = 100  # Crossref allows up to 1000, but smaller pages fail less under load
MATCH_ROWS = 5  # candidates examined per reference
MIN_TITLE_SIMILARITY = 90.0  # rapidfuzz ratio (0-100) on normalised titles
_DATE_KEYS = ("issued", "published", "published-print", "published-online", "created")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Match:
    """A Crossref work accepted as the target of a reference."""

    doi: str
    score: float  # Crossref's relevance score of the hit
    title: str


@dataclass(slots=True)
class EnrichReport:
    """Counts of one enrichment run over unresolved references (those with CSL but no DOI)."""

    asked: int = 0  # references sent to Crossref
    matched: int = 0  # of those, references that got a DOI
    skipped: int = 0  # unresolved references lacking a title, first author or year to ask and check with


def work_by_doi(client: httpx.Client, doi: str, *, mailto: str | None = None) -> dict[str, Any] | None:
    """The Crossref work of one DOI; None (logged) when Crossref does not know it."""
    # DOIs may hold "?", "#" or ";" (SICI); quoting keeps them in the path, "/" stays as Crossref expects.
    url = f"{CROSSREF_API}/works/{quote(doi, safe='/()')}"
    try:
        message = get_json(client, url, {"mailto": mailto}).get("message")
    except FetchError as exc:
        if exc.status != 404:
            raise
        log.warning("[BRI-W901] Crossref has no work with DOI %s; skipped", doi)
        return None
    return message if isinstance(message, dict) else None


def iter_query(
    client: httpx.Client, query: str, *, max_records: int, mailto: str | None = None
) -> Iterator[dict[str, Any]]:
    """Works matching a free-text query, following ``message.next-cursor`` up to ``max_records``."""
    cursor: str | None = "*"
    seen = 0
    while cursor and seen < max_records:
        params = {"query": query, "rows": min(ROWS, max_records - seen), "cursor": cursor, "mailto": mailto}
        message = get_json(client, f"{CROSSREF_API}/works", params).get("message") or {}
        items = [i for i in message.get("items") or [] if isinstance(i, dict)]
        if not items:
            return
        for item in items[: max_records - seen]:
            seen += 1
            yield item
        cursor = message.get("next-cursor")


def fetch_crossref(
    *,
    dois: Sequence[str] = (),
    query: str | None = None,
    out: Path,
    client: httpx.Client | None = None,
    mailto: str | None = None,
    max_records: int = 1000,
) -> Path:
    """Write the works of ``dois`` and of ``query`` (at most ``max_records`` of it) as a Crossref JSON list."""
    if not query and not dois:
        raise FetchError("nothing to fetch from Crossref: give a query or DOIs")
    wanted = list(dict.fromkeys(d for d in (normalize_doi(x) for x in dois) if d))
    with open_client(client, mailto) as http:
        items = [w for w in (work_by_doi(http, d, mailto=mailto) for d in wanted) if w]
        if query:
            items.extend(iter_query(http, query, max_records=max_records, mailto=mailto))
    unique = list({normalize_doi(i.get("DOI")) or str(id(i)): i for i in items}.values())
    if not unique:
        raise FetchError(f"Crossref returned no works for {query or ', '.join(dois)!r}")
    return write_json_list(unique, Path(out))


def _norm(text: str) -> str:
    # Accents, case, punctuation and markup-free spacing differ between a printed list and Crossref.
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", plain.casefold()).strip()


def _first_person(people: Any) -> str | None:
    for person in people or []:
        if isinstance(person, dict):
            name = person.get("family") or person.get("literal") or person.get("name")
            if isinstance(name, str) and name.strip():
                return name
    return None


def _csl_year(csl: CSL) -> int | None:
    parts = (csl.get("issued") or {}).get("date-parts") or [[None]]
    year = parts[0][0] if parts and parts[0] else None
    try:
        return int(year) if year is not None else None
    except (TypeError, ValueError):
        return None


def _item_years(item: dict[str, Any]) -> set[int]:
    # Online-first and print years often differ by one; a reference may cite either.
    years = set()
    for key in _DATE_KEYS:
        parts = (item.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and isinstance(parts[0][0], int):
            years.add(parts[0][0])
    return years


def _item_titles(item: dict[str, Any]) -> list[str]:
    titles = [t for t in item.get("title") or [] if isinstance(t, str)]
    subtitles = [s for s in item.get("subtitle") or [] if isinstance(s, str)]
    titles += [f"{t}: {s}" for t in titles[:1] for s in subtitles[:1]]
    titles += [t for t in item.get("original-title") or [] if isinstance(t, str)]
    return titles


def _csl_titles(csl: CSL) -> list[str]:
    return [t for t in (csl.get("title"), csl.get("translated-title")) if isinstance(t, str) and t.strip()]


def _first_name(csl: CSL) -> str | None:
    return _first_person(csl.get("author")) or _first_person(csl.get("editor"))


def bibliographic_query(csl: CSL) -> str | None:
    """The query.bibliographic text: first author, year, title; None when one is missing (no match could pass)."""
    titles, author, year = _csl_titles(csl), _first_name(csl), _csl_year(csl)
    if not titles or not author or year is None:
        return None
    return f"{author} {year} {titles[0]}"


def accepts(csl: CSL, item: dict[str, Any], *, min_title: float = MIN_TITLE_SIMILARITY) -> bool:
    """Whether a Crossref item is the reference: similar title, a matching year, a near-equal first-author family."""
    ref_titles = [_norm(t) for t in _csl_titles(csl)]
    item_titles = [_norm(t) for t in _item_titles(item)]
    similarity = max((fuzz.ratio(a, b) for a in ref_titles for b in item_titles if a and b), default=0.0)
    if similarity < min_title:
        return False
    year = _csl_year(csl)
    if year is None or year not in _item_years(item):
        return False
    ref_author, item_author = _first_name(csl), _first_name(item)
    if not ref_author or not item_author:
        return False
    # Transliterations of one family name ("Ryazantsev"/"Riazantsev") differ by a letter or two.
    return fuzz.ratio(_norm(ref_author), _norm(item_author)) >= 85.0


def match_reference(
    csl: CSL,
    client: httpx.Client,
    *,
    min_score: float = 0.0,
    rows: int = MATCH_ROWS,
    mailto: str | None = None,
) -> Match | None:
    """The best-scored Crossref hit for a parsed reference that ``accepts`` confirms, or None."""
    text = bibliographic_query(csl)
    if text is None:
        return None
    params = {"query.bibliographic": text, "rows": rows, "mailto": mailto}
    message = get_json(client, f"{CROSSREF_API}/works", params).get("message") or {}
    items = [i for i in message.get("items") or [] if isinstance(i, dict)]
    for item in sorted(items, key=lambda i: -float(i.get("score") or 0.0)):
        score = float(item.get("score") or 0.0)
        doi = normalize_doi(item.get("DOI"))
        if score < min_score:
            break
        if doi and accepts(csl, item):
            return Match(doi=doi, score=score, title=_item_titles(item)[0])
    return None


def _unresolved(works: list[Work]) -> Iterator[Reference]:
    for work in works:
        for ref in work.references:
            if ref.csl and not ref.doi and not normalize_doi(ref.csl.get("DOI")):
                yield ref


def enrich_references(
    works: list[Work], client: httpx.Client, *, min_score: float = 0.0, mailto: str | None = None
) -> EnrichReport:
    """Fill ``Reference.doi`` in place for unresolved references that Crossref matches; count the outcome."""
    report = EnrichReport()
    answers: dict[str, Match | None] = {}  # the same reference recurs across citing works
    for ref in _unresolved(works):
        text = bibliographic_query(ref.csl)
        if text is None:
            report.skipped += 1
            continue
        report.asked += 1
        key = f"{text}\n{_csl_titles(ref.csl)}"
        if key not in answers:
            answers[key] = match_reference(ref.csl, client, min_score=min_score, mailto=mailto)
        match = answers[key]
        if match is not None:
            ref.doi = match.doi
            report.matched += 1
    return report
