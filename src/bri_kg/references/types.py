"""Infer the CSL item type of a parsed reference from its structure and a few wording cues."""

from __future__ import annotations

import re
from typing import Any

from bri_kg.references.names import is_organisation

__all__ = ["CSL_TYPES", "GBT_CODE_RE", "infer_type"]

CSL_TYPES: frozenset[str] = frozenset(
    {
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "book",
        "chapter",
        "dataset",
        "document",
        "paper-conference",
        "report",
        "thesis",
        "webpage",
    }
)

# GB/T 7714 (the Chinese national standard) prints a document code after the title: "Title[J]. Journal...".
GBT_CODE_RE = re.compile(r"\[(J|M|D|C|R|N|A|G|S|P|Z|EB/OL|J/OL|M/OL|DB/OL|CP/DK)\]\s*(?=[.．,，]|//|$)")
_GBT_TYPES = {
    "J": "article-journal", "J/OL": "article-journal", "M": "book", "M/OL": "book", "G": "book",
    "A": "chapter", "C": "paper-conference", "D": "thesis", "R": "report", "N": "article-newspaper",
    "EB/OL": "webpage", "DB/OL": "dataset", "S": "document", "P": "document", "Z": "document",
    "CP/DK": "document",
}  # fmt: skip

# Each pattern below starts with a lookahead on the first letters its words can start with: the engine
# then rejects most positions with one class test instead of trying every word in turn.
_THESIS_RE = re.compile(
    r"(?=[tdpmhда])"
    r"(?:\b(?:thesis|dissertation|th[èe]se|doctoral|ph\.?\s?d\b|master'?s|mémoire|diplomarbeit|habilitation)"
    r"|диссертац|автореферат)",
    re.IGNORECASE,
)
_DATASET_RE = re.compile(
    r"(?=d)\b(?:database|data\s?set|data\s+file|dataset|data\s+archive)\b", re.IGNORECASE
)
_CONFERENCE_RE = re.compile(
    r"(?=[pcswmkк])"
    r"(?:\b(?:proceedings|proc\.|conference|conf\.|symposium|workshop|congress|colloquium|meeting)\b"
    r"|\bkonferenz|\bconférence|конференц)",
    re.IGNORECASE,
)
_NEWSPAPER_RE = re.compile(
    r"\b(?:times|post|news|herald|guardian|gazette|tribune|daily|telegraph|chronicle|observer|courier|"
    r"independent|standard|journal\s+of\s+commerce|wall\s+street\s+journal|izvestia|pravda|kommersant|"
    r"vedomosti|le\s+monde|le\s+figaro|zeitung)\b",
    re.IGNORECASE,
)
_MAGAZINE_RE = re.compile(r"\b(?:magazine|weekly|economist|newsweek|forbes)\b", re.IGNORECASE)
_REPORT_RE = re.compile(
    r"(?=[rwdpotbsmifдо])"
    r"(?:\b(?:report|working\s+papers?|discussion\s+papers?|policy\s+(?:brief|paper)|occasional\s+paper|"
    r"technical\s+(?:note|paper)|white\s+paper|briefing|survey|profile|background\s+paper|"
    r"research\s+paper|issue\s+brief|fact\s*sheet|memorandum|outlook)\b|доклад|отч[её]т)",
    re.IGNORECASE,
)
_BOOK_RE = re.compile(
    r"(?=[yhedgatmc])\b(?:yearbook|handbook|encyclopa?edia|dictionary|glossary|atlas|textbook|manual|companion)\b",
    re.IGNORECASE,
)
_PREPRINT_RE = re.compile(
    r"\b(?:arxiv|socarxiv|biorxiv|medrxiv|psyarxiv|ssrn|osf\s+preprints|preprints?|repec|nber)\b",
    re.IGNORECASE,
)
_PRESS_RE = re.compile(
    r"\b(?:press|verlag|publish\w*|books|editions?|éditions|edizioni|editora|editorial|routledge|springer|"
    r"wiley|elsevier|sage|palgrave|macmillan|penguin|blackwell|brill|harper|norton|polity|verso|"
    r"bloomsbury|pearson|mcgraw|academic|izdatel\w*|nauka|наука|издательство|изд-во|publ)\b",
    re.IGNORECASE,
)


def _text(csl: dict[str, Any], *keys: str) -> str:
    return " ".join([str(csl.get(k, "")) for k in keys])


def _is_org(names: list[dict[str, str]] | None) -> bool:
    return bool(names) and all("literal" in n for n in names)


_SCHEME_RE = re.compile(r"^[a-z]+://", re.IGNORECASE)


def _url_has_path(url: str) -> bool:
    rest = _SCHEME_RE.sub("", url.strip())
    return "/" in rest.rstrip("/")


_DIGIT_RE = re.compile(r"\d")


def _without_container(csl: dict[str, Any], raw: str) -> str:
    title = _text(csl, "title", "translated-title")
    cues = _text(csl, "genre", "note", "collection-title")
    if csl.get("editor") and not csl.get("author"):
        return "book"
    if _PREPRINT_RE.search(_text(csl, "publisher", "genre", "note")):
        return "report"
    # A numbered series ("IDE Discussion Papers, Vol. 394") marks a report; "In Russian" does not.
    if _DIGIT_RE.search(csl.get("note", "")) or _REPORT_RE.search(cues) or _REPORT_RE.search(title):
        return "book" if _BOOK_RE.search(title) else "report"
    if csl.get("editor") or csl.get("ISBN") or csl.get("edition") or _BOOK_RE.search(title):
        return "book"
    publisher = csl.get("publisher", "")
    if publisher:
        if _PRESS_RE.search(publisher):
            return "book"
        return "report" if is_organisation(publisher) or _is_org(csl.get("author")) else "book"
    url = csl.get("URL", "")
    if url:
        if url.lower().endswith(".pdf"):
            return "report"
        # An organisation's document on its site is a report; a person's post or a bare site is a page.
        return "report" if _is_org(csl.get("author")) and _url_has_path(url) else "webpage"
    if _is_org(csl.get("author")):
        return "report"
    return "book"


_DATASET_DESCRIPTOR_RE = re.compile(r"\[\s*data\s*set\s*\]", re.IGNORECASE)
_CHAPTER_CUE_RE = re.compile(r"(?:^|[.,]\s*)(?:In|Dans|Im|В)\s*:?\s")


def infer_type(csl: dict[str, Any], raw: str = "") -> str:
    """A CSL type name for ``csl`` (fields already parsed); ``raw`` adds wording cues such as "[Data set]"."""
    code = GBT_CODE_RE.search(raw) if "[" in raw else None
    if code is not None:
        kind = _GBT_TYPES[code.group(1)]
        # "[M]//": a part of the book named after the slashes.
        return "chapter" if kind == "book" and raw.startswith("//", code.end()) else kind
    cues = _text(csl, "genre", "note", "collection-title", "container-title", "publisher")
    container = csl.get("container-title", "")
    has_numbers = bool(csl.get("volume") or csl.get("issue"))
    if _THESIS_RE.search(_text(csl, "genre", "note", "publisher")) or (
        not container and not has_numbers and _THESIS_RE.search(raw)
    ):
        return "thesis"
    if _DATASET_RE.search(cues) or ("[" in raw and _DATASET_DESCRIPTOR_RE.search(raw)):
        return "dataset"
    if not container:
        return _without_container(csl, raw)
    if _CONFERENCE_RE.search(container) and not (csl.get("volume") and csl.get("issue")):
        return "paper-conference"
    # The cue is case-sensitive, so it cannot match without one of these words printed.
    is_chapter_cue = bool(csl.get("editor")) or (
        ("In" in raw or "Im" in raw or "Dans" in raw or "В" in raw) and bool(_CHAPTER_CUE_RE.search(raw))
    )
    if is_chapter_cue and not has_numbers:
        return "chapter"
    if has_numbers:
        return "article-journal"
    if csl.get("publisher") or csl.get("publisher-place") or csl.get("ISBN"):
        return "chapter"
    if _MAGAZINE_RE.search(container):
        return "article-magazine"
    if _NEWSPAPER_RE.search(container) or len(csl.get("issued", {}).get("date-parts", [[]])[0]) >= 2:
        return "article-newspaper"
    return "article-journal"
