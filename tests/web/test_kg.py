"""Page queries, value binding, store access and the settings of the web app."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from bri_kg.errors import QueryError, StoreError
from bri_kg.web import WebSettings, create_app, open_store_for_serving
from bri_kg.web.kg import KgReader, load_page_queries, oxigraph_of, with_values

from .conftest import HOSTILE, IDS, B, build_store

APP_PY = Path(__file__).resolve().parents[2] / "src" / "bri_kg" / "web" / "app.py"


@pytest.mark.parametrize("name", sorted(load_page_queries()))
def test_kg_every_page_query_runs(kg_store: ox.Store, name: str) -> None:
    kg = KgReader(kg_store)
    text = kg.queries[name]
    assert text.startswith("# "), "every .rq file opens with a comment saying what it returns"
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if "?q" in code:
        assert kg.select(name, q="xinjiang")
    elif "?r" in code:
        assert "WHERE {" in code
        if code.lstrip().startswith("ASK"):
            assert kg.ask(name, B + IDS.seed) is True
        elif code.lstrip().startswith("CONSTRUCT"):
            assert kg.construct(name, B + IDS.seed)
        else:
            kg.select(name, B + IDS.seed)
    else:
        assert kg.select(name)


@pytest.mark.parametrize(
    "text",
    ['" } UNION { ?s ?p ?o } #', "back\\slash\nnew line", "'single' \"double\"", HOSTILE, "\u0000\u202e"],
)
def test_kg_bound_text_stays_a_literal(kg_store: ox.Store, text: str) -> None:
    kg = KgReader(kg_store)
    rows = kg.select("search", q=text.lower())
    assert all(text.lower() in row["label"].lower() for row in rows)
    assert len(rows) <= 2


def test_kg_malformed_iri_is_refused(kg_store: ox.Store) -> None:
    kg = KgReader(kg_store)
    with pytest.raises(ValueError):
        kg.select("properties", "https://w3id.org/bri-kg/br/x> } ?s ?p ?o { <a")


def test_kg_with_values_needs_where() -> None:
    assert with_values("SELECT * WHERE { ?r ?p ?o }", "r", ox.NamedNode("http://x/y")) == (
        "SELECT * WHERE { VALUES ?r { <http://x/y> }  ?r ?p ?o }"
    )
    with pytest.raises(QueryError, match="no 'WHERE"):
        with_values("ASK { ?r ?p ?o }", "r", ox.NamedNode("http://x/y"))


def test_kg_labels_prefer_english(kg_store: ox.Store) -> None:
    kg = KgReader(kg_store)
    assert kg.label(B + "concept/kazakhstan") == "Kazakhstan"
    assert kg.label(B + IDS.author1) == "Aigerim Example"
    assert kg.label(B + "br/unknown") == "unknown"


def test_kg_oxigraph_of_accepts_the_store_wrapper() -> None:
    store_module = pytest.importorskip("bri_kg.store")
    wrapper = store_module.open_store(None)
    try:
        assert isinstance(oxigraph_of(wrapper), ox.Store)
        assert create_app(wrapper).state.kg.store is oxigraph_of(wrapper)
    finally:
        wrapper.close()
    with pytest.raises(StoreError, match=r"no local pyoxigraph\.Store"):
        oxigraph_of(object())


def test_kg_serving_store_is_read_only(tmp_path: Path) -> None:
    location = tmp_path / "store"
    writer = build_store(str(location))
    writer.flush()
    del writer
    store = open_store_for_serving(str(location))
    before = len(store)
    assert before > 200
    with pytest.raises((OSError, RuntimeError), match=r"read-write|read-only|read only"):
        store.update("INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }")
    assert len(store) == before


def test_kg_serving_missing_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        open_store_for_serving(str(tmp_path / "nothing"))
    with pytest.raises(StoreError, match="local store directory"):
        open_store_for_serving("http://127.0.0.1:9/sparql")


def test_kg_every_setting_is_documented() -> None:
    source = APP_PY.read_text(encoding="utf-8")
    for setting in dataclasses.fields(WebSettings):
        assert re.search(rf"^\s+{setting.name}: .* = .*  # \S", source, re.M), setting.name


def test_kg_span_mentions_carry_the_quoted_text(kg_store: ox.Store) -> None:
    kg = KgReader(kg_store)
    rows = kg.select("span_mentions", B + IDS.seed)
    assert rows, "the seed work's title and abstract have mentions"
    contents = {row["span"]: row["content"] for row in kg.select("spans", B + IDS.seed)}
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert row["exact"] == contents[row["span"]][start:end]
    # one row per mention: the position selector is not mistaken for a quote selector
    assert len({row["mention"] for row in rows}) == len(rows)


def test_kg_labels_of_many_iris_in_one_query_equal_one_by_one(kg_store: ox.Store) -> None:
    kg = KgReader(kg_store)
    iris = [
        B + local for local in (IDS.seed, IDS.author1, IDS.ref1, "concept/kazakhstan", "br/00000000000000ff")
    ]
    calls: list[object] = []
    select = kg.select
    kg.select = lambda name, r=None, **kw: calls.append(r) or select(name, r, **kw)  # type: ignore[method-assign]
    together = kg.labels(iris + iris[:2])
    assert len(calls) == 1
    assert together == {iri: KgReader(kg_store).label(iri) for iri in iris}
    assert together[B + "br/00000000000000ff"] == "00000000000000ff"  # no label: the IRI's end
    assert together[B + "concept/kazakhstan"] == "Kazakhstan"
    assert kg.labels([]) == {}
