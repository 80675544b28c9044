"""Ingest throughput: WoS plain text with cited references, end to end into the store (records/s).

Run ``python bench/ingest_bench.py [--copies 21] [--model]``: the bibliometrixData file (147 records,
5,815 cited references) is replicated ``copies`` times with changed UT and DI fields (and TI: so every copy is a
distinct citing work, while the cited references stay the same works, as in a real corpus), then
:func:`bri_kg.pipeline.build` runs without network rendering into a fresh on-disk Oxigraph store. Prints
records/s from the start to the store's last write, and the seconds of each stage (``--trig`` adds the
sorted graph.trig export, timed as its own stage and left out of records/s). ``--model`` uses spaCy's statistical model for entities
(default: the rule-based pipeline only).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main", "replicate"]

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "fixtures"
    / "samples"
    / "scientometrics_text.wos_plaintext.txt"
)


def replicate(text: str, copies: int) -> str:
    """The records of a WoS plain-text export repeated, each copy's UT and DI made unique."""
    body = text.split("\n", 2)[2] if text.startswith("FN ") else text
    records = body.rsplit("\nEF", 1)[0]
    out = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    for n in range(copies):
        copy = re.sub(r"^UT (\S+)", rf"UT \g<1>-{n}", records, flags=re.MULTILINE)
        copy = re.sub(r"^DI (\S+)", rf"DI \g<1>.copy{n}", copy, flags=re.MULTILINE)
        # Records without a DOI would merge with their copies on the title: number the copies' titles.
        copy = re.sub(r"^TI (.+)$", rf"TI Copy {n}: \g<1>", copy, flags=re.MULTILINE)
        out.append(copy.strip("\n"))
    out.append("EF")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    from bri_kg.pipeline import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=21, help="copies of the 147 records (21: 3,087)")
    parser.add_argument("--model", action="store_true", help="use spaCy's statistical model for entities")
    parser.add_argument(
        "--trig", action="store_true", help="also write graph.trig (a sorted copy of the store; timed apart)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replicated.txt"
        path.write_text(replicate(SAMPLE.read_text(encoding="utf-8"), args.copies), encoding="utf-8")
        start = time.perf_counter()
        summary = build([path], out=Path(tmp) / "out", networks=False, use_model=args.model, trig=args.trig)
        seconds = time.perf_counter() - start - summary.seconds.get("trig", 0.0)
    print(
        f"{summary.works} records, {summary.references} cited references, {summary.cited_works} cited works, "
        f"{summary.triples} quads into the store in {seconds:.1f} s: {summary.works / seconds:.0f} records/s"
    )
    print("stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in summary.seconds.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
