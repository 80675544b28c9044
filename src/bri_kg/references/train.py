"""Train, tune and evaluate the reference-string CRF (``python -m bri_kg.references.train``)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from bri_kg.references.corpus import Record, load_records, record_token_labels, skipped_count
from bri_kg.references.features import sequence_features
from bri_kg.references.labels import LABELS, Segment
from bri_kg.references.tagger import DEFAULT_MODEL_PATH, CrfTagger, load_tagger

__all__ = ["DEFAULT_PARAMS", "evaluate_tagger", "main", "train_model", "tune"]

# Chosen by `--tune` (an 80/20 holdout inside a third of TRAIN, never dev); see MODEL.md.
DEFAULT_PARAMS: dict[str, float | int] = {
    "c1": 0.6,
    "c2": 0.1,
    "max_iterations": 200,
    "feature.minfreq": 2,
}
_STRIP = " \t\n.,;:()[]{}\"'“”‘’«»-–—/"


def _pairs(records: Sequence[Record]) -> list[tuple[list[list[bytes]], list[str]]]:
    out = []
    for rec in records:
        tokens, labels = record_token_labels(rec)
        if tokens:
            out.append((sequence_features(tokens), labels))
    return out


def train_model(
    records: Sequence[Record], out: Path, params: dict[str, float | int] | None = None, verbose: bool = False
) -> Path:
    """Train a CRF with L-BFGS on ``records`` and write it to ``out``."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=verbose)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {}), "feature.possible_transitions": True})
    for xseq, yseq in _pairs(records):
        trainer.append(xseq, yseq)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def _stripped(seg: Segment) -> tuple[str, int, int]:
    text = seg.text
    left = len(text) - len(text.lstrip(_STRIP))
    right = len(text.rstrip(_STRIP))
    return seg.label, seg.start + left, seg.start + max(left, right)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def evaluate_tagger(records: Sequence[Record], tagger: CrfTagger | None = None) -> dict[str, object]:
    """Token accuracy and per-label token and segment P/R/F1 of ``tagger`` on gold ``records``.

    A predicted segment counts as correct when its label and its span, with surrounding punctuation and
    spaces stripped, equal a gold segment's.
    """
    tagger = tagger or load_tagger()
    tok = {k: Counter() for k in ("tp", "fp", "fn")}
    seg = {k: Counter() for k in ("tp", "fp", "fn")}
    correct = total = exact = 0
    confusion: Counter[tuple[str, str]] = Counter()
    start = time.process_time()
    tagged = tagger.tag_many(r.raw for r in records)
    elapsed = time.process_time() - start
    for rec, pred in zip(records, tagged, strict=True):
        _, gold_labels = record_token_labels(rec)
        pred_rec = Record(rec.id, rec.source, rec.style, rec.raw, pred.segments)
        _, pred_labels = record_token_labels(pred_rec) if pred.segments else ([], [])
        for g, p in zip(gold_labels, pred_labels, strict=True):
            total += 1
            if g == p:
                correct += 1
                tok["tp"][g] += 1
            else:
                tok["fp"][p] += 1
                tok["fn"][g] += 1
                confusion[(g, p)] += 1
        gold = {_stripped(s) for s in rec.segments}
        got = {_stripped(s) for s in pred.segments}
        exact += gold == got
        for s in got & gold:
            seg["tp"][s[0]] += 1
        for s in got - gold:
            seg["fp"][s[0]] += 1
        for s in gold - got:
            seg["fn"][s[0]] += 1

    def table(c: dict[str, Counter]) -> dict[str, dict[str, float]]:
        rows = {lab: _prf(c["tp"][lab], c["fp"][lab], c["fn"][lab]) for lab in LABELS}
        rows = {k: v for k, v in rows.items() if v["support"] or c["fp"][k]}
        rows["micro"] = _prf(sum(c["tp"].values()), sum(c["fp"].values()), sum(c["fn"].values()))
        return rows

    return {
        "references": len(records),
        "token_accuracy": round(correct / total, 4) if total else 0.0,
        "reference_exact": round(exact / len(records), 4) if records else 0.0,
        "tokens": table(tok),
        "segments": table(seg),
        "confusion": [[g, p, n] for (g, p), n in confusion.most_common(25)],
        "refs_per_second": round(len(records) / elapsed, 1) if elapsed else 0.0,
    }


def tune(
    records: Sequence[Record], grid: Sequence[tuple[float, float]], work: Path, seed: int = 0
) -> list[tuple[float, float, float]]:
    """Segment micro-F1 of each (c1, c2) on a fixed 80/20 holdout inside ``records`` (TRAIN only)."""

    def bucket(rec: Record) -> int:
        return int(hashlib.sha1(f"{seed}:{rec.id}".encode()).hexdigest(), 16) % 5

    fit = [r for r in records if bucket(r)]
    held = [r for r in records if not bucket(r)]
    results = []
    for c1, c2 in grid:
        path = work / f"tune-{c1}-{c2}.crfsuite"
        train_model(fit, path, {"c1": c1, "c2": c2, "max_iterations": 120})
        f1 = evaluate_tagger(held, load_tagger(path))["segments"]["micro"]["f1"]  # type: ignore[index]
        results.append((c1, c2, f1))
        print(f"c1={c1} c2={c2} segment-F1={f1}", file=sys.stderr, flush=True)
    return results


def _print_report(report: dict[str, object]) -> None:
    print(f"dev references: {report['references']}  token accuracy: {report['token_accuracy']}")
    print(f"references fully right: {report['reference_exact']}  tagging: {report['refs_per_second']} refs/s")
    print(f"{'label':18} {'tokF1':>7} {'segP':>7} {'segR':>7} {'segF1':>7} {'support':>8}")
    toks, segs = report["tokens"], report["segments"]
    for lab, row in segs.items():  # type: ignore[union-attr]
        tf = toks.get(lab, {}).get("f1", 0.0)  # type: ignore[union-attr]
        print(
            f"{lab:18} {tf:7.4f} {row['precision']:7.4f} {row['recall']:7.4f} {row['f1']:7.4f} "
            f"{row['support']:8d}"
        )
    print("top token confusions (gold -> predicted):")
    for g, p, n in report["confusion"][:15]:  # type: ignore[index]
        print(f"  {g} -> {p}: {n}")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: train (default), ``--eval`` or ``--tune``."""
    ap = argparse.ArgumentParser(prog="python -m bri_kg.references.train", description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH, help="model file to write or evaluate")
    ap.add_argument("--seed", type=int, default=0, help="seed of the tuning holdout (training is exact)")
    ap.add_argument("--eval", action="store_true", help="evaluate --out on the dev split")
    ap.add_argument("--json", action="store_true", help="with --eval: print the full report as JSON")
    ap.add_argument("--tune", action="store_true", help="grid-search c1/c2 on a holdout inside train")
    ap.add_argument("--c1", type=float, nargs="+", default=[0.02, 0.1, 0.3], help="--tune grid of c1")
    ap.add_argument("--c2", type=float, nargs="+", default=[0.003, 0.03], help="--tune grid of c2")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.eval:
        report = evaluate_tagger(load_records("dev"), load_tagger(args.out))
        print(json.dumps(report, indent=1)) if args.json else _print_report(report)
        return 0
    train = load_records("train")
    if args.tune:
        grid = [(c1, c2) for c1 in args.c1 for c2 in args.c2]
        # A third of TRAIN keeps the grid affordable; dev is never looked at.
        best = max(tune(train[::3], grid, args.out.parent, args.seed), key=lambda t: t[2])
        print(f"best c1={best[0]} c2={best[1]} segment-F1={best[2]}")
        return 0
    start = time.process_time()
    print(f"training on {len(train)} references ({skipped_count()} unaligned skipped)", file=sys.stderr)
    train_model(train, args.out, verbose=args.verbose)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {time.process_time() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
