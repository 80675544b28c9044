"""A real WoS corpus end to end: co-citation counts checked against the file, incremental add and remove."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bri_kg.cli import app

runner = CliRunner()
SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"
SCIENTOMETRICS = SAMPLES / "scientometrics_text.wos_plaintext.txt"
WOS50 = SAMPLES / "wos_plaintext.txt"

DANGLING = """
PREFIX biro: <http://purl.org/spar/biro/>
SELECT (COUNT(DISTINCT ?work) AS ?n) WHERE {
  ?reference biro:references ?work .
  FILTER NOT EXISTS { ?work a ?type }
}
"""
WORKS = """
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
SELECT (COUNT(DISTINCT ?work) AS ?n) WHERE { ?work prism:publicationDate ?date }
"""


def _scalar(store, sparql: str) -> int:
    return int(str(store.query(sparql).rows[0][0]))


_DOI = re.compile(r"DOI \[?(10\.[^,\]\s]+)")


def _cr_lines(path: Path) -> list[list[str]]:
    """Independently of bri_kg.read: the CR lines of each record of a WoS plain-text file."""
    records: list[list[str]] = []
    current: list[str] | None = None
    in_cr = False
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        tag = line[:2]
        if tag == "PT":
            current = []
        elif tag == "ER" and current is not None:
            records.append(current)
            current = None
        if tag.strip():
            in_cr = tag == "CR"
        if in_cr and current is not None:
            current.append(line[3:].strip())
    return records


def _doi(line: str) -> str | None:
    match = _DOI.search(line)
    return match.group(1).lower().rstrip(".,;)") if match else None


def _short_key(line: str) -> tuple[str, ...] | None:
    """SURNAME, year, volume, page of a CR line: "SMALL HG, 1985, SCIENTOMETRICS, V7, P391" is "SMALL H"'s."""
    parts = [p.strip() for p in line.split(",")]
    pages = [p for p in parts if re.fullmatch(r"P\w+", p)]
    if len(parts) < 3 or not pages or not re.fullmatch(r"\d{4}", parts[1]):
        return None
    volumes = [p for p in parts if re.fullmatch(r"V\w+", p)]
    surname = re.sub(r"[^A-Z]", "", parts[0].rsplit(" ", 1)[0].upper())
    return (surname, parts[1], volumes[0] if volumes else "", pages[0])


def _cited_dois_per_record(path: Path) -> list[set[str]]:
    """The DOIs each record cites: on its CR lines, or (a line without DOI) by the same surname, year,
    volume and page as a DOI-bearing line of the file, when that names one DOI only."""
    records = _cr_lines(path)
    by_key: dict[tuple[str, ...], set[str]] = {}
    for lines in records:
        for line in lines:
            doi, key = _doi(line), _short_key(line)
            if doi and key:
                by_key.setdefault(key, set()).add(doi)
    cited = []
    for lines in records:
        dois: set[str] = set()
        for line in lines:
            doi, key = _doi(line), _short_key(line)
            if doi:
                dois.add(doi)
            elif key in by_key and len(by_key[key]) == 1:
                dois |= by_key[key]
        cited.append(dois)
    return cited


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from bri_kg.pipeline import build

    out = tmp_path_factory.mktemp("corpus")
    summary = build([SCIENTOMETRICS], out=out, networks=False, use_model=False)
    return out, summary


@pytest.fixture
def corpus_store(corpus):
    from bri_kg.store import open_store

    out, summary = corpus
    store = open_store(str(out / "store"))
    yield out, summary, store
    store.close()


def test_corpus_cocitation_counts_equal_records_citing_both(corpus_store) -> None:
    from bri_kg.networks import build_network
    from bri_kg.rdf.iris import work_iri

    _, summary, store = corpus_store
    records = _cited_dois_per_record(SCIENTOMETRICS)
    assert len(records) == summary.works == 147
    expected = Counter(pair for dois in records for pair in combinations(sorted(dois), 2))
    by_iri = {str(work_iri(f"doi:{doi}")): doi for dois in records for doi in dois}
    graph = build_network(store, "cocitation", normalize="none")
    found = Counter()
    for a, b, data in graph.edges(data=True):
        if a in by_iri and b in by_iri:
            found[tuple(sorted((by_iri[a], by_iri[b])))] = data["count"]
    assert len(expected) > 10_000
    assert found == expected


def test_corpus_short_references_are_resolved_with_evidence(corpus_store) -> None:
    _, summary, store = corpus_store
    # 3,575 references carry a DOI; title-less ones with a page resolve on author, year, source and page.
    assert summary.resolved_citations > 4500  # of 5,815; the rest have no page (books, reports)
    methods = store.query(
        "PREFIX brio: <https://w3id.org/bri-kg/ontology#> SELECT DISTINCT ?m WHERE { ?e brio:matchMethod ?m }"
    )
    assert {str(row[0]) for row in methods.rows} >= {"doi", "exact-key", "venue"}


def test_corpus_works_suspect_lists_venue_merges(corpus) -> None:
    out, _ = corpus
    result = runner.invoke(
        app, ["works", "--suspect", "--limit", "5", "--format", "json", "--store", str(out / "store")]
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert 0 < len(rows) <= 5
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)
    assert all(r["method"] in {"fuzzy", "venue", "override"} and r["text"] for r in rows)


def _halves(folder: Path) -> tuple[Path, Path]:
    text = WOS50.read_text(encoding="utf-8-sig")
    head, body = text.split("\nPT ", 1)
    records = ("PT " + body).rsplit("\nEF", 1)[0].split("\nER\n")
    records = [r.strip("\n") for r in records if r.strip()]
    paths = []
    for name, part in (("a.txt", records[:8]), ("b.txt", records[8:16])):
        path = folder / name
        path.write_text(head + "\n" + "\nER\n\n".join(part) + "\nER\n\nEF\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def test_corpus_incremental_add_readd_and_remove(tmp_path) -> None:
    from bri_kg.pipeline import build, remove
    from bri_kg.store import open_store, stored_sources, validate

    a, b = _halves(tmp_path)
    store = tmp_path / "store"
    first = build([a], out=tmp_path / "a", store=store, networks=False, use_model=False)
    second = build([b], out=tmp_path / "b", store=store, networks=False, use_model=False)
    assert first.works == 8 and second.works == 8
    assert second.sources_in_store == 2
    assert second.known_nodes_joined > 0  # B cites works A's records cite too: the same nodes
    again = build([b], out=tmp_path / "b2", store=store, networks=False, use_model=False)
    assert (tmp_path / "b2" / "graph.trig").read_bytes() == (tmp_path / "b" / "graph.trig").read_bytes()
    assert again.triples == second.triples

    kg = open_store(str(store))
    try:
        works_before = _scalar(kg, WORKS)
        # Agents and venues both sources describe are spelt alike: one family name, one title each.
        assert validate(kg).conforms
    finally:
        kg.close()
    result = remove(str(a), store=store)
    assert result["rehomed"] > 0 and result["dropped_nodes"] > 0
    kg = open_store(str(store))
    try:
        assert len(stored_sources(kg)) == 1 and result["source"] not in stored_sources(kg)
        assert _scalar(kg, DANGLING) == 0  # every node B still cites is still described
        assert _scalar(kg, WORKS) < works_before
    finally:
        kg.close()


def test_corpus_cli_remove_unknown_source_is_one_line_and_changes_nothing(corpus) -> None:
    from bri_kg.store import open_store

    out, _ = corpus
    store_dir = str(out / "store")
    store = open_store(store_dir)
    before = store.count()
    store.close()
    result = runner.invoke(app, ["remove", "0123456789abcdef", "--store", store_dir])
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1
    reopened = open_store(store_dir)
    try:
        assert reopened.count() == before
    finally:
        reopened.close()


def test_corpus_build_with_bad_override_file_is_a_clear_error(tmp_path) -> None:
    rules = tmp_path / "rules.tsv"
    rules.write_text("merge\tonly-one-column\n", encoding="utf-8")
    result = runner.invoke(
        app, ["build", str(WOS50), "--overrides", str(rules), "--out", str(tmp_path / "o"), "--no-networks"]
    )
    assert result.exit_code == 2
    assert "rules.tsv:1" in result.stderr
    assert not (tmp_path / "o" / "store").exists()


def test_corpus_cli_fetch_translates_fetch_errors(tmp_path, monkeypatch) -> None:
    import bri_kg.fetch
    from bri_kg.fetch import FetchError

    def fail(**kwargs):
        raise FetchError("GET https://api.openalex.org/works -> HTTP 503 Service Unavailable", status=503)

    monkeypatch.setattr(bri_kg.fetch, "fetch_openalex", fail)
    result = runner.invoke(
        app, ["fetch", "openalex", "--search", "belt and road", "-o", str(tmp_path / "w.json")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and "503" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_corpus_cli_fetch_passes_search_and_dois(tmp_path, monkeypatch) -> None:
    import bri_kg.fetch

    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        kwargs["out"].write_text("[]", encoding="utf-8")
        return kwargs["out"]

    monkeypatch.setattr(bri_kg.fetch, "fetch_openalex", fake)
    target = tmp_path / "w.json"
    result = runner.invoke(
        app,
        [
            "fetch",
            "openalex",
            "--search",
            "migration",
            "--doi",
            "10.1/a",
            "--doi",
            "10.1/b",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert seen["search"] == "migration" and list(seen["dois"]) == ["10.1/a", "10.1/b"]
    assert target.exists()


def test_corpus_cli_enrich_writes_csl_json_that_build_reads(tmp_path, monkeypatch) -> None:
    import bri_kg.fetch
    from bri_kg.fetch import EnrichReport
    from bri_kg.read import read_path

    def fake(works, client, **kwargs):
        works[0].references[0].doi = "10.1234/found"
        return EnrichReport(asked=1, matched=1)

    monkeypatch.setattr(bri_kg.fetch, "enrich_references", fake)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "one.json"
    work = {
        "type": "article-journal",
        "title": "Chinese migration to Kazakhstan",
        "author": [{"family": "Sadovskaya", "given": "Y."}],
        "reference": [
            {
                "unstructured": "Koch, N. (2013). Kazakhstan's changing geopolitics. Eurasian Geography and Economics, 54(1), 110-133."
            }
        ],
    }
    source.write_text(json.dumps([work]), encoding="utf-8")
    target = tmp_path / "enriched.json"
    result = runner.invoke(app, ["enrich", "crossref", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert "matched 1" in result.stderr
    works = read_path(target)
    assert works[0].references[0].doi == "10.1234/found"
    assert works[0].references[0].raw.startswith("Koch, N. (2013)")
