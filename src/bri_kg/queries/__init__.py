"""Scholar-facing SPARQL queries (``*.rq``), loaded by name with :func:`bri_kg.store.load_query`."""

__all__: list[str] = []
