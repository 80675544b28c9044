"""Score parsed CSL-JSON items against gold items: per-field precision, recall and F1.

Scoring rules (documented in the table header too):

* Values are compared exactly after :func:`~bri_kg.references.normalize.fold` (NFC, invisible characters
  removed, whitespace collapsed, Unicode dashes -> "-"); DOIs also without case. Nothing else is folded:
  Cyrillic look-alike letters, quotes and capitals count.
* ``issued`` compares the year only; every other field compares its whole value.
* Name lists (``author``, ``editor``, ``translator``) are scored per name as a multiset: each gold name
  matched by an identical predicted name (family and given, or literal) is a true positive, extra
  predicted names are false positives, missing ones false negatives. Order is not scored.
* Any other field is one item per reference: a wrong value counts as one false positive and one false
  negative, a missing one as a false negative, a spurious one as a false positive.
* ``exact_match`` is the share of references whose scored fields are all right; ``micro`` pools all items.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bri_kg.errors import FormatError, InputError
from bri_kg.references.normalize import fold

__all__ = ["DEFAULT_FIELDS", "NAME_FIELDS", "PRF", "ReferenceScores", "load_gold", "score_references"]

NAME_FIELDS: tuple[str, ...] = ("author", "editor", "translator")
DEFAULT_FIELDS: tuple[str, ...] = (
    "type",
    "author",
    "editor",
    "translator",
    "issued",
    "year-suffix",
    "title",
    "translated-title",
    "container-title",
    "collection-title",
    "volume",
    "issue",
    "page",
    "publisher",
    "publisher-place",
    "edition",
    "genre",
    "note",
    "DOI",
    "URL",
    "ISBN",
)


@dataclass(slots=True)
class PRF:
    """True positive, false positive and false negative counts with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """Gold items: true positives plus false negatives."""
        return self.tp + self.fn

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(slots=True)
class ReferenceScores:
    """Per-field and pooled scores of a set of parsed references."""

    per_field: dict[str, PRF] = field(default_factory=dict)
    micro: PRF = field(default_factory=PRF)
    exact_match: float = 0.0
    n: int = 0

    def to_table(self) -> str:
        """A plain-text table: one row per field, then micro-F1 and exact match."""
        rows = [f"{'field':<18}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
        for name, prf in self.per_field.items():
            rows.append(
                f"{name:<18}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}"
                f"{prf.support:>7}{prf.tp + prf.fp:>7}"
            )
        m = self.micro
        rows.append(
            f"{'micro':<18}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}{m.support:>7}{m.tp + m.fp:>7}"
        )
        rows.append(f"exact match {self.exact_match:.3f} over {self.n} references")
        return "\n".join(rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "exact_match": round(self.exact_match, 4),
            "micro": self.micro.to_dict(),
            "per_field": {name: prf.to_dict() for name, prf in self.per_field.items()},
        }


def _name_key(name: Any) -> tuple[str, ...]:
    if not isinstance(name, dict):
        return ("literal", fold(str(name)))
    if name.get("literal"):
        return ("literal", fold(str(name["literal"])))
    return (fold(str(name.get("family", ""))), fold(str(name.get("given", ""))))


def _value(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None or value == "":
        return None
    if name == "issued":
        try:
            return str(value["date-parts"][0][0])
        except (KeyError, IndexError, TypeError):
            return None
    text = fold(str(value))
    return text.lower() if name == "DOI" else text or None


def _score_field(gold: dict[str, Any], pred: dict[str, Any], name: str) -> PRF:
    if name in NAME_FIELDS:
        g = Counter(_name_key(n) for n in gold.get(name) or [])
        p = Counter(_name_key(n) for n in pred.get(name) or [])
        tp = sum((g & p).values())
        return PRF(tp, sum(p.values()) - tp, sum(g.values()) - tp)
    g_val, p_val = _value(gold, name), _value(pred, name)
    if g_val is not None and g_val == p_val:
        return PRF(tp=1)
    return PRF(fp=int(p_val is not None), fn=int(g_val is not None))


def score_references(
    gold: Sequence[dict[str, Any]],
    predicted: Sequence[dict[str, Any]],
    *,
    fields: Iterable[str] | None = None,
) -> ReferenceScores:
    """Score CSL items aligned by order (``gold[i]`` is the truth for ``predicted[i]``).

    ``fields`` restricts scoring (default :data:`DEFAULT_FIELDS`); fields with no gold or predicted value
    anywhere are left out of the table.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold items but {len(predicted)} predicted items")
    names = tuple(fields) if fields is not None else DEFAULT_FIELDS
    per_field = {name: PRF() for name in names}
    exact = 0
    for g, p in zip(gold, predicted, strict=True):
        all_right = True
        for name in names:
            prf = _score_field(g, p, name)
            per_field[name].add(prf)
            all_right = all_right and not (prf.fp or prf.fn)
        exact += all_right
    per_field = {name: prf for name, prf in per_field.items() if prf.tp + prf.fp + prf.fn}
    micro = PRF()
    for prf in per_field.values():
        micro.add(prf)
    return ReferenceScores(per_field, micro, exact / len(gold) if gold else 0.0, len(gold))


def load_gold(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Read a JSONL gold file of ``{"raw": ..., "csl": {...}}`` objects as (raw, csl) pairs."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError("not UTF-8 text", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    pairs: list[tuple[str, dict[str, Any]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"invalid JSON: {exc.msg}", path=str(path), line=number) from exc
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("raw"), str)
            or not isinstance(row.get("csl"), dict)
        ):
            raise FormatError(
                'expected an object with "raw" (string) and "csl" (object)', path=str(path), line=number
            )
        pairs.append((row["raw"], row["csl"]))
    return pairs
