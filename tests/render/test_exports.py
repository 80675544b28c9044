"""Pajek, CSV and VOSviewer exports written and read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from bri_kg.render.exports import vos_items, write_csv, write_pajek, write_vosviewer, write_vosviewer_json


def _graph() -> nx.Graph:
    """Three works of a co-citation network, with the attributes the network builders set."""
    G = nx.Graph(kind="cocitation")
    G.add_node(
        "https://doi.org/10.1/a",
        label="Li 2019",
        title='Labour, "migration" & <the> BRI',
        year=2019,
        doi="10.1/a",
        count=3,
        cluster=0,
    )
    G.add_node("urn:b", label="Wang 2020", count=2, cluster=1, year=2020)
    G.add_node("urn:c", label="Wang 2020", count=1, cluster=0)  # same label: Pajek must tell them apart
    G.add_edge(
        "https://doi.org/10.1/a", "urn:b", count=2, weight=0.25, evidence=[{"iri": "d1"}, {"iri": "d2"}]
    )
    G.add_edge("urn:b", "urn:c", count=1, weight=0.5, evidence=[{"iri": "d3"}])
    return G


def test_pajek_reads_back_with_the_same_nodes_edges_and_weights(tmp_path: Path) -> None:
    path = tmp_path / "g.net"
    write_pajek(_graph(), path)
    back = nx.Graph(nx.read_pajek(path))
    assert set(back) == {"Li 2019", "Wang 2020", "Wang 2020 #2"}
    weights = {frozenset(e): d["weight"] for *e, d in back.edges(data=True)}
    assert weights == {
        frozenset({"Li 2019", "Wang 2020"}): 0.25,
        frozenset({"Wang 2020", "Wang 2020 #2"}): 0.5,
    }
    for _, data in back.nodes(data=True):
        assert 0.0 <= data["x"] <= 1.0 and 0.0 <= data["y"] <= 1.0


def test_pajek_writes_arcs_for_directed_graphs_and_survives_quotes(tmp_path: Path) -> None:
    G = nx.DiGraph()
    G.add_node("a", label='Said "so"')
    G.add_node("b")  # no label: named by its id
    G.add_edge("a", "b", weight=3)
    G.add_edge("b", "a")  # no weight: 1
    path = tmp_path / "d.net"
    write_pajek(G, path)
    assert "*Arcs" in path.read_text(encoding="utf-8")
    back = nx.read_pajek(path)
    assert back.is_directed()
    assert sorted((u, v, d["weight"]) for u, v, d in back.edges(data=True)) == [
        ("Said 'so'", "b", 3.0),
        ("b", "Said 'so'", 1.0),
    ]


def test_csv_lists_carry_every_attribute(tmp_path: Path) -> None:
    nodes, edges = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    write_csv(_graph(), nodes, edges)
    with nodes.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["id", "label", "cluster", "count", "doi", "title", "year"]
        rows = {row["id"]: row for row in reader}
    assert rows["https://doi.org/10.1/a"]["title"] == 'Labour, "migration" & <the> BRI'
    assert (rows["urn:c"]["year"], rows["urn:c"]["count"]) == ("", "1")
    with edges.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["source", "target", "count", "evidence", "weight"]
        rows = list(reader)
    assert [(r["source"], r["target"], float(r["weight"])) for r in rows] == [
        ("https://doi.org/10.1/a", "urn:b", 0.25),
        ("urn:b", "urn:c", 0.5),
    ]
    assert json.loads(rows[0]["evidence"]) == [{"iri": "d1"}, {"iri": "d2"}]


def test_csv_renames_attributes_that_clash_with_fixed_columns(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node(1, id="x")
    G.add_edge(1, 2, source="y")
    write_csv(G, tmp_path / "n.csv", tmp_path / "e.csv")
    assert (tmp_path / "n.csv").read_text(encoding="utf-8").splitlines()[0] == "id,attr:id"
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()[0] == "source,target,attr:source"


def _read_vos_map(path: Path) -> list[dict[str, str]]:
    """A small reader after the VOSviewer manual: tab-separated, a header line, quoted text fields."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = [c[1:-1] if len(c) >= 2 and c[0] == c[-1] == '"' else c for c in line.split("\t")]
        assert len(cells) == len(header)
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def _read_vos_network(path: Path) -> dict[tuple[int, int], float]:
    links = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        a, b, strength = line.split("\t")
        links[(int(a), int(b))] = float(strength)
    return links


def test_vosviewer_map_and_network_files(tmp_path: Path) -> None:
    map_path, network_path = tmp_path / "map.txt", tmp_path / "network.txt"
    write_vosviewer(_graph(), map_path, network_path)
    header = map_path.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == [
        "id",
        "label",
        "description",
        "url",
        "x",
        "y",
        "cluster",
        "weight<Links>",
        "weight<Total link strength>",
        "weight<Citations>",
        "score<Year>",
    ]
    rows = _read_vos_map(map_path)
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert [r["label"] for r in rows] == ["Li 2019", "Wang 2020", "Wang 2020"]
    assert [r["cluster"] for r in rows] == ["1", "2", "1"]  # 0-based cluster ids become 1-based
    # Links = degree; Total link strength = sum of the raw counts: Li 2, Wang 2 + 1, Wang(c) 1.
    assert [(r["weight<Links>"], r["weight<Total link strength>"]) for r in rows] == [
        ("1", "2"),
        ("2", "3"),
        ("1", "1"),
    ]
    assert [r["weight<Citations>"] for r in rows] == ["3", "2", "1"]
    assert [r["score<Year>"] for r in rows] == ["2019", "2020", ""]
    # The title has a comma: quoted; descriptions are HTML, so the title is escaped (quotes included).
    assert rows[0]["description"] == "Labour, &quot;migration&quot; &amp; &lt;the&gt; BRI"
    assert rows[0]["url"] == "https://doi.org/10.1/a"
    # Raw co-occurrence counts, not the normalised weights: VOSviewer normalises by itself.
    assert _read_vos_network(network_path) == {(1, 2): 2.0, (2, 3): 1.0}


def test_vosviewer_link_strength_prefers_fractional_strength_then_a_chosen_attribute(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_edge("a", "b", count=2, strength=0.75, weight=0.1)
    write_vosviewer(G, tmp_path / "m.txt", tmp_path / "n.txt")
    assert _read_vos_network(tmp_path / "n.txt") == {(1, 2): 0.75}
    write_vosviewer(G, tmp_path / "m.txt", tmp_path / "n.txt", strength="weight")
    assert _read_vos_network(tmp_path / "n.txt") == {(1, 2): 0.1}
    rows = _read_vos_map(tmp_path / "m.txt")
    assert "cluster" not in rows[0] and "description" not in rows[0]


def test_vosviewer_quotes_labels_with_commas_or_semicolons(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node("a", label="Li, X.\tand\nWang")
    G.add_node("b", label="Wang; Y.")
    G.add_node("c", label="Zhao")
    write_vosviewer(G, tmp_path / "m.txt", tmp_path / "n.txt")
    lines = (tmp_path / "m.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1] for line in lines[1:]] == ['"Li, X. and Wang"', '"Wang; Y."', "Zhao"]
    assert (tmp_path / "n.txt").read_text(encoding="utf-8") == ""


def test_vosviewer_json_has_the_documented_keys(tmp_path: Path) -> None:
    path = tmp_path / "vos.json"
    write_vosviewer_json(_graph(), path, cluster_labels={0: "labour migration"})
    network = json.loads(path.read_text(encoding="utf-8"))["network"]
    items, links = network["items"], network["links"]
    assert [i["id"] for i in items] == [1, 2, 3]
    for item in items:
        assert {"id", "label", "cluster", "weights", "x", "y"} <= set(item)
        assert isinstance(item["x"], float) and isinstance(item["y"], float)
    assert items[0]["weights"] == {"Links": 1.0, "Total link strength": 2.0, "Citations": 3.0}
    assert items[0]["scores"] == {"Year": 2019.0}
    assert items[0]["description"] == "Labour, &quot;migration&quot; &amp; &lt;the&gt; BRI"
    assert [i["cluster"] for i in items] == [1, 2, 1]
    assert links == [
        {"source_id": 1, "target_id": 2, "strength": 2.0},
        {"source_id": 2, "target_id": 3, "strength": 1.0},
    ]
    assert network["clusters"] == [{"cluster": 1, "label": "labour migration"}]


def test_positions_come_from_node_attributes_when_every_node_has_them() -> None:
    G = nx.Graph()
    G.add_node("a", x=np.float32(0.5), y=-2, count=np.int64(4))  # numpy numbers are numbers too
    G.add_node("b", x=3, y=4.25, year=True)  # ... booleans are not
    items = vos_items(G)
    assert [(i.x, i.y) for i in items] == [(0.5, -2.0), (3.0, 4.25)]
    assert items[0].weights["Occurrences"] == 4.0
    assert items[1].scores == {}


def test_positions_fall_back_to_a_seeded_layout() -> None:
    G = _graph()
    G.nodes["urn:b"]["x"] = 7.0  # only one node with x: not enough to use the attributes
    first = [(i.x, i.y) for i in vos_items(G)]
    assert first == [(i.x, i.y) for i in vos_items(G)]
    assert all(-1.0 <= v <= 1.0 for xy in first for v in xy)


@pytest.mark.parametrize("writer", ["pajek", "csv", "vosviewer", "json"])
def test_empty_graphs_export(tmp_path: Path, writer: str) -> None:
    G = nx.Graph()
    if writer == "pajek":
        write_pajek(G, tmp_path / "g.net")
        assert len(nx.read_pajek(tmp_path / "g.net")) == 0
    elif writer == "csv":
        write_csv(G, tmp_path / "n.csv", tmp_path / "e.csv")
        assert (tmp_path / "n.csv").read_text(encoding="utf-8").strip() == "id"
    elif writer == "vosviewer":
        write_vosviewer(G, tmp_path / "m.txt", tmp_path / "n.txt")
        assert _read_vos_map(tmp_path / "m.txt") == []
    else:
        write_vosviewer_json(G, tmp_path / "v.json")
        assert json.loads((tmp_path / "v.json").read_text(encoding="utf-8")) == {
            "network": {"items": [], "links": []}
        }


@pytest.mark.parametrize("kind", ["cocitation", "coupling", "citation", "topics", "coauthorship"])
def test_built_networks_export_whole(graphs: dict, kind: str, tmp_path: Path) -> None:
    G = graphs[kind]
    write_pajek(G, tmp_path / "g.net")
    back = nx.read_pajek(tmp_path / "g.net")
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    write_vosviewer(G, tmp_path / "m.txt", tmp_path / "n.txt")
    assert len(_read_vos_map(tmp_path / "m.txt")) == G.number_of_nodes()
    write_vosviewer_json(G, tmp_path / "v.json")
    network = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["network"]
    assert len(network["items"]) == G.number_of_nodes()
    ids = {i["id"] for i in network["items"]}
    assert all(link["source_id"] in ids and link["target_id"] in ids for link in network["links"])
    write_csv(G, tmp_path / "n.csv", tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == G.number_of_edges()
