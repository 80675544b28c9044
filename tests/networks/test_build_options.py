"""build_network's units, facets, periods and thresholds against hand-computed matrices."""

from __future__ import annotations

import math

import pytest

from bri_kg.networks import build_network, country_of_affiliation


@pytest.fixture(scope="module")
def aff(kgbuild):
    return kgbuild.affiliated_store()


@pytest.fixture(scope="module")
def small(kgbuild):
    return kgbuild.small_store()


def _edge(G, u, v):
    return G.edges[u, v]


def test_cited_sources_cocitation_counts_and_normalisations(aff) -> None:
    store, ids = aff
    # D and E cite A (Alpha) and B (Beta), F cites B: s_alpha = 2, s_beta = 3, c = 2.
    expected = {"association": 2 / 6, "cosine": 2 / math.sqrt(6), "jaccard": 2 / 3, "none": 2.0}
    for normalize, weight in expected.items():
        G = build_network(store, "cocitation", unit="sources", normalize=normalize)
        assert {G.nodes[n]["label"] for n in G} == {"Alpha Review", "Beta Journal"}
        edge = _edge(G, ids["alpha"], ids["beta"])
        assert edge["count"] == 2
        assert edge["weight"] == pytest.approx(weight)
        assert sorted(e["iri"] for e in edge["evidence"]) == sorted([ids["D"], ids["E"]])
    assert G.nodes[ids["beta"]]["count"] == 3


def test_cited_authors_cocitation_with_fractional_counting(aff) -> None:
    store, ids = aff
    # Cited authors per citing doc: D, E = {P1, P2, P3}; F = {P1, P3}.
    G = build_network(store, "cocitation", unit="authors", normalize="none")
    assert _edge(G, ids["P1"], ids["P3"])["count"] == 3
    assert _edge(G, ids["P1"], ids["P2"])["count"] == 2
    assert G.nodes[ids["P1"]]["label"] == "Pat One"
    F = build_network(store, "cocitation", unit="authors", counting="fractional", normalize="association")
    # Fractional weights 1 / (n_d - 1): 1/2 from D and E, 1 from F; AS divides by s_i s_j = 3 * 3.
    assert _edge(F, ids["P1"], ids["P3"])["strength"] == pytest.approx(2.0)
    assert _edge(F, ids["P1"], ids["P3"])["weight"] == pytest.approx(2.0 / 9)
    assert _edge(F, ids["P1"], ids["P3"])["count"] == 3


def test_coauthorship_of_organisations_and_countries(aff) -> None:
    store, ids = aff
    orgs = build_network(store, "coauthorship", unit="orgs")
    assert orgs.number_of_nodes() == 4
    assert orgs.has_edge(ids["Uni A, Almaty, Kazakhstan"], ids["Beijing Uni, China"])
    assert orgs.has_edge(ids["Nowhere Lab"], ids["Institute, Almaty"])
    countries = build_network(store, "coauthorship", unit="countries")
    # A: {KZ, CN}; B: {KZ} (Almaty lies in Kazakhstan); C: {CN, KZ}; Nowhere Lab matches no country.
    assert {countries.nodes[n]["label"] for n in countries} == {"Kazakhstan", "China"}
    edge = _edge(countries, ids["kazakhstan"], ids["china"])
    assert edge["count"] == 2
    assert sorted(e["iri"] for e in edge["evidence"]) == sorted([ids["A"], ids["C"]])
    assert countries.nodes[ids["kazakhstan"]]["count"] == 3


def test_country_of_affiliation_prefers_the_last_part_then_word_runs() -> None:
    places = {"kazakhstan": "KZ", "almaty": "KZ", "china": "CN", "united states": "US"}
    assert country_of_affiliation("Uni, Almaty, Kazakhstan", places) == "KZ"
    assert country_of_affiliation("Peking University, Beijing, China.", places) == "CN"
    assert country_of_affiliation("Dept of X, Harvard, Cambridge MA United States", places) == "US"
    assert country_of_affiliation("Institute, Almaty", places) == "KZ"
    assert country_of_affiliation("Nowhere Lab", places) is None


def test_coupling_counts_shared_references(aff) -> None:
    store, ids = aff
    G = build_network(store, "coupling")
    assert G.graph["normalize"] == "cosine"
    assert set(G) == {ids["D"], ids["E"], ids["F"]}
    assert _edge(G, ids["D"], ids["E"])["count"] == 2
    assert _edge(G, ids["D"], ids["E"])["weight"] == pytest.approx(1.0)
    assert _edge(G, ids["D"], ids["F"])["weight"] == pytest.approx(1 / math.sqrt(2))
    assert {e["iri"] for e in _edge(G, ids["D"], ids["E"])["evidence"]} == {ids["A"], ids["B"]}
    assert G.nodes[ids["D"]]["label"] and G.nodes[ids["D"]]["year"] == 2021


def test_top_keeps_the_heaviest_edges_or_the_highest_degree_nodes(aff) -> None:
    store, ids = aff
    G = build_network(store, "coupling", top=1)
    assert list(G.edges) in ([(ids["D"], ids["E"])], [(ids["E"], ids["D"])])
    C = build_network(store, "citation", top=2)
    assert C.number_of_nodes() == 2 and ids["B"] in C  # B is cited three times
    T = build_network(store, "cocitation", unit="authors", top=1, normalize="none")
    assert T.number_of_edges() == 1 and T.has_edge(ids["P1"], ids["P3"])
    assert T.number_of_nodes() == 2


def test_largest_component(aff) -> None:
    store, ids = aff
    G = build_network(store, "coupling", min_count=2)
    assert set(G) == {ids["D"], ids["E"], ids["F"]}  # F stays as an isolate
    L = build_network(store, "coupling", min_count=2, largest_component=True)
    assert set(L) == {ids["D"], ids["E"]}
    assert L.graph["largest_component"] is True


def test_years_keep_documents_of_the_period(aff) -> None:
    store, ids = aff
    G = build_network(store, "cocitation", years=(2022, 2022), normalize="none")
    # Only E (2022) and F (2022) remain: A and B are co-cited once.
    assert G.graph["n_documents"] == 2
    assert _edge(G, ids["A"], ids["B"])["count"] == 1
    assert G.nodes[ids["B"]]["count"] == 2
    assert G.graph["years"] == [2022, 2022]
    empty = build_network(store, "coauthorship", years=(1990, 1991))
    assert empty.number_of_nodes() == 0


def test_mean_year_bursts_and_sigma(aff) -> None:
    store, ids = aff
    G = build_network(store, "cocitation")
    assert G.nodes[ids["A"]]["mean_year"] == pytest.approx(2021.5)  # cited by D (2021) and E (2022)
    for _, data in G.nodes(data=True):
        assert isinstance(data["bursts"], list)
        assert data["sigma"] == pytest.approx((data["betweenness"] + 1) ** data["burstness"])


def test_topic_facets(small) -> None:
    store, ids = small
    regions = build_network(store, "topics", facet="region")
    assert set(regions) == {ids["kazakhstan"], ids["china"]}
    assert regions.has_edge(ids["kazakhstan"], ids["china"])
    assert regions.graph["facet"] == "region"
    actors = build_network(store, "topics", facet="actor")
    assert set(actors) == {ids["iom"]} and actors.number_of_edges() == 0
    assert build_network(store, "topics").graph["facet"] == "mixed"


def test_cluster_labels_keep_their_counts(small) -> None:
    store, _ = small
    G = build_network(store, "cocitation")
    labels = G.graph["cluster_labels"]
    assert set(labels) == {d["cluster"] for _, d in G.nodes(data=True)}
    terms = [t for found in labels.values() for t in found]
    assert terms, "some cluster should get a label"
    for t in terms:
        assert set(t) == {"term", "llr", "in_cluster", "elsewhere"}
        assert t["in_cluster"] >= 1 and t["llr"] >= 0
    for _, data in G.nodes(data=True):
        found = labels[data["cluster"]]
        assert data["cluster_label"] == (found[0]["term"] if found else "")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "cocitation", "unit": "persons"}, "unit"),
        ({"kind": "coauthorship", "facet": "region"}, "facet"),
        ({"kind": "topics", "facet": "places"}, "facet"),
        ({"kind": "topics", "years": (2020, 2019)}, "years"),
        ({"kind": "topics", "top": 0}, "top"),
        ({"kind": "bogus"}, "kind"),
    ],
)
def test_bad_options_are_refused(small, kwargs, message) -> None:
    store, _ = small
    kind = kwargs.pop("kind")
    with pytest.raises(ValueError, match=message):
        build_network(store, kind, **kwargs)


def test_topic_evidence_is_the_sentence_with_both_concepts(kgbuild) -> None:
    kg = kgbuild.KG()
    w = kg.work("key:s", "Sentences", 2020)
    bri = kg.concept("bri", "Policy", "Belt and Road Initiative")
    kz = kg.concept("kazakhstan", "Region", "Kazakhstan")
    cn = kg.concept("china", "Region", "China")
    text = "Kazakhstan joined the Belt and Road early. Nothing here. Workers from China arrive."
    span = kg.span(w, "abstract", text, "doco:Abstract")
    kg.mention(span, text, "Kazakhstan", kz)
    kg.mention(span, text, "Belt and Road", bri)
    kg.mention(span, text, "China", cn)
    G = build_network(kg.store, "topics")
    assert G.edges[kz, bri]["evidence"][0]["text"] == "Kazakhstan joined the Belt and Road early."
    # Not in one sentence: the sentences of either concept, the empty one left out.
    assert G.edges[kz, cn]["evidence"][0]["text"] == (
        "Kazakhstan joined the Belt and Road early. | Workers from China arrive."
    )


def test_topics_join_free_keyphrases(kgbuild) -> None:
    import pyoxigraph as ox

    kg = kgbuild.KG()
    w1 = kg.work("key:k1", "Labour migration to Kazakhstan", 2020)
    w2 = kg.work("key:k2", "Remittances and labour migration", 2021)
    kz = kg.concept("kazakhstan", "Region", "Kazakhstan")
    text = "Labour migration to Kazakhstan"
    kg.mention(kg.span(w1, "title", text), text, "Kazakhstan", kz)
    brio = "https://w3id.org/bri-kg/ontology#"
    run = ox.NamedNode("https://w3id.org/bri-kg/graph/run/test")
    phrases = {}
    for label in ("labour migration", "remittances"):
        kp = kgbuild.iri("keyphrase", label)
        phrases[label] = kp
        kg.store.add(
            ox.Quad(
                ox.NamedNode(kp),
                ox.NamedNode(kgbuild.NS["rdf"] + "type"),
                ox.NamedNode(brio + "Keyphrase"),
                run,
            )
        )
        kg.store.add(
            ox.Quad(
                ox.NamedNode(kp),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(label),
                run,
            )
        )
    for work, label in ((w1, "labour migration"), (w2, "labour migration"), (w2, "remittances")):
        kg.store.add(
            ox.Quad(ox.NamedNode(work), ox.NamedNode(brio + "keyphrase"), ox.NamedNode(phrases[label]), run)
        )
    lm, rem = phrases["labour migration"], phrases["remittances"]

    G = build_network(kg.store, "topics", normalize="none")
    assert set(G) == {kz, lm, rem}
    assert G.nodes[lm]["facet"] == "Keyphrase" and G.nodes[lm]["label"] == "labour migration"
    assert G.nodes[lm]["count"] == 2 and G.nodes[kz]["facet"] == "Region"
    assert G.edges[kz, lm]["count"] == 1 and [e["iri"] for e in G.edges[kz, lm]["evidence"]] == [w1]
    assert G.edges[lm, rem]["count"] == 1 and not G.has_edge(kz, rem)

    only = build_network(kg.store, "topics", facet="keyphrase")
    assert set(only) == {lm, rem} and only.has_edge(lm, rem)
    assert set(build_network(kg.store, "topics", facet="region")) == {kz}
    assert set(build_network(kg.store, "topics", years=(2021, 2021))) == {lm, rem}
