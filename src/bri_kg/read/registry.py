"""The registry of readers: format name -> "module:function", and the short names users may type."""

from __future__ import annotations

__all__ = ["ALIASES", "FORMATS"]

# Format name -> "module:function"; a reader takes (path, source) and yields Works. Modules load lazily,
# so reading a landing page never imports the BibTeX or RIS libraries.
FORMATS: dict[str, str] = {
    "landing-page": "bri_kg.read.landing_page:read_landing_page",
    "crossref-json": "bri_kg.read.crossref:read_crossref",
    "wos-plaintext": "bri_kg.read.wos:read_wos_plaintext",
    "wos-tab": "bri_kg.read.wos:read_wos_tab",
    "scopus-csv": "bri_kg.read.scopus:read_scopus",
    "ris": "bri_kg.read.ris:read_ris",
    "bibtex": "bri_kg.read.bibtex:read_bibtex",
    "csl-json": "bri_kg.read.csljson:read_csljson",
    "openalex-json": "bri_kg.read.openalex:read_openalex",
}

# Short names users type on the command line.
ALIASES: dict[str, str] = {
    "landing": "landing-page",
    "ojs": "landing-page",
    "crossref": "crossref-json",
    "wos": "wos-plaintext",
    "scopus": "scopus-csv",
    "bib": "bibtex",
    "csl": "csl-json",
    "openalex": "openalex-json",
}
