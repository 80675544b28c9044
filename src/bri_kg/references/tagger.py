"""The trained CRF sequence tagger: a reference string in, labelled Segments out."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycrfsuite

from bri_kg.errors import ModelError
from bri_kg.references.corpus import segments_from_labels
from bri_kg.references.features import sequence_features
from bri_kg.references.labels import Segment
from bri_kg.references.tokenize import tokenize

__all__ = ["DEFAULT_MODEL_PATH", "CrfTagger", "TaggedReference", "load_tagger"]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / "refs.crfsuite"
# CRFsuite model files start with this magic and their own total size (little-endian uint32).
_MAGIC = b"lCRF"


@dataclass(frozen=True, slots=True)
class TaggedReference:
    """A reference string with its labelled segments (in order) and the tagger's confidence.

    ``confidence`` is the CRF probability of the whole Viterbi label path, normalised by length (its
    geometric mean per token, ``P(path | string) ** (1 / tokens)``); 0.0 for a string without tokens.
    """

    raw: str
    segments: list[Segment]
    confidence: float


class CrfTagger:
    """Tags reference strings with a CRFsuite model; one instance is not safe to share across threads."""

    def __init__(self, tagger: pycrfsuite.Tagger, path: Path) -> None:
        self._tagger = tagger
        self.path = path

    @property
    def labels(self) -> list[str]:
        """The labels the model knows."""
        return list(self._tagger.labels())

    def tag(self, raw: str) -> TaggedReference:
        """Tag one reference string; never raises on a str."""
        tokens = tokenize(raw)
        if not tokens:
            return TaggedReference(raw, [], 0.0)
        tagger = self._tagger
        tagger.set(sequence_features(tokens))
        labels = tagger.tag()
        # One forward pass (the path's probability) instead of forward-backward and a marginal per token.
        probability = tagger.probability(labels)
        confidence = min(1.0, max(0.0, probability ** (1.0 / len(labels)))) if probability > 0.0 else 0.0
        return TaggedReference(raw, segments_from_labels(raw, tokens, labels), confidence)

    def tag_many(self, raws: Iterable[str]) -> list[TaggedReference]:
        """Tag several reference strings, in order."""
        return [self.tag(raw) for raw in raws]


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        size = path.stat().st_size
    except OSError as exc:
        raise ModelError(f"cannot read reference model {path}: {exc}") from exc
    if len(head) < 8 or head[:4] != _MAGIC:
        raise ModelError(f"{path} is not a CRFsuite model")
    if struct.unpack("<I", head[4:8])[0] != size:
        raise ModelError(f"{path} is truncated or corrupt")


def _open(path: Path) -> CrfTagger:
    if not path.is_file():
        raise ModelError(
            f"reference model not found: {path} (train it with python -m bri_kg.references.train)"
        )
    _check_header(path)
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load reference model {path}: {exc}") from exc
    return CrfTagger(tagger, path)


@cache
def _default() -> CrfTagger:
    return _open(DEFAULT_MODEL_PATH)


def load_tagger(path: Path | None = None) -> CrfTagger:
    """Load the shipped model (cached) or the one at ``path``; raises ModelError if missing or corrupt."""
    return _default() if path is None else _open(Path(path))
