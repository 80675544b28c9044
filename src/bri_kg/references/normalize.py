"""Normalisation of reference field values (DOI, URL, pages, dates, punctuation) shared with the evaluator."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DateParts",
    "fold",
    "fold_dashes",
    "normalize_doi",
    "normalize_isbn",
    "normalize_pages",
    "normalize_url",
    "parse_date",
    "strip_brackets",
    "strip_dangling_quote",
    "strip_markup",
    "strip_punct",
    "strip_quotes",
]

# Every Unicode dash and minus that typesetters put into page ranges and titles.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_RE = re.compile(f"[{_DASHES}]")
_OPEN_CLOSE = {"(": ")", "[": "]", "{": "}", "<": ">"}
_CLOSE_OPEN = {v: k for k, v in _OPEN_CLOSE.items()}
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\u201a`\u2039\u203a"
# Punctuation that separates fields in a printed reference and is not part of any value.
_EDGE_PUNCT = " \t\n,;:./\u00b7|"


_TAG_RE = re.compile(r"</?(?:italic|i|b|bold|em|strong|sup|sub|u|sc|span|title)\b[^>]*>", re.IGNORECASE)


_EMPHASIS_RE = re.compile(r"(?<![\w*])[*_]{1,2}([^*_\s][^*_]*?)[*_]{1,2}(?![\w*])")


def strip_markup(text: str) -> str:
    """Drop inline markup (<italic>...</italic>) left by PDF or XML extraction."""
    if "<" in text:
        text = _TAG_RE.sub("", text)
    # Markdown emphasis from converted documents: "*Title.*" and "_Title_".
    if "*" in text or "_" in text:
        text = _EMPHASIS_RE.sub(r"\1", text)
    return text


def fold_dashes(text: str) -> str:
    """Replace every Unicode dash or minus by an ASCII hyphen."""
    return _DASH_RE.sub("-", text)


_INVISIBLE = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xAD, 0x200B, 0x200C]
# One translate() pass (much faster than three regexes): invisible characters out, dashes to "-".
_DROP_TABLE = {code: None for code in [*_INVISIBLE, 0x200D, 0x2060, 0xFEFF]}
_FOLD_TABLE = _DROP_TABLE | {ord(d): "-" for d in _DASHES}


def fold(text: str, *, dashes: bool = True) -> str:
    """NFC, invisible characters removed, whitespace collapsed, dashes folded: the comparison form.

    ``dashes=False`` keeps the printed dashes ("1840–1912" in a title), for text shown as printed.
    """
    # The table's invisible characters are all unprintable and its dashes non-ASCII: a printable string
    # without dashes would come out of translate() as it went in.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        unchanged = text.isprintable() and (not dashes or _DASH_RE.search(text) is None)
    else:
        unchanged = text.isprintable()
    if not unchanged:
        text = text.translate(_FOLD_TABLE if dashes else _DROP_TABLE)
    return " ".join(text.split())


def _encloses(text: str) -> bool:
    """True when the bracket at ``text[0]`` is closed by ``text[-1]`` and not earlier: "(a)" not "(a) (b)"."""
    opening, closing = text[0], _OPEN_CLOSE[text[0]]
    depth = 0
    for i, char in enumerate(text):
        depth += (char == opening) - (char == closing)
        if depth == 0 and i < len(text) - 1:
            return False
    return depth == 0


def strip_brackets(text: str) -> str:
    """Remove one pair of brackets enclosing the whole text, and a lone unbalanced edge bracket."""
    text = text.strip()
    if not text or (
        text[0] not in _OPEN_CLOSE and text[-1] not in _CLOSE_OPEN and text[-1] not in _OPEN_CLOSE
    ):
        return text
    while len(text) >= 2 and text[0] in _OPEN_CLOSE and text[-1] == _OPEN_CLOSE[text[0]]:
        if not _encloses(text):
            break
        text = text[1:-1].strip()
    for opening, closing in _OPEN_CLOSE.items():
        if text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[1:].lstrip()
        if text.endswith(closing) and text.count(closing) > text.count(opening):
            text = text[:-1].rstrip()
        if text.endswith(opening):  # a bracket that opens nothing: "Univ. (" or "URL: <"
            text = text[:-1].rstrip()
    return text


_LEFT_PUNCT = _EDGE_PUNCT + "?!-)]}"


def strip_punct(text: str) -> str:
    """Strip separator punctuation and unbalanced brackets from both ends of a field value."""
    text = text.strip()
    # Separators and brackets are not alphanumeric: a value that starts and ends with a letter or digit
    # would come out of the loop as it went in.
    if text[:1].isalnum() and text[-1:].isalnum():
        return text
    prev = None
    while text != prev:
        prev = text
        text = text.lstrip(_LEFT_PUNCT).rstrip(_EDGE_PUNCT)
        if text.endswith(" -"):  # GOST area separator " – " left at the end
            text = text[:-2]
        if text and (text[0] in _OPEN_CLOSE or text[-1] in _CLOSE_OPEN or text[-1] in _OPEN_CLOSE):
            text = strip_brackets(text)
    return text


_OPENERS = "\u201c\u2018\u201e\u00ab\u201a\u2039"
_CLOSERS = "\u201d\u2019\u00bb\u203a"
_STRAIGHT = "\"'`"


def _quote_role(text: str, i: int) -> int:
    """+1 when the quote at ``text[i]`` opens, -1 when it closes, 0 when it is an apostrophe."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in _OPENERS:
        return 1
    if char in _CLOSERS or char in _STRAIGHT:
        if before.isalnum() and after.isalnum():
            return 0  # China’s, don't
        if char in _CLOSERS:
            return -1
        return 1 if (before.isspace() or before in "([") and not after.isspace() else -1
    return 0


_DOUBLE = '"\u201c\u201d\u201e\u00ab\u00bb'


def _wholly_quoted(body: str, outer: str) -> bool:
    """True when no quote inside ``body`` closes the quotation that encloses it.

    Only quotes of the outer family (double or single) count, so that apostrophes in a double-quoted
    title ("Dockers’ Unions") cannot close it.
    """
    family = _DOUBLE if outer in _DOUBLE else "".join(q for q in _QUOTES if q not in _DOUBLE)
    depth = 0
    for i, char in enumerate(body):
        if char in family:
            depth += _quote_role(body, i)
            if depth < 0:
                return False
    return True


def strip_quotes(text: str) -> str:
    """Remove quotes that wrap the whole value (and only those); inner quotes stay as printed.

    “One Belt, One Road”: China's strategy keeps its quotes; “Jumping out of the “Hobbesian Fishbowl.”
    loses the outer pair. A lone opening quote with no closer anywhere is dropped too.
    """
    text = text.strip()
    if len(text) < 2 or text[0] not in _QUOTES:
        return text
    # A trailing period or comma may sit inside the closing quote ("Title." / "Title,").
    end = text.rstrip(".,;: ")
    if len(end) >= 2 and end[-1] in _QUOTES and _quote_role(end, len(end) - 1) <= 0:
        inner = end[1:-1]
        if _wholly_quoted(inner, text[0]):
            return inner.strip().rstrip(".,;: ")
        return text
    if not any(_quote_role(text, i) < 0 for i in range(1, len(text)) if text[i] in _QUOTES):
        return text[1:].lstrip()
    return text


def strip_dangling_quote(text: str) -> str:
    """Remove a closing double quote at the end that nothing opened ('Belt and Road,"')."""
    core = text.rstrip(" .,;:")
    if core[-1:] in '"”»' and not any(
        _quote_role(core, i) > 0 for i, c in enumerate(core[:-1]) if c in _DOUBLE
    ):
        return core[:-1].rstrip(" .,;:")
    return text


_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_DOI_PREFIX_RE = re.compile(
    r"^(?:doi\s*[:.]?\s*|https?\s*:\s*/\s*/\s*(?:dx\.)?doi\.org\s*/\s*|(?:dx\.)?doi\.org\s*/\s*)",
    re.IGNORECASE,
)


_SPACES_RE = re.compile(r"\s+")
_GLUED_FIELD_RE = re.compile(r"\.(?=url|https?:|www\.)", re.IGNORECASE)
_DOI_TAIL_REMARK_RE = re.compile(r"(?:\[[^\]]*\]?|\([A-Za-z]+\))$")


def normalize_doi(text: str) -> str | None:
    """The bare lower-case DOI in ``text`` ("doi:", resolver prefix, spaces and end punctuation removed)."""
    text = fold(text)
    cleaned = _DOI_PREFIX_RE.sub("", text)
    # Line breaks in PDFs split DOIs: "10 .1088/..." or "10.1111/j.1540- 594X".
    compact = _SPACES_RE.sub("", cleaned)
    match = _DOI_RE.search(compact)
    if not match:
        return None
    doi = match.group(0)
    # Extraction glues the next field on: "10.1007/BF02345020.URLhttps", "...044802for".
    doi = _GLUED_FIELD_RE.split(doi, maxsplit=1)[0]
    doi = _DOI_TAIL_REMARK_RE.sub("", doi)  # "[PDF]" or "(Open Access)" after it
    doi = doi.rstrip(".,;:]>'\"\u201d\u2019")
    if doi.endswith(")") and doi.count(")") > doi.count("("):
        doi = doi[:-1]
    return doi.lower() if len(doi) > 8 else None


_URL_START_RE = re.compile(r"(?:https?|ftp)\s*:\s*/\s*/|\bwww\s*\.", re.IGNORECASE)
_URL_LEADIN_RE = re.compile(
    r"^(?:(?:retrieved|available|accessed|downloaded)(?:\s+\w+){0,6}?\s+(?:from|at|on|via)\b\s*:?"
    r"|(?:url|online|web|link|available|internet)\s*:"
    r"|from\s*:?|at\s*:)\s*",
    re.IGNORECASE,
)
# What follows a URL in print: an access date, a closing ">" or a bracketed remark.
_URL_TAIL_RE = re.compile(
    r"(?:[>\]]|\s*[\[(,;]?\s*(?:accessed|retrieved|viewed|consult[ée]\w*|last\s+accessed|cited|"
    r"date\s+accessed|abgerufen|zugegriffen|дата\s+обращения|žiūrėta)\b).*$",
    re.IGNORECASE,
)


_SCHEME_RE = re.compile(r"^(https?|ftp)\s*:\s*/\s*/\s*", re.IGNORECASE)
_NEXT_FIELD_RE = re.compile(r"[,;]\s")


def normalize_url(text: str) -> str:
    """The URL as printed: lead-ins ("Retrieved from"), access dates, wrapping < > and end period removed.

    Spaces inside a URL (line breaks in the source PDF) are removed.
    """
    text = fold(text)
    start = _URL_START_RE.search(text)
    if start:
        text = text[start.start() :]
    else:
        for _ in range(2):
            text = _URL_LEADIN_RE.sub("", text).strip()
    text = _URL_TAIL_RE.sub("", text).strip().strip("<>[]").strip()
    text = _SCHEME_RE.sub(r"\1://", text)
    if start:
        # What follows ", " or "; " is the next field ("www.cell.com, doi:10..."), not a broken URL.
        text = _NEXT_FIELD_RE.split(text, maxsplit=1)[0]
        text = _SPACES_RE.sub("", text)
    text = text.rstrip(".,;:([{")
    for opening, closing in (("(", ")"), ("[", "]")):
        if text.endswith(closing) and text.count(closing) > text.count(opening):
            text = text[:-1].rstrip(".,;:")
    return text


# "pp.", "p.", "pages", "S.", "ss.", "с.", "стр.", "ff." before a page number; the last one wins. The
# lookahead on first letters lets the engine skip most positions with one class test.
_PAGE_PREFIX_RE = re.compile(
    r"(?=[psfсc])(?:^|(?<=[\s,;:(]))(?:pages?|pp|pgs?|p|ss|s|ff|f|стр|с|c)(?:\s*\.\s*|\s+)(?=[\dA-Za-z])",
    re.IGNORECASE,
)


_HYPHEN_RUN_RE = re.compile(r"\s*-+\s*")


def normalize_pages(text: str) -> str:
    """Page range or article number: "pp. 3–22." -> "3-22"; "e1234" and "4234" stay as printed."""
    text = strip_brackets(strip_punct(fold(text)))
    prefixes = list(_PAGE_PREFIX_RE.finditer(text))
    if prefixes:
        text = text[prefixes[-1].end() :]
    text = text.strip()
    if "-" in text:
        text = _HYPHEN_RUN_RE.sub("-", text)
    return strip_punct(text).strip("-")


_ISBN_PREFIX_RE = re.compile(r"^\s*ISBN(?:-1[03])?\s*:?\s*", re.IGNORECASE)


def normalize_isbn(text: str) -> str:
    """ISBN digits and hyphens, "ISBN" prefix removed."""
    text = _ISBN_PREFIX_RE.sub("", fold(text))
    return strip_punct(text)


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero", "gennaio", "январь", "января", "янв"),
            ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio", "февраль", "февраля"),
            ("mar", "march", "mars", "märz", "marzo", "март", "марта"),
            ("apr", "april", "avril", "abril", "aprile", "апрель", "апреля"),
            ("may", "mai", "mayo", "maggio", "май", "мая"),
            ("jun", "june", "juin", "juni", "junio", "giugno", "июнь", "июня"),
            ("jul", "july", "juillet", "juli", "julio", "luglio", "июль", "июля"),
            ("aug", "august", "août", "aout", "agosto", "август", "августа"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre", "сентябрь", "сентября"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre", "октябрь", "октября"),
            ("nov", "november", "novembre", "noviembre", "ноябрь", "ноября"),
            (
                "dec",
                "december",
                "décembre",
                "decembre",
                "dezember",
                "diciembre",
                "dicembre",
                "декабрь",
                "декабря",
            ),
        ],
        start=1,
    )
    for name in names
}
_YEAR_RE = re.compile(r"(?<![\d/.])(1[5-9]\d\d|20\d\d)(?:\s?([a-z])(?![a-z]))?(?!\d)")
_WORD_RE = re.compile(r"[^\W\d_]+")
_DAY_RE = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


@dataclass(frozen=True, slots=True)
class DateParts:
    """A printed date: year with optional month, day and a disambiguating suffix ("2013a")."""

    year: int | None
    month: int | None = None
    day: int | None = None
    suffix: str | None = None

    def date_parts(self) -> list[int]:
        """CSL ``date-parts`` row: [y], [y, m] or [y, m, d]."""
        parts = [p for p in (self.year, self.month, self.day) if p is not None]
        if self.month is None:
            return parts[:1]
        return parts


@lru_cache(maxsize=1024)  # dates recur across references, and each date span is parsed twice
def parse_date(text: str) -> DateParts:
    """Year, suffix, month and day of a printed date such as "(2013a).", "March 1990" or "15 June 2018"."""
    text = fold(text)
    match = _YEAR_RE.search(text)
    if not match:
        return DateParts(None)
    year = int(match.group(1))
    suffix = match.group(2)
    month = day = None
    for word in _WORD_RE.findall(text.lower()):
        if word in _MONTHS:
            month = _MONTHS[word]
            break
    if month is not None:
        rest = text[: match.start()] + " " + text[match.end() :]
        days = [int(d) for d in _DAY_RE.findall(rest) if 1 <= int(d) <= 31]
        day = days[0] if len(days) == 1 else None
    else:
        iso = _ISO_DATE_RE.search(text)
        if iso and int(iso.group(1)) == year and 1 <= int(iso.group(2)) <= 12:
            month = int(iso.group(2))
            day = int(iso.group(3)) if iso.group(3) and 1 <= int(iso.group(3)) <= 31 else None
    return DateParts(year, month, day, suffix)
