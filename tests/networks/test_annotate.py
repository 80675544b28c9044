"""annotate: bursts, mean years and LLR labels added to a clustered graph."""

from __future__ import annotations

import networkx as nx
import pytest

from bri_kg.networks import annotate
from bri_kg.networks.bursts import bursts_by_item


def _graph() -> nx.Graph:
    G = nx.Graph()
    G.add_node("x", cluster=0, betweenness=0.5)
    G.add_node("y", cluster=0, betweenness=0.0)
    G.add_node("z", cluster=1, betweenness=0.0)
    G.add_edge("x", "y")
    return G


def test_bursts_mean_years_and_labels() -> None:
    # 40 documents, 4 a year over 2010-2019; x is in every document of 2016-2017 and nowhere else.
    doc_years = {f"d{k:02d}": 2010 + k // 4 for k in range(40)}
    doc_items: dict[str, set[str]] = {d: {"z"} for d in doc_years}
    for d, year in doc_years.items():
        if year in (2016, 2017):
            doc_items[d] = {"x", "y"}
    texts = {
        d: ["Labour migration corridors"] if "x" in doc_items[d] else ["Remittance flows"] for d in doc_items
    }
    G = annotate(_graph(), doc_items, doc_years, texts)
    x = G.nodes["x"]
    expected = bursts_by_item(
        {"x": [y for y in doc_years.values() if y in (2016, 2017)]}, list(doc_years.values())
    )
    assert [[b.start, b.end] for b in expected["x"]] == [[2016, 2017]]
    assert x["bursts"] == [[2016, 2017, pytest.approx(expected["x"][0].weight)]]
    assert (x["burst_start"], x["burst_end"]) == (2016, 2017)
    assert x["sigma"] == pytest.approx(1.5 ** x["burstness"]) and x["burstness"] > 0
    assert x["mean_year"] == pytest.approx(2016.5)
    assert G.nodes["z"]["mean_year"] == pytest.approx((sum(range(2010, 2016)) + sum(range(2018, 2020))) / 8)
    labels = G.graph["cluster_labels"]
    assert labels[0][0]["term"] in {
        "labour",
        "labour migration",
        "migration",
        "corridors",
        "migration corridors",
    }
    assert labels[0][0]["in_cluster"] == 8 and labels[0][0]["elsewhere"] == 0
    assert G.nodes["y"]["cluster_label"] == labels[0][0]["term"]
    assert labels[1][0]["in_cluster"] == 32


def test_no_bursts_when_asked_not_to() -> None:
    G = annotate(_graph(), {"d": {"x", "y"}}, {"d": 2020}, {}, bursts=False)
    assert "bursts" not in G.nodes["x"] and G.nodes["x"]["mean_year"] == 2020
