"""Tests of the RIS reader."""

from __future__ import annotations

from pathlib import Path

from bri_kg.read import read_path
from bri_kg.read.ris import iter_ris_chunks

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def test_ris_sample():
    works = read_path(SAMPLES / "example.ris")
    assert len(works) == 25
    second = works[1].csl
    assert second["type"] == "paper-conference"
    assert second["author"][:2] == [{"family": "Bobák", "given": "M."}, {"family": "Hluchy", "given": "L."}]
    assert second["page"] == "479-487"
    assert second["DOI"] == "10.1109/escience.2019.00063"
    assert works[0].csl["author"] == [{"family": "Kalbe", "given": "G."}]  # the export repeats the author


def test_ris_chunks_and_cited_references(tmp_path):
    path = tmp_path / "refs.ris"
    path.write_text(
        "TY  - JOUR\nTI  - One\nAU  - Doe, Jane\nCR  - Smith J, 2010, NATURE, V1, P2\nER  - \n\n"
        "TY  - BOOK\nTI  - Two\nPY  - 2001///\n",
        encoding="utf-8",
    )
    chunks = list(iter_ris_chunks(enumerate(path.read_text(encoding="utf-8").splitlines(), 1)))
    assert [line for line, _ in chunks] == [1, 7]
    one, two = read_path(path)
    assert one.csl["author"] == [{"family": "Doe", "given": "Jane"}]
    assert [r.raw for r in one.references] == ["Smith J, 2010, NATURE, V1, P2"]
    assert (two.csl["type"], two.csl["issued"]) == ("book", {"date-parts": [[2001]]})
