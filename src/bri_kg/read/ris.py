"""Reader for RIS exports (reference managers, IEEE, Scopus, WoS), streamed one TY..ER entry at a time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import rispy  # the maintained RIS parser: tag mapping and list-valued tags done right

from bri_kg.errors import FormatError
from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean, clean_csl, iter_lines, normalize_page
from bri_kg.read.landing_page import parse_person_name

__all__ = ["iter_ris_chunks", "read_ris", "ris_to_csl"]

_TYPES = {
    "JOUR": "article-journal",
    "JFULL": "article-journal",
    "EJOUR": "article-journal",
    "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "THES": "thesis",
    "RPRT": "report",
    "GOVDOC": "report",
    "ELEC": "webpage",
    "DATA": "dataset",
    "PAT": "patent",
}
_END = re.compile(r"^ER\s{2}-")


def iter_ris_chunks(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(line of "TY", text of one entry) for each TY..ER entry."""
    chunk: list[str] = []
    start = 0
    for number, text in lines:
        if not chunk and not text.strip():
            continue
        if not chunk:
            start = number
        chunk.append(text)
        if _END.match(text):
            yield start, "\n".join(chunk) + "\n"
            chunk = []
    if any(line.strip() for line in chunk):
        yield start, "\n".join(chunk) + "\nER  - \n"  # a file cut before its last ER


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v.strip()]


def _first(entry: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        values = _as_list(entry.get(key))
        if values:
            return values[0].strip()
    return None


def _issued(entry: dict[str, Any]) -> dict[str, Any] | None:
    for key in ("year", "publication_year", "date"):
        match = re.search(r"\b(\d{4})(?:/(\d{1,2}))?", _first(entry, key) or "")
        if match:
            parts = [int(match.group(1))] + ([int(match.group(2))] if match.group(2) else [])
            return {"date-parts": [parts]}
    return None


def ris_to_csl(entry: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """CSL-JSON for one rispy entry."""
    doi = normalize_doi(_first(entry, "doi"))
    first, last = _first(entry, "start_page"), _first(entry, "end_page")
    kind = _TYPES.get((_first(entry, "type_of_reference") or "").upper(), "article-journal")
    names = _as_list(entry.get("authors")) + _as_list(entry.get("first_authors"))
    csl = {
        "id": doi or _first(entry, "id", "accession_number") or fallback_id,
        "type": kind,
        "title": _first(entry, "title", "primary_title"),
        "author": [parse_person_name(n) for n in dict.fromkeys(names)],  # IEEE repeats the first author
        "editor": [parse_person_name(n) for n in _as_list(entry.get("secondary_authors"))]
        if kind in ("chapter", "paper-conference")
        else [],
        "issued": _issued(entry),
        "container-title": _first(
            entry, "secondary_title", "journal_name", "alternate_title3", "alternate_title2"
        ),
        "container-title-short": _first(entry, "alternate_title1"),
        "volume": _first(entry, "volume"),
        "issue": _first(entry, "number"),
        "page": normalize_page(f"{first}-{last}" if first and last else first),
        "publisher": _first(entry, "publisher"),
        "publisher-place": _first(entry, "place_published"),
        "ISSN": _first(entry, "issn"),
        "DOI": doi,
        "URL": _first(entry, "urls"),
        "abstract": _first(entry, "abstract", "notes_abstract"),
        "keyword": ", ".join(k.strip() for k in _as_list(entry.get("keywords"))) or None,
        "language": _first(entry, "language"),
    }
    return clean_csl(csl)


def _references(entry: dict[str, Any], line: int) -> list[Reference]:
    # Cited references travel in a non-standard "CR" tag (WoS RIS); rispy keeps it among unknown tags.
    unknown = entry.get("unknown_tag") or {}
    raws = [clean(r).strip() for r in _as_list(unknown.get("CR"))]
    return [Reference(raw=raw, position=i, csl={}, line=line) for i, raw in enumerate(raws, 1) if raw]


def read_ris(path: Path, source: Source) -> Iterator[Work]:
    """Works of a RIS file, one entry at a time."""
    count = 0
    for line, chunk in iter_ris_chunks(iter_lines(path)):
        try:
            entries = rispy.loads(chunk)
        except Exception as exc:  # rispy raises IOError/ValueError/KeyError for malformed entries
            raise FormatError(f"malformed RIS entry: {exc}", path=str(path), line=line) from None
        for entry in entries:
            count += 1
            yield Work(
                csl=ris_to_csl(entry, f"{path.name}#{line}"),
                source=source,
                references=_references(entry, line),
            )
    if not count:
        raise FormatError("no RIS entry found", path=str(path))
