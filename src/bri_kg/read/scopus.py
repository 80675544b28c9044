"""Reader for Scopus CSV exports, whose "References" column holds ";"-separated reference strings."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bri_kg.errors import FormatError
from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean, clean_csl, iter_lines, normalize_page

__all__ = ["parse_scopus_author", "read_scopus", "scopus_to_csl", "split_scopus_authors"]

_TYPES = {
    "article": "article-journal",
    "review": "article-journal",
    "letter": "article-journal",
    "editorial": "article-journal",
    "note": "article-journal",
    "conference paper": "paper-conference",
    "conference review": "paper-conference",
    "book chapter": "chapter",
    "book": "book",
    "data paper": "article-journal",
}
_NO_ABSTRACT = re.compile(r"^\[No abstract available\]$", re.IGNORECASE)


def parse_scopus_author(name: str) -> dict[str, str]:
    """A CSL name from "Phillips J.C." (older exports) or "Phillips, J.C." (newer ones)."""
    name = re.sub(r"\s*\(\d+\)$", "", name.strip())  # "Phillips, James C. (57202138757)"
    if "," in name:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    family, _, given = name.rpartition(" ")
    if family and ("." in given or given.isupper()):
        return {"family": family, "given": given}
    return {"literal": name}


def split_scopus_authors(text: str) -> list[str]:
    """Author names of an "Authors" cell: "; " separates them when present, else ", "."""
    if not text or text.strip().lower() == "[no author name available]":
        return []
    separator = ";" if ";" in text else ","
    return [n.strip() for n in text.split(separator) if n.strip()]


def _affiliations(row: dict[str, str], names: list[str]) -> dict[int, list[str]]:
    # "Phillips, J.C., Beckman Institute, ...; Braun, R., ...": each entry opens with the author's name.
    entries = [e.strip() for e in (row.get("Authors with affiliations") or "").split(";") if e.strip()]
    out: dict[int, list[str]] = {}
    for index, name in enumerate(names):
        person = parse_scopus_author(name)
        printed = f"{person.get('family', '')}, {person.get('given', '')}"
        for entry in entries:
            if entry.startswith(printed + ",") and (rest := entry[len(printed) + 1 :].strip()):
                out.setdefault(index, []).append(rest)
                break
    return out


def _authors(row: dict[str, str]) -> list[dict[str, Any]]:
    names = split_scopus_authors(row.get("Authors", ""))
    affiliations = _affiliations(row, names)
    authors: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        person: dict[str, Any] = parse_scopus_author(name)
        if index in affiliations:
            person["affiliation"] = affiliations[index]
        authors.append(person)
    return authors


def _keywords(row: dict[str, str]) -> str | None:
    words = [k.strip() for k in (row.get("Author Keywords") or "").split(";") if k.strip()]
    return ", ".join(words) or None


def scopus_to_csl(row: dict[str, str], fallback_id: str) -> dict[str, Any]:
    """CSL-JSON for one row of a Scopus CSV export."""
    row = {k.strip().lstrip("\ufeff"): (v or "").strip() for k, v in row.items() if k}
    doi = normalize_doi(row.get("DOI"))
    first, last = row.get("Page start"), row.get("Page end")
    page = f"{first}-{last}" if first and last else first or row.get("Art. No.")
    year = row.get("Year", "")
    abstract = row.get("Abstract")
    csl = {
        "id": doi or row.get("EID") or fallback_id,
        "type": _TYPES.get(row.get("Document Type", "").lower(), "article-journal"),
        "title": row.get("Title"),
        "author": _authors(row),
        "issued": {"date-parts": [[int(year)]]} if year.isdigit() else None,
        "container-title": row.get("Source title"),
        "container-title-short": row.get("Abbreviated Source Title"),
        "volume": row.get("Volume"),
        "issue": row.get("Issue"),
        "page": normalize_page(page),
        "publisher": row.get("Publisher"),
        "ISSN": row.get("ISSN"),
        "ISBN": row.get("ISBN"),
        "DOI": doi,
        "URL": row.get("Link"),
        "abstract": None if abstract and _NO_ABSTRACT.match(abstract) else abstract,
        "keyword": _keywords(row),
        "language": row.get("Language of Original Document"),
    }
    return clean_csl(csl)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    # csv reads quoted fields across lines; the lines come strictly decoded and one at a time.
    lines = (text + "\n" for _, text in iter_lines(path))
    reader = csv.DictReader(lines)
    start = 2
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def read_scopus(path: Path, source: Source) -> Iterator[Work]:
    """Works of a Scopus CSV export, one row at a time."""
    count = 0
    try:
        for line, row in _rows(path):
            count += 1
            cell = (row.get("References") or "").strip()
            raws = [clean(r).strip() for r in cell.split("; ") if r.strip()] if cell else []
            references = [Reference(raw=raw, position=i, csl={}, line=line) for i, raw in enumerate(raws, 1)]
            yield Work(csl=scopus_to_csl(row, f"{path.name}#{line}"), source=source, references=references)
    except csv.Error as exc:
        raise FormatError(f"malformed CSV: {exc}", path=str(path)) from None
    if not count:
        raise FormatError("no Scopus record found", path=str(path))
