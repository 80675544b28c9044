"""The networks of the bundled build: topics join the core concepts, the seed cites corpus works."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from bri_kg.networks import build_network

CORE = ("kazakhstan", "china", "bri", "labour-migration")
CONCEPT = "https://w3id.org/bri-kg/concept/"
# The works of the bundled corpus (they own a title span) that the seed article cites.
SEED_CITES_CORPUS = """
PREFIX brio: <https://w3id.org/bri-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX doco: <http://purl.org/spar/doco/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
SELECT DISTINCT ?seed ?work WHERE {
  ?seed brio:isSeed true ; cito:cites ?work .
  ?work frbr:part ?span .
  ?span a doco:Title .
}
"""


@pytest.fixture(scope="module")
def topics(bundled_store) -> nx.Graph:
    return build_network(bundled_store, "topics")


def test_core_concepts_are_linked_in_the_topic_network(topics) -> None:
    nodes = [CONCEPT + slug for slug in CORE]
    for n in nodes:
        assert n in topics, f"{n} missing from the topic network"
    assert topics.nodes[CONCEPT + "bri"]["label"] == "Belt and Road Initiative"
    core = topics.subgraph(nodes)
    assert nx.is_connected(core), f"core concepts not linked to each other: {sorted(core.edges)}"
    # Kazakhstan and China co-occur often; every core edge shows the units behind it.
    assert topics.edges[CONCEPT + "kazakhstan", CONCEPT + "china"]["count"] >= 5
    for u, v in itertools.combinations(nodes, 2):
        if topics.has_edge(u, v):
            assert len(topics.edges[u, v]["evidence"]) >= 1


def test_region_facet_keeps_only_regions(bundled_store) -> None:
    G = build_network(bundled_store, "topics", facet="region")
    assert {d["facet"] for _, d in G.nodes(data=True)} == {"Region"}
    assert G.has_edge(CONCEPT + "kazakhstan", CONCEPT + "china")


def test_seed_links_to_the_corpus_works_it_cites(bundled_store) -> None:
    rows = [(str(seed), str(work)) for seed, work in bundled_store.query(SEED_CITES_CORPUS).rows]
    assert len(rows) >= 3
    G = build_network(bundled_store, "citation")
    for seed, work in rows:
        assert G.has_edge(seed, work), f"seed -> {G.nodes[work]['label'] if work in G else work} missing"
        assert G.edges[seed, work]["evidence"][0]["text"], "the reference entry is the evidence"
    seed = rows[0][0]
    assert G.nodes[seed]["kind"] == "citing"


def test_countries_of_affiliations(bundled_store) -> None:
    G = build_network(bundled_store, "coauthorship", unit="countries")
    assert CONCEPT + "kazakhstan" in G
    assert G.nodes[CONCEPT + "kazakhstan"]["count"] >= 2


def test_topic_network_has_keyphrase_nodes(bundled_store, topics) -> None:
    pytest.importorskip("yake")
    free = {n for n, d in topics.nodes(data=True) if d["facet"] == "Keyphrase"}
    assert free, "the bundled works' free keyphrases should be topic nodes"
    assert all(n.startswith("https://w3id.org/bri-kg/keyphrase/") and topics.nodes[n]["label"] for n in free)
    # Keyphrases co-occur with the concepts mentioned in the same works.
    assert any(topics.nodes[v]["facet"] != "Keyphrase" for n in free for v in topics.neighbors(n))
    only = build_network(bundled_store, "topics", facet="keyphrase")
    assert set(only) <= free and only.number_of_nodes() > 0
    assert {d["facet"] for _, d in only.nodes(data=True)} == {"Keyphrase"}
