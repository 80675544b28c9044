"""Normalisation and blocking keys for identity resolution: DOIs, names, years, titles."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "first_family",
    "issued_year",
    "normalize_doi",
    "normalize_text",
    "title_fingerprint",
    "year_suffix",
]

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
_NON_WORD = re.compile(r"[^\w]+")
# Words that carry no identity: leaving them out keeps fingerprints stable across "The"/"A" variants.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "on",
        "in",
        "to",
        "for",
        "from",
        "with",
        "by",
        "at",
        "as",
        "is",
        "are",
        "its",
        "it",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "et",
        "und",
        "der",
        "die",
        "das",
    ]
)


def normalize_doi(value: str | None) -> str | None:
    """A DOI in lower case without resolver prefix or trailing punctuation; None if it is not one."""
    if not value:
        return None
    doi = _DOI_PREFIX.sub("", value.strip()).strip().rstrip(".,;)").lower()
    return doi if _DOI_SHAPE.match(doi) else None


def normalize_text(text: str | None) -> str:
    """NFKD, diacritics stripped, lower case, '&' as 'and', punctuation as single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.lower().replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", bare).replace("_", " ").split())


def first_family(csl: dict[str, Any]) -> str:
    """Normalised family name of the first author (else editor); a literal name is used whole."""
    for role in ("author", "editor"):
        names = csl.get(role) or []
        if names:
            name = names[0]
            return normalize_text(name.get("family") or name.get("literal") or name.get("given") or "")
    return ""


def issued_year(csl: dict[str, Any]) -> int | None:
    """The year of ``issued`` (CSL date-parts, or a raw/literal date string)."""
    issued = csl.get("issued") or {}
    parts = issued.get("date-parts") or []
    if parts and parts[0]:
        try:
            return int(parts[0][0])
        except (TypeError, ValueError):
            return None
    match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(issued.get("raw") or issued.get("literal") or ""))
    return int(match.group(1)) if match else None


def year_suffix(csl: dict[str, Any]) -> str:
    """The disambiguating letter of '2019a'-style years, lower case, or ''."""
    return str(csl.get("year-suffix") or "").strip().lower()


def title_fingerprint(title: str | None, words: int = 8) -> str:
    """The first significant words of a normalised title, joined by '-'."""
    tokens = [t for t in normalize_text(title).split() if t not in _STOP]
    return "-".join(tokens[:words])
