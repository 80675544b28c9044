"""Every bundled query answers its question on the small hand-made knowledge graph."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from bri_kg.errors import QueryError
from bri_kg.rdf import reference_iri, work_iri, work_spans
from bri_kg.store import query_info, query_names, run_query

KGC = "https://w3id.org/bri-kg/concept/"
ZENZ_DOI = "10.1080/02634937.2018.1507997"


def _column(result, name: str) -> list:
    i = result.variables.index(name)
    return [row[i] for row in result.rows]


def _seed(kg):
    return kg.works[0], work_iri(kg.resolution.work_nodes[0])


def test_queries_seed_reference_count(kg, store) -> None:
    seed, iri = _seed(kg)
    row = run_query(store, "seed_reference_count").dicts()
    assert len(row) == 1
    assert row[0]["seed"] == iri
    assert int(row[0]["references"]) == len(seed.references)
    resolved = sum(1 for (w, _) in kg.resolution.reference_nodes if w == 0)
    assert int(row[0]["resolved_references"]) == resolved


def test_queries_reference_count_bound_to_a_work(kg, store) -> None:
    koch = work_iri(kg.resolution.work_nodes[1])
    rows = run_query(store, "reference_count", work=koch).dicts()
    assert [(r["work"], int(r["references"])) for r in rows] == [(koch, len(kg.works[1].references))]
    everyone = run_query(store, "reference_count")
    assert len(everyone.rows) == sum(1 for w in kg.works if w.references)


def test_queries_references_mentioning_includes_narrower_concepts(kg, store) -> None:
    result = run_query(store, "references_mentioning", concept=URIRef(KGC + "xinjiang"))
    titles = {str(t) for t in _column(result, "title")}
    expected = {
        r.csl["title"]
        for w in kg.works
        for r in w.references
        if "Xinjiang" in r.csl.get("title", "") or "Urumqi" in r.csl.get("title", "")
    }
    assert titles == expected
    assert {str(x) for x in _column(result, "exact")} == {"Xinjiang", "Urumqi"}
    urumqi = run_query(store, "references_mentioning", concept=URIRef(KGC + "urumqi"))
    assert {str(x) for x in _column(urumqi, "exact")} == {"Urumqi"}


def test_queries_concepts_with_a_region_filtered_by_scheme(store) -> None:
    everything = run_query(store, "concepts_with", concept=URIRef(KGC + "kazakhstan"))
    assert set(_column(everything, "other")) == {URIRef(KGC + "china"), URIRef(KGC + "bri")}
    policies = run_query(
        store, "concepts_with", concept=URIRef(KGC + "kazakhstan"), scheme=URIRef(KGC + "scheme-policies")
    )
    assert _column(policies, "other") == [URIRef(KGC + "bri")]
    assert [str(x) for x in _column(policies, "label")] == ["Belt and Road Initiative"]


@pytest.mark.parametrize("doi", [ZENZ_DOI, ZENZ_DOI.upper()])
def test_queries_works_citing_by_doi(kg, store, doi) -> None:
    result = run_query(store, "works_citing", doi=doi)
    citing = {c for c in _column(result, "citing")}
    expected = {
        work_iri(kg.resolution.work_nodes[w])
        for (w, _), node in kg.resolution.reference_nodes.items()
        if node == f"doi:{ZENZ_DOI}"
    }
    assert citing == expected and len(expected) == 2


def test_queries_works_citing_by_work(kg, store) -> None:
    sadovskaya = work_iri(kg.resolution.work_nodes[2])
    result = run_query(store, "works_citing", work=sadovskaya)
    assert _column(result, "citing") == [_seed(kg)[1]]


def test_queries_cited_by_corpus_ranks_by_citations(kg, store) -> None:
    result = run_query(store, "cited_by_corpus")
    counts = [int(c) for c in _column(result, "citations")]
    assert counts == sorted(counts, reverse=True)
    top = result.dicts()[0]
    assert top["work"] == work_iri(f"doi:{ZENZ_DOI}") and int(top["citations"]) == 2
    assert len(result.rows) == len(set(kg.resolution.reference_nodes.values()))


def test_queries_concepts_by_scheme_counts_mentions(kg, store) -> None:
    rows = run_query(store, "concepts_by_scheme", scheme=URIRef(KGC + "scheme-regions")).dicts()
    by_label = {str(r["label"]): int(r["mentions"]) for r in rows}
    texts = [s.text for w in kg.works for s in work_spans(w)]
    assert by_label["Kazakhstan"] == sum(t.count("Kazakhstan") for t in texts)
    assert by_label["Ürümqi"] == sum(t.count("Urumqi") for t in texts)
    assert {r["scheme"] for r in rows} == {URIRef(KGC + "scheme-regions")}


def test_queries_coauthors(store) -> None:
    rows = run_query(store, "coauthors").dicts()
    kaliyeva = next(r["agent"] for r in rows if str(r["name"]) == "A. Kaliyeva")
    mine = run_query(store, "coauthors", agent=kaliyeva).dicts()
    assert sorted(str(r["coauthor_name"]) for r in mine) == ["A. Alzhanova", "A. Amrin", "A. Sadovskaya"]


def test_queries_works_by_year(kg, store) -> None:
    rows = {str(r["year"]): int(r["works"]) for r in run_query(store, "works_by_year").dicts()}
    years = {}
    for node in kg.resolution.nodes.values():
        year = str(node.csl["issued"]["date-parts"][0][0])
        years[year] = years.get(year, 0) + 1
    assert rows == years


def test_queries_merge_evidence(kg, store) -> None:
    koch_key = kg.resolution.work_nodes[1]
    rows = run_query(store, "merge_evidence", work=work_iri(koch_key)).dicts()
    assert {r["member"] for r in rows} == {work_iri(koch_key), reference_iri(kg.resolution.work_nodes[0], 1)}
    assert {str(r["method"]) for r in rows} == {"doi"}
    assert len(run_query(store, "merge_evidence").rows) == len(kg.resolution.evidence)


@pytest.mark.parametrize("below", [None, 0.4, "0.4", 0.99, Literal(0.1)])
def test_queries_low_confidence_references(kg, store, below) -> None:
    bound = 0.5 if below is None else float(below)
    rows = run_query(store, "low_confidence_references", below=below).dicts()
    expected = sorted(r.confidence for w in kg.works for r in w.references if r.confidence < bound)
    assert [float(r["confidence"]) for r in rows] == expected


def test_queries_unresolved_references(kg, store) -> None:
    rows = run_query(store, "unresolved_references").dicts()
    unresolved = [
        (i, r.position)
        for i, w in enumerate(kg.works)
        for r in w.references
        if (i, r.position) not in kg.resolution.reference_nodes
    ]
    assert [int(r["position"]) for r in rows] == [p for _, p in unresolved]


@pytest.mark.parametrize("name", query_names())
def test_queries_every_query_runs_and_projects_its_params(store, name) -> None:
    info = query_info(name)
    result = run_query(store, name)
    assert result.kind == "select"
    assert set(info.params) <= set(result.variables)


def test_queries_unknown_parameter_or_name_is_query_error(store) -> None:
    with pytest.raises(QueryError, match="has no parameter"):
        run_query(store, "coauthors", author="x")
    with pytest.raises(QueryError, match="no query named"):
        run_query(store, "does_not_exist")
    with pytest.raises(QueryError, match="invalid query name"):
        run_query(store, "../../etc/passwd")
