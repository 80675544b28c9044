"""Persons across citing works: ORCID first, else name + initials with co-author or affiliation evidence."""

from __future__ import annotations

from bri_kg.models import Source, Work
from bri_kg.resolve import PERSON_KEY, annotate_persons, resolve_persons


def _work(*authors: dict, n: int = 0) -> Work:
    csl = {"title": f"Work {n}", "author": list(authors), "issued": {"date-parts": [[2015]]}}
    return Work(csl, Source(f"{n}.txt", "wos-plaintext", f"{n:064d}"))


def _p(family: str, given: str, **extra) -> dict:
    return {"family": family, "given": given, **extra}


def test_persons_orcid_joins_mentions_without_other_evidence() -> None:
    orcid = "https://orcid.org/0000-0001-7529-5198"
    works = [_work(_p("Glanzel", "Wolfgang", ORCID=orcid), n=1), _work(_p("Glanzel", "W.", ORCID=orcid), n=2)]
    keys = resolve_persons(works)
    assert keys[(0, 0)] == keys[(1, 0)] == "orcid:0000-0001-7529-5198"


def test_persons_shared_coauthor_merges_initials_variants() -> None:
    works = [
        _work(_p("Yang", "Guan-Can"), _p("Huang", "Mu-Hsuan"), n=1),
        _work(_p("Yang", "G."), _p("Huang", "M. H."), n=2),
    ]
    keys = resolve_persons(works)
    assert keys[(0, 0)] == keys[(1, 0)]
    assert keys[(0, 1)] == keys[(1, 1)]


def test_persons_shared_affiliation_merges() -> None:
    works = [
        _work(
            _p("Thijs", "Bart", affiliation=["Katholieke Univ Leuven, Dept MSI, ECOOM, Louvain, Belgium"]),
            n=1,
        ),
        _work(_p("Thijs", "B", affiliation=["KU Leuven, ECOOM, Dept MSI, Leuven, Belgium"]), n=2),
    ]
    keys = resolve_persons(works)
    assert keys[(0, 0)] == keys[(1, 0)]


def test_persons_surname_and_initials_alone_never_merge() -> None:
    works = [
        _work(_p("Zhang", "Lin"), _p("Wang", "A"), n=1),
        _work(_p("Zhang", "L."), _p("Smith", "B"), n=2),
        _work(_p("Zhang", "Lin"), n=3),
    ]
    keys = resolve_persons(works)
    assert len({keys[(0, 0)], keys[(1, 0)], keys[(2, 0)]}) == 3
    assert {keys[(0, 0)], keys[(1, 0)], keys[(2, 0)]} >= {"person:zhang|l"}


def test_persons_conflicting_initials_or_orcids_stay_apart() -> None:
    works = [
        _work(_p("Li", "J. M."), _p("Chen", "D"), n=1),
        _work(_p("Li", "J. K."), _p("Chen", "D"), n=2),
        _work(_p("Wu", "X", ORCID="0000-0000-0000-0001"), _p("Chen", "D"), n=3),
        _work(_p("Wu", "X", ORCID="0000-0000-0000-0002"), _p("Chen", "D"), n=4),
    ]
    keys = resolve_persons(works)
    assert keys[(0, 0)] != keys[(1, 0)]
    assert keys[(2, 0)] != keys[(3, 0)]
    # Chen D shares Li J with works 1-2 and Wu X with works 3-4: two persons as far as evidence goes.
    assert keys[(0, 1)] == keys[(1, 1)] != keys[(2, 1)] == keys[(3, 1)]


def test_persons_annotation_reaches_the_author_dicts() -> None:
    works = [_work(_p("Koch", "Natalie"), {"literal": "World Bank"}, n=1)]
    assert annotate_persons(works) == 1
    assert works[0].csl["author"][0][PERSON_KEY] == "person:koch|n"
    assert PERSON_KEY not in works[0].csl["author"][1]
