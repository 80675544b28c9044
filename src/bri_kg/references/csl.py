"""Turn the labelled segments of one reference string into a CSL-JSON item."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any

from bri_kg.references.labels import Segment
from bri_kg.references.names import (
    NAME_PARTICLES,
    ROLE_EDITOR,
    ROLE_TRANSLATOR,
    is_organisation,
    parse_names,
    split_role,
)
from bri_kg.references.normalize import (
    fold,
    normalize_doi,
    normalize_isbn,
    normalize_pages,
    normalize_url,
    parse_date,
    strip_brackets,
    strip_dangling_quote,
    strip_markup,
    strip_punct,
    strip_quotes,
)
from bri_kg.references.types import GBT_CODE_RE, infer_type

__all__ = ["clean_title", "repair_segments", "segments_to_csl", "split_translation", "split_volume_issue"]

_ROLE_KEYS = {None: "author", ROLE_EDITOR: "editor", ROLE_TRANSLATOR: "translator"}
_LEADIN_RE = re.compile(
    r"^\W*(?:retrieved|available|accessed|downloaded|online|url|from|at|via|web|link)\b[\w\s]*?:?\W*$",
    re.IGNORECASE,
)
_URL_IN_TEXT_RE = re.compile(
    r"[\s.,]*(?:(?:retrieved|available|accessed|downloaded)(?:\s+\w+){0,6}?\s+(?:from|at|on|via)\b\s*:?\s*|"
    r"(?:url|online)\s*:\s*)?<?(?:https?://|www\.)\S+\s*$",
    re.IGNORECASE,
)


def _may_hold_url(text: str) -> bool:
    """False when _URL_IN_TEXT_RE cannot match: it needs "http" or "www." (ASCII letters in any case)."""
    low = text.lower()
    return "http" in low or "www." in low


# A URL with a scheme, or a bare host name ("www.ilo.org", "ilo.org/x"); anything else is not kept as URL.
_URL_SHAPE_RE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:[/?#]\S*)?)$", re.I
)
_URL_IN_RAW_RE = re.compile(r"(?:https?|ftp)\s?:\s?//\s?\S+|\bwww\.\S+", re.IGNORECASE)
_DOI_IN_TEXT_RE = re.compile(
    r"(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?\b10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE
)
_VOLUME_PREFIX_RE = re.compile(
    r"^(?:vol(?:ume)?s?\.?|v\.|bd\.?|band|t\.|tome|tom|т\.|том|jg\.|jahrg(?:ang)?\.?|anno|année)\s*",
    re.IGNORECASE,
)
_ISSUE_PREFIX_RE = re.compile(
    r"^(?:no\.?|nos\.?|nr\.?|n[°º]\.?|num(?:ber|\.)?|issue|iss\.?|heft|h\.|№|вып(?:уск)?\.?|n\.)\s*",
    re.IGNORECASE,
)
_EDITION_IN_PARENS_RE = re.compile(r"^(?:\d+\w*|[a-z]+)\s+(?:ed|edn|edition|éd|aufl|изд)\b\.?", re.IGNORECASE)
_GENRE_IN_PARENS_RE = re.compile(
    r"\b(?:thesis|dissertation|doctoral|master|report|working paper|brief|white paper|fact sheet|preprint)\b",
    re.IGNORECASE,
)
# "(ST/ESA/SER.A/366)", "(IDE Discussion Papers, Vol. 394)", "(Working Paper No. 12)", "(NBER w1234)".
_REPORT_NUMBER_RE = re.compile(
    r"^[A-Z][A-Za-z.]*(?:/[A-Za-z0-9.]+){2,}$|(?i:\b(?:papers?|reports?|series|brief|notes?|studies|no\.|vol\.|"
    r"nr\.|working|discussion|occasional|publication)\b.*\d)|^[A-Z]{2,}[- ]?[A-Za-z]?\d+[-\d]*$"
)
_TRAILING_PAREN_RE = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")


# APA's bracketed descriptions of a work's form: "[Press release]", "[Data set]", "[Doctoral dissertation]".
_DESCRIPTOR_RE = re.compile(
    r"\b(?:press release|data ?set|dissertation|thesis|video|audio|podcast|blog|tweet|abstract|editorial|"
    r"letter|lecture notes|brochure|fact sheet|review of|film|map|software|infographic|slides|photograph|"
    r"report|working paper|preprint|in (?:russian|english|chinese|kazakh|german|french|spanish|ukrainian))\b",
    re.IGNORECASE,
)


_END_BRACKET_RE = re.compile(r"\s*\[([^\[\]]+)\]\s*$")
_PHRASE_RE = re.compile(r"\W*[^\W\d_]\S*\s+\S")


def split_translation(title: str) -> tuple[str, str | None]:
    """Split "Spravka po trudovoy migratsii [Help on labor migration]" into title and translation."""
    match = _END_BRACKET_RE.search(title) if "]" in title else None
    if match and _DESCRIPTOR_RE.search(match.group(1)):
        return title, None
    # A translation is a phrase in capitals ("[Help on labor migration]"), not a remark ("[selections]").
    if not match or match.start() == 0 or not _PHRASE_RE.match(match.group(1)):
        return title, None
    if not match.group(1).lstrip("\"'“‘«")[:1].isupper():
        return title, None
    return title[: match.start()].rstrip(" .,;:"), match.group(1).strip()


def clean_title(text: str) -> str:
    """A title as printed: surrounding separators and wholly wrapping quotes removed, inner quotes and dashes kept."""
    text = strip_punct(fold(strip_markup(text), dashes=False))
    unquoted = strip_dangling_quote(strip_quotes(text))
    if unquoted != text:
        text = strip_punct(unquoted)
    # "?" and "!" end a title; a trailing period is sentence punctuation.
    return text


# Korean, Japanese and Chinese counters: "제26권 2호", "第56巻 第2号", "第42卷 第3期" (volume, issue); not the
# five-digit numbers of laws ("법률 제16344호").
_CJK_VOLUME_RE = re.compile(r"(?:제|第)?\s*(?<!\d)(\d{1,4})\s*[권卷巻]")
_CJK_ISSUE_RE = re.compile(r"(?:제|第)?\s*(?<!\d)(\d{1,4})\s*[호號号期]")
_VOLUME_ISSUE_PAREN_RE = re.compile(r"^(.*?\S)\s*\(([^()]+)\)\s*$")
_VOLUME_ISSUE_WORD_RE = re.compile(
    r"^(.*?)[,.]?\s+((?:no|nos|nr|issue|iss|heft|h|№|n)\b\.?\s*\S.*)$", re.IGNORECASE
)


@lru_cache(maxsize=1024)  # volume spans ("12(3)", "Vol. 5") recur across references
def split_volume_issue(text: str) -> tuple[str, str]:
    """Volume and issue of a volume span: "5(2)" -> ("5", "2"); "Vol. 12, no. 3" -> ("12", "3")."""
    text = strip_punct(fold(strip_markup(text)))
    cjk_volume, cjk_issue = _CJK_VOLUME_RE.search(text), _CJK_ISSUE_RE.search(text)
    if cjk_volume or cjk_issue:
        return (cjk_volume.group(1) if cjk_volume else ""), (cjk_issue.group(1) if cjk_issue else "")
    if _ISSUE_PREFIX_RE.match(text) and "(" not in text:
        return "", _clean_issue(text)
    match = _VOLUME_ISSUE_PAREN_RE.match(text)
    if match and not match.group(1).startswith("("):
        return _clean_volume(match.group(1)), _clean_issue(match.group(2))
    match = _VOLUME_ISSUE_WORD_RE.match(text)
    if match and match.group(1):
        return _clean_volume(match.group(1)), _clean_issue(match.group(2))
    return _clean_volume(text), ""


_VOLUME_MARKER_RE = re.compile(r"(?:^|[\s,])(?:vol(?:ume)?s?\.?|v\.|t\.|т\.|bd\.)\s*(?=\S)", re.IGNORECASE)


def _clean_volume(text: str) -> str:
    text = strip_punct(strip_brackets(strip_punct(strip_markup(text))))
    # Vancouver "2014;112" and "2004, vol. 58": the volume follows the year.
    text = text.rsplit(";", 1)[-1]
    match = _VOLUME_MARKER_RE.search(text)
    if match:
        text = text[match.end() :]
    return strip_punct(_VOLUME_PREFIX_RE.sub("", strip_punct(text)))


def _clean_issue(text: str) -> str:
    text = strip_punct(strip_brackets(strip_punct(strip_markup(text))))
    cjk = _CJK_ISSUE_RE.search(text)
    if cjk:
        return cjk.group(1)
    return fold(strip_punct(_ISSUE_PREFIX_RE.sub("", text)).replace(" - ", "-")).lstrip("-")


_ISSUE_WITH_PAGES_RE = re.compile(r"^\(\s*([^()]+?)\s*\)\s*[:,.]?\s*(\S.*)?$")


def _split_issue_span(text: str) -> tuple[str, str]:
    """An issue span with the pages glued on, "(4):705–747", -> ("4", "705-747")."""
    text = fold(strip_markup(text)).strip()
    match = _ISSUE_WITH_PAGES_RE.match(text)
    if match:
        return _clean_issue(match.group(1)), normalize_pages(match.group(2) or "")
    return _clean_issue(text), ""


def _plain(text: str) -> str:
    return strip_punct(fold(strip_markup(text)))


def _add_names(csl: dict[str, Any], text: str, default_role: str | None) -> str | None:
    """Parse a name statement into csl[author|editor|translator]; returns the role used."""
    body, role = split_role(text)
    role = role or default_role
    names = parse_names(body)
    if names:
        csl.setdefault(_ROLE_KEYS[role], []).extend(names)
    return role


_VOLUME_IN_PARENS_RE = re.compile(r"(?:vols?(?:umes?)?\.?|v\.)\s*\S+", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")


def _move_trailing_parenthetical(csl: dict[str, Any]) -> None:
    """APA puts report numbers, editions and genres in parentheses after the title: move them out."""
    title = csl.get("title", "")
    match = _TRAILING_PAREN_RE.search(title) if ")" in title else None
    if not match or match.start() == 0:
        return
    inner = match.group(1).strip()
    parts = [split_role(part) for part in inner.split(";")]
    if all(role for _, role in parts):
        # "(R. Harris, Ed.; C. Bally, Trans.)": contributors printed after the title.
        for body, role in parts:
            names = parse_names(body)
            if names:
                csl.setdefault(_ROLE_KEYS[role], []).extend(names)
        csl["title"] = strip_punct(title[: match.start()])
        return
    if _EDITION_IN_PARENS_RE.match(inner):
        key = "edition"
    elif _VOLUME_IN_PARENS_RE.fullmatch(inner):
        key, inner = "volume", _clean_volume(inner)
    elif _GENRE_IN_PARENS_RE.search(inner) and not _DIGIT_RE.search(inner):
        key = "genre"
    elif _REPORT_NUMBER_RE.search(inner):
        key = "note"
    else:
        return
    if key in csl:
        return
    csl[key] = strip_punct(inner)
    csl["title"] = strip_punct(title[: match.start()])


_END_DESCRIPTOR_RE = re.compile(r"\s*\[([^\[\]]+)\][\s.,;:]*$")


def _apply_title(csl: dict[str, Any], text: str) -> None:
    descriptor = _END_DESCRIPTOR_RE.search(text) if "]" in text else None
    if descriptor and descriptor.start() > 0 and _DESCRIPTOR_RE.search(descriptor.group(1)):
        _single(csl, "genre", descriptor.group(1).strip())
        text = text[: descriptor.start()]
    # A tagger slip: "Retrieved from http://..." swallowed by the title.
    match = _URL_IN_TEXT_RE.search(text) if _may_hold_url(text) else None
    if match and match.start() > 0:
        csl.setdefault("URL", normalize_url(text[match.start() :]))
        text = text[: match.start()]
    title, translation = split_translation(clean_title(text))
    csl["title"] = clean_title(title) if translation else title
    if translation:
        csl["translated-title"] = translation
    _move_trailing_parenthetical(csl)


# A tagger slip: "In F. B. Chang & S. T. Rucker-Chang (Eds.), Book title" as one container span.
_EDITORS_IN_CONTAINER_RE = re.compile(
    r"^\s*(?:in|dans|en|im)\s*:?\s+(.+?\((?:eds?|hrsg|dir|coord)\.?\))\s*[,:.]?\s+(.+)$", re.I
)
_CONTAINER_LEADIN_RE = re.compile(r"^\s*(?:in|dans|im)\s*:?\s+(?=\S)", re.IGNORECASE)
_CONTAINER_IN_COLON_RE = re.compile(r"^\s*in\s*:\s*", re.IGNORECASE)
# "inAdvanced Accelerator Concepts": the lead-in glued to the title by text extraction.
_GLUED_IN_RE = re.compile(r"^\s*in(?=[A-Z][a-z])")


def _apply_container(csl: dict[str, Any], text: str) -> None:
    text = fold(text)
    match = _EDITORS_IN_CONTAINER_RE.match(text)
    if match:
        _add_names(csl, match.group(1), ROLE_EDITOR)
        text = match.group(2)
    text = _CONTAINER_LEADIN_RE.sub("", text)
    text = _CONTAINER_IN_COLON_RE.sub("", text)
    text = _GLUED_IN_RE.sub("", text)
    value = clean_title(text)
    if value:
        csl["container-title"] = value


def _single(csl: dict[str, Any], key: str, value: str) -> None:
    if value and key not in csl:
        csl[key] = value


_TRAILING_LEADIN_RE = re.compile(
    r"[\s.,;:]*(?:retrieved|available|accessed|downloaded)(?:\s+\w+){0,3}?\s+(?:from|at|on)\s*:?\s*$",
    re.IGNORECASE,
)
# "248 p.", "320 с.", "xii + 310 S.": the extent of a book, not a note.
_PAGE_COUNT_RE = re.compile(r"(?:[ivxlc]+\s*\+\s*)?(\d+)\s*(?:p|pp|pages|s|S|с|стр|Seiten)\.?", re.IGNORECASE)


@dataclass(slots=True)
class _Draft:
    """The CSL item being filled from one reference's segments, in order."""

    csl: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    last_role: str | None = None  # role of the last name statement ("(Eds.)" may follow it)


def _on_names(draft: _Draft, text: str, label: str) -> None:
    default = {"author": None, "editor": ROLE_EDITOR, "translator": ROLE_TRANSLATOR}[label]
    body, role = split_role(text)
    if not body and role and draft.last_role is None and "author" in draft.csl:
        # A lone "(Eds.)" after the names: the authors were editors.
        draft.csl.setdefault(_ROLE_KEYS[role], []).extend(draft.csl.pop("author"))
        return
    draft.last_role = _add_names(draft.csl, text, default)


def _on_date(draft: _Draft, text: str, label: str) -> None:
    if "issued" in draft.csl:
        return
    date = parse_date(text)
    if date.year is not None:
        draft.csl["issued"] = {"date-parts": [date.date_parts()]}
        if date.suffix:
            draft.csl["year-suffix"] = date.suffix


_BRACKETED_ONLY_RE = re.compile(r"\s*\[[^\]]+\][\s.,;:]*")


def _on_title(draft: _Draft, text: str, label: str) -> None:
    if "title" not in draft.csl:
        _apply_title(draft.csl, text)
    elif "translated-title" not in draft.csl and _BRACKETED_ONLY_RE.fullmatch(text):
        draft.csl["translated-title"] = strip_brackets(_plain(text))


def _on_container(draft: _Draft, text: str, label: str) -> None:
    if "container-title" not in draft.csl:
        _apply_container(draft.csl, text)


def _on_volume(draft: _Draft, text: str, label: str) -> None:
    if "volume" not in draft.csl:
        volume, issue = split_volume_issue(text)
        _single(draft.csl, "volume", volume)
        _single(draft.csl, "issue", issue)


def _on_issue(draft: _Draft, text: str, label: str) -> None:
    issue, pages = _split_issue_span(text)
    _single(draft.csl, "issue", issue)
    _single(draft.csl, "page", pages)


# A tagger slip or a GOST "М.: Наука": place and publisher in one span.
_PLACE_PUBLISHER_RE = re.compile(r"([^\d:]{1,40}?)\s*:\s*(\S.*)")


def _on_imprint(draft: _Draft, text: str, label: str) -> None:
    csl = draft.csl
    match = _URL_IN_TEXT_RE.search(text) if _may_hold_url(text) else None
    if match:
        _single(csl, "URL", normalize_url(text[match.start() :]))
        text = text[: match.start()]
    value = _plain(strip_brackets(_plain(_TRAILING_LEADIN_RE.sub("", text))))
    match = _PLACE_PUBLISHER_RE.fullmatch(value)
    if match and len(match.group(1).split()) <= 4 and "publisher-place" not in csl and "publisher" not in csl:
        csl["publisher-place"], csl["publisher"] = match.group(1), match.group(2)
    else:
        _single(csl, "publisher-place" if label == "location" else "publisher", value)


def _on_doi(draft: _Draft, text: str, label: str) -> None:
    _single(draft.csl, "DOI", normalize_doi(text) or "")


_DOI_ORG_RE = re.compile(r"doi\.org/", re.IGNORECASE)


def _on_url(draft: _Draft, text: str, label: str) -> None:
    url = normalize_url(text)
    if _DOI_ORG_RE.search(url):
        _single(draft.csl, "DOI", normalize_doi(url) or "")
    if _URL_SHAPE_RE.match(url):
        _single(draft.csl, "URL", url)


def _on_note(draft: _Draft, text: str, label: str) -> None:
    match = _URL_IN_TEXT_RE.search(text) if _may_hold_url(text) else None
    if match:
        _single(draft.csl, "URL", normalize_url(text[match.start() :]))
        text = text[: match.start()]
    note = _plain(strip_brackets(_plain(text)))
    count = _PAGE_COUNT_RE.fullmatch(note)
    if count:
        _single(draft.csl, "number-of-pages", count.group(1))
    elif label == "note" and note and not _LEADIN_RE.match(note):
        draft.notes.append(note)


def _simple(key: str, clean: Callable[[str], str]) -> Callable[[_Draft, str, str], None]:
    def handler(draft: _Draft, text: str, label: str) -> None:
        _single(draft.csl, key, clean(text))

    return handler


def _bracketed(text: str) -> str:
    return _plain(strip_brackets(_plain(text)))


# What each label contributes to the item; the first occurrence of a single-valued field wins.
_HANDLERS: dict[str, Callable[[_Draft, str, str], None]] = {
    "author": _on_names,
    "editor": _on_names,
    "translator": _on_names,
    "date": _on_date,
    "title": _on_title,
    "container-title": _on_container,
    "collection-title": _simple("collection-title", clean_title),
    "volume": _on_volume,
    "issue": _on_issue,
    "pages": _simple("page", normalize_pages),
    "publisher": _on_imprint,
    "location": _on_imprint,
    "edition": _simple("edition", _bracketed),
    "genre": _simple("genre", _bracketed),
    "doi": _on_doi,
    "url": _on_url,
    "isbn": _simple("ISBN", normalize_isbn),
    "citation-number": _simple("citation-number", _bracketed),
    "note": _on_note,
    "other": _on_note,
}


# --- Repairs of the tagger's segmentation that the printed structure makes unambiguous -------------------

# APA / Harvard: "Creator. (2013a). Title. Rest" - the creator ends where the bracketed date starts.
_APA_DATE_RE = re.compile(
    r"\((?P<year>(?:1[5-9]|20)\d\d[a-z]?(?:\s*\[[^\[\]()]{1,20}\])?(?:\s*[,/\u2013-]\s*[^()]{1,30})?|n\.\s?d\.|"
    r"in\s+press|forthcoming)\)"
    r"(?:\s*[.:,]\s*|\s+)(?=[^\d\s,;])",
    re.IGNORECASE,
)
# The period or comma before the year is matched, not looked behind at, so that a search can skip to it.
_BARE_YEAR_RE = re.compile(r"[.,](?P<date>\s+(?:1[5-9]|20)\d\d[a-z]?\.\s+)(?=[^\d\s,;])")
_CITATION_NUMBER_RE = re.compile(r"^\s*(?:\[\s*\d{1,4}\s*\]|\d{1,4}[.)])\s+")
# A sentence inside a creator statement ("Smith, John. Title of the book. (2001)") means it is not APA.
_SENTENCE_IN_CREATOR_RE = re.compile(r"[a-zà-ÿа-яё]{3,}[.?!]\s|[\"“”«»]|\d")
# The end of an APA title: ". " / "? " / "! " (closing quote allowed) before a capital, "In", a link or the end.
# The leading lookahead on the first characters lets the engine skip most positions with one class test.
_TITLE_END_RE = re.compile(
    r"(?=[.,?!\"”’»*_])"
    r"(?:(?:[.?!][\"”’»*_]?|[\"”’»*_][.,])(?=\s+(?:[A-ZÀ-ÞА-ЯЁ\d\[(«\"“‘]|In\b|doi\b|https?:|www\.)|\s*$)"
    r"|[.,?!][\"”’»](?=\s))"
)
_NOT_SENTENCE_END_RE = re.compile(
    r"(?:^|[\s(])(?:[A-ZА-Я]|[A-Z]\.[A-Z]|vs|St|Dr|Mr|Mrs|Ms|No|Nos|Vol|Vols|pp|ed|eds|Ed|Eds|"
    r"e\.g|i\.e|etc|cf|al|U\.S|U\.K|Inc|Ltd|Co|Corp|Dept|Univ|Proc|Int|Natl|J|ser|Ser|var|subsp|sp|spp)$"
)
_PUNCT_ONLY_RE = re.compile(r"^[\s.,;:()\[\]]*$")
_IN_RE = re.compile(r"(?:In|Dans|Im)\s*:?\s+\S")


def _seg(raw: str, label: str, start: int, end: int) -> Segment | None:
    """A segment over ``raw[start:end]`` trimmed of surrounding spaces; None when nothing is left."""
    piece = raw[start:end]
    text = piece.strip()
    if not text or (text[0] in ".,;:()[]" and _PUNCT_ONLY_RE.match(text)):
        return None
    start += len(piece) - len(piece.lstrip())
    return Segment(label, text, start, start + len(text))


def _title_end(raw: str, start: int) -> int | None:
    """Index just past the APA title that starts at ``start``, or None when no sentence end is printed."""
    depth = 0
    for match in _TITLE_END_RE.finditer(raw, start):
        # Parentheses and brackets in a title ("(3rd ed.)", "[Translation]") are skipped as a whole.
        depth = raw.count("(", start, match.start()) - raw.count(")", start, match.start())
        depth += raw.count("[", start, match.start()) - raw.count("]", start, match.start())
        if depth > 0:
            continue
        if raw[match.start()] == "." and _NOT_SENTENCE_END_RE.search(raw[start : match.start()]):
            continue
        if match.start() - start < 3:
            continue
        return match.end()
    return None


_VOLUMES_RE = re.compile(r"(?:vols?\.?|volumes?)\s*\S+", re.IGNORECASE)
_PAGES_RE = re.compile(r"(?:pp?\.|pages?)\s*\d", re.IGNORECASE)


def _parenthetical_label(text: str) -> str:
    inner = strip_brackets(strip_punct(text))
    if split_role(inner)[1]:
        return "editor"
    if _EDITION_IN_PARENS_RE.match(inner):
        return "edition"
    if _VOLUMES_RE.fullmatch(inner):
        return "volume"
    if _PAGES_RE.match(inner):
        return "pages"
    return "note"


# Lower-case words allowed inside a creator statement: name particles, connectives and role words.
_CREATOR_LOWER_OK = NAME_PARTICLES | frozenset(
    ["and", "und", "et", "y", "e", "i", "и", "&", "eds", "eds.", "ed", "ed.", "al."]
)
_HARD_LABELS = frozenset({"volume", "issue", "pages", "date", "doi", "url", "isbn"})


_CREATOR_WORD_RE = re.compile(r"[^\W\d_][\w’'.-]*")


def _is_creator(raw: str, segments: list[Segment], start: int, end: int) -> bool:
    """True when ``raw[start:end]`` reads as an author/editor statement (names or an organisation)."""
    text = raw[start:end].strip()
    if not text or len(text) > 400 or ":" in text or _SENTENCE_IN_CREATOR_RE.search(text):
        return False
    tagged = sum(
        min(seg.end, end) - max(seg.start, start)
        for seg in segments
        if seg.label in ("author", "editor") and seg.end > start and seg.start < end
    )
    as_container = sum(
        min(seg.end, end) - max(seg.start, start)
        for seg in segments
        if seg.label == "container-title" and seg.end > start and seg.start < end
    )
    if tagged >= 0.8 * len(text) or is_organisation(text, strict=True):
        return True
    if as_container >= 0.5 * len(text):
        return False  # journal-first styles: "Leukemia (2009) 23, 1587"
    words = _CREATOR_WORD_RE.findall(text)
    return all(w[0].isupper() or w.lower() in _CREATOR_LOWER_OK for w in words)


def _creator_date(raw: str, segments: list[Segment], c_start: int) -> tuple[int, int] | None:
    """Span of the date that ends the creator statement starting at ``c_start``, if one is printed."""
    date = _APA_DATE_RE.search(raw, c_start)
    if date is not None and _is_creator(raw, segments, c_start, date.start()):
        return date.span()
    # Chicago author-date and Harvard without brackets: "Marat, Erica. 2009. Title." The search starts one
    # character early for the period the pattern consumes (c_start is 0 or follows a space).
    date = _BARE_YEAR_RE.search(raw, max(c_start - 1, 0))
    if date is not None and _is_creator(raw, segments, c_start, date.start("date")):
        return date.span("date")
    return None


_TITLE_PUNCT_END_RE = re.compile(r"(?:[.,?!]|[\"”’»][.,]?)$")


def _apa_skeleton(raw: str, segments: list[Segment]) -> tuple[list[Segment], bool]:
    """Relabel creator, date and title of an author-date reference from its printed structure.

    Returns the segments and whether the string has the "Creator (Date). Title." skeleton.
    """
    number = _CITATION_NUMBER_RE.match(raw)
    c_start = number.end() if number else 0
    date = _creator_date(raw, segments, c_start)
    if date is None:
        return segments, False
    d_start, t_start = date
    out: list[Segment] = [seg for seg in segments if seg.end <= c_start]
    for piece in (_seg(raw, "author", c_start, d_start), _seg(raw, "date", d_start, t_start)):
        if piece:
            out.append(piece)
    tagged_title = next(
        (seg for seg in segments if seg.label == "title" and t_start <= seg.start <= t_start + 2), None
    )
    t_end = _title_end(raw, t_start)
    # The tagger ends the title earlier at a punctuation mark ("Title, Journal 5(2)"): keep its end.
    if tagged_title is not None and (
        t_end is None
        or (tagged_title.end < t_end and _TITLE_PUNCT_END_RE.search(tagged_title.text.rstrip()) is not None)
    ):
        t_end = tagged_title.end
    if t_end is not None and any(
        seg.label in _HARD_LABELS and seg.start >= t_start and seg.end <= t_end for seg in segments
    ):
        t_end = tagged_title.end if tagged_title is not None else None
    if t_end is None:
        out.extend(seg for seg in segments if seg.start >= t_start)
        return out, True
    # The tagger's own title may run on past a false sentence end ("Chapter 29. Mobility in..."): trust a
    # long run-on, and hand a short one ("Kazahstan Spektr.") to the container that follows it.
    rest = [seg for seg in segments if seg.end > t_end]
    cut = next((seg for seg in rest if seg.start < t_end), None)
    run_on = raw[t_end : cut.end].strip() if cut is not None else ""
    after_cut = next((seg for seg in rest if cut is not None and seg.start >= cut.end), None)
    if cut is not None and cut.label == "title" and run_on.endswith(":") and len(run_on.split()) <= 3:
        # "Title. Leyden: Noordhoff": a short run-on ending in a colon is the place of publication.
        rest = [Segment("location", cut.text, cut.start, cut.end) if seg is cut else seg for seg in rest]
        cut = None
    if (
        cut is not None
        and cut.label == "title"
        and after_cut is not None
        and after_cut.label in ("url", "doi")
        and len(run_on.split()) <= 4
        and run_on.endswith(".")
        and not any(seg.label in ("container-title", "publisher") for seg in rest)
    ):
        # "Title. The Diplomat. https://...": a short last sentence before the link names the site.
        rest = [
            Segment("container-title", cut.text, cut.start, cut.end) if seg is cut else seg for seg in rest
        ]
        cut = None
    if (
        cut is not None
        and cut.label == "title"
        and not _IN_RE.match(run_on)
        and (len(run_on.split()) >= 4 or after_cut is None or after_cut.label != "container-title")
        # "Title. Journal Name, 4, 3-13": a run-on right before the volume is the journal.
        and not (
            after_cut is not None
            and after_cut.label in ("volume", "issue", "pages")
            and not any(seg.label == "container-title" for seg in rest)
        )
    ):
        t_end = cut.end
        rest = [seg for seg in rest if seg is not cut]
    title = _seg(raw, "title", t_start, t_end)
    if title:
        out.append(title)
    pos = t_end
    while pos < len(raw) and raw[pos].isspace():
        pos += 1
    if pos < len(raw) and raw[pos] == "(":
        close = _closing_paren(raw, pos)
        if close is not None:
            piece = _seg(raw, _parenthetical_label(raw[pos : close + 1]), pos, close + 1)
            if piece:
                out.append(piece)
            end = close + 1
            while end < len(raw) and raw[end] in ".,;: ":
                end += 1
            t_end = end
    for seg in rest:
        piece = _seg(raw, seg.label, max(seg.start, t_end), seg.end)
        if piece:
            out.append(piece)
    return out, True


def _closing_paren(raw: str, pos: int) -> int | None:
    depth = 0
    for i in range(pos, min(len(raw), pos + 300)):
        depth += (raw[i] == "(") - (raw[i] == ")")
        if depth == 0:
            return i
    return None


def _merge(raw: str, first: Segment, second: Segment, label: str) -> Segment:
    return Segment(label, raw[first.start : second.end], first.start, second.end)


def _title_closer_re(opener: str) -> re.Pattern[str]:
    closer = re.escape({"“": "”", "«": "»", "‘": "’"}.get(opener, opener))
    return re.compile(rf"{closer}[.,]?\s*[,.]\s+(?=\S)|[.,]{closer}\s+(?=\S)")


# The quote (by the one that opens the title) that closes a quoted title, followed by more text.
_TITLE_CLOSER_RE = {opener: _title_closer_re(opener) for opener in "\"“«‘'"}


def _split_quoted_title(raw: str, seg: Segment) -> tuple[Segment, Segment] | None:
    """Split '“Title,” Journal' (one title span) at the quote that closes the title."""
    text = seg.text
    lead = len(text) - len(text.lstrip())
    if not text[lead : lead + 1] or text[lead] not in "\"“«‘'":
        return None
    match = _TITLE_CLOSER_RE[text[lead]].search(text, lead + 1)
    if match is None:
        return None
    cut = seg.start + match.end()
    first = _seg(raw, "title", seg.start, cut)
    second = _seg(raw, "container-title", cut, seg.end)
    if first is None or second is None:
        return None
    return first, second


_PUNCT_END_RE = re.compile(r"[.,;:]$")
_CLOSED_END_RE = re.compile(r"[.,;:)\]\"”’»]$")


def _relabel_runs(raw: str, segments: list[Segment], *, author_date: bool) -> list[Segment]:
    """Local repairs between neighbouring segments (see the comments for each pattern)."""
    out: list[Segment] = []
    seen_title = False
    has_container = any(seg.label == "container-title" for seg in segments)
    for seg in segments:
        prev = out[-1] if out else None
        gap = raw[prev.end : seg.start] if prev else ""
        touching = prev is not None and not gap.strip()  # only spaces, if anything, since the last one
        text = seg.text.strip()
        # A URL broken by a space in the source ("http://web.mit.edu/alo/ www/Papers/x.pdf").
        if (
            touching
            and prev.label == "url"
            and len(gap) <= 1
            and " " not in text
            and ("/" in text[:-1] or "." in text[:-1])
            and not text.startswith(("(", "["))
        ):
            out[-1] = _merge(raw, prev, seg, "url")
            continue
        if touching:
            # "Springer Singapore": APA prints no place, so a place glued to the publisher is its imprint.
            if (
                author_date
                and prev.label == "publisher"
                and seg.label == "location"
                and not _PUNCT_END_RE.search(prev.text)
            ):
                out[-1] = _merge(raw, prev, seg, "publisher")
                continue
            # "Ministry" + "of labor and ...": a lower-case word continues an unpunctuated span.
            if (
                seg.label in ("title", "container-title", "publisher", "note", "other", "location")
                and prev.label in ("publisher", "container-title", "location", "title")
                and seg.label != prev.label
                and text[:1].islower()
                and not _CLOSED_END_RE.search(prev.text)
            ):
                out[-1] = _merge(raw, prev, seg, prev.label)
                continue
            # A short run-on of the title ("Kazahstan Spektr.") right before the container starts it.
            if (
                seen_title
                and prev.label == "title"
                and seg.label == "container-title"
                and len(prev.text.split()) <= 3
                and len(out) >= 2
                and out[-2].label == "title"
            ):
                out[-1] = _merge(raw, prev, seg, "container-title")
                continue
        if seg.label in ("title", "note", "other") and seen_title and _IN_RE.match(text):
            seg = Segment("container-title", seg.text, seg.start, seg.end)
        # "« Title », Journal, 89 (1)": a quoted title that runs on into the journal before the volume.
        if (
            prev is not None
            and prev.label == "title"
            and seg.label in ("volume", "issue", "pages")
            and not has_container
        ):
            split = _split_quoted_title(raw, prev)
            if split is not None:
                out[-1:] = list(split)
                prev, has_container = split[1], True
        # The journal of an article, tagged as a second title or a genre, sits right before the volume.
        if (
            prev is not None
            and seen_title
            and prev.label in ("title", "genre", "note", "other")
            and seg.label in ("volume", "issue", "pages")
            and not has_container
            and (prev.label != "title" or sum(s.label == "title" for s in out) >= 2)
        ):
            out[-1] = Segment("container-title", prev.text, prev.start, prev.end)
            has_container = True
        seen_title = seen_title or seg.label == "title"
        out.append(seg)
    return out


# After a journal title: "54(1), 110–133", "7881(May), 482–486", "10(11), 4234", "5, 3-22".
_VOLUME_TAIL_RE = re.compile(
    r"[\s,]*(?P<volume>\d{1,5})\s*(?:\((?P<issue>[^()]{1,25})\))?\s*[,:]\s*"
    r"(?P<pages>(?:pp?\.\s*)?[A-Za-z]?\d+(?:\s*[-\u2010-\u2015]\s*[A-Za-z]?\d+)?)"
    # APA ends there, or goes on with the DOI or URL only.
    r"(?=[.,;]?\s*(?:$|doi\b|https?:|www\.|retrieved\b|available\b|\[))",
    re.IGNORECASE,
)


def _journal_numbers(raw: str, segments: list[Segment], *, author_date: bool) -> list[Segment]:
    """Relabel the printed "volume(issue), pages" run that ends an APA journal reference."""
    if not author_date:
        return segments
    container = next((seg for seg in segments if seg.label == "container-title"), None)
    if container is None:
        return segments
    match = _VOLUME_TAIL_RE.match(raw, container.end)
    if match is None:
        return segments
    years = {str(parse_date(seg.text).year) for seg in segments if seg.label == "date"}
    if match.group("volume") in years:
        return segments  # "Journal 2005, 61, 327": the number is the year
    start, end = match.start("volume"), match.end("pages")
    kept = [seg for seg in segments if seg.end <= start or seg.start >= end]
    new = [
        Segment(label, raw[match.start(group) : match.end(group)], match.start(group), match.end(group))
        for label, group in (("volume", "volume"), ("issue", "issue"), ("pages", "pages"))
        if match.group(group)
    ]
    return sorted(kept + new, key=lambda seg: seg.start)


_LAST_SENTENCE_RE = re.compile(r"[^\s.]{3}[.?!]\s+(?=[^\W\d_])(?!.*[^\s.]{3}[.?!]\s+[^\W\d_])", re.DOTALL)
_NUMBER_LABELS = frozenset({"volume", "issue", "pages"})


def _fix_titles(raw: str, segments: list[Segment]) -> list[Segment]:
    """Title/container repairs that look at the whole labelling of a reference."""
    out = list(segments)
    titles = [i for i, seg in enumerate(out) if seg.label == "title"]
    has_container = any(seg.label == "container-title" for seg in out)
    if titles:
        i = titles[0]
        nxt = out[i + 1] if i + 1 < len(out) else None
        after = out[i + 2] if i + 2 < len(out) else None
        split = _split_quoted_title(raw, out[i])
        if split is not None:
            # '“Revolutionary Trajectories,” in Dynamics of Contention': the quote closes the title.
            first, rest = split
            out[i : i + 1] = [
                first,
                rest if not has_container else Segment("other", rest.text, rest.start, rest.end),
            ]
        elif (
            not has_container
            and nxt is not None
            and (
                nxt.label in _NUMBER_LABELS
                or (nxt.label == "date" and after is not None and after.label in _NUMBER_LABELS)
            )
        ):
            # "Title. Journal. 2001. 5." (Vancouver and CJK styles): the last sentence is the journal.
            match = _LAST_SENTENCE_RE.search(out[i].text)
            if match is not None:
                cut = out[i].start + match.end()
                first, rest = (
                    _seg(raw, "title", out[i].start, cut),
                    _seg(raw, "container-title", cut, out[i].end),
                )
                if first is not None and rest is not None:
                    out[i : i + 1] = [first, rest]
    elif has_container:
        # No title, and a "container" right after the creators: that is the title of a book or article.
        i = next(i for i, seg in enumerate(out) if seg.label == "container-title")
        # Journal-only physics references ("Phys. Rev. Lett. 13, 508") keep their container.
        if (
            i > 0
            and out[i - 1].label in ("author", "editor", "date")
            and not _IN_RE.match(out[i].text.strip())
            and not any(seg.label in _NUMBER_LABELS for seg in out[i + 1 :])
        ):
            out[i] = Segment("title", out[i].text, out[i].start, out[i].end)
    return out


_ISSUE_LIKE_RE = re.compile(
    r"^\s*(?:№|no\.?|nr\.?|n°|вып\.?|issue)\s*\d[\w()/\s-]{0,12}[.,;]?\s*$", re.IGNORECASE
)
_CITATION_NUMBER_SEG_RE = re.compile(r"\s*(?:\[\s*\d{1,4}\s*\]|\(\s*\d{1,4}\s*\)|\d{1,4}\s*[.):-]?)")
_GOST_AREA_RE = re.compile(r"\s//\s|\s[\u2014\u2013]\s")


def _has_gost_area(text: str) -> bool:
    # The regex runs only where one of its separators is printed.
    return ("//" in text or "\u2014" in text or "\u2013" in text) and _GOST_AREA_RE.search(text) is not None


def _fix_pieces(raw: str, segments: list[Segment]) -> list[Segment]:
    """Small label repairs on single segments: numbers, GOST separators, citation numbers."""
    out: list[Segment] = []
    for i, seg in enumerate(segments):
        if seg.label in ("genre", "note", "other") and _ISSUE_LIKE_RE.match(seg.text):
            out.append(Segment("issue", seg.text, seg.start, seg.end))
            continue
        if seg.label == "citation-number":
            # "[3] J." tagged as the number: the initial belongs to the first author.
            match = _CITATION_NUMBER_SEG_RE.match(seg.text)
            if match and match.end() < len(seg.text.rstrip()):
                cut = seg.start + match.end()
                head, tail = _seg(raw, "citation-number", seg.start, cut), _seg(raw, "author", cut, seg.end)
                out.extend(piece for piece in (head, tail) if piece is not None)
                continue
        if seg.label == "title" and _has_gost_area(seg.text):
            # GOST: "Title // Journal" and "Title. — Place: Publisher" separate areas with // and a dash.
            match = _GOST_AREA_RE.search(seg.text)
            cut = seg.start + match.start()
            after = seg.start + match.end()
            tail_text = raw[after : seg.end]
            head = _seg(raw, "title", seg.start, cut)
            nxt = segments[i + 1] if i + 1 < len(segments) else None
            if "//" in match.group(0):
                tail = _seg(raw, "container-title", after, seg.end)
            elif (
                len(tail_text.split()) <= 3
                and nxt is not None
                and nxt.label in ("publisher", "location", "date")
            ):
                tail = _seg(raw, "location", after, seg.end)
            else:
                tail = None
            if head is not None and tail is not None:
                out.extend((head, tail))
                continue
        out.append(seg)
    # "Вестник КазНУ" + "Серия экономическая": a journal split in two by the tagger.
    merged: list[Segment] = []
    for seg in out:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.label == seg.label
            and seg.label in ("container-title", "author", "editor")
            and not raw[prev.end : seg.start].strip(" .")
        ):
            merged[-1] = _merge(raw, prev, seg, seg.label)
            continue
        merged.append(seg)
    return merged


_OPEN_BRACKET_RE = re.compile(r"\s*\[")


def _bracket_after_title(raw: str, segments: list[Segment]) -> list[Segment]:
    """Extend the title over a bracketed translation the tagger split off ("Title [Translated title].")."""
    title = next((seg for seg in segments if seg.label == "title"), None)
    if title is None:
        return segments
    inside = title.text.rfind("[")
    if inside >= 0 and "]" not in title.text[inside:]:
        open_at = title.start + inside
    else:
        match = _OPEN_BRACKET_RE.match(raw, title.end)
        if match is None:
            return segments
        open_at = match.end() - 1
    close_at = raw.find("]", open_at, open_at + 400)
    if close_at < 0 or "[" in raw[open_at + 1 : close_at]:
        return segments
    _, translation = split_translation(raw[title.start : close_at + 1])
    if translation is None:
        return segments
    end = close_at + 1
    out = []
    for seg in segments:
        if seg is title:
            out.append(Segment("title", raw[title.start : end], title.start, end))
        elif seg.end <= title.start or seg.start >= end:
            out.append(seg)
        elif seg.end > end:
            piece = _seg(raw, seg.label, end, seg.end)
            if piece is not None:
                out.append(piece)
    return out


# Closing mark -> its opening one; the straight quote closes itself.
_OPENER_OF = {'"': '"', "”": "“", "»": "«", ")": "(", "]": "["}


def _leaves_open(text: str, closer: str) -> bool:
    """Whether ``text`` leaves a mark open that ``closer`` would close."""
    opener = _OPENER_OF[closer]
    if opener == closer:
        return text.count(closer) % 2 == 1
    return text.count(opener) > text.count(closer)


def _closing_marks_back(raw: str, segments: list[Segment]) -> list[Segment]:
    """A closing quote or bracket that starts a segment goes back to the one before, which left it open.

    Closing punctuation belongs to the field it closes (the annotation convention the tagger learned):
    '... religious space?" Retrieved from' must not start the URL's lead-in with the title's quote.
    """
    out: list[Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        mark = seg.text[0]
        if (
            prev is None
            or mark not in _OPENER_OF
            or prev.end > seg.start
            or raw[prev.end : seg.start].strip()
            or not _leaves_open(prev.text, mark)
        ):
            out.append(seg)
            continue
        cut = seg.start + 1
        out[-1] = Segment(prev.label, raw[prev.start : cut], prev.start, cut)
        rest = _seg(raw, seg.label, cut, seg.end)
        if rest is not None:
            out.append(rest)
    return out


# GB/T 7714's document code (types.GBT_CODE_RE) ends the title: "Title[J]. Journal, 2018, 42(3): 5-15.";
# what follows it has a fixed order for each kind of document.
_GBT_PAGES = r"(?:\s*[:：]\s*(?P<pages>\d+(?:\s*[-–—]\s*\d+)?))?"
_GBT_JOURNAL_RE = re.compile(
    r"[.．,，]?\s*(?P<container>[^,，.．\[\]]+?)\s*[,，]\s*(?P<date>\d{4})\s*"
    r"(?:[,，]\s*(?P<volume>\d+)?\s*(?P<issue>\(\s*[^()]+?\s*\))?)?" + _GBT_PAGES
)
_GBT_IMPRINT = (
    r"(?:(?P<location>[^:：.．,，\[\]/]+?)\s*[:：]\s*)?(?P<publisher>[^,，.．\[\]:：]+?)\s*[,，]\s*(?P<date>\d{4})"
    + _GBT_PAGES
)
_GBT_IMPRINT_RE = re.compile(r"[.．,，]?\s*" + _GBT_IMPRINT)
_GBT_NEWSPAPER_RE = re.compile(
    r"[.．,，]?\s*(?P<container>[^,，.．\[\]]+?)\s*[,，]\s*(?P<date>\d{4}(?:-\d{1,2}){0,2})(?:\s*\((?P<pages>[^()]+)\))?"
)
# "[EB/OL]. (2019-02-28)[2020-01-10]. URL": the date of the page, then the date it was read.
_GBT_ONLINE_RE = re.compile(r"[.．,，]?\s*(?P<date>\(\d{4}(?:-\d{1,2}){0,2}\))?\s*(?P<accessed>\[[^\]]*\])?")
_GBT_PART_OF_RE = re.compile(
    r"//\s*(?:(?P<editor>[^.．/\[\]]+?)[.．]\s*)?(?P<container>[^.．/\[\]]+?)[.．]\s*" + _GBT_IMPRINT
)
# Regex group names that are not the label itself (a group name cannot hold "-").
_GBT_GROUP_LABELS = {"container": "container-title", "accessed": "note"}
_GBT_CREATORS_END_RE = re.compile(r"[.．]\s?")


def _gbt_skeleton(raw: str, segments: list[Segment]) -> list[Segment]:
    """Title, container and imprint of a GB/T 7714 reference from its document code; else unchanged."""
    code = GBT_CODE_RE.search(raw) if "[" in raw else None
    if code is None:
        return segments
    head = [seg for seg in segments if seg.end <= code.start() and seg.label in ("author", "citation-number")]
    # The title starts after the creators: their last tagged segment, else the first full stop.
    if head and head[-1].label == "author":
        t_start = head[-1].end
    else:
        c_start = head[-1].end if head else 0
        stop = _GBT_CREATORS_END_RE.search(raw, c_start, code.start())
        if stop is None:
            return segments
        t_start = stop.end()
        creators = _seg(raw, "author", c_start, stop.start() + 1)
        head = [*head, creators] if creators is not None else head
    title = _seg(raw, "title", t_start, code.start())
    if title is None:
        return segments
    kind = code.group(1)
    if raw.startswith("//", code.end()):
        match = _GBT_PART_OF_RE.match(raw, code.end())
    elif kind in ("J", "J/OL"):
        match = _GBT_JOURNAL_RE.match(raw, code.end())
    elif kind in ("M", "D", "R", "C", "G", "S", "A", "M/OL"):
        match = _GBT_IMPRINT_RE.match(raw, code.end())
    elif kind == "N":
        match = _GBT_NEWSPAPER_RE.match(raw, code.end())
    else:
        match = _GBT_ONLINE_RE.match(raw, code.end())
    out = [*head, title]
    tail_start = code.end()
    if match is not None:
        for name, value in match.groupdict().items():
            piece = (
                _seg(raw, _GBT_GROUP_LABELS.get(name, name), match.start(name), match.end(name))
                if value
                else None
            )
            if piece is not None:
                out.append(piece)
        tail_start = match.end()
    out.extend(seg for seg in segments if seg.start >= tail_start)
    return sorted(out, key=attrgetter("start"))


# "Назарбаев Н.А. Стратегия": capitalised words after a creator's last initials, up to the end of the author
# span, begin the title (GOST and Vancouver put no comma or year between the two). Only where the creators
# are printed family name first, two initials after ("W. Li", "Raymond A. Mentzer" end with a family name),
# and the span stops inside the title, without the full stop that ends a creator list ("Michael T. Anderson.").
_FAMILY_THEN_INITIALS_RE = re.compile(r"^[^\W\d_][\w'’-]+\s+[^\W\d_]\.\s?[^\W\d_]\.")
_TITLE_AFTER_INITIALS_RE = re.compile(
    r"(?<=[^\W\d_]\.)\s+(?P<words>[«\"“]?[^\W\d_a-zа-яё][^,;:()&.]*?[^\s,;:()&.])\s*$"
)
_NOT_TITLE_WORDS_RE = re.compile(
    r"^(?:et\b|and\b|und\b|и\s|jr\b|sr\b|[ivx]+\b|eds?\b|hrsg\b|ред\b|[^\W\d_]{1,2}$)|\s(?:and|und|и|et)\s",
    re.IGNORECASE,
)
# ". – Астана," after the title: GOST's place area, not a creator.
_GOST_PLACE_RE = re.compile(r"^[.\s]*[\u2013\u2014]\s*[^\W\d_][\w\s.-]{0,40}?[,:]?$")


def _creators_then_title(raw: str, segments: list[Segment]) -> list[Segment]:
    """Give the title the words a creator span took after the last initials, and the place its GOST area."""
    segments = list(segments)  # the title after a cut creator span is replaced ahead of the loop
    out: list[Segment] = []
    seen_title = False
    for i, seg in enumerate(segments):
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if seg.label == "author" and not seen_title and nxt is not None and nxt.label == "title":
            match = _FAMILY_THEN_INITIALS_RE.match(seg.text) and _TITLE_AFTER_INITIALS_RE.search(seg.text)
            if match and not _NOT_TITLE_WORDS_RE.search(match.group("words")):
                cut = seg.start + match.start("words")
                head = _seg(raw, "author", seg.start, cut)
                if head is not None:
                    out.append(head)
                    segments[i + 1] = Segment("title", raw[cut : nxt.end], cut, nxt.end)
                    continue
        elif seg.label == "author" and seen_title and _GOST_PLACE_RE.match(seg.text):
            place = _seg(raw, "location", seg.start + len(seg.text) - len(seg.text.lstrip(" .–—-")), seg.end)
            if place is not None:
                out.append(place)
                continue
        seen_title = seen_title or seg.label == "title"
        out.append(seg)
    return out


def _place_and_publisher(raw: str, segments: list[Segment]) -> list[Segment]:
    """Give a publisher back the first word the place before it took ("Oxford, Oxford" + "University Press").

    A place and its publisher are always separated by punctuation: a place span that ends in a word, right
    before the publisher span, ends at its last comma.
    """
    segments = list(segments)  # the publisher after a cut place span is replaced ahead of the loop
    out: list[Segment] = []
    for i, seg in enumerate(segments):
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if (
            seg.label == "location"
            and "," in seg.text
            and seg.text[-1].isalnum()
            and nxt is not None
            and nxt.label == "publisher"
            and not raw[seg.end : nxt.start].strip()
        ):
            head = seg.text.rpartition(",")[0]
            place = _seg(raw, "location", seg.start, seg.start + len(head))
            publisher = _seg(raw, "publisher", seg.start + len(head) + 1, nxt.end)
            if place is not None and publisher is not None:
                out.append(place)
                segments[i + 1] = publisher
                continue
        out.append(seg)
    return out


def repair_segments(raw: str, segments: Sequence[Segment]) -> list[Segment]:
    """Repair common tagger slips using the printed structure; a no-op on segments that already fit it."""
    segments = sorted([s for s in segments if s.text.strip()], key=attrgetter("start"))
    segments = _closing_marks_back(raw, segments)
    segments = _gbt_skeleton(raw, segments)
    segments = _creators_then_title(raw, segments)
    segments = _fix_pieces(raw, segments)
    segments, author_date = _apa_skeleton(raw, segments)
    segments = _relabel_runs(raw, segments, author_date=author_date)
    segments = _fix_titles(raw, segments)
    segments = _bracket_after_title(raw, segments)
    segments = _journal_numbers(raw, segments, author_date=author_date)
    return _place_and_publisher(raw, segments)


_PREPRINT_SERVER_RE = re.compile(
    r"^(?:arxiv|socarxiv|biorxiv|medrxiv|psyarxiv|edarxiv|ssrn|osf\s+preprints|research\s+square|preprints\.org|"
    r"zenodo|hal)\b",
    re.IGNORECASE,
)


# Bodies that publish reports and books, and words that mark a journal or a conference instead.
_INSTITUTION_RE = re.compile(
    r"\b(?:institute|institut|ministry|committee|university|agency|department|centre|center|organi[sz]ation|"
    r"office|bureau|academy|council|commission)\b",
    re.IGNORECASE,
)
_SERIAL_RE = re.compile(
    r"\b(?:journal|review|quarterly|letters|bulletin|proceedings|conference|workshop|symposium|meeting|"
    r"congress|annals|transactions|studies|magazine|times|news)\b",
    re.IGNORECASE,
)
_IN_CONTAINER_RE = re.compile(r"\s*(?:in|dans|im)\s*:?\s", re.IGNORECASE)


def _container_text(raw: str, segments: list[Segment]) -> str:
    """The printed text of the first container span (with its "In" lead-in, if any)."""
    seg = next((s for s in segments if s.label == "container-title"), None)
    return seg.text if seg is not None else ""


# "European Scientific Journal, 7881(May)": volume and issue left inside the container span.
_NUMBERS_IN_CONTAINER_RE = re.compile(r"(.+?),\s*(?:vol\.\s*)?(\d+)\s*\(([^()]+)\)", re.IGNORECASE)
_SERIES_RE = re.compile(r"\b(?:papers?|reports?|briefs?|series|working|discussion)\b", re.IGNORECASE)
_NOTE_LEADIN_RE = re.compile(r"^\s*(?:in|dans|im)\s*:?\s+", re.IGNORECASE)


def _repair_fields(csl: dict[str, Any], raw: str, segments: list[Segment]) -> None:
    """Field-level repairs once all segments are applied."""
    container = csl.get("container-title", "")
    match = _NUMBERS_IN_CONTAINER_RE.fullmatch(container) if container.endswith(")") else None
    if match and "volume" not in csl:
        csl["container-title"], csl["volume"], csl["issue"] = (
            match.group(1),
            match.group(2),
            _clean_issue(match.group(3)),
        )
        container = match.group(1)
    # "Silk Road Paper", "Valdai Papers, 55": a report series printed where a journal would be.
    if (
        container
        and not csl.get("issue")
        and not csl.get("page")
        and "note" not in csl
        and _SERIES_RE.search(container)
        and not _IN_CONTAINER_RE.match(_container_text(raw, segments))
    ):
        csl["note"] = f"{container}, {csl.pop('volume')}" if csl.get("volume") else container
        del csl["container-title"]
        container = ""
    # APA "(Eds.)). The Institute of Economy.": an organisation after the title is the publisher.
    if (
        container
        and "publisher" not in csl
        and not (csl.get("volume") or csl.get("issue") or csl.get("page"))
        and not _IN_CONTAINER_RE.match(_container_text(raw, segments))
        and _INSTITUTION_RE.search(container)
        and not _SERIAL_RE.search(container)
    ):
        csl["publisher"] = csl.pop("container-title")
        container = ""
    # A repository is the publisher of a preprint, not a journal.
    if (
        container
        and _PREPRINT_SERVER_RE.match(container)
        and not csl.get("volume")
        and "publisher" not in csl
    ):
        csl["publisher"] = csl.pop("container-title")
        container = ""
    # "Russie.Nei.Visions, 36, Paris: IFRI": a numbered series with a publisher and no pages is kept as
    # printed in ``note`` (the reference is a report or book in that series, not an article).
    if (
        container
        and csl.get("volume")
        and not csl.get("page")
        and not csl.get("issue")
        and (csl.get("publisher") or csl.get("publisher-place"))
        and "note" not in csl
    ):
        spans = [s for s in segments if s.label in ("container-title", "volume")]
        if spans:
            printed = raw[spans[0].start : spans[-1].end]
            csl["note"] = _plain(_NOTE_LEADIN_RE.sub("", printed))
            del csl["container-title"], csl["volume"]
    _title_cut_mid_phrase(csl)


# A title that ends on a function word after a sentence break ("... Initiative. Cross-currents: East Asian
# History and") was cut in the middle of the container's name, which follows it.
_TITLE_INTO_CONTAINER_RE = re.compile(
    r"(?P<title>.*\S[.?!])\s+(?P<rest>[A-ZА-ЯЁ][^.?!]*\s(?:and|of|for|in|on|the|&|und|et|и|в))",
)
# The words the pattern above must end on: a cheap pre-check.
_MID_PHRASE_ENDINGS = ("and", "of", "for", "in", "on", "the", "&", "und", "et", "и", "в")


def _title_cut_mid_phrase(csl: dict[str, Any]) -> None:
    title, container = csl.get("title"), csl.get("container-title")
    if not title or not container or not container[:1].isupper() or not title.endswith(_MID_PHRASE_ENDINGS):
        return
    match = _TITLE_INTO_CONTAINER_RE.fullmatch(title)
    if match:
        csl["title"] = match.group("title").rstrip(".")
        csl["container-title"] = f"{match.group('rest')} {container}"


# GOST numbering areas: "Т. 5, № 2. – С. 10–20" (volume, issue, pages).
_GOST_VOLUME_RE = re.compile(r"(?<![\w.])Т\.\s*(\d+)")
_GOST_ISSUE_RE = re.compile(r"№\s*(\d+(?:\s*\(\d+\))?)")
_GOST_PAGES_RE = re.compile(r"(?<![\w.])С\.\s*(\d+(?:\s*[-\u2010-\u2015]\s*\d+)?)")


def _gost_numbers(csl: dict[str, Any], raw: str) -> None:
    """Volume, issue and pages from GOST markers, which are unambiguous where printed."""
    markers = (
        ("volume", _GOST_VOLUME_RE, "Т"),
        ("issue", _GOST_ISSUE_RE, "№"),
        ("page", _GOST_PAGES_RE, "С"),
    )
    for key, regex, marker in markers:
        match = regex.search(raw) if marker in raw else None
        if match:
            csl[key] = normalize_pages(match.group(1)) if key == "page" else fold(match.group(1))


# CJK volume and issue counters (_CJK_VOLUME_RE above) are, like GOST markers, unambiguous wherever the
# tagger put them.
_CJK_COUNTERS = frozenset("권巻卷호号號期")
_CJK_COUNTER_RE = re.compile(r"[\s,.;:]*(?:제|第)?\s*(?<!\d)\d{1,4}\s*[권巻卷호号號期][\s,.;:]*")
# Titles are not searched: "출입국관리법 (법률 제16344호)" in a title is a law's number, not an issue.
_CJK_NUMBER_FIELDS = ("container-title", "volume", "issue", "page", "note")
_CJK_NUMBER_LABELS = frozenset(("container-title", "volume", "issue", "pages", "date", "note", "other"))


def _cjk_numbers(csl: dict[str, Any], raw: str, segments: Sequence[Segment]) -> None:
    """Volume and issue from CJK counters, taken out of the container, pages and note they were left in."""
    if _CJK_COUNTERS.isdisjoint(raw):
        return
    texts = [csl[key] for key in _CJK_NUMBER_FIELDS if isinstance(csl.get(key), str)]
    texts += [seg.text for seg in segments if seg.label in _CJK_NUMBER_LABELS]
    for key, regex in (("volume", _CJK_VOLUME_RE), ("issue", _CJK_ISSUE_RE)):
        if str(csl.get(key, "")).isdigit():
            continue
        match = next((m for m in map(regex.search, texts) if m), None)
        if match:
            csl[key] = match.group(1)
    container = csl.get("container-title")
    match = _CJK_COUNTER_RE.search(container) if isinstance(container, str) else None
    if match and match.start() > 0:
        # The journal's name ends where its numbers start; what follows them is its publisher.
        csl["container-title"] = container[: match.start()].strip(" ,.;:")
        after = _CJK_COUNTER_RE.sub(" ", container[match.start() :]).strip(" ,.;:")
        if after and not csl.get("publisher"):
            csl["publisher"] = after
    for key in ("page", "note"):
        value = csl.get(key)
        if isinstance(value, str) and _CJK_COUNTER_RE.search(value):
            csl[key] = _CJK_COUNTER_RE.sub(" ", value).strip(" ,.;:")


# A year standing alone between separators ("// Journal. – 2010. – Т. 5"), not in a range, URL or DOI.
# Vancouver's "Migr Lett. 2013;10(3):305-320" joins the year to the volume with a semicolon.
_LOOSE_YEAR_RE = re.compile(r"(?<=[\s,(])(1[5-9]\d\d|20\d\d)([a-z])?(?=[.,;)]?(?:\s|$)|;\s?\d)")
_BRACKETED_YEAR_RE = re.compile(r"\((1[5-9]\d\d|20\d\d)([a-z])?\)")


def _fill_from_raw(csl: dict[str, Any], raw: str) -> None:
    """Repair what a tagger can miss but the string states unambiguously: a DOI, a bracketed year."""
    if "DOI" not in csl and "10." in raw:
        for match in _DOI_IN_TEXT_RE.finditer(raw):
            # "jstor.org/stable/10.2307/..." is a path inside another URL, not a printed DOI.
            if (
                match.start() > 0
                and raw[match.start() - 1] == "/"
                and not match.group(0).lower().startswith("http")
            ):
                continue
            doi = normalize_doi(match.group(0))
            if doi:
                csl["DOI"] = doi
                break
    if "URL" not in csl and ("//" in raw or "www." in raw.lower()):
        match = _URL_IN_RAW_RE.search(raw)
        if match is not None:
            url = normalize_url(match.group(0))
            if _URL_SHAPE_RE.match(url):
                csl["URL"] = url
    if "issued" not in csl:
        match = _BRACKETED_YEAR_RE.search(raw) or _LOOSE_YEAR_RE.search(raw)
        if match:
            csl["issued"] = {"date-parts": [[int(match.group(1))]]}
            if match.group(2):
                csl["year-suffix"] = match.group(2)


def segments_to_csl(raw: str, segments: Sequence[Segment], *, id: str | None = None) -> dict[str, Any]:
    """A CSL-JSON item from labelled segments of ``raw``; the type is inferred, ``id`` set when given."""
    draft = _Draft()
    repaired = repair_segments(raw, segments)
    for seg in repaired:
        handler = _HANDLERS.get(seg.label)
        if handler is not None:
            handler(draft, seg.text, seg.label)
    csl = draft.csl
    if draft.notes:
        csl["note"] = "; ".join(dict.fromkeys(draft.notes))
    _repair_fields(csl, raw, repaired)
    _gost_numbers(csl, raw)
    _cjk_numbers(csl, raw, repaired)
    _fill_from_raw(csl, raw)
    csl = {key: value for key, value in csl.items() if value not in ("", [], None)}
    item: dict[str, Any] = {"id": id} if id is not None else {}
    item["type"] = infer_type(csl, raw)
    item.update(csl)
    return item
