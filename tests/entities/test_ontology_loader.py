"""Loading the concept schemes into Concept records; errors on inconsistent files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bri_kg.entities import Concept, load_ontology, normalize_label
from bri_kg.errors import OntologyError
from bri_kg.resources import ontology_dir

KGC = "https://w3id.org/bri-kg/concept/"
HEADER = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix brio: <https://w3id.org/bri-kg/ontology#> .
@prefix kgc: <https://w3id.org/bri-kg/concept/> .
"""


def test_default_ontology_is_cached_and_complete() -> None:
    ontology = load_ontology()
    assert ontology is load_ontology()
    assert len(ontology) >= 400
    assert {c.facet for c in ontology.concepts.values()} == {"actor", "policy", "region", "topic"}
    assert len(ontology.version) == 16


@pytest.mark.parametrize(
    ("slug", "facet", "label", "wikidata"),
    [
        ("kazakhstan", "region", "Kazakhstan", "Q232"),
        ("bri", "policy", "Belt and Road Initiative", None),
        ("sco", "actor", "Shanghai Cooperation Organisation", "Q485207"),
        ("remittances", "topic", "remittances", None),
        ("urumqi", "region", "Urumqi", None),
    ],
)
def test_concept_records(slug: str, facet: str, label: str, wikidata: str | None) -> None:
    concept = load_ontology().get(slug)
    assert isinstance(concept, Concept)
    assert (concept.iri, concept.facet, concept.label, concept.wikidata) == (
        KGC + slug,
        facet,
        label,
        wikidata,
    )
    assert concept.labels["en"][0] == label


def test_broader_and_languages() -> None:
    kazakhstan = load_ontology().get("kazakhstan")
    assert KGC + "central-asia" in kazakhstan.broader
    assert kazakhstan.labels["ru"][0] == "Казахстан"
    assert kazakhstan.labels["zh"][0] == "哈萨克斯坦"
    assert "Chinese" in load_ontology().get("china").hidden


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Chinese", "china"),
        ("the Republic of Kazakhstan", "kazakhstan"),
        ("China’s", "china"),
        ("OBOR", "bri"),
        ("Wulumuqi", "urumqi"),
        ("Tselinograd", "astana"),
        ("EEU", "eaeu"),
    ],
)
def test_by_label(text: str, slug: str) -> None:
    assert [c.slug for c in load_ontology().by_label(text)] == [slug]


def test_by_label_filters_by_facet() -> None:
    assert load_ontology().by_label("Kazakhstan", facet="actor") == []


def test_normalize_label() -> None:
    assert normalize_label("The  People’s Republic of China") == "people's republic of china"
    assert normalize_label("Kazakhstan–China") == "kazakhstan-china"


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "concepts").mkdir()
    (tmp_path / "concepts" / "x.ttl").write_text(HEADER + body, encoding="utf-8")
    return tmp_path


def test_small_ontology_and_stoplist(tmp_path: Path) -> None:
    body = 'kgc:a a skos:Concept, brio:Region ; skos:prefLabel "Aland"@en ; skos:altLabel "Ahvenanmaa"@fi .\n'
    directory = _write(tmp_path, body)
    (directory / "stoplist.txt").write_text("# comment\nfoo  # why\n^bar\n", encoding="utf-8")
    ontology = load_ontology(directory)
    assert list(ontology.concepts) == [KGC + "a"]
    assert ontology.get("a").labels == {"en": ["Aland"], "fi": ["Ahvenanmaa"]}
    assert ontology.stoplist == {"foo"} and ontology.capitalised_only == {"bar"}


def test_version_changes_with_the_files(tmp_path: Path) -> None:
    shutil.copytree(ontology_dir() / "concepts", tmp_path / "concepts")
    before = load_ontology(tmp_path).version
    assert before == load_ontology().version
    with (tmp_path / "concepts" / "topics.ttl").open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    assert load_ontology(tmp_path).version != before


@pytest.mark.parametrize(
    "body",
    [
        "kgc:a a skos:Concept, brio:Region .\n",  # no prefLabel
        'kgc:a a skos:Concept, brio:Region ; skos:prefLabel "A"@en, "B"@en .\n',  # two English prefLabels
        'kgc:a a skos:Concept ; skos:prefLabel "A"@en .\n',  # no facet class
        'kgc:a a skos:Concept, brio:Region, brio:Actor ; skos:prefLabel "A"@en .\n',  # two facets
        'kgc:a a skos:Concept ; skos:prefLabel "A"@en \n',  # broken Turtle
    ],
)
def test_inconsistent_files_raise(tmp_path: Path, body: str) -> None:
    with pytest.raises(OntologyError):
        load_ontology(_write(tmp_path, body))


def test_empty_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(OntologyError):
        load_ontology(tmp_path)
