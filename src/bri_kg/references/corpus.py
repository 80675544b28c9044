"""Load the annotated reference strings of data/refdata, map their labels and split train/dev.

Both sources are mapped onto :data:`bri_kg.references.labels.LABELS` at token level:

* AnyStyle: ``journal``/``source`` -> container-title; ``medium`` -> note; ``director``/``producer`` -> other.
  A ``note`` that only says "Retrieved from" / "Available at" / "URL:" right before a ``url`` becomes url,
  so that the lead-in travels with the link. The parenthesised part of a volume span "5(2)" and anything
  from "no."/"issue" on is relabelled issue (GROBID annotates issue separately).
* GROBID: title-a -> title; title-m -> title without a title-a, else container-title (the book of a
  chapter); title-j/booktitle -> container-title; title-s -> collection-title; pubPlace -> location;
  page -> pages; idno-doi -> doi; idno-isbn -> isbn; ptr-web -> url; orgName -> author before the first
  title (a corporate author), publisher after it; other idno*/note* -> note; odd labels -> other.
* GROBID leaves separators unannotated. Text between two spans is split the way AnyStyle annotates it:
  closing punctuation and separators go to the preceding field, the rest ("In", "pp.", "(", "doi:")
  to the following one; editor markers ("(Eds.)") stay with a preceding editor.

Duplicates (the same string in several sources, compared without case, spacing and punctuation) are kept
once. The dev split takes ~10% of every (source, style) stratum, chosen by a hash of the string.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from bri_kg.references.labels import LABELS, Segment
from bri_kg.references.tokenize import Token, tokenize
from bri_kg.resources import refdata_dir

__all__ = [
    "DEFAULT_DATA_DIR",
    "Record",
    "align",
    "annotated_twice",
    "load_records",
    "map_label",
    "read_raw_records",
    "record_token_labels",
    "segments_from_labels",
    "skipped_count",
    "split_of",
    "token_labels",
]

DEFAULT_DATA_DIR = refdata_dir()
# Curated sets first: when a string occurs in several sources, the first one read is kept.
_FILES = (
    "anystyle-gold.jsonl",
    "anystyle-core.jsonl",
    "grobid-citation-corpus.jsonl",
    "anystyle-good.jsonl",
    "anystyle-ugly.jsonl",
    "anystyle-bad.jsonl",
)
DEV_FRACTION = 0.1

_DIRECT = {label: label for label in LABELS}
_ANYSTYLE = _DIRECT | {
    "journal": "container-title",
    "source": "container-title",
    "medium": "note",
    "director": "other",
    "producer": "other",
}
_GROBID = _DIRECT | {
    "title-a": "title",
    "title-j": "container-title",
    "title-s": "collection-title",
    "booktitle": "container-title",
    "journal": "container-title",
    "pubPlace": "location",
    "page": "pages",
    "idno-doi": "doi",
    "idno-isbn": "isbn",
    "ptr-web": "url",
    "ptr": "url",
    "authors": "author",
    "publishe": "publisher",
    "volumes": "volume",
}

_CLOSERS = frozenset(",.;:)]}”’\"'»›/|")
_EDITOR_WORD = re.compile(r"(?i)^(eds?|editors?|hrsg|hg|dir|coords?|comps?)\.?$")
_LEAD_IN = re.compile(
    r"(?i)^\W*(retrieved|available|accessed|online|url|from|at|on|via|in|web|www|link|"
    r"[a-z]+\s+\d{1,2},?|\d{1,2}\s+[a-z]+|\d{4})(\W+(retrieved|available|accessed|online|url|from|at|on|"
    r"via|in|web|link|[a-z]+|\d{1,4}))*\W*$"
)
_ISSUE_WORD = re.compile(r"(?i)^(no|nos|nr|n|num|number|issue|iss|heft|h)\.?$")


@dataclass(frozen=True, slots=True)
class Record:
    """One annotated reference string with mapped, token-aligned segments over ``raw``."""

    id: str
    source: str
    style: str
    raw: str
    segments: list[Segment]
    fields: dict[str, Any] = field(default_factory=dict)


def map_label(source: str, label: str, *, has_title_a: bool = False, before_title: bool = True) -> str:
    """Map a source's own label onto LABELS (see the module docstring)."""
    if source.startswith("grobid"):
        if label == "title-m":
            return "container-title" if has_title_a else "title"
        if label == "orgName":
            return "author" if before_title else "publisher"
        if label in _GROBID:
            return _GROBID[label]
        if label.startswith(("idno", "note")):
            return "note"
        return "other"
    return _ANYSTYLE.get(label, "other")


def _find(raw: str, text: str, pos: int) -> tuple[int, int] | None:
    """Find ``text`` in ``raw`` from ``pos``: verbatim first, then ignoring whitespace."""
    i = raw.find(text, pos)
    if i >= 0:
        return i, i + len(text)
    chars = [re.escape(c) for c in text if not c.isspace()]
    if not chars:
        return None
    m = re.compile(r"\s*".join(chars)).search(raw, pos)
    return (m.start(), m.end()) if m else None


def align(raw: str, segments: Sequence[Sequence[str]]) -> list[tuple[str, int, int]] | None:
    """Locate each (label, text) segment in ``raw`` in order; None if one cannot be found."""
    spans: list[tuple[str, int, int]] = []
    pos = 0
    for label, text in segments:
        if not text.strip():
            continue
        found = _find(raw, text.strip(), pos)
        if found is None:
            return None
        spans.append((label, *found))
        pos = found[1]
    return spans


def _mapped_spans(source: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    labels = [label for label, _, _ in spans]
    has_title_a = "title-a" in labels
    first_title = next((i for i, lab in enumerate(labels) if lab.startswith("title")), len(labels))
    return [
        (map_label(source, lab, has_title_a=has_title_a, before_title=i < first_title), s, e)
        for i, (lab, s, e) in enumerate(spans)
    ]


def _gap_labels(gap: list[Token], prev: str | None, nxt: str | None, prev_end: int) -> list[str]:
    """Label unannotated tokens between two fields the way AnyStyle attaches separators."""
    if prev is None or nxt is None:
        return [prev or nxt or "other"] * len(gap)
    if prev == "editor" and any(_EDITOR_WORD.match(t.text) for t in gap):
        return [prev] * len(gap)
    out: list[str] = []
    leading = True
    for tok in gap:
        if leading:
            closer = len(tok.text) == 1 and tok.text in _CLOSERS
            # A straight quote after a space opens the next field rather than closing the last one.
            if tok.text in "\"'" and tok.start > prev_end:
                closer = False
            leading = closer
        out.append(prev if leading else nxt)
        prev_end = tok.end
    return out


def _split_volume(tokens: list[Token], labels: list[str]) -> None:
    """Relabel the issue part of an AnyStyle volume span ("5(2)", "12, no. 3") in place."""
    i = 0
    n = len(tokens)
    while i < n:
        if labels[i] != "volume":
            i += 1
            continue
        j = i
        while j < n and labels[j] == "volume":
            j += 1
        issue_from = None
        for k in range(i + 1, j):
            text = tokens[k].text
            if (text == "(" and any(tokens[m].text[:1].isdigit() for m in range(i, k))) or _ISSUE_WORD.match(
                text
            ):
                issue_from = k
                break
        if issue_from is not None:
            for k in range(issue_from, j):
                labels[k] = "issue"
        i = j


def _lead_in_urls(spans: list[tuple[str, int, int]], raw: str) -> list[tuple[str, int, int]]:
    out = list(spans)
    for i in range(len(out) - 1):
        label, s, e = out[i]
        if label == "note" and out[i + 1][0] == "url" and _LEAD_IN.match(raw[s:e]):
            out[i] = ("url", s, e)
    return out


def token_labels(raw: str, tokens: list[Token], spans: list[tuple[str, int, int]]) -> list[str]:
    """Give each token the mapped label of the span holding its first character; fill gaps."""
    labels: list[str | None] = [None] * len(tokens)
    j = 0
    for i, tok in enumerate(tokens):
        while j < len(spans) and spans[j][2] <= tok.start:
            j += 1
        if j < len(spans) and spans[j][1] <= tok.start < spans[j][2]:
            labels[i] = spans[j][0]
    i = 0
    while i < len(tokens):
        if labels[i] is not None:
            i += 1
            continue
        k = i
        while k < len(tokens) and labels[k] is None:
            k += 1
        prev = labels[i - 1] if i > 0 else None
        nxt = labels[k] if k < len(tokens) else None
        labels[i:k] = _gap_labels(tokens[i:k], prev, nxt, tokens[i - 1].end if i > 0 else 0)
        i = k
    out = [lab or "other" for lab in labels]
    _split_volume(tokens, out)
    return out


def segments_from_labels(raw: str, tokens: Sequence[Token], labels: Sequence[str]) -> list[Segment]:
    """Merge runs of equal labels into Segments with verbatim text."""
    segments: list[Segment] = []
    n = len(tokens)
    i = 0
    while i < n:
        label = labels[i]
        j = i + 1
        while j < n and labels[j] == label:
            j += 1
        start, end = tokens[i].start, tokens[j - 1].end
        segments.append(Segment(label, raw[start:end], start, end))
        i = j
    return segments


def record_token_labels(record: Record) -> tuple[list[Token], list[str]]:
    """The tokens of a record's string and the label of the segment each token starts in."""
    tokens = tokenize(record.raw)
    labels: list[str] = []
    j = 0
    segs = record.segments
    for tok in tokens:
        while j + 1 < len(segs) and segs[j].end <= tok.start:
            j += 1
        labels.append(segs[j].label)
    return tokens, labels


def _dedup_key(raw: str) -> str:
    return re.sub(r"[\W_]+", "", raw.casefold())


def _hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def read_raw_records(data_dir: Path = DEFAULT_DATA_DIR) -> Iterator[dict[str, Any]]:
    """Yield the JSON records of every refdata file, curated sets first."""
    for name in _FILES:
        path = data_dir / name
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _to_record(obj: dict[str, Any]) -> Record | None:
    raw = obj["raw"]
    spans = align(raw, obj["segments"])
    if spans is None:
        return None
    source = obj["source"]
    mapped = _lead_in_urls(_mapped_spans(source, spans), raw)
    tokens = tokenize(raw)
    if not tokens or not mapped:
        return None
    labels = token_labels(raw, tokens, mapped)
    return Record(
        obj["id"], source, obj.get("style", "other"), raw, segments_from_labels(raw, tokens, labels),
        obj.get("fields", {}),
    )  # fmt: skip


@cache
def _load_all(data_dir: Path) -> tuple[tuple[Record, ...], frozenset[str], int]:
    seen: set[str] = set()
    records: list[Record] = []
    skipped = 0
    for obj in read_raw_records(data_dir):
        key = _dedup_key(obj["raw"])
        if not key or key in seen:
            continue
        rec = _to_record(obj)
        if rec is None:
            skipped += 1
            continue
        seen.add(key)
        records.append(rec)
    strata: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for rec in records:
        strata[(rec.source, rec.style)].append(rec)
    dev: set[str] = set()
    for members in strata.values():
        members = sorted(members, key=lambda r: _hash(_dedup_key(r.raw)))
        dev.update(r.id for r in members[: round(len(members) * DEV_FRACTION)])
    return tuple(records), frozenset(dev), skipped


def split_of(record: Record, data_dir: Path = DEFAULT_DATA_DIR) -> Literal["train", "dev"]:
    """The side of the fixed split a record is on."""
    return "dev" if record.id in _load_all(data_dir)[1] else "train"


def load_records(
    split: Literal["train", "dev", "all"] = "all", data_dir: Path = DEFAULT_DATA_DIR
) -> list[Record]:
    """Aligned, deduplicated records of one side of the fixed split (``all`` for both)."""
    records, dev, _ = _load_all(data_dir)
    if split == "all":
        return list(records)
    want_dev = split == "dev"
    return [r for r in records if (r.id in dev) == want_dev]


def annotated_twice(data_dir: Path = DEFAULT_DATA_DIR) -> list[tuple[Record, Record]]:
    """(kept, other) records of the very same string (up to spacing) annotated in more than one set.

    ``kept`` is the annotation deduplication keeps (the first read), ``other`` a later one of the same
    string: how far they agree bounds what any parser can score on such strings.
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for obj in read_raw_records(data_dir):
        groups[" ".join(obj["raw"].split())].append(obj)
    pairs: list[tuple[Record, Record]] = []
    for objs in groups.values():
        # Only strings read more than once are aligned: the rest cannot pair.
        records = [rec for rec in map(_to_record, objs) if rec is not None] if len(objs) > 1 else []
        pairs.extend((records[0], other) for other in records[1:])
    return pairs


def skipped_count(data_dir: Path = DEFAULT_DATA_DIR) -> int:
    """How many records could not be aligned to their string and were left out."""
    return _load_all(data_dir)[2]
