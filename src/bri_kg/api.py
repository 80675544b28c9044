"""The Python API for notebooks: one function per CLI command, same defaults, library errors raised.

>>> import bri_kg
>>> summary = bri_kg.build()                                   # doctest: +SKIP
>>> rows = bri_kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # doctest: +SKIP
>>> bri_kg.parse_references(["Koch, N. (2013). Title. Journal, 1(2), 3-4."])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from bri_kg.models import Mention
    from bri_kg.pipeline import BuildSummary

__all__ = [
    "DEFAULT_STORE",
    "build",
    "dump",
    "network",
    "parse_references",
    "query",
    "remove",
    "suspect_merges",
    "tag_entities",
    "validate",
]

DEFAULT_STORE = Path("bri-kg-out") / "store"


def build(
    inputs: Sequence[str | Path] | None = None,
    *,
    out: str | Path = "bri-kg-out",
    store: str | Path | None = None,
    use_model: bool | None = None,
    networks: bool = True,
    trig: bool = True,
) -> BuildSummary:
    """Build the knowledge graph (``bri-kg build``); no inputs means the bundled seed article and corpus."""
    from bri_kg.pipeline import build as run_build

    return run_build(
        [Path(p) for p in inputs] if inputs else None,
        out=Path(out),
        store=store,
        use_model=use_model,
        networks=networks,
        trig=trig,
    )


def query(
    sparql: str, *, store: str | Path = DEFAULT_STORE, bindings: Mapping[str, Any] | None = None
) -> Any:
    """Answer a SPARQL query (``bri-kg query``); returns the store's QueryResult."""
    from bri_kg.store import open_store

    kg = open_store(str(store))
    try:
        return kg.query(sparql, bindings)
    finally:
        kg.close()


def remove(source: str | Path, *, store: str | Path = DEFAULT_STORE) -> dict[str, Any]:
    """Drop one source file's graphs and the nodes only it described (``bri-kg remove``)."""
    from bri_kg.pipeline import remove as run_remove

    return run_remove(str(source), store=store)


def suspect_merges(*, store: str | Path = DEFAULT_STORE, limit: int = 50) -> Any:
    """The least certain identity merges, lowest score first (``bri-kg works --suspect``)."""
    from bri_kg.resolve import suspect_merges as find_suspects
    from bri_kg.store import open_store

    kg = open_store(str(store))
    try:
        return find_suspects(kg, limit=limit)
    finally:
        kg.close()


def parse_references(strings: Iterable[str]) -> list[dict[str, Any]]:
    """Parse reference strings into CSL-JSON items (``bri-kg refs parse``)."""
    from bri_kg.references import ReferenceParser

    parser = ReferenceParser()
    return [parsed.csl for parsed in parser.parse_many(strings)]


def tag_entities(texts: Iterable[str], *, use_model: bool | None = None) -> list[list[Mention]]:
    """Tag actors, policies, regions and topics (``bri-kg entities``)."""
    from bri_kg.entities import build_tagger

    return build_tagger(use_model=use_model).tag_many(list(texts))


def network(kind: str, *, store: str | Path = DEFAULT_STORE, min_count: int = 1) -> nx.Graph:
    """Compute a network from the store (``bri-kg network``); write it with ``bri_kg.render.write_network``."""
    from bri_kg.networks import build_network
    from bri_kg.store import open_store

    kg = open_store(str(store))
    try:
        return build_network(kg, kind, min_count=min_count)
    finally:
        kg.close()


def dump(target: str | Path, *, store: str | Path = DEFAULT_STORE, format: str | None = None) -> int:
    """Write the whole store, sorted, as TriG or N-Quads (``bri-kg dump``); returns the number of quads.

    ``format`` is "trig" or "nquads"; by default ".nq" files get N-Quads and anything else TriG.
    """
    from bri_kg.store import open_store

    chosen = format or ("nquads" if str(target).endswith(".nq") else "trig")
    kg = open_store(str(store))
    try:
        kg.dump(target, format=chosen)
        return kg.count()
    finally:
        kg.close()


def validate(*, store: str | Path = DEFAULT_STORE) -> Any:
    """Check the store against the SHACL shapes (``bri-kg validate``); returns the report."""
    from bri_kg.store import open_store
    from bri_kg.store import validate as shacl_validate

    kg = open_store(str(store))
    try:
        return shacl_validate(kg)
    finally:
        kg.close()
