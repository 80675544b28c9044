"""Identity resolution on the seed's gold references against the bundled corpus, and on small cases."""

from __future__ import annotations

import json

import pytest

from bri_kg.models import Reference, Source, Work
from bri_kg.resolve import TITLE_THRESHOLD, resolve
from bri_kg.resources import data_dir

SEED_SOURCE = Source("seed.txt", "landing-page", "a" * 64)
CORPUS_SOURCE = Source("corpus.json", "crossref-json", "b" * 64)
# Seed positions of the six works the corpus also holds (cited-by-seed), and of Burkhanov & Chen 2016.
CITED_BY_SEED = {16: "Khan", 17: "Koch", 24: "Mostafa", 27: "Peyrouse", 28: "Sadovskaya", 42: "Zenz"}
BURKHANOV_ARTICLE = 4


def _crossref_csl(item: dict) -> dict:
    csl = {"type": item["type"], "title": item["title"][0]}
    if item.get("author"):
        csl["author"] = [
            {k: v for k, v in a.items() if k in {"family", "given", "name"}} for a in item["author"]
        ]
    if item.get("DOI"):
        csl["DOI"] = item["DOI"]
    if item.get("container-title"):
        csl["container-title"] = item["container-title"][0]
    if item.get("published"):
        csl["issued"] = item["published"]
    for key in ("volume", "issue", "page"):
        if item.get(key):
            csl[key] = item[key]
    return csl


@pytest.fixture(scope="module")
def corpus_items() -> list[dict]:
    return json.loads((data_dir() / "corpus" / "bri_articles.crossref.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def works(corpus_items, gold_references) -> list[Work]:
    seed = Work(
        {
            "type": "article-journal",
            "title": "Seed",
            "author": [{"family": "Amrin"}],
            "issued": {"date-parts": [[2020]]},
        },
        SEED_SOURCE,
        [Reference(raw=g["raw"], position=g["n"], csl=g["csl"]) for g in gold_references],
    )
    return [seed] + [Work(_crossref_csl(item), CORPUS_SOURCE) for item in corpus_items]


@pytest.fixture(scope="module")
def resolution(works):
    return resolve(works)


def _corpus_index(works: list[Work], family: str, title_start: str) -> int:
    for i, work in enumerate(works[1:], start=1):
        if work.csl.get("author", [{}])[0].get("family") == family and work.title.startswith(title_start):
            return i
    raise AssertionError(f"no corpus work by {family}")


@pytest.mark.parametrize("position", sorted(CITED_BY_SEED))
def test_identity_seed_reference_joins_corpus_work(works, resolution, position) -> None:
    node = resolution.reference_nodes[(0, position)]
    members = resolution.nodes[node].citing_works
    assert len(members) == 1
    corpus_work = works[members[0]]
    assert corpus_work.csl["author"][0]["family"] == CITED_BY_SEED[position]
    assert resolution.work_nodes[members[0]] == node


def test_identity_cited_by_seed_flags_match_the_merges(works, resolution, corpus_items) -> None:
    merged = {
        i for i in range(1, len(works)) if resolution.work_nodes[i] in resolution.reference_nodes.values()
    }
    flagged = {i + 1 for i, item in enumerate(corpus_items) if item.get("cited-by-seed")}
    assert merged == flagged


def test_identity_burkhanov_article_stays_apart_from_the_chapter(works, resolution) -> None:
    chapter = _corpus_index(works, "Burkhanov", "Kazakh Perspective")
    article_node = resolution.reference_nodes[(0, BURKHANOV_ARTICLE)]
    assert article_node != resolution.work_nodes[chapter]
    assert article_node == "doi:10.1080/01419870.2016.1139155"


def test_identity_every_seed_reference_with_title_and_year_is_resolved(works, resolution) -> None:
    expected = {(0, r.position) for r in works[0].references if r.csl.get("title") and r.csl.get("issued")}
    assert expected <= set(resolution.reference_nodes)


def test_identity_distinct_works_of_one_author_year_stay_apart(works, resolution) -> None:
    # Sadovskaya 2013a/2013b and the two Wang 2016 articles share surname and year only.
    for a, b in ((29, 30), (39, 40), (21, 22)):
        assert resolution.reference_nodes[(0, a)] != resolution.reference_nodes[(0, b)]


def test_identity_work_nodes_cover_every_work(works, resolution) -> None:
    assert len(resolution.work_nodes) == len(works)
    assert set(resolution.work_nodes) <= set(resolution.nodes)
    assert set(resolution.reference_nodes.values()) <= set(resolution.nodes)


def test_identity_evidence_per_member(resolution) -> None:
    members = sorted((key, m) for key, node in resolution.nodes.items() for m in node.members)
    assert sorted((ev.node, ev.member) for ev in resolution.evidence) == members
    for ev in resolution.evidence:
        assert ev.method in {"doi", "exact-key", "fuzzy"}
        assert 0.0 <= ev.score <= 1.0


def test_identity_sadovskaya_merge_is_by_title(resolution) -> None:
    node = resolution.reference_nodes[(0, 28)]
    evidence = [ev for ev in resolution.evidence if ev.node == node and ev.member == (0, 28)]
    assert [ev.method for ev in evidence] in (["exact-key"], ["fuzzy"])
    assert evidence[0].score >= TITLE_THRESHOLD / 100


def test_identity_merged_metadata_prefers_the_citing_record(works, resolution) -> None:
    node = resolution.reference_nodes[(0, 27)]
    corpus_work = works[resolution.nodes[node].citing_works[0]]
    assert resolution.nodes[node].csl["title"] == corpus_work.title


def _work(title: str, refs: list[Reference], sha: str = "c" * 64) -> Work:
    csl = {
        "type": "article-journal",
        "title": title,
        "author": [{"family": "Citer"}],
        "issued": {"date-parts": [[2021]]},
    }
    return Work(csl, Source(f"{sha[:4]}.json", "crossref-json", sha), refs)


def _ref(position: int, csl: dict, doi: str | None = None) -> Reference:
    return Reference(raw=json.dumps(csl), position=position, csl=csl, doi=doi)


def _csl(family: str, year: int, title: str, **extra) -> dict:
    return {"author": [{"family": family}], "issued": {"date-parts": [[year]]}, "title": title, **extra}


def test_identity_same_doi_merges_across_works() -> None:
    a = _work("A", [_ref(1, _csl("Koch", 2013, "One title"), doi="https://doi.org/10.1080/ABC")])
    b = _work("B", [_ref(1, _csl("Koch", 2014, "Another title entirely", DOI="10.1080/abc"))], sha="d" * 64)
    result = resolve([a, b])
    assert result.reference_nodes[(0, 1)] == result.reference_nodes[(1, 1)] == "doi:10.1080/abc"


@pytest.mark.parametrize(
    ("left", "right", "merged"),
    [
        (
            _csl("Müller", 2010, "Labour migration in Central Asia"),
            _csl("Muller", 2010, "Labour Migration in Central Asia."),
            True,
        ),
        (
            _csl("Zenz", 2019, "Beyond the camps", **{"year-suffix": "a"}),
            _csl("Zenz", 2019, "Beyond the camps", **{"year-suffix": "b"}),
            False,
        ),
        (_csl("Smith", 2018, "Labour migration"), _csl("Smith", 2018, "Labour migration"), False),
        (
            _csl("Smith", 2018, "Labour migration", **{"container-title": "ILO"}),
            _csl("Smith", 2018, "Labour migration", **{"container-title": "ILO"}),
            True,
        ),
        (
            _csl("Smith", 2018, "Kazakh perspective on China and migration"),
            _csl("Smith", 2019, "Kazakh perspective on China and migration"),
            False,
        ),
        (
            _csl("Smith", 2018, "Migration and the new silk road"),
            _csl("Smith", 2018, "Remittances and the household economy"),
            False,
        ),
        (
            _csl("Smith", 2018, "Chinese migration to Kazakhstan: causes and trends"),
            _csl("Smith", 2018, "Chinese migration to Kazakhstan"),
            False,
        ),
        (
            _csl("Smith", 2018, "A title long enough here", DOI="10.1080/x"),
            _csl("Smith", 2018, "A title long enough here", DOI="10.1080/y"),
            False,
        ),
    ],
    ids=[
        "diacritics",
        "year-suffix",
        "short-title",
        "short-title-same-venue",
        "year",
        "other-title",
        "subtitle-only",
        "two-dois",
    ],
)
def test_identity_pairwise_merge_rules(left, right, merged) -> None:
    result = resolve([_work("Citing", [_ref(1, left), _ref(2, right)])])
    assert (result.reference_nodes[(0, 1)] == result.reference_nodes[(0, 2)]) is merged


def test_identity_reference_without_title_or_doi_is_unresolved() -> None:
    result = resolve(
        [_work("Citing", [_ref(1, {"author": [{"family": "X"}], "issued": {"date-parts": [[2001]]}})])]
    )
    assert (0, 1) not in result.reference_nodes


def test_identity_never_merges_on_surname_and_year_alone() -> None:
    refs = [
        _ref(i, _csl("Wang", 2016, f"Entirely different study number {word}"))
        for i, word in enumerate(["part 1", "part 2", "part three"], 1)
    ]
    result = resolve([_work("Citing", refs)])
    assert len({result.reference_nodes[(0, i)] for i in (1, 2, 3)}) == 3


def test_identity_is_deterministic(works) -> None:
    assert resolve(works) == resolve(works)


def test_identity_translated_title_matches_the_english_record() -> None:
    english = "Migration processes in the Republic of Kazakhstan: regularities and prospects"
    corpus = Work(_csl("Kappassova", 2024, english), Source("c.json", "crossref-json", "e" * 64))
    cited = _csl(
        "Kappassova",
        2024,
        "Migratsionnye protsessy v Respublike Kazakhstan: zakonomernosti i perspektivy",
        **{"translated-title": english},
    )
    result = resolve([corpus, _work("Citing", [_ref(1, cited)])])
    assert result.reference_nodes[(1, 1)] == result.work_nodes[0]
