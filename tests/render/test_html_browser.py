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


def test_search_selects_and_edge_click_shows_evidence(graphs, guarded_page, tmp_path) -> None:
    G = graphs["cocitation"]
    page, record = guarded_page(write_network(G, tmp_path / "c.html", title="c"))
    page.fill("#bri-search", "laruelle 2016")
    page.press("#bri-search", "Enter")
    selected = page.evaluate("network.getSelectedNodes()")
    assert [G.nodes[n]["label"] for n in selected] == ["Laruelle 2016"]
    assert "Laruelle 2016" in page.inner_text("#bri-details-title")

    u, v, data = max(G.edges(data=True), key=lambda e: e[2]["count"])
    edge_id = page.evaluate(
        "([u, v]) => network.body.data.edges.get({filter: e => e.from === u && e.to === v"
        " || e.from === v && e.to === u})[0].id",
        [u, v],
    )
    page.evaluate("id => network.emit('click', {nodes: [], edges: [id]})", edge_id)
    details = page.inner_text("#bri-details")
    for item in data["evidence"]:
        assert item["iri"] in details
    assert f"Citing works ({data['count']})" in page.inner_text("#bri-details-title")
    _assert_clean(page, record)


def test_one_citing_article_note_is_shown(one_citing_graph, guarded_page, tmp_path) -> None:
    page, record = guarded_page(write_network(one_citing_graph, tmp_path / "one.html", title="one"))
    assert page.is_visible("#bri-note")
    assert "every co-citation weight is 1" in page.inner_text("#bri-note")
    _assert_clean(page, record)
