"""Split a printed author or editor statement into CSL name dicts (family/given, or one literal)."""

from __future__ import annotations

import re
from functools import lru_cache

from bri_kg.references.normalize import fold, strip_brackets

__all__ = ["NAME_PARTICLES", "ROLE_EDITOR", "ROLE_TRANSLATOR", "is_organisation", "parse_names", "split_role"]

ROLE_EDITOR = "editor"
ROLE_TRANSLATOR = "translator"

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄҚҒҮҰӘӨҺ"
_LOWER = "a-zß-öø-ÿā-žа-яёіїєқғүұәөһ"
# "A.", "A.A.", "Yu.", "Ch.", "A.-M.", "J.-P." and Vancouver's undotted "JF" (but not "Ahn.").
_INITIALS_RE = re.compile(rf"^(?:(?:[{_UPPER}][{_LOWER}]?\.\s*-?\s*)+|[{_UPPER}]{{1,3}})$")
# Name suffixes as printed, with or without their period ("Jr", "Jr.", "III").
_NAME_SUFFIXES = frozenset(
    f"{base}{dot}" for base in ("Jr", "Sr", "Jnr", "Snr", "II", "III", "IV") for dot in ("", ".")
)
# Particles that belong to the family name ("van der Berg", "de la Cruz", "bin Laden").
NAME_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "degli",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "zu",
        "bin",
        "ibn",
        "al",
        "el",
        "af",
        "av",
        "d'",
        "van't",
    ]
)
# Words that appear in the names of organisations, never in a personal name statement.
_ORG_WORDS = frozenset(
    [
        "organization",
        "organisation",
        "organizations",
        "ministry",
        "ministerstvo",
        "agency",
        "committee",
        "comittee",
        "centre",
        "center",
        "department",
        "dept",
        "university",
        "universität",
        "université",
        "universidad",
        "institute",
        "institut",
        "institution",
        "nations",
        "bank",
        "office",
        "council",
        "association",
        "society",
        "commission",
        "bureau",
        "foundation",
        "fund",
        "government",
        "group",
        "board",
        "service",
        "services",
        "authority",
        "administration",
        "federation",
        "union",
        "programme",
        "program",
        "network",
        "forum",
        "secretariat",
        "corporation",
        "company",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "division",
        "unit",
        "project",
        "team",
        "consortium",
        "academy",
        "school",
        "college",
        "laboratory",
        "library",
        "museum",
        "court",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "republic",
        "state",
        "states",
        "world",
        "international",
        "national",
        "federal",
        "statistics",
        "statistical",
        "watch",
        "coalition",
        "alliance",
        "party",
        "trust",
        "partnership",
        "initiative",
        "observatory",
        "panel",
        "census",
        "press",
        "publishers",
        "agence",
        "bundesamt",
        "statistik",
        "министерство",
        "комитет",
        "агентство",
        "институт",
        "университет",
        "центр",
        "академия",
        "служба",
        "правительство",
        "департамент",
        "управление",
        "организация",
    ]
) | frozenset(
    # French, Spanish, German, Italian and Portuguese names of public bodies; physics collaborations.
    [
        "ministère",
        "ministerio",
        "ministerium",
        "ministero",
        "conseil",
        "comité",
        "comite",
        "gouvernement",
        "gobierno",
        "regierung",
        "governo",
        "secretaría",
        "secretaria",
        "oficina",
        "direction",
        "dirección",
        "collaboration",
        "bundesministerium",
        "landesamt",
        "agencia",
        "organización",
        "organizzazione",
    ]
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SINGLE_INITIAL_RE = re.compile(r"[A-Z]\.")
_ORG_FUNCTION_WORDS = frozenset(["of", "for", "the", "on", "in", "at", "und", "für", "pour", "по", "при"])

_ROLE_MARKERS = (
    "eds", "ed", "éds", "éd", "editors", "editor", "edited", "hrsg", "hg", "hrg", "dir", "dirs", "coord",
    "coords", "comp", "comps", "red", "ред", "сост", "a cura di", "ed. lit", "trans", "transl", "tr", "übers",
    "пер",
)  # fmt: skip
_ROLES = "|".join(re.escape(marker) for marker in _ROLE_MARKERS)
# The last word of every marker: a statement ending in none of them (before its closing bracket and
# punctuation) cannot end in a role, and skips the suffix regex.
_ROLE_ENDINGS = tuple(sorted({marker.split()[-1] for marker in _ROLE_MARKERS}))
# A role marker is bracketed "(Ed.)", dotted "eds." or a full word "editors"; a bare "Red" is a surname.
_ROLE_SUFFIX_RE = re.compile(
    rf"[\s,;:]*(?:[(\[]\s*(?P<r1>{_ROLES})\s*\.?\s*[)\]]|\b(?P<r2>{_ROLES})\.|\b(?P<r3>eds|editors?))"
    r"\s*[.,;:]*\s*$",
    re.IGNORECASE,
)
_ROLE_PREFIX_RE = re.compile(
    r"^\s*(?:in\s*:?\s+)?(?P<role>edited\s+by|eds?\.\s+by|ed\.|eds\.|hrsg\.\s+v(?:on|\.)|hg\.\s+v(?:on|\.)|"
    r"под\s+ред(?:акцией)?\.?|translated\s+by|trans\.\s+by|transl\.\s+by|trans\.|übers\.\s+v(?:on|\.))\s*",
    re.IGNORECASE,
)
_IN_RE = re.compile(r"^\s*(?:in|dans|en|im|в)\s*:?\s+(?=\S)", re.IGNORECASE)
# The lookaheads on first characters let the engine skip most positions with one class test.
_ET_AL_RE = re.compile(
    r"(?=[,\seauи\[.…])(?:,?\s*(?:et\s*al\.?|and\s+others|u\.\s*a\.|и\s+др\.?|\[?\.\.\.\]?|…)\s*[.,;:]*)\s*$",
    re.IGNORECASE,
)
_CONJUNCTION_RE = re.compile(r"(?=[\s,&])\s*(?:,\s*)?(?:\s&\s?|&|\s(?:and|und|et|y|e|и|та|och|og|en)\s)\s*")


def _may_end_in_role(text: str) -> bool:
    tail = text.rstrip(" \t\n.,;:").rstrip(")]").rstrip(" \t\n.").lower()
    return tail.endswith(_ROLE_ENDINGS)


@lru_cache(maxsize=1024)  # a name statement is split once for its role and again when its names are parsed
def split_role(text: str) -> tuple[str, str | None]:
    """Remove a role marker ("(Eds.)", "edited by", "Trans.") and report the role it names, if any."""
    text = fold(text).strip(" ,;:")
    if text.rstrip(".").endswith(")") and text.startswith("("):
        text = strip_brackets(text.rstrip("."))
    role = None
    match = _ROLE_SUFFIX_RE.search(text) if _may_end_in_role(text) else None
    if match and match.start() > 0:
        role = _role_of(match.group("r1") or match.group("r2") or match.group("r3"))
        text = text[: match.start()]
    match = _ROLE_PREFIX_RE.match(text)
    if match:
        role = role or _role_of(match.group("role"))
        text = text[match.end() :]
    return _IN_RE.sub("", text).strip(), role


def _role_of(marker: str) -> str:
    marker = marker.lower()
    if marker.startswith(("tr", "übers", "пер")):
        return ROLE_TRANSLATOR
    return ROLE_EDITOR


@lru_cache(maxsize=4096)  # the same initials ("A.", "J.-P.") recur in almost every name list
def _is_initials(token: str) -> bool:
    token = token.strip(" ,")
    # Initials are dotted or at most three capitals ("JRR"): most names are neither.
    return (len(token) <= 3 or "." in token) and _INITIALS_RE.match(token) is not None


def is_organisation(text: str, *, strict: bool = False) -> bool:
    """True when a statement reads as a corporate author ("United Nations, Department of ...").

    ``strict`` asks for a word that names an organisation ("Ministry", "Centre", ...), not only the
    function words ("of", "for") that titles have too.
    """
    words = _WORD_RE.findall(text)
    if not words:
        return False
    lowered = {w.lower() for w in words}
    if "'" in text or "’" in text:  # possessives: "Women’s Bureau"
        lowered = {w.removesuffix("’s").removesuffix("'s") for w in lowered}
    if lowered & _ORG_WORDS:
        candidate = True
    elif strict:
        return False
    else:
        # A bare acronym ("OECD", "UNHCR") is an organisation, a bare capitalised word a family name.
        candidate = (bool(lowered & _ORG_FUNCTION_WORDS) and len(words) >= 3) or (
            len(words) == 1 and words[0].isupper() and len(words[0]) >= 3 and "," not in text
        )
    if not candidate:
        return False
    # Initials mean people ("Bank, J. A."), whatever the words around them.
    tokens = text.replace(",", " ").split()
    return not any((_is_initials(t) and not t.isupper()) or _SINGLE_INITIAL_RE.fullmatch(t) for t in tokens)


def _clean_statement(text: str) -> str:
    # A quote at either end belongs to the title next to the names ('K. Lee, "Migration...').
    text = fold(text).strip(" ,;:").lstrip("-").strip('"“”„«»').strip(" ,;:")
    text = _ET_AL_RE.sub("", text).strip(" ,;:")
    # A final period closes the statement unless it ends an initial ("Turrini, A."); in Vancouver lists
    # ("Bertelen T, Koch C.") the initials carry no periods, so the last one is punctuation too.
    words = text.rsplit(None, 1)
    last = words[-1].rsplit(",", 1)[-1] if words else ""
    if text.endswith(".") and (not _is_initials(last) or _undotted_initials(text)):
        text = text[:-1].rstrip(" ,;:")
    return text


_DOTTED_CAPITALS_END_RE = re.compile(r"(?:^|\s)[A-Z]{2,3}\.$")


def _undotted_initials(text: str) -> bool:
    """True when the statement's initials, bar a final period, are printed without periods."""
    undotted = 0
    for token in text[:-1].split():
        token = token.strip(",;")
        if _is_initials(token):
            if "." in token:  # one dotted initial settles it; most lists have one early
                undotted = 0
                break
            undotted += 1
    return undotted >= 2 or bool(_DOTTED_CAPITALS_END_RE.search(text) and "." not in text[:-1])


def _person(family: str, given: str = "", suffix: str = "") -> dict[str, str]:
    name = {"family": family.strip(" ,")}
    given = given.strip(" ,")
    if given:
        name["given"] = given
    if suffix:
        name["suffix"] = suffix
    return name


def _parse_single(part: str) -> dict[str, str]:
    """One name with no comma: "J. P. Collman", "Heidegger M.", "Smith JF", "Ludwig van Beethoven"."""
    tokens = part.split()
    suffix = ""
    if len(tokens) > 1 and tokens[-1] in _NAME_SUFFIXES:
        suffix = tokens.pop()
    if len(tokens) == 1:
        token = tokens[0]
        if token.isupper() and len(token) >= 3 and not suffix:
            return {"literal": token}
        return _person(token, suffix=suffix)
    lead = 0
    while lead < len(tokens) - 1 and _is_initials(tokens[lead]):
        lead += 1
    if lead:
        return _person(" ".join(tokens[lead:]), " ".join(tokens[:lead]), suffix)
    trail = len(tokens)
    while trail > 1 and _is_initials(tokens[trail - 1]):
        trail -= 1
    if trail < len(tokens):
        return _person(" ".join(tokens[:trail]), " ".join(tokens[trail:]), suffix)
    # Natural order: the family name starts at the first particle, or is the last word.
    start = len(tokens) - 1
    for i in range(1, len(tokens) - 1):
        if tokens[i].lower() in NAME_PARTICLES:
            start = i
            break
    return _person(" ".join(tokens[start:]), " ".join(tokens[:start]), suffix)


def _given_like(part: str) -> bool:
    tokens = part.split()
    if not tokens or len(tokens) > 4:
        return False
    if all(_is_initials(t) for t in tokens):
        return True
    return all((t[0].isupper() and not t.isupper()) or _is_initials(t) for t in tokens) and len(tokens) <= 3


def _family_like(part: str) -> bool:
    tokens = part.split()
    if not tokens or any(_is_initials(t) for t in tokens if t not in NAME_PARTICLES):
        return False
    return len(tokens) <= 4


def _parse_chunk(chunk: str) -> list[dict[str, str]]:
    parts = [p for p in map(str.strip, chunk.split(",")) if p]
    names: list[dict[str, str]] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if part in _NAME_SUFFIXES and names and "family" in names[-1]:
            names[-1]["suffix"] = part
            i += 1
            continue
        if _is_initials(part) and names and "given" not in names[-1] and "family" in names[-1]:
            names[-1]["given"] = part
            i += 1
            continue
        if nxt is not None and _family_like(part) and _given_like(nxt):
            name = _person(part, nxt)
            i += 2
            if i < len(parts) and parts[i] in _NAME_SUFFIXES:
                name["suffix"] = parts[i]
                i += 1
            names.append(name)
            continue
        names.append(_parse_single(part))
        i += 1
    return names


_LETTER_RE = re.compile(r"[^\W\d_]")
_SEMICOLON_RE = re.compile(r"\s*;\s*")


def parse_names(text: str) -> list[dict[str, str]]:
    """CSL names of a statement such as "Arpaia, A., Kiss, A., & Turrini, A." or "UN, Population Division".

    Particles stay in ``family``; "et al." is dropped; an organisation is one ``literal`` as printed.
    """
    text = _clean_statement(text)
    if not text or not _LETTER_RE.search(text):
        return []
    if is_organisation(text):
        return [{"literal": text}]
    names: list[dict[str, str]] = []
    # Without a ";" the split would return the text unchanged.
    for group in _SEMICOLON_RE.split(text) if ";" in text else (text,):
        for chunk in _CONJUNCTION_RE.split(group):
            chunk = chunk.strip(" ,")
            if chunk:
                names.extend(_parse_chunk(chunk))
    return [n for n in names if any(n.values())]
