"""CRF features of reference-string tokens: word form, shape, lexicons and left-to-right state."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from bri_kg.references.tokenize import Token

__all__ = ["sequence_features", "word_features"]

_YEAR = re.compile(r"^(1[89]\d\d|20[0-3]\d)[a-z]?$")
_DOI = re.compile(r"^10\.\d{3,9}/\S+$")
_URL = re.compile(r"^(?:(?:https?|ftp)://|www\.)", re.IGNORECASE)
_ISBN = re.compile(r"^(?:\d{9}[\dXx]|97[89]\d{10}|(?:97[89]-)?\d{1,5}(?:-\d{1,7}){2}-[\dXx])$")
_INITIAL = re.compile(r"^[^\W\d_](?:\.-?[^\W\d_])*\.$")
_ROMAN_DIGITS = frozenset("ivxlcdm")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LEXICON: dict[str, frozenset[str]] = {
    "month": _words(
        "january february march april may june july august september october november december jan feb "
        "mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter janvier février mars "
        "avril mai juin juillet août septembre octobre novembre décembre januar februar märz juni juli "
        "oktober dezember"
    ),
    "editor": _words("ed eds editor editors edited hrsg hg dir coord coords comp comps éd éds"),
    "in": _words("in dans im"),
    "access": _words("retrieved available accessed access online viewed consulted"),
    "from": _words("from at via"),
    "vol": _words("vol vols volume volumes bd band tome t"),
    "no": _words("no nos nr num number issue iss heft"),
    "page": _words("pp p pages page pg s ss"),
    "pub": _words(
        "press university univ universitaires verlag springer routledge wiley elsevier publishing "
        "publishers publisher books academic sage palgrave macmillan blackwell oxford cambridge taylor "
        "francis pergamon kluwer mcgraw-hill prentice addison-wesley penguin norton harper gallimard "
        "seuil puf inc ltd co llc gmbh editions éditions editora editorial edizioni institute institution "
        "ministry office bank organization organisation centre center council commission department "
        "agency foundation association society group ifri iom oecd"
    ),
    "place": _words(
        "london new york oxford cambridge paris berlin boston chicago amsterdam princeton washington dc "
        "tokyo beijing moscow singapore hong kong philadelphia toronto leiden heidelberg dordrecht basel "
        "geneva vienna frankfurt munich stuttgart madrid barcelona rome milan lisbon brussels astana "
        "almaty bishkek tashkent delhi sydney melbourne ny ma ca uk usa kazakhstan russia china germany "
        "france england nj il ct md oh pa tx boulder cham hoboken thousand oaks abingdon oxon basingstoke "
        "regensburg"
    ),
    "journal": _words(
        "journal review studies quarterly proceedings proc bulletin annals transactions trans letters "
        "lett magazine international national j rev research science sciences affairs economics economy "
        "policy politics survey bull acta archives zeitschrift revue rivista newsletter gazette times "
        "herald conference symposium workshop congress meeting"
    ),
    "genre": _words(
        "thesis dissertation phd ph.d. report paper papers working technical discussion memo doctoral "
        "master masters manuscript unpublished preprint abstract poster brief series"
    ),
    "edition": _words("edition edn ed. rev revised reprint 2nd 3rd 4th 5th 1st aufl auflage"),
    "particle": _words(
        "van von de der den del della di da du le la los las ter ten al el bin ibn abu dos das st"
    ),
    "conj": _words("and & et und y e и"),
    "etal": _words("et al al. etc"),
    "doi": _words("doi"),
    "isbn": _words("isbn issn"),
    "url": _words("url http https www"),
}


def _index(lexicons: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for name, words in lexicons.items():
        for word in words:
            index[word] = index.get(word, frozenset()) | {name}
    return index


# Word -> the lexicons listing it, for one lookup per form instead of one per lexicon.
_LEXICON_INDEX = _index(_LEXICON)
_LEXICON_NAMES = tuple(_LEXICON)

_PUNCT = {
    ",": "comma", ".": "period", ";": "semi", ":": "colon", "(": "lpar", ")": "rpar", "[": "lbr", "]": "rbr",
    "{": "lbr", "}": "rbr", "-": "dash", "–": "dash", "—": "dash", "‐": "dash", "&": "amp", "/": "slash",
    '"': "quote", "“": "oquote", "”": "cquote", "‘": "oquote", "’": "cquote", "'": "quote", "«": "oquote",
    "»": "cquote", "?": "qmark", "!": "excl", "#": "hash", "*": "star", "№": "numero",
}  # fmt: skip
_OPEN = {"(": ")", "[": "]", "{": "}"}
_QUOTES_OPEN = frozenset("“‘«")
_QUOTES_CLOSE = frozenset("”’»")


def _shape(text: str) -> str:
    # Most tokens are ASCII words or numbers of one case pattern: their shape needs no loop.
    if text.isascii():
        if text.isalpha():
            if text.islower():
                return "xx"[: len(text)]
            if text.isupper():
                return "XX"[: len(text)]
            rest = text[1:]
            if rest.islower() and text[0].isupper():
                return "X" + "xx"[: len(rest)]
        elif text.isdigit():
            return "dd"[: len(text)]
    out: list[str] = []
    for ch in text:
        if ch.isupper():
            c = "X"
        elif ch.islower() or ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        # Collapse runs beyond two so that "Xxxxx" and "Xxxxxxxxx" share a shape.
        if len(out) >= 2 and out[-1] == c and out[-2] == c:
            continue
        out.append(c)
    return "".join(out)


def _script(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            if "\u0400" <= ch <= "\u04ff":
                return "cyr"
            if ch < "\u0250" or "\u1e00" <= ch <= "\u1eff":
                return "lat"
            if "\u0370" <= ch <= "\u03ff":
                return "grk"
            if "\u4e00" <= ch <= "\u9fff" or "\u3040" <= ch <= "\u30ff" or "\uac00" <= ch <= "\ud7af":
                return "cjk"
            return "oth"
    return "none"


class WordFeatures(NamedTuple):
    """What one token gives the sequence features, computed once per distinct word (``word_features``)."""

    attributes: tuple[bytes, ...]  # context-free: form, shape, class, affixes, lexicons...
    key: str  # what the neighbours see: the token class, the short word or the shape
    key_bytes: bytes
    before: bytes  # "-1=key", on the next token
    before2: bytes  # "-2=key"
    after: bytes  # "+1=key", on the previous token
    after2: bytes  # "+2=key"
    word_before: bytes  # "-1w=word", or b"" when the key already is the word (see word_features)
    word_after: bytes  # "+1w=word", or b"" likewise
    pair_left: bytes  # "-1|0=key|", completed by the next token's key
    pair_right: bytes  # "0|+1=key|", completed by the next token's key
    state_suffix: bytes  # joined to the "stk=" state: the punctuation class or the shape's first char
    flags: int  # the _F_* flags of what the token changes in the left-to-right state (0 for most words)


# Flags of the tokens that move the left-to-right state of sequence_features.
_F_BRACKET, _F_QUOTE, _F_YEAR, _F_PERIOD, _F_COMMA, _F_IN, _F_EDITOR = (1 << k for k in range(7))
_BRACKETS = frozenset("()[]{}")
_QUOTES = frozenset('"“‘«”’»')
_IN_WORDS = frozenset(("In", "in", "In:", "Dans", "dans"))


@lru_cache(maxsize=1 << 16)
def word_features(text: str) -> WordFeatures:
    """Context-free features of one token, the key its neighbours see and its window attributes.

    Attributes are UTF-8 bytes: CRFsuite takes C strings, and bytes spare it one encoding per attribute.
    """
    if not text.isprintable():
        # CRFsuite takes UTF-8 C strings: no NULs, no lone surrogates.
        text = "".join(ch if ch.isprintable() else "?" for ch in text)
    low = text.lower()
    bare = low.rstrip(".")
    feats: list[str] = []
    # Most tokens are plain words, which can be no link, number or punctuation; DOIs, ISBNs and years
    # start with a digit, so other words skip those patterns.
    alpha = text.isalpha()
    digit_first = text[:1].isdigit()
    if alpha:
        kind = ""
    elif _URL.match(text) or (len(text) > 5 and "/" in text and "." in text and text[:1].isalpha()):
        kind = "URL"
    elif digit_first and _DOI.match(text):
        kind = "DOI"
    elif digit_first and _ISBN.match(text):
        kind = "ISBN"
    elif len(text) == 1 and not text.isalnum():
        kind = "P:" + _PUNCT.get(text, "other" if unicodedata.category(text)[0] in "PS" else "ctrl")
    elif digit_first and _YEAR.match(low):
        kind = "YEAR"
    elif text.isdigit():
        kind = f"NUM{min(len(text), 5)}"
    else:
        kind = ""
    word = low if len(low) <= 20 else "<long>"
    feats.append("w=" + word)
    shape = _shape(text) if len(text) <= 30 else "<long>"
    # A punctuation mark's shape and length say nothing its class does not: fewer attributes to look up.
    punct = kind[:2] == "P:"
    if not punct:
        feats.append("sh=" + shape)
    if kind:
        feats.append("k=" + kind)
    if len(low) > 2 and not kind:
        feats += ["p2=" + low[:2], "p3=" + low[:3], "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:]]
    if text[:1].isupper():
        feats.append("cap=" + ("all" if text.isupper() and len(text) > 1 else "init"))
    elif text[:1].islower():
        feats.append("cap=low")
    digits = 0 if alpha else sum(ch.isdigit() for ch in text)
    if digits:
        feats.append(f"nd={min(digits, 5)}")
        if digits != len(text):
            feats.append("mixdig")
    dot_last = text.endswith(".")
    if dot_last and _INITIAL.match(text):
        feats.append("initial")
    if low[:1] in _ROMAN_DIGITS and _ROMAN.match(low):
        feats.append("roman")
    if dot_last and len(text) > 1:
        feats.append("dotend")
    if "-" in text and len(text) > 1:
        feats.append("hyph")
    hits = _LEXICON_INDEX.get(bare)
    if low != bare and low in _LEXICON_INDEX:
        hits = _LEXICON_INDEX[low] | hits if hits else _LEXICON_INDEX[low]
    if hits:
        feats += ["lex=" + name for name in _LEXICON_NAMES if name in hits]
    if low.startswith(("al-", "el-")):
        feats.append("lex=particle")
    script = "lat" if text.isascii() else _script(text)
    if script not in ("lat", "none"):
        feats.append("script=" + script)
    if not punct:
        feats.append(f"len={min(len(text), 10)}")
    # Neighbours see the word itself for short frequent tokens, else the token class or shape.
    key = kind or (word if len(word) <= 4 else shape)
    flags = (_F_IN if text in _IN_WORDS else 0) | (_F_EDITOR if hits and "editor" in hits else 0)
    if not alpha:
        flags |= (
            (_F_BRACKET if text in _BRACKETS else 0)
            | (_F_QUOTE if text in _QUOTES else 0)
            | (_F_YEAR if kind == "YEAR" else 0)
            | (_F_PERIOD if text == "." else 0)
            | (_F_COMMA if text == "," else 0)
        )
    k, before, before2, after, after2, pair_left, pair_right = _key_attributes(key)
    # The neighbours' word attribute would only repeat the key of short words and punctuation marks.
    w = b"" if punct or key == word else word.encode()
    return WordFeatures(
        # One encoding for all of them: the text is printable, so no attribute holds a newline.
        tuple("\n".join(feats).encode().split(b"\n")),
        key,
        k,
        before,
        before2,
        after,
        after2,
        w and b"-1w=" + w,
        w and b"+1w=" + w,
        pair_left,
        pair_right,
        k if kind[:2] == "P:" else shape[:1].encode(),
        flags,
    )


@lru_cache(maxsize=1 << 12)
def _key_attributes(key: str) -> tuple[bytes, ...]:
    """A key as bytes and its window attributes (many words share one key: a shape, a token class)."""
    k = key.encode()
    return k, b"-1=" + k, b"-2=" + k, b"+1=" + k, b"+2=" + k, b"-1|0=" + k + b"|", b"0|+1=" + k + b"|"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else "8+")


def _table(prefix: str) -> tuple[bytes, ...]:
    """Attributes ``prefix + bucket`` of the counts 0..8 (8 standing for "8+")."""
    return tuple((prefix + _bucket(n)).encode() for n in range(9))


def _group_kind(feats: list[WordFeatures]) -> bytes:
    """What a bracketed group holds: "(2016)" a year, "(2)" a number, "(Eds.)" an editor marker..."""
    keys = [f.key for f in feats]
    if not keys:
        return b"grp=empty"
    flat = {a for f in feats for a in f.attributes}
    if b"k=URL" in flat or b"k=DOI" in flat:
        return b"grp=link"
    if b"lex=editor" in flat and len(keys) <= 4:
        return b"grp=eds"
    if b"k=YEAR" in flat and len(keys) <= 4:
        return b"grp=year"
    if all(k.startswith("NUM") or k in ("P:dash", "P:slash", "P:comma") for k in keys):
        return b"grp=num"
    if b"lex=page" in flat:
        return b"grp=pages"
    words = sum(
        1 for f in feats if not f.key.startswith(("P:", "NUM", "YEAR")) and b"initial" not in f.attributes
    )
    return b"grp=words" if words >= 3 else b"grp=short"


def _groups(texts: list[str], base: list[WordFeatures]) -> list[bytes]:
    """For each token, the kind of the innermost bracket group it is in or delimits (b"" outside)."""
    kinds = [b""] * len(texts)
    stack: list[tuple[str, int]] = []
    for i, text in enumerate(texts):
        if text in _OPEN:
            stack.append((_OPEN[text], i))
        elif stack and text == stack[-1][0]:
            _, j = stack.pop()
            kind = _group_kind(base[j + 1 : i])
            for k in range(j, i + 1):
                if not kinds[k]:
                    kinds[k] = kind
    return kinds


_PER, _PL, _TY, _SY, _PSY, _COM = (_table(p) for p in ("per=", "pl=", "ty=", "sy=", "psy=", "com="))
_TY_NONE = b"ty=none"
_POS = tuple(f"pos={k}".encode() for k in range(10))
_ABS = (b"abs=0", b"abs=1", b"abs=2")
_END = (b"end=1", b"end=0")
_INPAR = {opening: b"inpar=" + opening.encode() for opening in _OPEN}
# Heads of the "stk=" attribute by (year seen, "In" seen, editor marker seen, periods capped at 3): the
# left state joined with the token's class or shape (the state alone, once an attribute of its own, is
# implied by the sum over the classes).
_STATES = {
    (y, i, e, p): f"stk={y:d}{i:d}{e:d}{p}".encode()
    for y in (False, True)
    for i in (False, True)
    for e in (False, True)
    for p in range(4)
}
# The window beyond the string's ends.
_BEFORE_START, _BEFORE2_START, _PAIR_LEFT_START = b"-1=<s>", b"-2=<s>", b"-1|0=<s>|"
_AFTER_END, _AFTER2_END, _KEY_END = b"+1=</s>", b"+2=</s>", b"</s>"


def sequence_features(tokens: list[Token]) -> list[list[bytes]]:
    """Features of every token of one reference, with a +-2 window and left-to-right state."""
    n = len(tokens)
    if not n:
        return []
    texts = [t.text for t in tokens]
    base = [word_features(t) for t in texts]
    keys = [b.key for b in base]
    groups = _groups(texts, base)
    # Look-ahead state from a right-to-left pass: where the next year is, how many periods and
    # whether a link follows. APA puts everything before "(2016)." into the author field.
    to_year = [_TY_NONE] * n
    periods_left = [b""] * n
    link_ahead = [False] * n
    dist, per, link = -1, 0, False
    for i in range(n - 1, -1, -1):
        if dist >= 0:
            to_year[i] = _TY[dist if dist < 8 else 8]
        periods_left[i] = _PL[per if per < 8 else 8]
        link_ahead[i] = link
        key = keys[i]
        if key == "YEAR":
            dist = 0
        elif dist >= 0:
            dist += 1
        if key == "P:period":
            per += 1
        elif key == "URL" or key == "DOI":
            link = True
    out: list[list[bytes]] = []
    stack: list[str] = []
    in_quote = False
    year_seen = False
    since_year = -1
    in_seen = False
    periods = 0
    periods_since_year = 0
    commas = 0
    eds_seen = False
    tail = n - 2
    last = n - 1
    for i in range(n):
        word = base[i]
        f = [*word.attributes, _POS[i * 10 // n]]
        if i < 3:
            f.append(_ABS[i])
        if i >= tail:
            f.append(_END[i - tail])
        if stack:
            f.append(_INPAR[stack[-1]])
        if groups[i]:
            f.append(groups[i])
        if in_quote:
            f.append(b"inquote")
        if year_seen:
            f.append(_SY[since_year if since_year < 8 else 8])
        f.append(_PER[periods if periods < 8 else 8])
        f.append(periods_left[i])
        f.append(to_year[i])
        # Conjunctions of the left state: where in the field order the token probably is.
        if year_seen:
            f.append(_PSY[periods_since_year if periods_since_year < 8 else 8])
            stk = _STATES[True, in_seen, eds_seen, periods_since_year if periods_since_year < 3 else 3]
        else:
            stk = _STATES[False, in_seen, eds_seen, periods if periods < 3 else 3]
        f.append(stk + word.state_suffix)
        if link_ahead[i]:
            f.append(b"linkahead")
        f.append(_COM[commas if commas < 8 else 8])
        # The +-2 window: neighbours' keys, the key bigrams and the neighbouring words.
        prev = base[i - 1] if i else None
        after = base[i + 1] if i < last else None
        if prev is not None:
            f.append(prev.before)
            f.append(base[i - 2].before2 if i > 1 else _BEFORE2_START)
        else:
            f += (_BEFORE_START, _BEFORE2_START)
        if after is not None:
            f.append(after.after)
            f.append(base[i + 2].after2 if i + 1 < last else _AFTER2_END)
        else:
            f += (_AFTER_END, _AFTER2_END)
        f.append((prev.pair_left if prev is not None else _PAIR_LEFT_START) + word.key_bytes)
        f.append(word.pair_right + (after.key_bytes if after is not None else _KEY_END))
        if prev is not None and prev.word_before:
            f.append(prev.word_before)
        if after is not None and after.word_after:
            f.append(after.word_after)
        out.append(f)
        # State after this token, seen by the next one; most tokens only move the distance to the year.
        flags = word.flags
        if not flags:
            if year_seen:
                since_year += 1
            continue
        text = texts[i]
        if flags & _F_BRACKET:
            if text in _OPEN:
                stack.append(text)
            elif stack and text == _OPEN[stack[-1]]:
                stack.pop()
        if flags & _F_QUOTE:
            if text == '"':
                in_quote = not in_quote
            elif text in _QUOTES_OPEN:
                in_quote = True
            elif text in _QUOTES_CLOSE and in_quote:
                in_quote = False
        if flags & _F_YEAR:
            year_seen = True
            since_year = 0
            periods_since_year = 0
        elif year_seen:
            since_year += 1
            if flags & _F_PERIOD:
                periods_since_year += 1
        if flags & _F_IN and i > 0:
            in_seen = True
        if flags & _F_EDITOR:
            eds_seen = True
        if flags & _F_PERIOD:
            periods += 1
        elif flags & _F_COMMA:
            commas += 1
    return out
