"""Triple stores (embedded Oxigraph, remote SPARQL endpoints), bundled queries, results and validation."""

from __future__ import annotations

from pathlib import Path

from bri_kg.store.base import *  # noqa: F403
from bri_kg.store.base import TripleStore
from bri_kg.store.base import __all__ as _base_all
from bri_kg.store.endpoint import *  # noqa: F403
from bri_kg.store.endpoint import SparqlEndpointStore
from bri_kg.store.endpoint import __all__ as _endpoint_all
from bri_kg.store.oxigraph import *  # noqa: F403
from bri_kg.store.oxigraph import OxigraphStore
from bri_kg.store.oxigraph import __all__ as _oxigraph_all
from bri_kg.store.queries import *  # noqa: F403
from bri_kg.store.queries import __all__ as _queries_all
from bri_kg.store.results import *  # noqa: F403
from bri_kg.store.results import __all__ as _results_all
from bri_kg.store.sources import *  # noqa: F403
from bri_kg.store.sources import __all__ as _sources_all
from bri_kg.store.validate import *  # noqa: F403
from bri_kg.store.validate import __all__ as _validate_all

__all__ = [
    *_base_all,
    *_endpoint_all,
    *_oxigraph_all,
    *_queries_all,
    *_results_all,
    *_sources_all,
    *_validate_all,
    "open_store",
]


def open_store(location: str | Path | None) -> TripleStore:
    """An endpoint store for "http(s)://..." URLs, else an Oxigraph store in that directory (None: memory)."""
    if location is None:
        return OxigraphStore(None)
    text = str(location)
    if text.startswith(("http://", "https://")):
        return SparqlEndpointStore(text)
    return OxigraphStore(Path(text))
