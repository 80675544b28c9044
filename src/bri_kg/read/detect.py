"""Recognise an input format from the first bytes of a file's content, whatever its extension."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from bri_kg.errors import FormatError
from bri_kg.read._io import check_file, decode_head, load_json
from bri_kg.read.registry import FORMATS

__all__ = ["detect_format", "sniff_text"]


_OPENALEX = re.compile(r'"(?:abstract_inverted_index|referenced_works|authorships)"|openalex\.org/W')
_CROSSREF = re.compile(r'"(?:message-type|reference-count|container-title|title|subject)"\s*:\s*\[')
_CSL = re.compile(r'"(?:title|container-title)"\s*:\s*"|"issued"\s*:\s*\{')
_WOS_PLAIN = re.compile(r"\A(?:FN |VR |PT [A-Z]\b)")
_RIS = re.compile(r"^TY  - ", re.MULTILINE)
_BIBTEX = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)
_LANDING = re.compile(
    r"^(?:How to Cite|Main Article Content|Article Details)\s*$", re.MULTILINE | re.IGNORECASE
)
_BULLETS = re.compile(r"^\s*•\s*\S", re.MULTILINE)
_SCOPUS_COLUMNS = {"Source title", "EID", "Link", "Author Keywords", "References", "Document Type"}


def _json_kind(head: str) -> str | None:
    if _OPENALEX.search(head):
        return "openalex-json"
    if _CROSSREF.search(head):
        return "crossref-json"
    if _CSL.search(head):
        return "csl-json"
    return None


def _table_kind(first_line: str) -> str | None:
    tabbed = first_line.split("\t")
    if {"PT", "AU", "TI"} <= set(tabbed):
        return "wos-tab"
    columns = set(next(csv.reader([first_line]), []))
    if {"Title", "Authors"} <= columns and len(columns & _SCOPUS_COLUMNS) >= 2:
        return "scopus-csv"
    return None


def sniff_text(head: str) -> str | None:
    """The format name that the beginning of a file's text reveals, or None."""
    text = head.lstrip()
    if text and text[0] in "[{":
        return _json_kind(text)
    if _WOS_PLAIN.match(text):
        return "wos-plaintext"
    kind = _table_kind(text.split("\n", 1)[0].rstrip("\r"))
    if kind:
        return kind
    if _RIS.search(text[:4096]):
        return "ris"
    if _BIBTEX.search(text[:4096]):
        return "bibtex"
    if _LANDING.search(text) or len(_BULLETS.findall(text)) >= 3:
        return "landing-page"
    return None


def detect_format(path: str | Path) -> str:
    """The format of a file, recognised by its content; FormatError naming the known formats otherwise."""
    p = check_file(path)
    head = decode_head(p)
    if not head.strip():
        raise FormatError("empty file", path=str(p))
    kind = sniff_text(head)
    if kind:
        return kind
    if head.lstrip()[:1] in "[{":
        load_json(p)  # a malformed file gets the JSON parser's line and column
        raise FormatError("JSON, but not Crossref, CSL-JSON or OpenAlex works", path=str(p))
    raise FormatError(f"unknown format; known formats: {', '.join(FORMATS)}", path=str(p))
