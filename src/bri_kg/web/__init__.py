"""``bri-kg serve``: SPARQL endpoint, query editor, linked-data pages, search and network views."""

from __future__ import annotations

from bri_kg.web.app import WebSettings, create_app, open_store_for_serving, serve

__all__ = ["WebSettings", "create_app", "open_store_for_serving", "serve"]
