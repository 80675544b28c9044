"""Reader for Crossref REST API works: a single work, a search result, or a bare list of works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean, clean_csl, iter_json_items, normalize_page

__all__ = ["CSL_TYPES", "crossref_items", "crossref_reference", "crossref_to_csl", "read_crossref"]

# Crossref work types that differ from their CSL names; the rest ("book", "report", "dataset") agree.
CSL_TYPES: dict[str, str] = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-series": "book",
    "book-set": "book",
    "dissertation": "thesis",
    "reference-entry": "entry",
    "report-series": "report",
    "journal-issue": "periodical",
    "journal": "periodical",
    "proceedings": "book",
    "other": "document",
}
_DATE_KEYS = ("issued", "published", "published-print", "published-online", "created")


def crossref_items(data: Any) -> list[dict[str, Any]]:
    """The work dicts of any Crossref response shape; [] when the data holds none."""
    if isinstance(data, dict) and "message" in data:
        data = data["message"]
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, dict)]


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value if isinstance(value, str) else None


def _date(item: dict[str, Any]) -> dict[str, Any] | None:
    for key in _DATE_KEYS:
        parts = (item.get(key) or {}).get("date-parts") or []
        if parts and parts[0] and parts[0][0] is not None:
            return {"date-parts": [[int(p) for p in parts[0] if p is not None]]}
    return None


def _orcid(value: str | None) -> str | None:
    if not value:
        return None
    bare = value.rstrip("/").rsplit("/", 1)[-1]
    return f"https://orcid.org/{bare}"


def _name(person: dict[str, Any]) -> dict[str, Any]:
    name: dict[str, Any] = {}
    if person.get("family"):
        name["family"] = person["family"]
        if person.get("given"):
            name["given"] = person["given"]
    elif person.get("name") or person.get("literal"):
        name["literal"] = person.get("name") or person.get("literal")
    elif person.get("given"):
        name["literal"] = person["given"]
    if person.get("suffix"):
        name["suffix"] = person["suffix"]
    affiliations = [a.get("name") for a in person.get("affiliation") or [] if isinstance(a, dict)]
    if affiliations:
        name["affiliation"] = [a for a in affiliations if a]
    if orcid := _orcid(person.get("ORCID")):
        name["ORCID"] = orcid
    return name


def _names(people: Any) -> list[dict[str, Any]]:
    return [_name(p) for p in people or [] if isinstance(p, dict)]


def crossref_to_csl(item: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """CSL-JSON for one Crossref work; extension keys (``cited-by-seed``, ``license-note``) stay out."""
    doi = normalize_doi(item.get("DOI"))
    title = _first(item.get("title"))
    subtitle = _first(item.get("subtitle"))
    if title and subtitle:
        title = f"{title}: {subtitle}"
    subjects = [s for s in item.get("subject") or [] if isinstance(s, str)]
    csl = {
        "id": doi or item.get("URL") or fallback_id,
        "type": CSL_TYPES.get(item.get("type", ""), item.get("type") or "article"),
        "title": title,
        "author": _names(item.get("author")),
        "editor": _names(item.get("editor")),
        "issued": _date(item),
        "container-title": _first(item.get("container-title")),
        "container-title-short": _first(item.get("short-container-title")),
        "volume": item.get("volume"),
        "issue": item.get("issue"),
        "page": normalize_page(item.get("page")),
        "publisher": item.get("publisher"),
        "publisher-place": item.get("publisher-location"),
        "ISSN": _first(item.get("ISSN")),
        "ISBN": _first(item.get("ISBN")),
        "DOI": doi,
        "URL": item.get("URL"),
        "abstract": item.get("abstract"),
        "keyword": ", ".join(subjects) or None,
        "language": item.get("language"),
    }
    return clean_csl(csl)


def _short_raw(csl: dict[str, Any]) -> str:
    # No printed string exists; a Web-of-Science-like short form keeps Reference.raw informative.
    parts = [
        next((a.get("family") or a.get("literal", "") for a in csl.get("author", [])), ""),
        str(csl.get("issued", {}).get("date-parts", [[""]])[0][0]),
        csl.get("title", ""),
        csl.get("container-title", ""),
        f"V{csl['volume']}" if csl.get("volume") else "",
        f"P{csl['page']}" if csl.get("page") else "",
        f"DOI {csl['DOI']}" if csl.get("DOI") else "",
    ]
    return ", ".join(p for p in parts if p)


def crossref_reference(ref: dict[str, Any], position: int) -> Reference:
    """A Reference from one ``reference[]`` entry: ``unstructured`` is the raw string, else structured CSL."""
    doi = normalize_doi(ref.get("DOI"))
    unstructured = ref.get("unstructured")
    if isinstance(unstructured, str) and unstructured.strip():
        return Reference(raw=clean(unstructured).strip(), position=position, csl={}, doi=doi)
    year = str(ref.get("year") or "")[:4]
    csl = clean_csl(
        {
            "type": "chapter" if ref.get("volume-title") and ref.get("article-title") else None,
            "author": [{"family": ref["author"]}] if isinstance(ref.get("author"), str) else None,
            "issued": {"date-parts": [[int(year)]]} if year.isdigit() else None,
            "title": ref.get("article-title") or ref.get("volume-title"),
            "container-title": ref.get("journal-title")
            or (ref.get("volume-title") if ref.get("article-title") else None),
            "collection-title": ref.get("series-title"),
            "volume": ref.get("volume"),
            "issue": ref.get("issue"),
            "page": normalize_page(ref.get("first-page")),
            "edition": ref.get("edition"),
            "ISBN": ref.get("ISBN"),
            "ISSN": ref.get("ISSN"),
            "DOI": doi,
        }
    )
    return Reference(raw=_short_raw(csl), position=position, csl=csl, doi=doi)


def read_crossref(path: Path, source: Source) -> Iterator[Work]:
    """Works of a Crossref JSON (or JSON Lines) file; FormatError when it holds no work."""
    what = "Crossref work (expected a work, message.items or a list)"
    for index, item in iter_json_items(path, crossref_items, what):
        references = [
            crossref_reference(ref, i)
            for i, ref in enumerate((r for r in item.get("reference") or [] if isinstance(r, dict)), 1)
        ]
        csl = crossref_to_csl(item, f"{path.name}#{index}")
        yield Work(csl=csl, source=source, references=references)
