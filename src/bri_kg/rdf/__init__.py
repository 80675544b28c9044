"""RDF: vocabularies, the IRI minting module, and the mapping of models to named graphs."""

from bri_kg.rdf.iris import *  # noqa: F403
from bri_kg.rdf.iris import __all__ as _iris_all
from bri_kg.rdf.mapping import *  # noqa: F403
from bri_kg.rdf.mapping import __all__ as _mapping_all
from bri_kg.rdf.namespaces import *  # noqa: F403
from bri_kg.rdf.namespaces import __all__ as _namespaces_all
from bri_kg.rdf.ontology import *  # noqa: F403
from bri_kg.rdf.ontology import __all__ as _ontology_all

__all__ = [*_iris_all, *_mapping_all, *_namespaces_all, *_ontology_all]
