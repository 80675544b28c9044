"""Optional online enrichment: fetch OpenAlex and Crossref works and find DOIs for parsed references."""

from __future__ import annotations

from bri_kg.fetch.crossref import EnrichReport, Match, enrich_references, fetch_crossref, match_reference
from bri_kg.fetch.http import FetchError, HttpConfig, make_client
from bri_kg.fetch.openalex import fetch_openalex

__all__ = [
    "EnrichReport",
    "FetchError",
    "HttpConfig",
    "Match",
    "enrich_references",
    "fetch_crossref",
    "fetch_openalex",
    "make_client",
    "match_reference",
]
