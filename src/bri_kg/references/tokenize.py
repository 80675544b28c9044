"""Split a reference string into tokens with exact character offsets."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Token", "tokenize"]


class Token(NamedTuple):
    """One token; ``raw[start:end] == text`` (a named tuple: cheaper to build than a dataclass)."""

    text: str
    start: int
    end: int


_LETTER = r"[^\W\d_]"
# Combining marks are not \w in Python; keep decomposed accents inside their word.
_WORDCHAR = r"[^\W_\u0300-\u036f]|[\u0300-\u036f]"
# URLs and DOIs stay one token, but never end in sentence punctuation (the separator is its own token).
_URL = r"(?:(?:https?|ftp)://|www\.)\S*[^\s.,;:'\"”’)\]>]"
_DOI = r"10\.\d{3,9}/\S*[^\s.,;:'\"”’)\]>]"
# A hyphenated ISBN has at least three hyphens; page ranges and ISO dates have fewer.
_ISBN = r"(?:97[89]-)?\d{1,5}(?:-\d{1,7}){2}-[\dXx](?![\w-])"
# Initials keep their period ("J.", "Y.W.", "M.-P.") so that they look alike across name styles.
_INITIALS = rf"{_LETTER}\.(?:-?{_LETTER}\.)*(?!{_LETTER})"
# Apostrophes and hyphens join letters ("China’s", "Redpath-Cross") but a hyphen before a digit splits.
_WORD = rf"(?:{_WORDCHAR})+(?:['’][^\W_]+|[-‐](?:{_LETTER}|[\u0300-\u036f])(?:{_WORDCHAR})*)*"
# Field markers keep their period too: "(Eds.)", "pp.", "Vol.", "No." read as one cue each.
_ABBREV = (
    r"(?i:eds|ed|edn|pp|vol|vols|no|nos|nr|trans|transl|repr|rev|al|etc|pt|ch|chap|suppl|ser|diss|"
    r"dept|univ|inc|ltd|co|jr|sr|comp|comps|coord|hrsg|hg|bd|aufl|éd|éds|dir|art|fig|pg|pgs|ibid)\."
    rf"(?!{_LETTER})"
)
# Words glued to the next field by text extraction are split where the glue is unambiguous: letters
# before a number of at most four digits ending the word ("D93" in "Phys. Rev. D93", "Nature248"), a
# year before a capitalised word ("2013Interferometer") and "in" before a capital ("inAdvanced").
# "H2O", "B2-3" and long identifiers ("PMC3341616") stay whole.
_GLUED = (
    rf"{_LETTER}++(?=\d{{1,4}}(?!{_WORDCHAR}|[-‐]))"
    r"|(?:1[89]|20)\d\d(?=[A-Z][a-z])"
    r"|[Ii]n(?=[A-Z])"
)
_FULL = rf"{_URL}|{_DOI}|{_ISBN}|{_INITIALS}|{_ABBREV}|{_GLUED}|{_WORD}|\S"
# Fast paths tried first, each giving exactly the token _FULL gives at that position: a character that
# can start no word is a token alone, and a run of letters that no period, colon, apostrophe, hyphen,
# digit or combining mark follows (and that is not "in" glued to a capital) is a plain word. Most tokens
# are one of the two; the full alternation then runs only for the rest (a third faster overall).
_PUNCT_ALONE = r"[^\w\s\u0300-\u036f]"
_PLAIN_WORD = rf"(?![Ii]n[A-Z]){_LETTER}++(?![\w.:'’\-‐\u0300-\u036f])"
_PATTERN = re.compile(rf"{_PUNCT_ALONE}|{_PLAIN_WORD}|{_FULL}", re.UNICODE)


def tokenize(raw: str) -> list[Token]:
    """Split ``raw`` on whitespace and separate punctuation; URLs, DOIs and initials stay whole."""
    new, token = tuple.__new__, Token  # the named tuple's own __new__ is a Python-level call per token
    return [new(token, (m.group(), *m.span())) for m in _PATTERN.finditer(raw)]
