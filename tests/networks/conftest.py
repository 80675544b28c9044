"""Fixtures of the network tests: tiny stores built triple by triple after docs/DATA_MODEL.md."""

from __future__ import annotations

import pytest
from kgbuild import one_citing_store, small_store


@pytest.fixture
def kg():
    """(store, ids) of the small three-article knowledge graph."""
    return small_store()


@pytest.fixture
def kg_one():
    """(store, ids) of a knowledge graph with a single citing article."""
    return one_citing_store()
