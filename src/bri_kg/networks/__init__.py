"""Co-citation, citation, topic and co-authorship networks built from the knowledge-graph store."""

from bri_kg.networks.annotate import annotate
from bri_kg.networks.build import (
    DEFAULT_NORMALIZE,
    FACETS,
    KINDS,
    UNITS,
    Built,
    Options,
    WorkMeta,
    build_network,
    country_of_affiliation,
    work_labels,
)
from bri_kg.networks.coupling import coupling
from bri_kg.networks.metrics import BETWEENNESS_SAMPLE, add_metrics, clusters
from bri_kg.networks.queries import QueryableStore, iter_tuples, load_query, select, to_python, year_of
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
    "FACETS",
    "KINDS",
    "NORMALIZATIONS",
    "UNITS",
    "Built",
    "Incidence",
    "Options",
    "Pairs",
    "QueryableStore",
    "WorkMeta",
    "add_metrics",
    "annotate",
    "build_network",
    "clusters",
    "cooccurrence",
    "cooccurrence_pairs",
    "country_of_affiliation",
    "coupling",
    "incidence",
    "iter_tuples",
    "load_query",
    "select",
    "to_python",
    "top_pairs",
    "work_labels",
    "year_of",
]
