"""Tests of the Scopus CSV, RIS, BibTeX, CSL-JSON and OpenAlex readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_kg.errors import FormatError
from bri_kg.read import read_path
from bri_kg.read.bibtex import bibtex_names, iter_bibtex_chunks, make_decoder
from bri_kg.read.openalex import abstract_from_inverted_index
from bri_kg.read.ris import iter_ris_chunks
from bri_kg.read.scopus import parse_scopus_author, split_scopus_authors

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture(scope="module")
def scopus():
    return read_path(SAMPLES / "scopus.csv")


@pytest.fixture(scope="module")
def bibtex():
    return read_path(SAMPLES / "biblio.wos_bibtex.bib")


def test_scopus_records_and_references(scopus):
    assert len(scopus) == 58
    first = scopus[0]
    assert first.source.format == "scopus-csv"
    assert first.csl["title"] == "Scalable molecular dynamics with NAMD"
    assert first.csl["DOI"] == "10.1002/jcc.20289"
    assert first.csl["page"] == "1781-1802"
    assert first.csl["author"][0] == {
        "family": "Phillips",
        "given": "J.C.",
        "affiliation": [
            "Beckman Institute, University of Illinois at Urbana-Champaign, Urbana, IL 61801, United States"
        ],
    }
    assert (
        first.references[1].raw == "Humphrey, W., Dalke, A., Schulten, K., (1996) J Mol Graphics, 14, p. 33"
    )
    assert [len(w.references) > 0 for w in scopus].count(True) == 3
    assert all(r.csl == {} for w in scopus for r in w.references)


def test_scopus_row_lines_point_at_the_row(scopus):
    lines = (SAMPLES / "scopus.csv").read_text(encoding="utf-8-sig").splitlines()
    for work in (w for w in scopus if w.references):
        assert lines[work.references[0].line - 1].startswith('"' + work.csl["author"][0]["family"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Phillips J.C.", {"family": "Phillips", "given": "J.C."}),
        ("Phillips, J.C.", {"family": "Phillips", "given": "J.C."}),
        ("Van Der Berg A.", {"family": "Van Der Berg", "given": "A."}),
        ("Phillips, James C. (57202138757)", {"family": "Phillips", "given": "James C."}),
        ("WHO", {"literal": "WHO"}),
    ],
)
def test_parse_scopus_author(name, expected):
    assert parse_scopus_author(name) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Phillips J.C., Braun R.", ["Phillips J.C.", "Braun R."]),
        ("Phillips, J.C.; Braun, R.", ["Phillips, J.C.", "Braun, R."]),
        ("[No author name available]", []),
    ],
)
def test_split_scopus_authors(cell, expected):
    assert split_scopus_authors(cell) == expected


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


CSL_ITEMS = [
    {
        "id": "doe2020",
        "type": "article-journal",
        "title": "Return migration\u0007",
        "DOI": "https://doi.org/10.1/XY",
        "page": "1\u20139",
        "references": ["Smith, J. (2010). A book. Publisher.", {"title": "Structured", "DOI": "10.2/ab"}],
    },
    {"title": "No id"},
]


def test_csljson(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps(CSL_ITEMS), encoding="utf-8")
    first, second = read_path(path)
    assert first.source.format == "csl-json"
    assert first.csl == {
        "id": "doe2020",
        "type": "article-journal",
        "title": "Return migration",
        "DOI": "10.1/xy",
        "page": "1-9",
    }
    assert [r.raw for r in first.references] == ["Smith, J. (2010). A book. Publisher.", "Structured"]
    assert first.references[1].doi == "10.2/ab"
    assert second.csl == {"id": "items.json#2", "type": "article-journal", "title": "No id"}


OPENALEX = {
    "meta": {"count": 1},
    "results": [
        {
            "id": "https://openalex.org/W1",
            "doi": "https://doi.org/10.1/OA",
            "title": "Belt and Road migration",
            "publication_date": "2021-04-02",
            "type": "article",
            "authorships": [
                {
                    "author": {
                        "display_name": "Aigerim Sadykova",
                        "orcid": "https://orcid.org/0000-0001-0000-0001",
                    },
                    "institutions": [{"display_name": "Nazarbayev University"}],
                }
            ],
            "primary_location": {"source": {"display_name": "Central Asian Survey"}},
            "biblio": {"volume": "40", "issue": "2", "first_page": "1", "last_page": "20"},
            "abstract_inverted_index": {"Labour": [0], "flows": [1, 3], "and": [2]},
            "referenced_works": ["https://openalex.org/W2", "https://openalex.org/W3"],
        }
    ],
}


def test_openalex(tmp_path):
    path = tmp_path / "works.json"
    path.write_text(json.dumps(OPENALEX), encoding="utf-8")
    [work] = read_path(path)
    assert work.source.format == "openalex-json"
    assert work.csl["DOI"] == "10.1/oa"
    assert work.csl["issued"] == {"date-parts": [[2021, 4, 2]]}
    assert work.csl["author"] == [
        {
            "family": "Sadykova",
            "given": "Aigerim",
            "affiliation": ["Nazarbayev University"],
            "ORCID": "https://orcid.org/0000-0001-0000-0001",
        }
    ]
    assert (work.csl["container-title"], work.csl["page"]) == ("Central Asian Survey", "1-20")
    assert work.csl["abstract"] == "Labour flows and flows"
    assert [(r.position, r.csl["id"]) for r in work.references] == [
        (1, "https://openalex.org/W2"),
        (2, "https://openalex.org/W3"),
    ]


def test_abstract_from_empty_index():
    assert abstract_from_inverted_index(None) is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "Authors,Title,Source title,EID\n", "no Scopus record found"),
        ("x.ris", "TY  - JOUR\n", None),
        ("x.bib", "@comment{nothing}\n", "no BibTeX entry found"),
        ("x.json", '{"results": []}', "JSON, but not"),
    ],
)
def test_exports_without_records(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    if message is None:
        [work] = read_path(path)  # an entry cut before ER is still read
        assert work.csl["type"] == "article-journal"
        return
    with pytest.raises(FormatError, match=message):
        read_path(path)


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
