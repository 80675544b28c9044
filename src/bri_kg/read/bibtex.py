"""Reader for BibTeX files, including Web of Science BibTeX with its "Cited-References" field."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

# bibtexparser (v2) handles BibTeX syntax, @string macros and LaTeX decoding; hand-written regexes would not.
import bibtexparser
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text  # bibtexparser's own LaTeX decoder

from bri_kg.errors import FormatError
from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean, clean_csl, iter_lines, normalize_page
from bri_kg.read.wos import parse_cited_reference

__all__ = ["bibtex_names", "bibtex_to_csl", "iter_bibtex_chunks", "make_decoder", "read_bibtex"]

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "manual": "report",
    "misc": "document",
    "online": "webpage",
    "unpublished": "manuscript",
}
_ESCAPED = re.compile(r"\\([&_%$#])")
_START = re.compile(r"^\s*@(\w+)\s*[{(]")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def iter_bibtex_chunks(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, str]]:
    """(first line, @string definitions so far, text) of each @entry, so entries parse one at a time."""
    strings: list[str] = []
    chunk: list[str] = []
    start = 0
    kind = ""

    def flush() -> Iterator[tuple[int, str, str]]:
        if kind == "string":
            strings.append("\n".join(chunk))
        elif kind and kind not in ("comment", "preamble"):
            yield start, "\n".join(strings), "\n".join(chunk)

    for number, text in lines:
        match = _START.match(text)
        if match:
            yield from flush()
            chunk, start, kind = [text], number, match.group(1).lower()
        elif kind:
            chunk.append(text)
    yield from flush()


def _strip_braces(value: str) -> str:
    return value.replace("{", "").replace("}", "")


def make_decoder() -> Callable[[str], str]:
    """A LaTeX-to-text function (one pylatexenc decoder, built once per file: building it is slow)."""
    decoder = LatexNodes2Text(math_mode="verbatim")

    def decode(value: str) -> str:
        # Escaped specials ("R\&D", "10\_2") are most of what WoS exports escape; pylatexenc is slow on
        # long fields, so it only sees values with other macros (accents).
        plain = _ESCAPED.sub(r"\1", value)
        if "\\" not in plain and "~" not in plain:
            return _strip_braces(plain)
        try:
            return _strip_braces(decoder.latex_to_text(value))
        except Exception:  # pylatexenc gives up on unbalanced input; the text without braces still serves
            return _strip_braces(value)

    return decode


def _squash(value: str) -> str:
    return " ".join(value.split())


def bibtex_names(value: str, decode: Callable[[str], str] = _strip_braces) -> list[dict[str, str]]:
    """CSL names from a BibTeX "A and B" list; a braced name ("{World Bank}") is a literal.

    Names are split before LaTeX decoding: decoding first would drop the braces that protect a name.
    """
    names: list[dict[str, str]] = []
    for person in split_multiple_persons_names(value):
        person = " ".join(person.split())
        if person.startswith("{") and person.endswith("}"):
            names.append({"literal": _squash(decode(person))})
            continue
        try:
            parts = parse_single_name_into_parts(person)
        except InvalidNameError:
            names.append({"literal": _squash(decode(person))})
            continue
        family = " ".join(parts.von + parts.last)
        name = {"family": _squash(decode(family)), "given": _squash(decode(" ".join(parts.first)))}
        if parts.jr:
            name["suffix"] = _squash(decode(" ".join(parts.jr)))
        names.append({k: v for k, v in name.items() if v})
    return names


def _issued(fields: dict[str, str]) -> dict[str, Any] | None:
    year = re.search(r"\d{4}", fields.get("year") or fields.get("date") or "")
    if not year:
        return None
    parts = [int(year.group())]
    month = fields.get("month", "").strip().lower()[:3]
    if month in _MONTHS:
        parts.append(_MONTHS[month])
    elif month.isdigit() and 1 <= int(month) <= 12:
        parts.append(int(month))
    return {"date-parts": [parts]}


def _printed(author: dict[str, Any]) -> str:
    return f"{author.get('family', '')}, {author.get('given', '')}"


def _affiliations(fields: dict[str, str], authors: list[dict[str, Any]]) -> None:
    # WoS lines read "Yan, Su-mei; Sun, Ji-qing, Address": known names separated by "; ", then the address.
    for line in (t.strip() for t in fields.get("affiliation", "").split("\n")):
        if not line or "(Reprint Author)" in line:
            continue
        matched: list[dict[str, Any]] = []
        pos = 0
        while author := next((a for a in authors if line.startswith(_printed(a), pos)), None):
            matched.append(author)
            pos += len(_printed(author))
            if line.startswith("; ", pos):
                pos += 2
                continue
            if line.startswith(", ", pos):
                address = line[pos + 2 :].rstrip(".")
                for person in matched:
                    person.setdefault("affiliation", []).append(address)
            break


def bibtex_to_csl(
    entry_type: str, key: str, fields: dict[str, str], decode: Callable[[str], str] = _strip_braces
) -> dict[str, Any]:
    """CSL-JSON for one BibTeX entry: field names lower-cased, values decoded except author and editor."""
    text = {k: _squash(v) for k, v in fields.items() if k not in ("affiliation", "cited-references")}
    doi = normalize_doi(text.get("doi"))
    kind = _TYPES.get(entry_type.lower(), "article-journal")
    wos_type = text.get("type", "").lower()
    if wos_type == "proceedings paper":
        kind = "paper-conference"
    authors: list[dict[str, Any]] = bibtex_names(fields["author"], decode) if fields.get("author") else []
    _affiliations(fields, authors)
    keywords = [k.strip() for k in re.split(r"[;,]", text.get("keywords", "")) if k.strip()]
    csl = {
        "id": doi or key,
        "type": kind,
        "title": text.get("title"),
        "author": authors,
        "editor": bibtex_names(fields["editor"], decode) if fields.get("editor") else [],
        "issued": _issued(text),
        "container-title": text.get("journal") or text.get("journaltitle") or text.get("booktitle"),
        "container-title-short": text.get("journal-iso") or text.get("shortjournal"),
        "collection-title": text.get("series"),
        "volume": text.get("volume"),
        "issue": text.get("number") or text.get("issue"),
        "page": normalize_page(text.get("pages")),
        "publisher": text.get("publisher"),
        "publisher-place": text.get("address"),
        "ISSN": text.get("issn"),
        "ISBN": text.get("isbn"),
        "DOI": doi,
        "URL": text.get("url"),
        "abstract": text.get("abstract"),
        "keyword": ", ".join(keywords) or None,
        "language": text.get("language"),
    }
    return clean_csl(csl)


def _field_line(chunk: str, start: int, name: str) -> int:
    match = re.search(rf"^\s*{re.escape(name)}\s*=", chunk, re.IGNORECASE | re.MULTILINE)
    return start + chunk.count("\n", 0, match.start()) if match else start


def _references(fields: dict[str, str], first_line: int) -> list[Reference]:
    # Each cited reference is printed on its own line, starting on the field's first line.
    raws = [clean(r).strip() for r in fields.get("cited-references", "").split("\n")]
    references = []
    for line, raw in ((first_line + i, r) for i, r in enumerate(raws) if r):
        # WoS BibTeX ends every cited reference with a period that the plain-text export does not print.
        csl = parse_cited_reference(raw.rstrip("."))
        references.append(
            Reference(raw=raw, position=len(references) + 1, csl=csl, doi=csl.get("DOI"), line=line)
        )
    return references


def read_bibtex(path: Path, source: Source) -> Iterator[Work]:
    """Works of a BibTeX file, one entry at a time."""
    count = 0
    decode = make_decoder()
    for line, strings, chunk in iter_bibtex_chunks(iter_lines(path)):
        library = bibtexparser.parse_string(f"{strings}\n{chunk}")
        if library.failed_blocks and not library.entries:
            raise FormatError("malformed BibTeX entry", path=str(path), line=line)
        for entry in library.entries:
            count += 1
            fields = {k.lower(): str(v.value) for k, v in entry.fields_dict.items()}
            fields = {k: v if k in ("author", "editor") else decode(v) for k, v in fields.items()}
            csl = bibtex_to_csl(entry.entry_type, entry.key, fields, decode)
            cited_line = _field_line(chunk, line, "cited-references")
            yield Work(csl=csl, source=source, references=_references(fields, cited_line))
    if not count:
        raise FormatError("no BibTeX entry found", path=str(path))
