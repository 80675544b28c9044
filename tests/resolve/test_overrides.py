"""The identity override file: merges and splits a reviewer asks for, and clear errors on bad lines."""

from __future__ import annotations

import pytest

from bri_kg.errors import FormatError
from bri_kg.models import Reference, Source, Work
from bri_kg.rdf.iris import work_iri
from bri_kg.read.wos import parse_cited_reference
from bri_kg.resolve import parse_overrides, resolve

A = "Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313"
B = "Yan E, 2012, J AM SOC INF SCI TEC, V63, P1313"
C = "Astrom F, 2007, J AM SOC INF SCI TEC, V58, P947"
D = "strom F., 2007, J AM SOC INFORM SCI, V58, P947"


def _works() -> list[Work]:
    refs = [Reference(raw=r, position=i, csl=parse_cited_reference(r)) for i, r in enumerate([A, B, C, D], 1)]
    csl = {"title": "Citing", "author": [{"family": "Citer"}], "issued": {"date-parts": [[2015]]}}
    return [Work(csl, Source("x.txt", "wos-plaintext", "x" * 64), refs)]


def test_overrides_split_takes_a_member_off_its_node() -> None:
    before = resolve(_works())
    node = before.reference_nodes[(0, 1)]
    assert before.reference_nodes[(0, 2)] == node
    rules = parse_overrides(f"# reviewer: these differ\nsplit\t{work_iri(node)}\t{B}\n")
    after = resolve(_works(), overrides=rules)
    assert after.reference_nodes[(0, 1)] != after.reference_nodes[(0, 2)]
    ev = next(e for e in after.evidence if e.member == (0, 2))
    assert (ev.method, ev.key) == ("override", "split:2")


def test_overrides_merge_joins_two_nodes_by_key() -> None:
    before = resolve(_works())
    c, d = before.reference_nodes[(0, 3)], before.reference_nodes[(0, 4)]
    assert c != d  # "strom" lost its diacritic: another block
    after = resolve(_works(), overrides=parse_overrides(f"merge\t{c}\t{d}\n"))
    assert after.reference_nodes[(0, 3)] == after.reference_nodes[(0, 4)] == c
    assert {e.method for e in after.evidence if e.member == (0, 4)} == {"override"}


def test_overrides_unknown_nodes_change_nothing() -> None:
    rules = parse_overrides("merge\tdoi:10.1/none\tkey:none\nsplit\t*\tnot a reference\n")
    assert resolve(_works(), overrides=rules) == resolve(_works())


@pytest.mark.parametrize("line", ["merge\tonly-one", "join\ta\tb", "split\t\tx"])
def test_overrides_bad_line_names_the_line(line) -> None:
    with pytest.raises(FormatError) as info:
        parse_overrides(f"# header\n{line}\n", path="rules.tsv")
    assert "rules.tsv:2" in str(info.value)
