"""Readers for Web of Science exports: plain text (FN/VR/PT..ER) and tab-delimited, streamed record by record."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bri_kg.errors import FormatError
from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean, clean_csl, iter_lines, normalize_page

__all__ = [
    "iter_plaintext_records",
    "iter_tab_records",
    "parse_cited_reference",
    "read_wos_plaintext",
    "read_wos_tab",
    "wos_to_csl",
]

# Fields whose continuation lines are separate values; in other fields they are wrapped text.
_LIST_FIELDS = frozenset({"AU", "AF", "BA", "BF", "CA", "C1", "CR", "EM"})
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}
_TYPES = {
    "J": "article-journal",
    "B": "book",
    "S": "chapter",
    "P": "patent",
}
_DOC_TYPES = {"proceedings paper": "paper-conference", "book chapter": "chapter", "book": "book"}
_CR_DOI = re.compile(r"\bDOI\s+\[?\s*(10\.[^,\]\s]+)", re.IGNORECASE)

# A record: field tag -> (line of the field, values); values are lines (plain text) or cells (tab-delimited).
Record = dict[str, tuple[int, list[str]]]


def iter_plaintext_records(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Record]]:
    """(line of "PT", record) for each PT..ER block; continuation lines start with spaces."""
    record: Record = {}
    start = 0
    tag = ""
    for number, text in lines:
        head = text[:2]
        if head == "ER" and text[2:].strip() == "":
            if record:
                yield start, record
            record, tag = {}, ""
            continue
        if head.strip() and (len(text) == 2 or text[2] == " "):
            tag = head
            if tag == "PT":
                record, start = {}, number
            if tag in ("FN", "VR", "EF"):
                tag = ""
                continue
            record.setdefault(tag, (number, []))[1].append(text[3:].strip())
        elif tag and text.strip():
            record[tag][1].append(text.strip())
    if record:
        yield start, record  # a file cut after its last field still gives its last record


def _split_cell(tag: str, cell: str) -> list[str]:
    if tag == "C1" and cell.startswith("["):
        # "[A; B] Address; [C] Address": author groups use "; " inside the brackets too.
        return [part.strip() for part in re.split(r";\s*(?=\[)", cell) if part.strip()]
    if tag in _LIST_FIELDS:
        return [part.strip() for part in cell.split("; ") if part.strip()]
    return [cell]


def iter_tab_records(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Record]]:
    """(line, record) for each row of a tab-delimited export after its header row."""
    header: list[str] = []
    for number, text in lines:
        cells = text.split("\t")
        if not header:
            header = [c.strip().lstrip("\ufeff") for c in cells]
            continue
        if not text.strip():
            continue
        record = {
            tag: (number, _split_cell(tag, cell.strip()))
            for tag, cell in zip(header, cells, strict=False)
            if tag and cell.strip()
        }
        yield number, record


def _text(record: Record, tag: str) -> str | None:
    values = record.get(tag, (0, []))[1]
    return " ".join(values) if values else None


def _person(name: str) -> dict[str, str]:
    family, _, given = name.partition(",")
    if not given.strip():
        return {"literal": family.strip()} if " " in family.strip() else {"family": family.strip()}
    return {"family": family.strip(), "given": given.strip()}


def _key(name: str) -> str:
    # Order-free, so "Yang, Guan-Can" (AF) and "guancan, yang" (OI) meet.
    tokens = (re.sub(r"[^\w]|\d|_", "", t) for t in re.split(r"[,\s]+", name.lower()))
    return " ".join(sorted(t for t in tokens if t))


def _affiliations(record: Record) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for entry in record.get("C1", (0, []))[1]:
        match = re.match(r"^\[([^\]]+)\]\s*(.+)$", entry)
        if match:
            for name in match.group(1).split(";"):
                out.setdefault(_key(name), []).append(match.group(2).strip().rstrip("."))
    return out


def _orcids(record: Record) -> dict[str, str]:
    out: dict[str, str] = {}
    text = _text(record, "OI") or ""
    for entry in text.split(";"):
        name, _, orcid = entry.rpartition("/")
        if re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", orcid.strip()):
            out[_key(name)] = f"https://orcid.org/{orcid.strip()}"
    return out


def _authors(record: Record) -> list[dict[str, Any]]:
    names = record.get("AF", record.get("AU", (0, [])))[1]
    affiliations, orcids = _affiliations(record), _orcids(record)
    authors = []
    for name in names:
        person: dict[str, Any] = _person(name)
        key = _key(name)
        if key in affiliations:
            person["affiliation"] = affiliations[key]
        if key in orcids:
            person["ORCID"] = orcids[key]
        authors.append(person)
    return authors


def _keywords(record: Record, tag: str) -> str | None:
    text = _text(record, tag)
    return ", ".join(k.strip() for k in text.split(";") if k.strip()) if text else None


def _issued(record: Record) -> dict[str, Any] | None:
    year = (_text(record, "PY") or "").strip()
    if not year.isdigit():
        return None
    parts = [int(year)]
    month = _MONTHS.get((_text(record, "PD") or "")[:3].upper())
    if month:
        parts.append(month)
    return {"date-parts": [parts]}


def _type(record: Record) -> str:
    doc_type = (_text(record, "DT") or "").split(";")[0].strip().lower()
    return _DOC_TYPES.get(doc_type) or _TYPES.get((_text(record, "PT") or "J").strip(), "article-journal")


def wos_to_csl(record: Record, fallback_id: str) -> dict[str, Any]:
    """CSL-JSON for one Web of Science record."""
    doi = normalize_doi(_text(record, "DI"))
    first, last = _text(record, "BP"), _text(record, "EP")
    page = f"{first}-{last}" if first and last else first or _text(record, "AR")
    csl = {
        "id": doi or _text(record, "UT") or fallback_id,
        "type": _type(record),
        "title": _text(record, "TI"),
        "author": _authors(record),
        "issued": _issued(record),
        "container-title": _text(record, "SO"),
        "container-title-short": _text(record, "JI") or _text(record, "J9"),
        "collection-title": _text(record, "SE"),
        "volume": _text(record, "VL"),
        "issue": _text(record, "IS"),
        "page": normalize_page(page),
        "publisher": _text(record, "PU"),
        "ISSN": _text(record, "SN"),
        "ISBN": _text(record, "BN"),
        "DOI": doi,
        "abstract": _text(record, "AB"),
        "keyword": _keywords(record, "DE"),
        "subject": [s.strip() for s in (_text(record, "WC") or "").split(";") if s.strip()],
        "language": _text(record, "LA"),
    }
    return clean_csl(csl)


def parse_cited_reference(raw: str) -> dict[str, Any]:
    """CSL fields of a WoS cited reference "Author, YEAR, SOURCE, Vvol, Ppage, DOI x"."""
    doi_match = _CR_DOI.search(raw)
    parts = [p.strip() for p in _CR_DOI.sub("", raw).split(",") if p.strip() and p.strip() != "]"]
    csl: dict[str, Any] = {}
    if parts and not parts[0].isdigit():
        author = parts.pop(0)
        if not author.startswith("["):  # "[Anonymous]"
            family, _, given = author.rpartition(" ")
            csl["author"] = [{"family": family, "given": given} if family else {"family": given}]
    if parts and re.fullmatch(r"\d{4}", parts[0]):
        csl["issued"] = {"date-parts": [[int(parts.pop(0))]]}
    for part in parts:
        if re.fullmatch(r"V\w+", part) and "volume" not in csl:
            csl["volume"] = part[1:]
        elif re.fullmatch(r"[Pp][\w-]+", part) and "page" not in csl:
            csl["page"] = part[1:]
        elif "container-title" not in csl and "volume" not in csl and "page" not in csl:
            csl["container-title"] = part
    if doi_match and (doi := normalize_doi(doi_match.group(1))):
        csl["DOI"] = doi
    return csl


def _work(record: Record, source: Source, fallback_id: str) -> Work:
    line, cited = record.get("CR", (0, []))
    # Plain text has one cited reference per line, counted from the CR tag; tab-delimited keeps all on one.
    per_line = source.format == "wos-plaintext"
    references = []
    for i, raw in enumerate(cited, 1):
        text = clean(raw)
        csl = parse_cited_reference(text)
        references.append(
            Reference(
                raw=text,
                position=i,
                csl=csl,
                doi=csl.get("DOI"),
                line=line + i - 1 if per_line else line,
            )
        )
    return Work(csl=wos_to_csl(record, fallback_id), source=source, references=references)


def _read(path: Path, source: Source, records: Iterator[tuple[int, Record]]) -> Iterator[Work]:
    count = 0
    for line, record in records:
        count += 1
        yield _work(record, source, f"{path.name}#{line}")
    if not count:
        raise FormatError("no Web of Science record found", path=str(path))


def read_wos_plaintext(path: Path, source: Source) -> Iterator[Work]:
    """Works of a Web of Science plain-text export, one record at a time."""
    yield from _read(path, source, iter_plaintext_records(iter_lines(path)))


def read_wos_tab(path: Path, source: Source) -> Iterator[Work]:
    """Works of a Web of Science tab-delimited export (UTF-8 or UTF-16), one row at a time."""
    yield from _read(path, source, iter_tab_records(iter_lines(path)))
