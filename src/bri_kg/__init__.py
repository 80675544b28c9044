"""bri-kg: a knowledge graph of the migration and Belt and Road Initiative literature."""

__version__ = "0.1.0"
