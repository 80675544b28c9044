"""The command line: contracts of each command and clear errors on bad input, with the store unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bri_kg.cli import app

runner = CliRunner()

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(1)">'


def _bad_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "empty.txt": b"",
        "cp1251.txt": "Миграционные процессы в Казахстане\n\n• Садовская, Е. (2008). Китайская миграция.\n".encode(
            "cp1251"
        ),
        "truncated.json": b'[{"title": ["A work"], "author": [{"family": "Koch", "given": "N."}], "reference": [',
        "garbage.bin": bytes(range(256)) * 8,
        "no_references.txt": (
            b"A Title Without References\n\nMain Article Content\n\nJane Doe\n\n"
            b"An abstract that says something about Kazakhstan.\n\nArticle Details\n"
        ),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    from bri_kg.resources import data_dir

    out = tmp_path_factory.mktemp("seed")
    result = runner.invoke(
        app, ["build", str(data_dir() / "seed" / "seed_article.txt"), "--out", str(out), "--no-networks"]
    )
    assert result.exit_code == 0, result.output
    return out / "store"


def _count(store: Path) -> int:
    result = runner.invoke(
        app,
        ["query", "--store", str(store), "--format", "json", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    )
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "name", ["empty.txt", "cp1251.txt", "truncated.json", "garbage.bin", "no_references.txt"]
)
def test_cli_bad_input_is_one_clear_line_and_leaves_the_store_unchanged(seed_store, tmp_path, name) -> None:
    before = _count(seed_store)
    path = _bad_inputs(tmp_path)[name]
    result = runner.invoke(
        app, ["build", str(path), "--store", str(seed_store), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith("error:") and name in message
    assert "Traceback" not in result.output + result.stderr
    assert len(message.splitlines()) == 1
    assert _count(seed_store) == before


def test_cli_truncated_json_error_names_the_line(tmp_path) -> None:
    path = _bad_inputs(tmp_path)["truncated.json"]
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{path}:1" in result.stderr


def test_cli_missing_file_is_a_clear_error(tmp_path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope.json"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "nope.json" in result.stderr


def test_cli_query_formats(seed_store) -> None:
    sparql = "PREFIX biro: <http://purl.org/spar/biro/> SELECT (COUNT(?r) AS ?n) WHERE { ?r a biro:BibliographicReference }"
    as_json = runner.invoke(app, ["query", "--store", str(seed_store), "--format", "json", sparql])
    assert json.loads(as_json.stdout)["results"]["bindings"][0]["n"]["value"] == "45"
    as_csv = runner.invoke(app, ["query", "--store", str(seed_store), "--format", "csv", sparql])
    assert as_csv.stdout.splitlines() == ["n", "45"]
    table = runner.invoke(app, ["query", "--store", str(seed_store), sparql])
    assert "45" in table.stdout


def test_cli_malformed_query_is_a_clear_error(seed_store) -> None:
    result = runner.invoke(app, ["query", "--store", str(seed_store), "SELECT WHERE {"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")


def test_cli_query_without_store_says_how_to_make_one(tmp_path) -> None:
    result = runner.invoke(app, ["query", "--store", str(tmp_path / "none"), "ASK {}"])
    assert result.exit_code == 2
    assert "bri-kg build" in result.stderr


def test_cli_refs_parse_keeps_input_order_and_skips_blank_lines(tmp_path) -> None:
    lines = [
        "Koch, N. (2013). Kazakhstan's changing geopolitics. Eurasian Geography and Economics, 54(1), 110-133.",
        "",
        "Peyrouse, S. (2016). Discussing China. Journal of Eurasian Studies, 7(1), 14-23. doi:10.1016/j.euras.2015.10.003",
    ]
    path = tmp_path / "refs.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["refs", "parse", str(path)])
    assert result.exit_code == 0, result.stderr
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["author"][0]["family"] for item in items] == ["Koch", "Peyrouse"]
    assert items[1]["DOI"] == "10.1016/j.euras.2015.10.003"


def test_cli_entities_jsonl_contract(tmp_path) -> None:
    path = tmp_path / "texts.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "Chinese migration to Kazakhstan and the Belt and Road Initiative"})
        + "\n"
        + "Labour quotas in Xinjiang\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["entities", str(path), "--no-model"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "2"]
    for row in rows:
        for e in row["entities"]:
            assert row["text"][e["start"] : e["end"]] == e["text"]
            assert e["concept"].startswith("https://w3id.org/bri-kg/concept/")
    norms = {e["norm"] for e in rows[0]["entities"]}
    assert {"China", "Kazakhstan", "Belt and Road Initiative"} <= norms
    kz = next(e for e in rows[0]["entities"] if e["norm"] == "Kazakhstan")
    assert kz["wikidata"] == "Q232"


def test_cli_hostile_title_is_data(tmp_path) -> None:
    work = {
        "type": "journal-article",
        "title": [HOSTILE],
        "DOI": "10.5555/xss",
        "author": [{"family": "X", "given": "Y"}],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([work]), encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["build", str(path), "--out", str(out), "--no-networks"])
    assert result.exit_code == 0, result.stderr
    q = runner.invoke(
        app,
        [
            "query",
            "--store",
            str(out / "store"),
            "--format",
            "json",
            "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?t WHERE { ?w dcterms:title ?t }",
        ],
    )
    assert json.loads(q.stdout)["results"]["bindings"][0]["t"]["value"] == HOSTILE


def test_cli_dump_writes_the_store_sorted(seed_store, tmp_path) -> None:
    result = runner.invoke(app, ["dump", str(tmp_path / "kg.nq"), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "kg.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == _count(seed_store) and lines == sorted(lines)
    assert f"{len(lines)} quads written" in result.stdout
    trig = runner.invoke(app, ["dump", str(tmp_path / "kg.trig"), "--store", str(seed_store)])
    assert trig.exit_code == 0 and (tmp_path / "kg.trig").read_text(encoding="utf-8").startswith("<")
    missing = runner.invoke(app, ["dump", str(tmp_path / "x.trig"), "--store", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "no store here" in missing.output


def test_cli_help_on_every_command() -> None:
    for args in (
        ["--help"],
        ["build", "--help"],
        ["query", "--help"],
        ["refs", "parse", "--help"],
        ["entities", "--help"],
        ["network", "--help"],
        ["validate", "--help"],
        ["dump", "--help"],
        ["eval", "refs", "--help"],
        ["eval", "entities", "--help"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, args
        assert "Usage" in result.stdout


def test_cli_network_options_and_formats(tmp_path) -> None:
    import networkx as nx

    from bri_kg.resources import data_dir

    out = tmp_path / "o"
    corpus = data_dir() / "corpus" / "bri_articles.crossref.json"
    built = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--no-networks", "--no-model"])
    assert built.exit_code == 0, built.stderr
    store = str(out / "store")
    regions = tmp_path / "regions.graphml"
    result = runner.invoke(
        app, ["network", "topics", "--store", store, "--facet", "region", "--top", "10", "-o", str(regions)]
    )
    assert result.exit_code == 0, result.stderr
    graph = nx.read_graphml(regions)
    assert 0 < graph.number_of_edges() <= 10
    assert {d["facet"].lower() for _, d in graph.nodes(data=True)} == {"region"}
    pajek = tmp_path / "coauthors.net"
    result = runner.invoke(
        app, ["network", "coauthorship", "--store", store, "--unit", "countries", "-o", str(pajek)]
    )
    assert result.exit_code == 0, result.stderr
    assert pajek.read_text(encoding="utf-8").startswith("*")
    bad = runner.invoke(app, ["network", "topics", "--store", store, "--years", "soon", "-o", str(regions)])
    assert bad.exit_code == 2


def test_cli_serve_passes_its_options(monkeypatch, seed_store) -> None:
    import bri_kg.web

    seen: dict = {}
    monkeypatch.setattr(bri_kg.web, "serve", lambda store, **options: seen.update(store=store, **options))
    result = runner.invoke(
        app, ["serve", "--store", str(seed_store), "--port", "8765", "--workers", "2", "--page-cache-mb", "0"]
    )
    assert result.exit_code == 0, result.output
    assert seen["store"] == str(seed_store) and seen["port"] == 8765
    assert seen["workers"] == 2 and seen["page_cache_bytes"] == 0
