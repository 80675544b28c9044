"""Tests of the BibTeX reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from bri_kg.read import read_path
from bri_kg.read.bibtex import bibtex_names, iter_bibtex_chunks, make_decoder

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture(scope="module")
def bibtex():
    return read_path(SAMPLES / "biblio.wos_bibtex.bib")


def test_wos_bibtex_sample(bibtex):
    assert len(bibtex) == 99
    first = bibtex[0]
    assert first.csl["title"] == "Assessing China's salt lake resources R&D based on bibliometrics analysis"
    assert first.csl["issued"] == {"date-parts": [[2015, 11]]}
    assert first.csl["author"][1] == {
        "family": "Sun",
        "given": "Ji-qing",
        "affiliation": [
            "E China Univ Sci & Technol, Inst Sci & Technol Informat, Shanghai 200237, Peoples R China"
        ],
    }
    ref = first.references[0]
    assert ref.raw == "Kilic O, 2005, DESALINATION, V186, P11, DOI 10.1016/j.desal.2005.05.014."
    assert ref.doi == "10.1016/j.desal.2005.05.014"
    assert ref.csl["container-title"] == "DESALINATION"
    lines = (SAMPLES / "biblio.wos_bibtex.bib").read_text(encoding="utf-8").splitlines()
    assert all(r.raw in lines[r.line - 1] for r in first.references)


def test_bibtex_string_macros_and_names(tmp_path):
    path = tmp_path / "x.bib"
    path.write_text(
        '@string{jms = "Journal of Migration Studies"}\n% comment\n'
        "@article{a1,\n  author = {van der Berg, Jan and {World Bank}},\n  title = {Remittances},\n"
        "  journal = jms,\n  year = 2019,\n  pages = {5--9},\n  doi = {10.1/ABC}\n}\n",
        encoding="utf-8",
    )
    [work] = read_path(path)
    assert work.csl["container-title"] == "Journal of Migration Studies"
    assert work.csl["author"] == [{"family": "van der Berg", "given": "Jan"}, {"literal": "World Bank"}]
    assert (work.csl["page"], work.csl["DOI"], work.csl["id"]) == ("5-9", "10.1/abc", "10.1/abc")
    assert [line for line, _, _ in iter_bibtex_chunks(enumerate(path.read_text().splitlines(), 1))] == [3]


def test_bibtex_names_with_suffix():
    assert bibtex_names("King, Jr., Martin") == [{"family": "King", "given": "Martin", "suffix": "Jr."}]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("{Salt lake R\\&D}", "Salt lake R&D"),
        ('M\\"{u}ller and R\\&D at 50\\%', "Müller and R&D at 50%"),
        ("DOI {[}10.1/a\\_b, 1]", "DOI [10.1/a_b, 1]"),
        ("unbalanced {brace", "unbalanced brace"),
    ],
)
def test_latex_decoding(latex, text):
    assert make_decoder()(latex) == text
