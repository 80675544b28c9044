"""The Python API mirrors the CLI and exports exactly its public names."""

from __future__ import annotations

import bri_kg


def test_api_exports_every_public_name() -> None:
    assert set(bri_kg.__all__) == {"__version__", *bri_kg.api.__all__}
    commands = {"build", "query", "parse_references", "tag_entities", "network", "validate", "remove"}
    assert commands <= set(bri_kg.__all__)
    assert all(callable(getattr(bri_kg, name)) for name in commands)


def test_api_parse_references_returns_csl() -> None:
    (item,) = bri_kg.parse_references(
        [
            "Koch, N. (2013). Kazakhstan's changing geopolitics. Eurasian Geography and Economics, 54(1), 110-133."
        ]
    )
    assert item["author"][0]["family"] == "Koch"
    assert item["issued"]["date-parts"][0][0] == 2013
    assert item["container-title"] == "Eurasian Geography and Economics"


def test_api_tag_entities_links_concepts() -> None:
    (mentions,) = bri_kg.tag_entities(["Chinese labour migration to Kazakhstan"], use_model=False)
    assert {m.norm for m in mentions} >= {"China", "Kazakhstan"}


def test_api_build_query_and_network(tmp_path) -> None:
    from bri_kg.resources import data_dir

    store = tmp_path / "store"
    summary = bri_kg.build(
        [data_dir() / "seed" / "seed_article.txt"], out=tmp_path, networks=False, use_model=False
    )
    assert summary.references == 45
    result = bri_kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store=store)
    assert int(str(result.rows[0][0])) == summary.triples
    graph = bri_kg.network("citation", store=store)
    assert graph.number_of_nodes() == 46
    assert bri_kg.validate(store=store).conforms
    assert summary.outputs["graph"] == str(tmp_path / "graph.trig")
    assert bri_kg.dump(tmp_path / "again.nq", store=store) == summary.triples
    lines = (tmp_path / "again.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == summary.triples and lines == sorted(lines)


def test_api_build_without_trig_writes_the_store_only(tmp_path) -> None:
    from bri_kg.resources import data_dir

    summary = bri_kg.build(
        [data_dir() / "seed" / "seed_article.txt"], out=tmp_path, networks=False, use_model=False, trig=False
    )
    assert not (tmp_path / "graph.trig").exists() and "graph" not in summary.outputs
    assert "trig" not in summary.seconds and summary.triples > 0
    assert bri_kg.dump(tmp_path / "later.trig", store=tmp_path / "store") == summary.triples
    assert (tmp_path / "later.trig").read_text(encoding="utf-8").count(" .\n") == summary.triples
