"""Networks built from a small store that follows docs/DATA_MODEL.md."""

from __future__ import annotations

from types import SimpleNamespace

import pyoxigraph as ox
import pytest

from bri_kg.errors import QueryError
from bri_kg.networks import KINDS, build_network, load_query, select


def _edge(G, ids, a, b):
    return G.edges[ids[a], ids[b]]


def test_cocitation_counts_weights_and_evidence(kg) -> None:
    store, ids = kg
    G = build_network(store, "cocitation")
    assert set(G) == {ids[c] for c in ("C1", "C2", "C3", "C4", "C5")}
    assert {n: G.nodes[ids[n]]["count"] for n in ("C1", "C2", "C3")} == {"C1": 2, "C2": 3, "C3": 1}
    e = _edge(G, ids, "C1", "C2")
    assert e["count"] == 2
    assert e["weight"] == pytest.approx(2 / (2 * 3))  # association strength
    assert [item["iri"] for item in e["evidence"]] == sorted([ids["W1"], ids["W2"]])
    assert {item["title"] for item in e["evidence"]} >= {"China, Kazakhstan and the corridor"}
    assert G.graph["n_documents"] == 3
    assert G.graph["note"].startswith("Only 3 citing documents: co-citation counts range from 1 to 2")


def test_cocitation_labels_family_year_with_suffixes_and_doi(kg) -> None:
    store, ids = kg
    G = build_network(store, "cocitation")
    labels = {n: G.nodes[ids[n]]["label"] for n in ("C1", "C2", "C3", "C4", "C5")}
    # C3 has no author role: its family name comes from the parsed reference (CSL-JSON).
    assert sorted(labels.values()) == [
        "Laruelle 2016",
        "Nurova 2015",
        "Sample 2018a",
        "Sample 2018b",
        "Sample 2019",
    ]
    assert G.nodes[ids["C1"]]["doi"] == "10.5555/c1"
    assert "doi" not in G.nodes[ids["C2"]]
    assert G.nodes[ids["C1"]]["title"] == "Xinjiang and the Silk Road Economic Belt"


@pytest.mark.parametrize(
    ("normalize", "expected"), [("none", 2.0), ("cosine", 2 / 6**0.5), ("jaccard", 2 / 3)]
)
def test_cocitation_normalize_option(kg, normalize: str, expected: float) -> None:
    store, ids = kg
    G = build_network(store, "cocitation", normalize=normalize)
    assert _edge(G, ids, "C1", "C2")["weight"] == pytest.approx(expected)
    assert _edge(G, ids, "C1", "C2")["count"] == 2


def test_cocitation_with_one_citing_article_says_weights_are_one(kg_one) -> None:
    store, _ = kg_one
    G = build_network(store, "cocitation")
    assert G.number_of_edges() == 3
    assert {d["weight"] for _, _, d in G.edges(data=True)} == {1.0}
    assert "Only 1 citing document" in G.graph["note"]
    assert "weight is 1" in G.graph["note"]


def test_citation_is_directed_with_kinds_and_reference_evidence(kg) -> None:
    store, ids = kg
    G = build_network(store, "citation")
    assert G.is_directed()
    assert G.number_of_nodes() == 8 and G.number_of_edges() == 8
    assert G.has_edge(ids["W1"], ids["C1"]) and not G.has_edge(ids["C1"], ids["W1"])
    assert G.nodes[ids["W1"]]["kind"] == "citing" and G.nodes[ids["C2"]]["kind"] == "cited"
    assert G.nodes[ids["W1"]]["doi"] == "10.5555/w1"  # stored lower-case
    assert G.nodes[ids["W2"]]["year"] == 2022
    evidence = G.edges[ids["W1"], ids["C3"]]["evidence"]
    assert evidence[0]["text"] == "Nurova, A. (2015). Labour quotas in Kazakhstan."


def test_citation_min_count_keeps_citing_works(kg) -> None:
    store, ids = kg
    G = build_network(store, "citation", min_count=2)
    assert set(G) == {ids[n] for n in ("W1", "W2", "W3", "C1", "C2")}


def test_topics_counts_mentions_and_units(kg) -> None:
    store, ids = kg
    G = build_network(store, "topics", normalize="none")
    assert {G.nodes[ids[c]]["label"] for c in ("bri", "kazakhstan", "iom")} == {
        "Belt and Road Initiative",
        "Kazakhstan",
        "International Organization for Migration",
    }
    assert G.nodes[ids["iom"]]["facet"] == "Actor" and G.nodes[ids["china"]]["facet"] == "Region"
    assert G.nodes[ids["kazakhstan"]]["count"] == 2  # mentions
    e = _edge(G, ids, "bri", "china")
    assert e["count"] == 2 and e["weight"] == 2.0
    assert {item["iri"] for item in e["evidence"]} == {ids["W1"], ids["W2"]}
    # A reference is a unit of its own: IOM meets Kazakhstan only in W1's first reference title.
    ref_edge = _edge(G, ids, "iom", "kazakhstan")
    assert ref_edge["count"] == 1
    assert ref_edge["evidence"][0]["iri"].startswith("https://w3id.org/bri-kg/be/")
    assert ref_edge["evidence"][0]["text"] == "IOM reports on Kazakhstan"
    assert not G.has_edge(ids["iom"], ids["bri"])


def test_topics_default_is_association_strength(kg) -> None:
    store, ids = kg
    G = build_network(store, "topics")
    assert _edge(G, ids, "bri", "china")["weight"] == pytest.approx(2 / (2 * 2))


def test_coauthorship_weights_are_joint_works(kg) -> None:
    store, _ = kg
    G = build_network(store, "coauthorship")
    by_name = {d["label"]: n for n, d in G.nodes(data=True)}
    ames, bo, chen = by_name["Aigerim Ames"], by_name["Wei Bo"], by_name["Li Chen"]
    assert G.edges[ames, bo]["weight"] == 2 and G.edges[ames, bo]["count"] == 2
    assert G.edges[bo, chen]["weight"] == 1
    assert not G.has_edge(ames, chen)
    assert G.nodes[bo]["count"] == 3
    assert len(G.edges[ames, bo]["evidence"]) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_build_network_adds_centralities_and_clusters(kg, kind: str) -> None:
    store, _ = kg
    G = build_network(store, kind)
    assert G.number_of_nodes() > 0
    for _, d in G.nodes(data=True):
        assert {"cluster", "degree", "weighted_degree", "betweenness", "pagerank", "label", "count"} <= set(d)
    assert sum(d["pagerank"] for _, d in G.nodes(data=True)) == pytest.approx(1.0)
    assert G.graph["kind"] == kind and "modularity" in G.graph


@pytest.mark.parametrize("kind", KINDS)
def test_build_network_is_deterministic(kg, kind: str) -> None:
    store, _ = kg
    a, b = build_network(store, kind), build_network(store, kind)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "bibcoupling"}, "kind must be one of"),
        ({"kind": "cocitation", "normalize": "salton"}, "normalize must be one of"),
        ({"kind": "cocitation", "counting": "half"}, "counting must be one of"),
        ({"kind": "cocitation", "min_count": 0}, "min_count must be at least 1"),
    ],
)
def test_build_network_rejects_bad_arguments(kg, kwargs: dict, message: str) -> None:
    store, _ = kg
    with pytest.raises(ValueError, match=message):
        build_network(store, **kwargs)


@pytest.mark.parametrize("kind", KINDS)
def test_build_network_on_an_empty_store_is_empty(kind: str) -> None:
    G = build_network(ox.Store(), kind)
    assert G.number_of_nodes() == 0


class RowStore:
    """The store engineer's interface: ``query(sparql, bindings)`` -> ``.variables`` and ``.rows``."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    def query(self, sparql, bindings=None):
        solutions = self._store.query(sparql, use_default_graph_as_union=True)
        variables = [v.value for v in solutions.variables]
        rows = [[_plain(s[v]) for v in variables] for s in solutions]
        return SimpleNamespace(variables=variables, rows=rows)


def _plain(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value.endswith("#integer"):
        return int(term.value)
    return term.value


def test_build_network_reads_the_store_interface(kg) -> None:
    store, _ = kg
    direct = build_network(store, "cocitation")
    via_rows = build_network(RowStore(store), "cocitation")
    assert list(direct.nodes(data=True)) == list(via_rows.nodes(data=True))
    assert list(direct.edges(data=True)) == list(via_rows.edges(data=True))


@pytest.mark.parametrize(
    "name",
    [
        "citation_pairs",
        "citation_references",
        "coauthorship_roles",
        "topic_concepts",
        "topic_mentions",
        "work_first_author",
        "work_metadata",
    ],
)
def test_every_query_file_parses(name: str) -> None:
    assert load_query(name).lstrip().startswith("#")
    assert select(ox.Store(), name) == []


def test_missing_query_file_is_a_query_error() -> None:
    with pytest.raises(QueryError, match=r"no SPARQL file nope\.rq"):
        load_query("nope")


@pytest.mark.parametrize("kind", KINDS)
def test_build_network_reads_the_project_store(kg, kind: str) -> None:
    store_module = pytest.importorskip("bri_kg.store")
    raw, _ = kg
    project = store_module.open_store(None)
    try:
        project.store.extend(raw.quads_for_pattern(None, None, None, None))
        via_store = build_network(project, kind)
    finally:
        project.close()
    direct = build_network(raw, kind)
    assert list(direct.nodes(data=True)) == list(via_store.nodes(data=True))
    assert list(direct.edges(data=True)) == list(via_store.edges(data=True))


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (ox.NamedNode("https://w3id.org/bri-kg/br/1"), "https://w3id.org/bri-kg/br/1"),
        (ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), 7),
        (ox.Literal("0.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")), 0.5),
        (ox.Literal("2018", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")), "2018"),
        (ox.Literal("Kazakhstan", language="en"), "Kazakhstan"),
        (None, None),
    ],
)
def test_to_python_converts_pyoxigraph_and_rdflib_terms(term, expected) -> None:
    from bri_kg.networks import to_python

    from_ox = pytest.importorskip("bri_kg.store.base").from_ox
    assert to_python(term) == expected
    assert to_python(from_ox(term) if term is not None else None) == expected


def test_cocitation_label_of_an_organisation_author_is_its_name(kgbuild) -> None:
    kg = kgbuild.KG()
    citing = kg.work("key:citing", "Citing", 2020, authors=(("Ames", "Aigerim"),))
    report = kg.work("key:report", "World Migration Report", 2019)
    kg.organisation_author(report, "key:report", "International Organization for Migration")
    kg.cite(citing, report, 1, "IOM (2019) World Migration Report")
    G = build_network(kg.store, "cocitation")
    assert G.nodes[report]["label"] == "International Organization for Migration 2019"
