"""Fixtures of the network tests: tiny stores built triple by triple after docs/DATA_MODEL.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def load_kgbuild() -> ModuleType:
    """The store builder next to this file (tests run with --import-mode=importlib: no sys.path entry)."""
    if "kgbuild" in sys.modules:
        return sys.modules["kgbuild"]
    spec = importlib.util.spec_from_file_location("kgbuild", Path(__file__).with_name("kgbuild.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["kgbuild"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def kgbuild() -> ModuleType:
    """The module that builds test stores (KG, small_store, one_citing_store)."""
    return load_kgbuild()


@pytest.fixture
def kg(kgbuild):
    """(store, ids) of the small three-article knowledge graph."""
    return kgbuild.small_store()


@pytest.fixture
def kg_one(kgbuild):
    """(store, ids) of a knowledge graph with a single citing article."""
    return kgbuild.one_citing_store()
