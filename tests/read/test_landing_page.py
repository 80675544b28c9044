"""Tests of the OJS landing-page reader and its reference-joining heuristic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_kg.errors import FormatError
from bri_kg.read import read_path
from bri_kg.read.landing_page import (
    join_split_references,
    looks_complete,
    looks_like_reference_start,
    parse_apa_authors,
    parse_how_to_cite,
    parse_person_name,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "gold" / "seed_article.txt"
GOLD = FIXTURES / "gold" / "seed_references.csl.jsonl"


@pytest.fixture(scope="module")
def seed():
    [work] = read_path(SEED)
    return work


def test_seed_references_match_gold_raw_strings(seed):
    gold = [json.loads(line)["raw"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert [r.raw for r in seed.references] == gold
    assert [r.position for r in seed.references] == list(range(1, 46))
    assert all(r.csl == {} for r in seed.references)


def test_seed_reference_lines_point_at_the_bullet(seed):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for ref in seed.references:
        assert lines[ref.line - 1].lstrip("• ").startswith(ref.raw[:30])


def test_seed_split_reference_is_joined_with_one_space(seed):
    joined = [r.raw for r in seed.references if "Trends in International Migrant Stock" in r.raw]
    assert len(joined) == 1
    assert "(2017). Trends in International Migrant Stock: The 2017 Revision." in joined[0]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "title",
            "Migration Processes in Kazakhstan in the Context of the Formation of the Silk Road Economic Belt",
        ),
        ("type", "article-journal"),
        ("container-title", "Journal of Population and Social Studies"),
        ("container-title-short", "JPSS"),
        ("volume", "28"),
        ("issue", "2"),
        ("page", "156-174"),
        ("issued", {"date-parts": [[2020]]}),
        ("URL", "https://so03.tci-thaijo.org/index.php/jpss/article/view/217790"),
    ],
)
def test_seed_metadata(seed, key, expected):
    assert seed.csl[key] == expected


def test_seed_authors_and_affiliation(seed):
    authors = seed.csl["author"]
    assert [(a["family"], a["given"]) for a in authors] == [
        ("Amrin", "Aslanbek K."),
        ("Kaliyeva", "Saule A."),
        ("Alzhanova", "Farida G"),
    ]
    assert authors[0]["affiliation"] == [
        "Shanghai Jiao Tong University, School of International and Public Affairs, China"
    ]
    assert "affiliation" not in authors[1]


def test_seed_abstract_and_source(seed):
    assert seed.csl["abstract"].startswith("This article deals with the development of migration")
    assert seed.csl["abstract"].endswith("to attract foreign labor.")
    assert seed.source.format == "landing-page"
    assert len(seed.source.sha256) == 64


OTHER_PAGE = """\
Remittances, Return and Road: Evidence from Kyrgyzstan

Gulnara van der Berg
https://orcid.org/0000-0002-1825-0097
Timur Osmonov
Main Article Content

Abstract
Remittances sent by labour migrants from Kyrgyzstan to their families are examined with survey data from three provinces.

Keywords
remittances, return migration; Kyrgyzstan

Article Details

DOI: https://doi.org/10.5555/JMS.2021.7
How to Cite
van der Berg, G., & Osmonov, T. (2021). Remittances, Return and Road: Evidence from Kyrgyzstan. Central Asian Journal of Migration, 4(1), 12–30. https://doi.org/10.5555/jms.2021.7
Author Biographies

Timur Osmonov, American University of Central Asia, Bishkek, Kyrgyzstan

References
Abazov, R. (2009). Culture and customs of the Central Asian republics. Greenwood Press.
Ryazantsev, S. (2016). Labour migration from Central Asia to Russia in the context of the economic crisis. Russia in Global Affairs, 14(3),
45–62.
van Dijk, T. A. (2001). Critical discourse analysis. In The handbook of discourse analysis (pp. 352–371). Blackwell.

Most read articles by the same author(s)
Another article title that is not a reference
"""


def test_other_ojs_page_with_authors_first_and_heading_list(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(OTHER_PAGE, encoding="utf-8")
    [work] = read_path(path)
    csl = work.csl
    assert csl["title"] == "Remittances, Return and Road: Evidence from Kyrgyzstan"
    assert csl["DOI"] == "10.5555/jms.2021.7"
    assert csl["id"] == "10.5555/jms.2021.7"
    assert csl["container-title"] == "Central Asian Journal of Migration"
    assert "container-title-short" not in csl
    assert (csl["volume"], csl["issue"], csl["page"]) == ("4", "1", "12-30")
    assert csl["author"][0] == {
        "family": "van der Berg",
        "given": "Gulnara",
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
    }
    assert csl["author"][1]["affiliation"] == ["American University of Central Asia, Bishkek, Kyrgyzstan"]
    assert csl["abstract"].startswith("Remittances sent by labour migrants")
    assert csl["keyword"] == "remittances, return migration, Kyrgyzstan"
    assert [r.raw[:12] for r in work.references] == ["Abazov, R. (", "Ryazantsev, ", "van Dijk, T."]
    assert work.references[1].raw.endswith("14(3), 45–62.")
    assert [r.line for r in work.references] == [24, 25, 27]


def test_breadcrumbs_above_the_title_are_skipped(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Home / Archives / Vol. 4 No. 1 (2021) / Articles\n" + OTHER_PAGE, encoding="utf-8")
    [work] = read_path(path)
    assert work.csl["title"] == "Remittances, Return and Road: Evidence from Kyrgyzstan"
    assert [a["family"] for a in work.csl["author"]] == ["van der Berg", "Osmonov"]


def test_inverted_author_names_on_a_page(tmp_path):
    path = tmp_path / "page.txt"
    page = OTHER_PAGE.replace("Gulnara van der Berg", "van der Berg, Gulnara").replace(
        "Timur Osmonov\nMain", "Osmonov, Timur\nMain"
    )
    path.write_text(page, encoding="utf-8")
    [work] = read_path(path)
    assert [(a["family"], a["given"]) for a in work.csl["author"]] == [
        ("van der Berg", "Gulnara"),
        ("Osmonov", "Timur"),
    ]


def test_page_without_references_names_the_file():
    path = FIXTURES / "bad" / "no_references.txt"
    with pytest.raises(FormatError, match=r"no_references\.txt: no reference list found"):
        read_path(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aoyama, R. (2016). One Belt, One Road. Journal, 5(2), 3–22.", True),
        ("United Nations. (2014). World urbanization prospects.", True),
        ("Zenz, A. (2019a). Beyond the camps.", True),
        ("Smith, J. (n.d.). Undated report.", True),
        ("van Dijk, T. A. (2001). Critical discourse analysis.", True),
        ("Smith J, 2010, SCIENTOMETRICS, V84, P1", True),
        ("Keqiang, L. China-Kazakhstan cooperation. The Astana Times.", True),
        ("[12] A numbered entry without a year", True),
        (
            "International Migrant Stock: The 2017 Revision. (United Nations database). Retrieved from x",
            False,
        ),
        ("and social change in Central Asia (pp. 3–20). Routledge.", False),
        ("doi:10.1080/01419870.2016.1139155", False),
        ("", False),
    ],
)
def test_looks_like_reference_start(text, expected):
    assert looks_like_reference_start(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aoyama, R. (2016). Title. Journal, 5(2), 3–22.", True),
        ("Retrieved from https://example.org/report", True),
        ("Sustainability, 10(11), 4234. doi:10.3390/su10114234", True),
        ("Springer (Eds.)", True),
        ("United Nations. (2017). Trends in", False),
        ("Routledge", False),
    ],
)
def test_looks_complete(text, expected):
    assert looks_complete(text) is expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # an unfinished item followed by a capitalised fragment without author-date pattern
        (
            ["A, B. (2017). Trends in", "International Migrant Stock. Retrieved from x"],
            ["A, B. (2017). Trends in International Migrant Stock. Retrieved from x"],
        ),
        # a lower-case fragment continues even a finished-looking item
        (
            ["A, B. (2017). Title (Vol. 2).", "in press at the journal."],
            ["A, B. (2017). Title (Vol. 2). in press at the journal."],
        ),
        # a new author-date start is never joined, even after an unfinished item
        (
            ["A, B. (2017). Unfinished", "C, D. (2018). Other."],
            ["A, B. (2017). Unfinished", "C, D. (2018). Other."],
        ),
        # a finished item followed by a capitalised yearless item: two references
        (
            ["A, B. (2017). Done.", "Keqiang, L. Cooperation. The Astana Times."],
            ["A, B. (2017). Done.", "Keqiang, L. Cooperation. The Astana Times."],
        ),
        # three parts of one reference, blanks ignored
        (
            ["E, F. (2010). Part one,", "", "part two and", "Part Three."],
            ["E, F. (2010). Part one, part two and Part Three."],
        ),
    ],
)
def test_join_split_references(items, expected):
    numbered = [(i, text) for i, text in enumerate(items, 1)]
    assert [text for _, text in join_split_references(numbered)] == expected


def test_joined_reference_keeps_line_of_first_part():
    assert join_split_references([(7, "A, B. (2017). Trends in"), (9, "Stock.")]) == [
        (7, "A, B. (2017). Trends in Stock.")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Amrin, A. K., Kaliyeva, S. A., & Alzhanova, F. G.",
            [
                {"family": "Amrin", "given": "A. K."},
                {"family": "Kaliyeva", "given": "S. A."},
                {"family": "Alzhanova", "given": "F. G."},
            ],
        ),
        ("Doe, J.", [{"family": "Doe", "given": "J."}]),
        ("World Bank.", [{"literal": "World Bank"}]),
        ("Li, X., Wang, C., et al.", [{"family": "Li", "given": "X."}, {"family": "Wang", "given": "C."}]),
    ],
)
def test_parse_apa_authors(text, expected):
    assert parse_apa_authors(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Aslanbek K. Amrin", {"family": "Amrin", "given": "Aslanbek K."}),
        ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
        ("Amrin, Aslanbek", {"family": "Amrin", "given": "Aslanbek"}),
        ("Madonna", {"family": "Madonna"}),
    ],
)
def test_parse_person_name(name, expected):
    assert parse_person_name(name) == expected


def test_how_to_cite_without_known_title_splits_at_last_sentence():
    csl = parse_how_to_cite(
        "Doe, J. (2019). Labour migration: a review. Asian Migration Review [AMR], 2, 5–9. Retrieved from https://x.org/a"
    )
    assert csl["title"] == "Labour migration: a review"
    assert csl["container-title"] == "Asian Migration Review"
    assert csl["container-title-short"] == "AMR"
    assert (csl["volume"], csl["page"], csl["URL"]) == ("2", "5-9", "https://x.org/a")
    assert "issue" not in csl


def test_how_to_cite_that_is_not_apa_gives_nothing():
    assert parse_how_to_cite("Download citation as BibTeX") == {}


def test_hostile_title_on_a_page_is_kept_as_data(tmp_path):
    path = tmp_path / "page.txt"
    hostile = "<script>alert(1)</script> Migration\x00 and <img src=x onerror=alert(1)>\x07 Roads"
    path.write_text(
        f"{hostile}\n\n• Doe, J. (2020). <b>Bold</b>\x1b title. Journal, 1(1), 1–2.\n", encoding="utf-8"
    )
    [work] = read_path(path, format="landing-page")
    assert work.csl["title"] == "<script>alert(1)</script> Migration and <img src=x onerror=alert(1)> Roads"
    assert work.references[0].raw == "Doe, J. (2020). <b>Bold</b> title. Journal, 1(1), 1–2."
