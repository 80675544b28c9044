"""The bundled .rq files: documented headers, parseable SPARQL, and a README entry each."""

from __future__ import annotations

from importlib import resources

import pytest
from rdflib.plugins.sparql import prepareQuery

from bri_kg.store import list_queries, load_query, query_info, query_names

NAMES = query_names()


def test_rq_files_at_least_eight_queries() -> None:
    assert len(NAMES) >= 8
    assert [info.name for info in list_queries()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_rq_files_header(name) -> None:
    text = load_query(name)
    assert text.startswith("# title:")
    info = query_info(name)
    assert info.title and info.description
    assert "# params:" in text


@pytest.mark.parametrize("name", NAMES)
def test_rq_files_parse_as_sparql(name) -> None:
    prepareQuery(load_query(name))


@pytest.mark.parametrize("name", NAMES)
def test_rq_files_params_are_projected_and_used(name) -> None:
    text = load_query(name)
    select = text[text.index("SELECT") : text.index("WHERE")]
    for param in query_info(name).params:
        assert f"?{param}" in select, f"{name}: ?{param} must be projected for Oxigraph substitutions"
        assert text.count(f"?{param}") >= 2, f"{name}: ?{param} is declared but not used"


@pytest.mark.parametrize("name", NAMES)
def test_rq_files_documented_in_readme(name) -> None:
    readme = (resources.files("bri_kg.queries") / "README.md").read_text(encoding="utf-8")
    assert f"`{name}`" in readme
