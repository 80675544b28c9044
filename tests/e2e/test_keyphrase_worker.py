"""YAKE in a worker process gives what it gives inline; works with keywords keep their own."""

from __future__ import annotations

from pathlib import Path

from bri_kg import pipeline
from bri_kg.models import Work
from bri_kg.read import read_path

SAMPLE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "scientometrics_text.wos_plaintext.txt"
)


def _mixed() -> list[Work]:
    works = read_path(SAMPLE)
    with_keywords = [w for w in works if w.csl.get("keyword")]
    return [*with_keywords[:8], *[w for w in works if not w.csl.get("keyword")][:12]]


def test_keyphrases_in_a_worker_equal_inline(monkeypatch) -> None:
    works = _mixed()
    without = pipeline._keyphrase_texts(works)
    assert 0 < len(without) < len(works)  # some records have author keywords (DE), some not
    monkeypatch.setattr(pipeline, "PARALLEL_KEYPHRASE_TEXTS", 10**9)
    inline = pipeline._PendingKeyphrases(works, top=10)
    assert inline._futures == []
    monkeypatch.setattr(pipeline, "PARALLEL_KEYPHRASE_TEXTS", 1)
    worker = pipeline._PendingKeyphrases(works, top=10)
    assert worker._futures
    assert worker.result() == inline.result()
    assert worker._executor is None  # shut down once collected


def test_works_with_keywords_get_them_as_keyphrases() -> None:
    from bri_kg.entities.ontology import load_ontology

    works = _mixed()
    pending = pipeline._PendingKeyphrases(works, top=10)
    owners = [f"https://example.org/w{i}" for i in range(len(works))]
    phrases = pipeline._keyphrases(works, owners, load_ontology(), pending)
    with_keywords = next(i for i, w in enumerate(works) if w.csl.get("keyword"))
    own = [p for p, _ in phrases[with_keywords][1]]
    assert own and own[0].casefold() in works[with_keywords].csl["keyword"].casefold()
    assert all(phrases[i][1] for i in pipeline._keyphrase_texts(works))
