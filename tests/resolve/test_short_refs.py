"""Title-less short references (WoS CR style): author + year + source abbreviation + volume + first page."""

from __future__ import annotations

import pytest

from bri_kg.models import Reference, Source, Work
from bri_kg.read.wos import parse_cited_reference
from bri_kg.resolve import KnownNode, block_family, first_page, resolve, source_score

JASIST = "Journal of the American Society for Information Science and Technology"


def _citing(refs: list[str], *, sha: str = "a" * 64, title: str = "Citing", doi: str | None = None) -> Work:
    csl = {"title": title, "author": [{"family": "Citer"}], "issued": {"date-parts": [[2015]]}}
    if doi:
        csl["DOI"] = doi
    references = [Reference(raw=r, position=i, csl=parse_cited_reference(r)) for i, r in enumerate(refs, 1)]
    return Work(csl, Source(f"{sha[:4]}.txt", "wos-plaintext", sha), references)


def _record(**csl) -> Work:
    return Work(csl, Source("r.txt", "wos-plaintext", "r" * 64))


@pytest.mark.parametrize(
    ("short", "full", "agrees"),
    [
        ("J AM SOC INF SCI TEC", JASIST, True),
        (
            "P NATL ACAD SCI USA",
            "Proceedings of the National Academy of Sciences of the United States of America",
            True,
        ),
        ("ADMIN SCI QUART", "Administrative Science Quarterly", True),
        ("J AM SOC INFORM SCI", "J AM SOC INF SCI TEC", True),
        ("RES POLICY", "REV ECON STAT", False),
        ("SCIENTOMETRICS", "J INFORMETR", False),
    ],
)
def test_short_source_abbreviations(short, full, agrees) -> None:
    assert (source_score(short, full) >= 0.9) is agrees


def test_short_keys_page_and_family() -> None:
    assert first_page({"page": "P1313"}) == "1313"
    assert first_page({"page": "1319-1346"}) == "1319"
    assert block_family({"author": [{"family": "van Rijnsoever"}]}) == block_family(
        {"author": [{"family": "Rijnsoever"}]}
    )
    assert block_family({"author": [{"family": "de Moya-Anegon"}]}) == "moyaanegon"


def test_short_identical_references_share_a_node_exactly() -> None:
    ref = "Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313"
    result = resolve([_citing([ref]), _citing([ref], sha="b" * 64)])
    assert result.reference_nodes[(0, 1)] == result.reference_nodes[(1, 1)]
    methods = {ev.method for ev in result.evidence if ev.member == (1, 1)}
    assert methods == {"exact-key"}


def test_short_reference_joins_the_full_record_by_abbreviation() -> None:
    record = _record(
        title="Topic modeling of the scientometric literature",
        author=[{"family": "Yan", "given": "Erjia"}],
        issued={"date-parts": [[2012]]},
        **{"container-title": JASIST, "container-title-short": "J. Am. Soc. Inf. Sci. Technol."},
        volume="63",
        page="1313-1326",
    )
    result = resolve([record, _citing(["Yan E, 2012, J AM SOC INF SCI TEC, V63, P1313"])])
    assert result.reference_nodes[(1, 1)] == result.work_nodes[0]
    evidence = next(ev for ev in result.evidence if ev.member == (1, 1))
    assert evidence.method == "venue" and evidence.score >= 0.9


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313", "Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1400"),
        ("Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313", "Yan EJ, 2012, J AM SOC INF SCI TEC, V64, P1313"),
        ("Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313", "Yan EJ, 2012, RES POLICY, V63, P1313"),
        ("Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313", "Yan EJ, 2013, J AM SOC INF SCI TEC, V63, P1313"),
        ("Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313", "Li EJ, 2012, J AM SOC INF SCI TEC, V63, P1313"),
    ],
    ids=["page", "volume", "source", "year", "author"],
)
def test_short_references_differing_in_one_fact_stay_apart(left, right) -> None:
    result = resolve([_citing([left, right])])
    assert result.reference_nodes[(0, 1)] != result.reference_nodes[(0, 2)]


def test_short_reference_without_page_is_not_merged() -> None:
    # Three different Newman 2001 papers in Phys Rev E 64: WoS prints no article number.
    refs = ["Newman MEJ, 2001, PHYS REV E, V64"] * 2
    result = resolve([_citing(refs)])
    assert (0, 1) not in result.reference_nodes and (0, 2) not in result.reference_nodes


def test_short_variants_of_one_work_merge() -> None:
    refs = [
        "van Rijnsoever FJ, 2008, RES POLICY, V37, P1255",
        "Rijnsoever F., 2008, RES POLICY, V37, P1255",
        "de Moya-Anegon F, 2007, J AM SOC INF SCI TEC, V58, P2167",
        "Moya-Anegon F., 2007, J AM SOC INFORM SCI, V58, P2167",
    ]
    result = resolve([_citing(refs)])
    nodes = [result.reference_nodes[(0, i)] for i in range(1, 5)]
    assert nodes[0] == nodes[1] and nodes[2] == nodes[3] and nodes[0] != nodes[2]


def test_short_known_store_node_is_joined_not_described() -> None:
    iri = "https://w3id.org/bri-kg/br/00000000000000aa"
    known = KnownNode(
        iri,
        {
            "author": [{"family": "Yan"}],
            "issued": {"date-parts": [[2012]]},
            "container-title": JASIST,
            "volume": "63",
            "page": "1313",
        },
    )
    other = KnownNode("https://w3id.org/bri-kg/br/00000000000000bb", {"DOI": "10.1/unused"})
    result = resolve([_citing(["Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313"])], known=[known, other])
    key = result.reference_nodes[(0, 1)]
    assert key == "iri:" + iri
    assert result.nodes[key].known
    assert all(not node.known or node.members for node in result.nodes.values())
    assert not any(k.endswith("bb") for k in result.nodes)
