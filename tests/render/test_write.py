"""Files written by write_network: formats, reproducibility, escaping and GraphML-legal attributes."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from bri_kg.networks import KINDS
from bri_kg.render import FORMATS, sidecar_path, write_network
from bri_kg.render.html import PHYSICS_MAX_NODES, html_data, render_html


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("suffix", FORMATS)
def test_write_network_writes_every_format(graphs, tmp_path, kind: str, suffix: str) -> None:
    target = tmp_path / f"{kind}{suffix}"
    assert write_network(graphs[kind], target, title=kind) == target
    assert target.stat().st_size > 0
    expected = {target.name} | ({sidecar_path(target).name} if sidecar_path(target) else set())
    assert {p.name for p in tmp_path.iterdir()} == expected  # no temporary file left behind


def test_write_network_rejects_unknown_extension_and_writes_nothing(graphs, tmp_path) -> None:
    with pytest.raises(ValueError, match=r"unknown extension '\.docx'"):
        write_network(graphs["cocitation"], tmp_path / "x.docx", title="x")
    assert list(tmp_path.iterdir()) == []


def test_svg_is_byte_for_byte_reproducible(graphs, tmp_path) -> None:
    a = write_network(graphs["topics"], tmp_path / "a.svg", title="Topics").read_bytes()
    b = write_network(graphs["topics"], tmp_path / "b.svg", title="Topics").read_bytes()
    assert a == b
    assert b"<dc:date>" not in a


def test_png_is_300_dpi(graphs, tmp_path) -> None:
    from PIL import Image

    path = write_network(graphs["cocitation"], tmp_path / "c.png", title="Co-citation")
    with Image.open(path) as image:
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.1)
        assert image.size[0] >= 2400


def test_png_tolerates_dollar_signs_and_markup_in_labels(tmp_path) -> None:
    G = nx.Graph()
    G.add_node("a", label="$x^2$ costs $5 and $", count=2, cluster=0)
    G.add_node("b", label="<b>bold</b>", count=1, cluster=1)
    G.add_edge("a", "b", weight=1.0, count=1)
    assert write_network(G, tmp_path / "d.png", title="$ title $").stat().st_size > 0


@pytest.mark.parametrize("kind", KINDS)
def test_graphml_round_trips_with_legal_attributes(graphs, tmp_path, kind: str) -> None:
    G = graphs[kind]
    H = nx.read_graphml(write_network(G, tmp_path / f"{kind}.graphml", title=kind))
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    for n, d in G.nodes(data=True):
        back = H.nodes[n]
        assert back["label"] == d["label"] and back["count"] == d["count"] and back["cluster"] == d["cluster"]
        assert back.get("doi") == d.get("doi")
    for u, v, d in G.edges(data=True):
        back = H.edges[u, v]
        assert back["count"] == d["count"] and back["weight"] == pytest.approx(d["weight"])
        assert json.loads(back["evidence"]) == d["evidence"]


def test_gexf_reads_back_with_layout(graphs, tmp_path) -> None:
    G = graphs["coauthorship"]
    H = nx.read_gexf(write_network(G, tmp_path / "g.gexf", title="g"))
    assert H.number_of_nodes() == G.number_of_nodes()
    assert all("viz" in d for _, d in H.nodes(data=True))


@pytest.mark.parametrize("kind", KINDS)
def test_html_loads_nothing_from_the_network(graphs, kind: str) -> None:
    page = render_html(graphs[kind], title=kind)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.I)
    assert not re.search(r"jsdelivr|cdnjs|unpkg|bootstrapcdn|googleapis", page, re.I)
    assert "var network = new vis.Network(" in page


def test_html_escapes_titles_and_payloads(graphs) -> None:
    page = render_html(graphs["cocitation"], title="<script>alert(1)</script> co-citation")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; co-citation" in page
    # The payload in a cited title travels inside the JSON data with < and > escaped.
    assert "<img src=x" not in page
    assert "\\u003cimg src=x" in page


def test_html_shows_the_one_citing_article_note(one_citing_graph) -> None:
    page = render_html(one_citing_graph, title="Co-citation")
    assert re.search(r'<div id="bri-note"[^>]*>Only 1 citing document: every co-citation weight is 1', page)


def test_html_layout_is_seeded_and_physics_off_for_large_graphs(graphs) -> None:
    G = graphs["cocitation"]
    assert html_data(G, seed=42) == html_data(G, seed=42)
    assert html_data(G, seed=42)["options"]["physics"]["enabled"] is True
    big = nx.path_graph(PHYSICS_MAX_NODES + 1)
    nx.set_node_attributes(big, 1, "count")
    assert html_data(big)["options"]["physics"]["enabled"] is False


def test_html_evidence_is_attached_to_edges(graphs) -> None:
    data = html_data(graphs["cocitation"])
    counts = sorted(len(e["evidence"]) for e in data["edges"])
    assert counts == sorted(d["count"] for _, _, d in graphs["cocitation"].edges(data=True))
    # Documents are listed once however many edges they support: here, the three citing works.
    citing = [n for n, kind in graphs["citation"].nodes(data="kind") if kind == "citing"]
    assert sorted(doc["iri"] for doc in data["documents"]) == sorted(citing)


def test_html_labels_only_the_most_counted_nodes_of_a_crowded_graph() -> None:
    from bri_kg.render.html import LABELLED_NODES

    G = nx.star_graph(LABELLED_NODES + 20)
    for n in G:
        G.nodes[n].update(label=f"node {n}", count=1000 - n)
    nodes = html_data(G)["nodes"]
    shown = {d["label"] for d in nodes if d["label"]}
    assert shown == {f"node {n}" for n in range(LABELLED_NODES)}
    assert sorted(d["search"] for d in nodes) == sorted(f"node {n}" for n in G)


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize(
    "G",
    [nx.Graph(), nx.karate_club_graph(), nx.DiGraph([(1, 2), (2, 3)])],
    ids=["empty", "plain", "directed"],
)
def test_write_network_accepts_graphs_without_bri_kg_attributes(G, tmp_path, suffix: str) -> None:
    assert write_network(G, tmp_path / f"g{suffix}", title="plain graph").stat().st_size > 0


@pytest.mark.parametrize("kind", KINDS)
def test_gexf_and_pajek_read_back_with_the_same_nodes_edges_and_weights(graphs, tmp_path, kind: str) -> None:
    G = graphs[kind]
    H = nx.read_gexf(write_network(G, tmp_path / f"{kind}.gexf", title=kind))
    assert set(H) == set(G)
    assert {(u, v) for u, v in H.edges} == {(u, v) for u, v in G.edges} or not G.is_directed()
    for u, v, d in G.edges(data=True):
        assert H.edges[u, v]["weight"] == pytest.approx(d["weight"])
        assert H.edges[u, v]["count"] == d["count"]
    P = nx.read_pajek(write_network(G, tmp_path / f"{kind}.net", title=kind))
    assert P.number_of_nodes() == G.number_of_nodes()
    assert P.number_of_edges() == G.number_of_edges()
    names = {n: name for n, name in zip(G, list(P), strict=True)}  # vertices are written in node order
    for u, v, d in G.edges(data=True):
        (back,) = P.get_edge_data(names[u], names[v]).values()
        assert back["weight"] == pytest.approx(d["weight"])


def test_pdf_is_written_and_reproducible(graphs, tmp_path) -> None:
    a = write_network(graphs["cocitation"], tmp_path / "a.pdf", title="Co-citation").read_bytes()
    b = write_network(graphs["cocitation"], tmp_path / "b.pdf", title="Co-citation").read_bytes()
    assert a.startswith(b"%PDF")
    assert a == b


def test_two_file_formats_write_their_sidecar(graphs, tmp_path) -> None:
    import csv

    G = graphs["cocitation"]
    nodes = write_network(G, tmp_path / "c.csv", title="c")
    assert sidecar_path(nodes) == tmp_path / "c_edges.csv"
    with (tmp_path / "c_edges.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == G.number_of_edges()
    assert {"source", "target", "count", "weight", "evidence"} <= set(rows[0])
    with nodes.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == G.number_of_nodes()
    vos_map = write_network(G, tmp_path / "c.txt", title="c")
    assert len(vos_map.read_text(encoding="utf-8").splitlines()) == G.number_of_nodes() + 1
    links = (tmp_path / "c_network.txt").read_text(encoding="utf-8").splitlines()
    assert len(links) == G.number_of_edges()


def test_vosviewer_json_names_clusters_by_their_llr_label(graphs, tmp_path) -> None:
    G = graphs["cocitation"]
    network = json.loads(write_network(G, tmp_path / "c.json", title="c").read_text(encoding="utf-8"))[
        "network"
    ]
    named = {c["label"] for c in network.get("clusters", [])}
    expected = {terms[0]["term"] for terms in G.graph["cluster_labels"].values() if terms}
    assert named == expected and named
