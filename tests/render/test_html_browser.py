"""The HTML pages in headless Chromium: node counts, no external request, no script from the data."""

from __future__ import annotations

import pytest

from bri_kg.networks import KINDS
from bri_kg.render import write_network

pytestmark = pytest.mark.browser


def _assert_clean(page, record) -> None:
    assert record["external"] == []
    assert record["dialogs"] == []
    assert record["errors"] == []
    assert page.evaluate("typeof window.__xss") == "undefined"


@pytest.mark.parametrize("kind", KINDS)
def test_page_shows_every_node_offline_without_running_payloads(graphs, guarded_page, tmp_path, kind) -> None:
    G = graphs[kind]
    path = write_network(G, tmp_path / f"{kind}.html", title=f"{kind} <img src=x onerror=alert(1)>")
    page, record = guarded_page(path)
    assert page.evaluate("network.body.data.nodes.length") == G.number_of_nodes()
    assert page.evaluate("network.body.data.edges.length") == G.number_of_edges()
    assert "<img src=x onerror=alert(1)>" in page.inner_text("h1")
    page.wait_for_timeout(300)
    _assert_clean(page, record)


def test_tooltip_of_a_payload_title_is_text(graphs, guarded_page, tmp_path) -> None:
    G = graphs["cocitation"]
    target = next(n for n, d in G.nodes(data=True) if "onerror" in d["title"])
    page, record = guarded_page(write_network(G, tmp_path / "c.html", title="c"))
    page.evaluate("network.stopSimulation()")
    box = page.locator("#bri-network").bounding_box()
    xy = page.evaluate(
        "id => { var p = network.getPosition(id); return network.canvasToDOM(p); }",
        target,
    )
    page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = page.inner_text("div.vis-tooltip")
    assert "<img src=x onerror=" in tip
    assert page.locator("div.vis-tooltip img").count() == 0
    _assert_clean(page, record)


def _click_edge(page, u: str, v: str) -> str:
    """Click the edge between u and v (either direction) and return the details panel's text."""
    edge_id = page.evaluate(
        "([u, v]) => network.body.data.edges.get({filter: e => e.from === u && e.to === v"
        " || e.from === v && e.to === u})[0].id",
        [u, v],
    )
    page.evaluate("id => network.emit('click', {nodes: [], edges: [id]})", edge_id)
    return page.inner_text("#bri-details")


def test_search_selects_and_edge_click_shows_evidence(graphs, guarded_page, tmp_path) -> None:
    G = graphs["cocitation"]
    page, record = guarded_page(write_network(G, tmp_path / "c.html", title="c"))
    page.fill("#bri-search", "laruelle 2016")
    page.press("#bri-search", "Enter")
    selected = page.evaluate("network.getSelectedNodes()")
    assert [G.nodes[n]["label"] for n in selected] == ["Laruelle 2016"]
    assert "Laruelle 2016" in page.inner_text("#bri-details-title")

    u, v, data = max(G.edges(data=True), key=lambda e: e[2]["count"])
    details = _click_edge(page, u, v)
    for item in data["evidence"]:
        assert item["iri"] in details
    assert f"Citing works ({data['count']})" in page.inner_text("#bri-details-title")
    _assert_clean(page, record)


def test_one_citing_article_note_is_shown(one_citing_graph, guarded_page, tmp_path) -> None:
    page, record = guarded_page(write_network(one_citing_graph, tmp_path / "one.html", title="one"))
    assert page.is_visible("#bri-note")
    assert "every co-citation weight is 1" in page.inner_text("#bri-note")
    _assert_clean(page, record)


def _visible_nodes(page) -> int:
    return page.evaluate("network.body.data.nodes.get({filter: n => !n.hidden}).length")


@pytest.mark.parametrize("kind", KINDS)
def test_each_page_search_cluster_filter_and_edge_evidence(graphs, guarded_page, tmp_path, kind) -> None:
    G = graphs[kind]
    page, record = guarded_page(write_network(G, tmp_path / f"{kind}.html", title=kind))
    assert page.evaluate("network.body.data.nodes.length") == G.number_of_nodes()
    # Search: the most counted node's label selects it.
    target = max(G.nodes, key=lambda n: (G.nodes[n].get("count", 0), str(n)))
    page.fill("#bri-search", G.nodes[target]["label"])
    page.press("#bri-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [target]
    # Cluster filter: every offered cluster shows exactly its members; "all" shows every node again.
    offered = page.eval_on_selector_all("#bri-cluster option", "os => os.map(o => o.value)")[1:]
    assert offered, "the small networks all have a cluster of two or more nodes"
    for value in offered:
        page.select_option("#bri-cluster", value)
        members = sum(1 for _, c in G.nodes(data="cluster") if str(c) == value)
        assert _visible_nodes(page) == members
        if members < G.number_of_nodes():
            assert f"{members} of {G.number_of_nodes()} nodes shown" in page.inner_text("#bri-filter-status")
    page.select_option("#bri-cluster", "")
    assert _visible_nodes(page) == G.number_of_nodes()
    # Clicking an edge lists the documents behind it, linked to the work.
    u, v, data = max(G.edges(data=True), key=lambda e: (e[2].get("count", 1), str(e[0]), str(e[1])))
    details = _click_edge(page, u, v)
    first = data["evidence"][0]
    assert (first["iri"] if isinstance(first, dict) else first) in details
    hrefs = page.eval_on_selector_all("#bri-details a", "as => as.map(a => a.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    _assert_clean(page, record)


def test_facet_and_year_filters(graphs, guarded_page, tmp_path) -> None:
    G = graphs["topics"]
    page, record = guarded_page(write_network(G, tmp_path / "t.html", title="t"))
    page.select_option("#bri-facet", "Region")
    regions = sum(1 for _, f in G.nodes(data="facet") if f == "Region")
    assert _visible_nodes(page) == regions
    page.select_option("#bri-facet", "")
    C = graphs["cocitation"]
    page, record = guarded_page(write_network(C, tmp_path / "c.html", title="c"))
    page.fill("#bri-year-from", "2017")
    page.fill("#bri-year-to", "2018")
    page.dispatch_event("#bri-year-to", "change")
    assert _visible_nodes(page) == sum(1 for _, y in C.nodes(data="year") if 2017 <= y <= 2018)
    _assert_clean(page, record)


def test_png_button_saves_a_png(graphs, guarded_page, tmp_path) -> None:
    page, record = guarded_page(write_network(graphs["cocitation"], tmp_path / "c.html", title="Co-citation"))
    page.wait_for_function("window.briReady === true", timeout=5000)
    with page.expect_download() as info:
        page.click("#bri-png")
    download = info.value
    assert download.suggested_filename == "Co-citation.png"
    saved = tmp_path / "saved.png"
    download.save_as(saved)
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _assert_clean(page, record)


@pytest.mark.slow
def test_large_page_settles_within_five_seconds(guarded_page, tmp_path) -> None:
    import random

    import networkx as nx

    rng = random.Random(7)
    G = nx.Graph(kind="cocitation")
    for n in range(2000):
        G.add_node(f"n{n}", label=f"Node {n}", count=rng.randint(1, 50), cluster=n % 9, year=2000 + n % 20)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 10_000:  # mostly within blocks of 200 nodes, so that clusters show
        u, v = sorted((rng.randrange(2000), rng.randrange(2000)))
        if u != v and (u // 200 == v // 200 or rng.random() < 0.05):
            pairs.add((u, v))
    for u, v in sorted(pairs):
        G.add_edge(f"n{u}", f"n{v}", count=1, weight=rng.random(), evidence=[f"https://example.org/d{u}"])
    path = write_network(G, tmp_path / "big.html", title="big")
    page, record = guarded_page(path)
    page.wait_for_function("window.briReady === true", timeout=10_000)
    settled = page.evaluate("window.briReadyMs")
    print(f"2,000 nodes / {G.number_of_edges()} edges: first settled frame after {settled:.0f} ms")
    assert settled < 5000
    assert page.evaluate("network.physics.physicsEnabled") is False
    assert page.evaluate("network.body.data.nodes.length") == 2000
    _assert_clean(page, record)
