"""Every name in the public ``__all__`` of the resolve, rdf and store packages exists and is documented."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "bri_kg.resolve",
    "bri_kg.resolve.identity",
    "bri_kg.resolve.keys",
    "bri_kg.rdf",
    "bri_kg.rdf.iris",
    "bri_kg.rdf.mapping",
    "bri_kg.rdf.namespaces",
    "bri_kg.rdf.ontology",
    "bri_kg.store",
    "bri_kg.store.base",
    "bri_kg.store.endpoint",
    "bri_kg.store.oxigraph",
    "bri_kg.store.queries",
    "bri_kg.store.results",
    "bri_kg.store.validate",
    "bri_kg.queries",
]


@pytest.mark.parametrize("name", MODULES)
def test_store_exports_exist_and_modules_are_documented(name) -> None:
    module = importlib.import_module(name)
    assert module.__doc__ and module.__doc__.strip().splitlines()[0]
    assert len(module.__all__) == len(set(module.__all__))
    for export in module.__all__:
        assert hasattr(module, export), f"{name}.{export}"
        obj = getattr(module, export)
        if (
            callable(obj)
            and not isinstance(obj, type(module))
            and getattr(obj, "__module__", "").startswith("bri_kg")
        ):
            assert obj.__doc__, f"{name}.{export} has no docstring"
