"""Scoring the tagger against gold annotations: strict span+label P/R/F1, norm and Wikidata accuracy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bri_kg.entities.tagger import EntityTagger

__all__ = ["SCORED_LABELS", "EntityScores", "LabelScore", "evaluate_entities"]

# The seed gold has no TOPIC annotations, so TOPIC predictions are left out of the score.
SCORED_LABELS = ("ACTOR", "POLICY", "REGION")


@dataclass
class LabelScore:
    """Counts and derived precision/recall/F1 for one label (or all, micro-averaged)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class EntityScores:
    """Per-label and micro scores; norm/Wikidata accuracy over strictly matched gold entities."""

    per_label: dict[str, LabelScore]
    micro: LabelScore
    norm_correct: int = 0
    norm_total: int = 0
    wikidata_correct: int = 0
    wikidata_total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def norm_accuracy(self) -> float:
        return self.norm_correct / self.norm_total if self.norm_total else 0.0

    @property
    def wikidata_accuracy(self) -> float:
        return self.wikidata_correct / self.wikidata_total if self.wikidata_total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "per_label": {label: score.to_dict() for label, score in self.per_label.items()},
            "micro": self.micro.to_dict(),
            "norm_accuracy": self.norm_accuracy,
            "wikidata_accuracy": self.wikidata_accuracy,
            "errors": self.errors,
        }

    def to_table(self) -> str:
        lines = [f"{'label':8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
        for label, s in [*self.per_label.items(), ("micro", self.micro)]:
            lines.append(
                f"{label:8} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}"
            )
        lines.append(f"norm accuracy     {self.norm_accuracy:.3f} ({self.norm_correct}/{self.norm_total})")
        lines.append(
            f"wikidata accuracy {self.wikidata_accuracy:.3f} ({self.wikidata_correct}/{self.wikidata_total})"
        )
        return "\n".join(lines)


def evaluate_entities(
    gold: list[dict], tagger: EntityTagger, labels: Iterable[str] = SCORED_LABELS
) -> EntityScores:
    """Score ``tagger`` on gold rows ``{"id", "text", "entities": [{start, end, label, text, norm, wikidata?}]}``."""
    labels = tuple(labels)
    per_label = {label: LabelScore() for label in labels}
    scores = EntityScores(per_label=per_label, micro=LabelScore())
    predictions = tagger.tag_many(row["text"] for row in gold)
    for row, mentions in zip(gold, predictions, strict=True):
        predicted = {(m.start, m.end, m.label): m for m in mentions if m.label in labels}
        expected = {(e["start"], e["end"], e["label"]): e for e in row["entities"] if e["label"] in labels}
        for key, entity in expected.items():
            mention = predicted.get(key)
            if mention is None:
                per_label[key[2]].fn += 1
                scores.errors.append({"id": row["id"], "type": "fn", "text": entity["text"], "label": key[2]})
                continue
            per_label[key[2]].tp += 1
            scores.norm_total += 1
            scores.norm_correct += mention.norm == entity["norm"]
            if mention.norm != entity["norm"]:
                scores.errors.append(
                    {"id": row["id"], "type": "norm", "text": entity["text"], "norm": mention.norm}
                )
            if entity.get("wikidata"):
                scores.wikidata_total += 1
                scores.wikidata_correct += mention.wikidata == entity["wikidata"]
        for key, mention in predicted.items():
            if key not in expected:
                per_label[key[2]].fp += 1
                scores.errors.append({"id": row["id"], "type": "fp", "text": mention.text, "label": key[2]})
    for s in per_label.values():
        scores.micro.tp += s.tp
        scores.micro.fp += s.fp
        scores.micro.fn += s.fn
    return scores
