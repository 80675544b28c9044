"""Normalisation and blocking keys for identity resolution: DOIs, names, years, titles."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bri_kg.identifiers import normalize_doi

__all__ = [
    "block_family",
    "first_family",
    "first_page",
    "issued_year",
    "normalize_doi",
    "normalize_text",
    "source_score",
    "title_fingerprint",
    "year_suffix",
]

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


# Name particles that exports keep or drop at will ("de Moya-Anegon F" vs "Moya-Anegon F.").
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "del",
        "della",
        "la",
        "le",
        "du",
        "dos",
        "das",
        "ter",
        "ten",
        "el",
        "al",
    ]
)
# Words that ISO 4 and the WoS 20-character source abbreviations leave out.
_SOURCE_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "on",
        "in",
        "for",
        "to",
        "at",
        "und",
        "fur",
        "de",
        "des",
        "du",
        "la",
        "le",
        "et",
        "i",
    ]
)


def block_family(csl: dict[str, Any]) -> str:
    """The first author's family name for blocking: particles dropped, spaces and hyphens removed."""
    tokens = first_family(csl).split()
    kept = [t for t in tokens if t not in _PARTICLES] or tokens
    return "".join(kept)


def first_page(csl: dict[str, Any]) -> str:
    """The first page (or article number) in lower case, without a leading 'p'; '' when absent."""
    page = str(csl.get("page") or csl.get("page-first") or "")
    first = re.split(r"[-–—]", page, maxsplit=1)[0].strip().lower()
    return first[1:] if first[:1] == "p" and first[1:].isdigit() else first


def _source_tokens(text: str | None) -> list[str]:
    return [t for t in normalize_text(text).split() if t not in _SOURCE_STOP]


def _token_abbreviates(short: str, word: str) -> bool:
    # "quart" < "quarterly" (prefix), "natl" < "national" (contraction: same first letter, in order).
    if word.startswith(short):
        return True
    if not short or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


def _abbreviates(short: list[str], full: list[str]) -> float:
    """Share of ``full`` covered when every token of ``short`` abbreviates its words in order; 0 if not."""
    i = j = 0
    while i < len(short):
        if j >= len(full):
            return 0.0
        token = short[i]
        # Either way round: two abbreviations of one name cut words at different places ("inform"/"inf").
        if _token_abbreviates(token, full[j]) or _token_abbreviates(full[j], token):
            i, j = i + 1, j + 1
            continue
        # "usa" for "united states america": one token of initials spanning several words.
        k = len(token)
        if k >= 2 and j + k <= len(full) and all(full[j + n][0] == token[n] for n in range(k)):
            i, j = i + 1, j + k
            continue
        return 0.0
    return j / len(full) if full else 0.0


def source_score(a: str | None, b: str | None) -> float:
    """How well two source names (full, ISO 4 or WoS abbreviations) agree, in [0, 1]; 0 when they cannot.

    Equal names score 1; an abbreviation of the other name scores 0.9 plus 0.1 times the share of the
    full name it covers (the WoS 20-character abbreviations cut long names short).
    """
    ta, tb = _source_tokens(a), _source_tokens(b)
    if not ta or not tb:
        return 0.0
    if ta == tb or "".join(ta) == "".join(tb):
        return 1.0
    best = max(_abbreviates(ta, tb), _abbreviates(tb, ta))
    return 0.9 + 0.1 * best if best > 0 else 0.0
