"""Reader for the text of an Open Journal Systems article landing page (title, authors, How to Cite, references)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bri_kg.errors import FormatError
from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean, clean_csl, iter_lines, normalize_page

__all__ = [
    "join_split_references",
    "looks_complete",
    "looks_like_reference_start",
    "parse_apa_authors",
    "parse_how_to_cite",
    "parse_person_name",
    "read_landing_page",
]

# Section headings that OJS themes print on an article page; a heading switches the section being read.
_HEADINGS: dict[str, str] = {
    "main article content": "header",
    "abstract": "abstract",
    "keywords": "keywords",
    "key words": "keywords",
    "article details": "details",
    "how to cite": "cite",
    "author biography": "bio",
    "author biographies": "bio",
    "references": "references",
    "bibliography": "references",
    "literature": "references",
    "works cited": "references",
    "downloads": "other",
    "issue": "other",
    "section": "other",
    "license": "other",
    "most read articles by the same author(s)": "other",
    "similar articles": "other",
    "you may also start an advanced similarity search for this article.": "other",
}
_BULLET = re.compile(r"^\s*[•·▪◦‣●■\u2023\u2043]\s*")
_LABEL = re.compile(r"^(?:\[\d{1,4}\]|\d{1,4}\.(?=\s+\S))\s*")
_ORCID = re.compile(r"orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)
_PAGE_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)(10\.\d{4,9}/\S+)", re.IGNORECASE)
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "dos", "das", "del", "della"}
    | {"al", "el", "bin", "ibn", "ten", "ter"}
)
# A year in an author-date reference: "(2016)", "(2013a)", "(n.d.)", "(2020, May 3)", or ", 2016," (Vancouver/WoS).
_YEAR_MARK = re.compile(
    r"\((?:\d{4}[a-z]?|n\.\s?d\.|in press|forthcoming)(?:,[^)]*)?\)|[,.]\s\d{4}[a-z]?[.,;:]", re.IGNORECASE
)
# "Surname, X." or "Surname, X. Y." at the start: an author even when the year is missing.
_AUTHOR_START = re.compile(
    r"^[A-Z\u00c0-\u024f\u0400-\u042f][\w'’\-]+(?:\s[A-Z][\w'’\-]+)*,\s(?:[A-Z]\.\s?-?)+"
)
_ENDS_WITH_LINK = re.compile(r"(?:https?://|www\.|doi:|\b10\.\d{4,9}/)\S*$", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z\u00c0-\u024f\u0400-\u042f][a-z]?\.?[\s-]?)+$")


@dataclass(slots=True)
class _Page:
    """The lines of a landing page, sorted into the sections its headings introduce."""

    title: str = ""
    header: list[str] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    cite: list[str] = field(default_factory=list)
    bio: list[str] = field(default_factory=list)
    references: list[tuple[int, str]] = field(default_factory=list)


def looks_like_reference_start(text: str) -> bool:
    """True when a line reads like the beginning of a reference (author-date or numbered)."""
    text = text.strip()
    if not text:
        return False
    if _LABEL.match(text):
        return True
    first = text.split()[0]
    if first[0].islower() and first.lower().rstrip(",") not in _PARTICLES:
        return False
    return bool(_YEAR_MARK.search(text[:220]) or _AUTHOR_START.match(text))


def looks_complete(text: str) -> bool:
    """True when a reference reads as finished: final period or bracket, or a trailing URL or DOI."""
    text = text.rstrip()
    return text.endswith((".", ")", "]")) or bool(_ENDS_WITH_LINK.search(text))


def _continues(previous: str, current: str) -> bool:
    if looks_like_reference_start(current):
        return False
    starts_lower = current[:1].islower()
    return starts_lower or not looks_complete(previous)


def join_split_references(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join list items that continue the previous one (a reference broken across two bullets).

    An item continues its predecessor when it does not read like the start of a reference and either
    starts in lower case or follows an item that is unfinished. Items are (line, text); a joined item
    keeps the line of its first part.
    """
    out: list[tuple[int, str]] = []
    for line, text in items:
        text = text.strip()
        if not text:
            continue
        if out and _continues(out[-1][1], text):
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((line, text))
    return out


def parse_person_name(name: str) -> dict[str, str]:
    """A CSL name from "Given Family" or "Family, Given" as printed on a page."""
    name = " ".join(name.split())
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if given else {"family": family}
    parts = name.split(" ")
    if len(parts) == 1:
        return {"family": name}
    # Lower-case particles ("van der") belong to the family name.
    cut = len(parts) - 1
    while cut > 1 and parts[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return {"family": " ".join(parts[cut:]), "given": " ".join(parts[:cut])}


def parse_apa_authors(text: str) -> list[dict[str, str]]:
    """CSL names from an APA author list: "Amrin, A. K., Kaliyeva, S. A., & Alzhanova, F. G."."""
    text = re.sub(r"\s*(?:,\s*)?(?:&|\band\b|\.\.\.|…)\s*", ", ", text).strip(" ,")
    text = re.sub(r",?\s*et al\.?$", "", text)
    tokens = [t.strip() for t in text.split(",") if t.strip()]
    names: list[dict[str, str]] = []
    i = 0
    while i < len(tokens):
        family = tokens[i]
        if i + 1 < len(tokens) and _INITIALS.match(tokens[i + 1]):
            names.append({"family": family, "given": tokens[i + 1]})
            i += 2
        else:
            names.append({"literal": family.rstrip(".")})
            i += 1
    return names


def _split_container(container: str) -> dict[str, str]:
    # "Journal of Population and Social Studies [JPSS]": the bracketed acronym is the short title.
    match = re.match(r"^(.*?)\s*\[([^\]]+)\]\s*$", container)
    if match:
        return {"container-title": match.group(1), "container-title-short": match.group(2)}
    return {"container-title": container}


_APA_HEAD = re.compile(r"^(?P<authors>.+?)\s*\((?P<year>\d{4})[a-z]?(?:,[^)]*)?\)\.\s*(?P<rest>.+)$")
_APA_TAIL_LINK = re.compile(
    r"\s*(?:Retrieved from\s+(?P<url>\S+)|(?P<link>https?://\S+)|doi:\s*(?P<doi>\S+))\s*$"
)
_APA_VOLUME = re.compile(
    r",\s*(?P<volume>[\w.-]+)(?:\s*\((?P<issue>[^)]+)\))?(?:,\s*(?P<page>[\w]+(?:\s*[-–—]\s*[\w]+)?))?\.?$"
)


def parse_how_to_cite(text: str, title: str | None = None) -> dict[str, Any]:
    """CSL fields from an APA "How to Cite" line; the page title, when given, separates title from journal."""
    text = " ".join(text.split())
    match = _APA_HEAD.match(text)
    if not match:
        return {}
    csl: dict[str, Any] = {
        "author": parse_apa_authors(match.group("authors")),
        "issued": {"date-parts": [[int(match.group("year"))]]},
    }
    rest = match.group("rest")
    while tail := _APA_TAIL_LINK.search(rest):
        link = tail.group("url") or tail.group("link")
        doi = normalize_doi(tail.group("doi") or link)
        if doi:
            csl["DOI"] = doi
        elif link:
            csl["URL"] = link.rstrip(".")
        rest = rest[: tail.start()]
    volume = _APA_VOLUME.search(rest)
    if volume:
        csl.update({k: v for k, v in volume.groupdict().items() if v})
        if "page" in csl:
            csl["page"] = normalize_page(csl["page"])
        rest = rest[: volume.start()]
    rest = rest.strip().rstrip(".")
    known = (title or "").strip().rstrip(".")
    if known and rest.lower().startswith(known.lower()):
        container = rest[len(known) :].lstrip(".?! ")
    else:
        cut = max(rest.rfind(". "), rest.rfind("? "), rest.rfind("! "))
        container = rest[cut + 2 :] if cut >= 0 else ""
        known = rest[: cut + 1].rstrip(".") if cut >= 0 else rest
    if known and not title:
        csl["title"] = known
    if container:
        csl.update(_split_container(container))
    return csl


def _heading(text: str) -> str | None:
    return _HEADINGS.get(text.strip().rstrip(":").lower())


def _sort_lines(path: Path) -> _Page:
    page = _Page()
    section = "header"
    previous_blank = True
    in_bullets = False
    for number, raw in iter_lines(path):
        text = clean(raw).strip()
        if not text:
            previous_blank = True
            continue
        if not page.title:
            page.title = text
            continue
        heading = _heading(text)
        bullet = _BULLET.match(text)
        if heading and not bullet:
            section, in_bullets = heading, False
        elif bullet:
            section, in_bullets = "references", True
            page.references.append((number, text[bullet.end() :]))
        elif section == "references" and in_bullets:
            # A wrapped line right under a bullet continues it; after a blank line the list is over.
            if previous_blank:
                section, in_bullets = "other", False
            else:
                line, before = page.references[-1]
                page.references[-1] = (line, f"{before} {text}")
        elif section == "references":
            page.references.append((number, _LABEL.sub("", text)))
        elif section in ("header", "abstract", "keywords", "cite", "bio"):
            getattr(page, section).append(text)
        previous_blank = False
    return page


def _is_name_line(text: str) -> bool:
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= 6 or any(ch.isdigit() for ch in text) or text.count(",") > 1:
        return False
    if not all(re.fullmatch(r"[\w'’.\-]+", t) for t in tokens):
        return False
    return sum(t[0].isupper() for t in tokens) >= 2


def _header_parts(lines: list[str]) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Name lines (with ORCIDs) before the first paragraph, and the paragraphs (abstract)."""
    names: list[str] = []
    orcids: list[tuple[str, str]] = []
    paragraphs: list[str] = []
    for text in lines:
        orcid = _ORCID.search(text)
        if orcid and names:
            orcids.append((names[-1], orcid.group(1)))
        elif paragraphs or len(text.split()) >= 12:
            paragraphs.append(text)
        elif _is_name_line(text):
            names.append(text)
    return names, orcids, paragraphs


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a).lower() == re.sub(r"\W+", "", b).lower()


def _merge_authors(printed: list[str], cited: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Full printed names, split into family and given by the How-to-Cite family names where they match."""
    families = [c["family"] for c in cited if "family" in c]
    authors: list[dict[str, Any]] = []
    for name in printed:
        person: dict[str, Any] | None = None
        if "," in name:  # "Family, Given" needs no help from the citation
            inverted = parse_person_name(name)
            person = inverted if not families or inverted["family"] in families else None
        for family in families if person is None else []:
            if name.lower().endswith(" " + family.lower()):
                person = {"family": family, "given": name[: -len(family)].strip()}
                break
        if families and person is None:
            continue  # a short line that is no cited author (an affiliation line of some themes)
        authors.append(person or parse_person_name(name))
    return authors or [dict(c) for c in cited]


def _add_biographies(authors: list[dict[str, Any]], bio: list[str]) -> None:
    # "Name, Affiliation parts, Country": everything after the name is that author's affiliation.
    for text in bio:
        name, sep, rest = text.partition(",")
        if not sep or not rest.strip():
            continue
        for author in authors:
            full = f"{author.get('given', '')} {author.get('family', '')}".strip()
            if _same(name, full) or _same(name, f"{author.get('family', '')} {author.get('given', '')}"):
                author.setdefault("affiliation", []).append(rest.strip())


def _keywords(lines: list[str]) -> str | None:
    words = [w.strip() for line in lines for w in re.split(r"[;,]", line) if w.strip()]
    return ", ".join(words) or None


def _page_doi(page: _Page) -> str | None:
    for text in [*page.header, *page.cite]:
        match = _PAGE_DOI.search(text)
        if match:
            return normalize_doi(match.group(1))
    return None


def _choose_title(page: _Page) -> tuple[str, list[str]]:
    """The title and the header lines after it; site chrome (breadcrumbs) above the title is skipped."""
    lines = [page.title, *page.header]
    cite = " ".join(page.cite[:1]).lower()
    if cite:
        for i, line in enumerate(lines[:6]):
            if len(line) > 10 and line.lower().rstrip(".") in cite:
                return line, lines[i + 1 :]
    return page.title, page.header


def _work_csl(page: _Page, path: Path) -> dict[str, Any]:
    title, header = _choose_title(page)
    names, orcids, paragraphs = _header_parts(header)
    cite = parse_how_to_cite(page.cite[0], title) if page.cite else {}
    authors = _merge_authors(names, cite.pop("author", []))
    for name, orcid in orcids:
        for author in authors:
            if _same(name, f"{author.get('given', '')} {author.get('family', '')}"):
                author["ORCID"] = f"https://orcid.org/{orcid}"
    _add_biographies(authors, page.bio)
    doi = _page_doi(page) or cite.pop("DOI", None)
    csl: dict[str, Any] = {
        "id": doi or cite.get("URL") or path.name,
        "type": "article-journal",
        "title": title,
        "author": authors,
        **cite,
        "DOI": doi,
        "abstract": "\n".join(page.abstract or paragraphs) or None,
        "keyword": _keywords(page.keywords),
    }
    return clean_csl(csl)


def read_landing_page(path: Path, source: Source) -> Iterator[Work]:
    """The one work of a landing page with its reference list; FormatError when the page has none."""
    page = _sort_lines(path)
    if not page.title:
        raise FormatError("empty file", path=str(path))
    items = join_split_references(page.references)
    if not items:
        raise FormatError("no reference list found (expected bulleted references)", path=str(path))
    references = [
        Reference(raw=text, position=i, csl={}, line=line) for i, (line, text) in enumerate(items, 1)
    ]
    yield Work(csl=_work_csl(page, path), source=source, references=references)
