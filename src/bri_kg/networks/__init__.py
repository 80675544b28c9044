"""Co-citation, citation, topic and co-authorship networks built from the knowledge-graph store."""

from bri_kg.networks.build import DEFAULT_NORMALIZE, KINDS, WorkMeta, build_network, work_labels
from bri_kg.networks.metrics import BETWEENNESS_SAMPLE, add_metrics, clusters
from bri_kg.networks.queries import QueryableStore, load_query, select, to_python, year_of
from bri_kg.networks.sparse import (
    COUNTINGS,
    NORMALIZATIONS,
    Incidence,
    Pairs,
    cooccurrence,
    cooccurrence_pairs,
    incidence,
    top_pairs,
)

__all__ = [
    "BETWEENNESS_SAMPLE",
    "COUNTINGS",
    "DEFAULT_NORMALIZE",
    "KINDS",
    "NORMALIZATIONS",
    "Incidence",
    "Pairs",
    "QueryableStore",
    "WorkMeta",
    "add_metrics",
    "build_network",
    "clusters",
    "cooccurrence",
    "cooccurrence_pairs",
    "incidence",
    "load_query",
    "select",
    "to_python",
    "top_pairs",
    "work_labels",
    "year_of",
]
