"""Identity resolution measured on the sample exports: DOIs of cited references hidden, DOI truth kept.

Run ``python bench/identity_bench.py [FILE ...]`` (default: every sample in tests/fixtures/samples with
DOI-bearing references, each file alone and all together). For each reference that carries a DOI, the DOI
is removed (from ``Reference.doi`` and its CSL) before :func:`bri_kg.resolve.resolve`; citing works keep
theirs. Pairwise precision / recall / F1 over those references compare "same node" with "same DOI", beside
two baselines computed on the same references:

* bibliometrix-style key ``"AUTHOR INITIALS, YEAR, SOURCE"`` (its SR tag, and the label its co-citation
  network merges on): "YAN EJ, 2012, J AM SOC INF SCI TEC";
* metaknowledge's key (``Citation.ID()``, used for its hashing and equality): author with dots removed in
  title case, year, source upper case: "Yan Ej, 2012, J AM SOC INF SCI TEC".
"""

from __future__ import annotations

import argparse
import copy
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bri_kg.models import Reference, Work
from bri_kg.read import read_path
from bri_kg.references import parse_work_references
from bri_kg.resolve import normalize_doi, resolve

__all__ = ["PRF", "bibliometrix_key", "hide_dois", "main", "metaknowledge_key", "pairwise", "score_files"]

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "samples"


@dataclass(frozen=True, slots=True)
class PRF:
    """Pairwise precision, recall and F1 with the pair counts behind them."""

    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int

    def row(self, name: str) -> str:
        return (
            f"{name:<34} P={self.precision:.4f} R={self.recall:.4f} F1={self.f1:.4f} "
            f"(pairs: predicted {self.predicted_pairs}, true {self.true_pairs})"
        )


def _pairs(sizes: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def pairwise(predicted: Sequence[str | None], truth: Sequence[str]) -> PRF:
    """Pairwise scores of a clustering; None (unresolved) is a singleton."""
    labels = [p if p is not None else f"\0{i}" for i, p in enumerate(predicted)]
    both = _pairs(Counter(zip(labels, truth, strict=True)))
    pred, true = _pairs(Counter(labels)), _pairs(Counter(truth))
    precision = both / pred if pred else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, pred, true)


def _doi_of(ref: Reference) -> str | None:
    return normalize_doi(ref.doi) or normalize_doi(ref.csl.get("DOI"))


def hide_dois(works: list[Work]) -> tuple[list[Work], dict[tuple[int, int], str]]:
    """A copy of the works without reference DOIs, and the hidden DOI of each (work index, position)."""
    hidden = copy.deepcopy(works)
    truth: dict[tuple[int, int], str] = {}
    for i, work in enumerate(hidden):
        for ref in work.references:
            doi = _doi_of(ref)
            if doi:
                truth[(i, ref.position)] = doi
                ref.doi = None
                ref.csl.pop("DOI", None)
    return hidden, truth


def _author(ref: Reference) -> tuple[str, str]:
    names = ref.csl.get("author") or [{}]
    return str(names[0].get("family") or names[0].get("literal") or ""), str(names[0].get("given") or "")


def _year(ref: Reference) -> str:
    parts = (ref.csl.get("issued") or {}).get("date-parts") or [[""]]
    return str(parts[0][0]) if parts and parts[0] else ""


def _source(ref: Reference) -> str:
    value = ref.csl.get("container-title") or ""
    return str(value[0] if isinstance(value, list) and value else value)


def bibliometrix_key(ref: Reference) -> str:
    """ "FAMILY INITIALS, YEAR, SOURCE" in upper case (bibliometrix's SR label)."""
    family, given = _author(ref)
    return f"{family} {given}".strip().upper() + f", {_year(ref)}, {_source(ref).upper()}"


def metaknowledge_key(ref: Reference) -> str:
    """metaknowledge's Citation.ID(): "Author, YEAR, JOURNAL" with the author's dots removed, title case."""
    family, given = _author(ref)
    author = f"{family} {given}".strip().replace(".", "").title()
    return ", ".join(p for p in (author, _year(ref), _source(ref).upper()) if p)


def score_works(works: list[Work]) -> dict[str, PRF]:
    """Scores of bri-kg and the two baselines on the DOI-bearing references of ``works``."""
    hidden, truth = hide_dois(works)
    resolution = resolve(hidden)
    members = sorted(truth)
    refs = {(i, r.position): r for i, w in enumerate(hidden) for r in w.references}
    gold = [truth[m] for m in members]
    baselines: dict[str, Callable[[Reference], str]] = {
        "bibliometrix AUTHOR-YEAR-SOURCE": bibliometrix_key,
        "metaknowledge Citation.ID()": metaknowledge_key,
    }
    scores = {"bri-kg resolve": pairwise([resolution.reference_nodes.get(m) for m in members], gold)}
    for name, key in baselines.items():
        scores[name] = pairwise([key(refs[m]) for m in members], gold)
    return scores


def score_files(paths: Sequence[Path]) -> dict[str, PRF]:
    """Read (and parse the references of) every file, then score them together."""
    works = [w for p in paths for w in read_path(p)]
    parse_work_references(works)
    return score_works(works)


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".bib", ".csv", ".ris"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="exports to score (default: the samples)")
    args = parser.parse_args(argv)
    files = args.files or _samples()
    groups = [[f] for f in files] + ([files] if len(files) > 1 else [])
    for group in groups:
        start = time.perf_counter()
        scores = score_files(group)
        name = group[0].name if len(group) == 1 else f"all {len(group)} files together"
        refs = scores["bri-kg resolve"].true_pairs
        print(f"== {name} ({time.perf_counter() - start:.1f} s; {refs} true pairs)")
        for label, prf in scores.items():
            print("   " + prf.row(label))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
