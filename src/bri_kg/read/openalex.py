"""Reader for OpenAlex works JSON: one work, a list, or an API page {"results": [...]}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean_csl, iter_json_items, normalize_page
from bri_kg.read.crossref import CSL_TYPES
from bri_kg.read.landing_page import parse_person_name

__all__ = ["abstract_from_inverted_index", "openalex_items", "openalex_to_csl", "read_openalex"]

_TYPES = {
    "article": "article-journal",
    "review": "article-journal",
    "letter": "article-journal",
    "editorial": "article-journal",
    "book": "book",
    "book-chapter": "chapter",
    "dissertation": "thesis",
    "preprint": "article",
    "dataset": "dataset",
    "report": "report",
    "standard": "standard",
}


def openalex_items(data: Any) -> list[dict[str, Any]]:
    """The work dicts of any OpenAlex response shape."""
    if isinstance(data, dict):
        data = data.get("results", [data])
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, dict)]


def abstract_from_inverted_index(index: dict[str, list[int]] | None) -> str | None:
    """The abstract text that OpenAlex stores as word -> positions."""
    if not index:
        return None
    placed = sorted((pos, word) for word, positions in index.items() for pos in positions)
    return " ".join(word for _, word in placed) or None


def _author(authorship: dict[str, Any]) -> dict[str, Any]:
    author = authorship.get("author") or {}
    name: dict[str, Any] = parse_person_name(
        author.get("display_name") or authorship.get("raw_author_name") or ""
    )
    institutions = [
        i.get("display_name") for i in authorship.get("institutions") or [] if isinstance(i, dict)
    ]
    affiliations = [i for i in institutions if i] or list(authorship.get("raw_affiliation_strings") or [])
    if affiliations:
        name["affiliation"] = affiliations
    if author.get("orcid"):
        name["ORCID"] = author["orcid"]
    return name


def _issued(item: dict[str, Any]) -> dict[str, Any] | None:
    date = item.get("publication_date") or ""
    parts = [int(p) for p in date.split("-") if p.isdigit()]
    if not parts and item.get("publication_year"):
        parts = [int(item["publication_year"])]
    return {"date-parts": [parts]} if parts else None


def _container(item: dict[str, Any]) -> str | None:
    location = item.get("primary_location") or {}
    source = location.get("source") or item.get("host_venue") or {}
    return source.get("display_name") if isinstance(source, dict) else None


def _keywords(item: dict[str, Any]) -> str | None:
    words = [
        k.get("display_name") or k.get("keyword") for k in item.get("keywords") or [] if isinstance(k, dict)
    ]
    return ", ".join(w for w in words if w) or None


def openalex_to_csl(item: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """CSL-JSON for one OpenAlex work."""
    doi = normalize_doi(item.get("doi"))
    biblio = item.get("biblio") or {}
    first, last = biblio.get("first_page"), biblio.get("last_page")
    kind = CSL_TYPES.get(item.get("type_crossref") or "") or _TYPES.get(
        item.get("type") or "", "article-journal"
    )
    csl = {
        "id": doi or item.get("id") or fallback_id,
        "type": kind,
        "title": item.get("title") or item.get("display_name"),
        "author": [_author(a) for a in item.get("authorships") or [] if isinstance(a, dict)],
        "issued": _issued(item),
        "container-title": _container(item),
        "volume": biblio.get("volume"),
        "issue": biblio.get("issue"),
        "page": normalize_page(f"{first}-{last}" if first and last and first != last else first),
        "DOI": doi,
        "URL": item.get("id"),
        "abstract": abstract_from_inverted_index(item.get("abstract_inverted_index")),
        "keyword": _keywords(item),
        "language": item.get("language"),
    }
    return clean_csl(csl)


def _references(item: dict[str, Any]) -> list[Reference]:
    # OpenAlex lists cited works by identifier only: no printed string, so the identifier goes into csl.
    works = [w for w in item.get("referenced_works") or [] if isinstance(w, str) and w]
    return [Reference(raw=w, position=i, csl={"id": w, "URL": w}) for i, w in enumerate(works, 1)]


def read_openalex(path: Path, source: Source) -> Iterator[Work]:
    """Works of an OpenAlex JSON (or JSON Lines) file."""
    for index, item in iter_json_items(path, openalex_items, "OpenAlex work"):
        yield Work(
            csl=openalex_to_csl(item, f"{path.name}#{index}"), source=source, references=_references(item)
        )
