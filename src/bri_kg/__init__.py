"""bri-kg: a knowledge graph of the migration and Belt and Road Initiative literature.

The functions below mirror the command line (see ``bri_kg.api``); each stage is a subpackage, in the order the
data flows: ``read`` -> ``references`` -> ``resolve`` -> ``entities`` -> ``rdf`` -> ``store`` -> ``networks`` ->
``render`` (and ``web`` for ``bri-kg serve``).
"""

from bri_kg import api
from bri_kg.api import *  # noqa: F403 - the public surface is exactly api.__all__

__version__ = "0.1.0"

__all__ = ["__version__", *api.__all__]
