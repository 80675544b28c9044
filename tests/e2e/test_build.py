"""End to end: the bundled seed article and corpus become a valid knowledge graph with networks."""

from __future__ import annotations

import json

import pytest

SEED_REFERENCES = """
PREFIX biro: <http://purl.org/spar/biro/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX brio: <https://w3id.org/bri-kg/ontology#>
SELECT (COUNT(DISTINCT ?ref) AS ?n) WHERE { ?seed brio:isSeed true ; frbr:part ?ref . ?ref a biro:BibliographicReference }
"""

# The corpus works that the seed cites are the same nodes as the seed's references to them.
SEED_CITES_CORPUS = """
PREFIX biro: <http://purl.org/spar/biro/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX brio: <https://w3id.org/bri-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?work ?title WHERE {
  ?seed brio:isSeed true ; frbr:part ?ref .
  ?ref biro:references ?work .
  ?other frbr:part ?span . ?span a <http://purl.org/spar/doco/Title> .
  FILTER(?other = ?work)
  ?work dcterms:title ?title .
}
"""


def _scalar(result) -> int:
    return int(str(result.rows[0][0]).split("^^")[0].strip('"'))


def test_build_summary_counts(bundled_build) -> None:
    out, summary = bundled_build
    assert summary.works == 26
    assert summary.references >= 45
    assert summary.triples > 1000
    assert set(summary.mentions) >= {"ACTOR", "POLICY", "REGION"}
    written = json.loads((out / "summary.json").read_text())
    assert written["triples"] == summary.triples
    for kind in ("cocitation", "citation", "topics", "coauthorship"):
        for ext in ("html", "png", "svg"):
            assert (out / "networks" / f"{kind}.{ext}").stat().st_size > 0


def test_build_seed_has_45_references(bundled_store) -> None:
    assert _scalar(bundled_store.query(SEED_REFERENCES)) == 45


def test_build_seed_references_resolve_to_corpus_works(bundled_store) -> None:
    titles = {str(row[1]) for row in bundled_store.query(SEED_CITES_CORPUS).rows}
    assert len(titles) == 6, titles


def test_build_graph_conforms_to_shapes(bundled_store) -> None:
    from bri_kg.store import validate

    report = validate(bundled_store)
    assert report.conforms, report.text[:2000]


def test_build_twice_gives_the_same_triples(bundled_build, tmp_path) -> None:
    from bri_kg.pipeline import build

    out, _ = bundled_build
    build(out=tmp_path, networks=False)
    assert (tmp_path / "graph.trig").read_bytes() == (out / "graph.trig").read_bytes()


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["cocitation", "citation", "topics", "coauthorship"])
def test_build_network_pages_show_their_nodes(bundled_build, open_html, kind) -> None:
    import networkx as nx

    out, _ = bundled_build
    expected = nx.read_graphml(out / "networks" / f"{kind}.graphml").number_of_nodes()
    assert expected > 0
    page = open_html(out / "networks" / f"{kind}.html")
    assert page.evaluate("network.body.data.nodes.length") == expected
