"""bri-kg: a knowledge graph of the migration and Belt and Road Initiative literature.

The functions below mirror the command line (see ``bri_kg.api``); each stage is a subpackage, in the order the
data flows: ``read`` -> ``references`` -> ``resolve`` -> ``entities`` -> ``rdf`` -> ``store`` -> ``networks`` ->
``render`` (and ``web`` for ``bri-kg serve``).
"""

from bri_kg.api import (
    build,
    network,
    parse_references,
    query,
    remove,
    suspect_merges,
    tag_entities,
    validate,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "network",
    "parse_references",
    "query",
    "remove",
    "suspect_merges",
    "tag_entities",
    "validate",
]
