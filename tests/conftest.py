"""Fixtures shared by every test folder: the gold files and one build of the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = FIXTURES / "gold"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def gold_references() -> list[dict]:
    """The seed's 45 references: {"n", "raw", "csl"}."""
    return _jsonl(GOLD / "seed_references.csl.jsonl")


@pytest.fixture(scope="session")
def gold_entities() -> list[dict]:
    """The 52 annotated texts of the seed: {"id", "text", "entities"}."""
    return _jsonl(GOLD / "seed_entities.jsonl")


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory: pytest.TempPathFactory):
    """One full build of the bundled seed article and corpus, shared by the end-to-end tests."""
    from bri_kg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    summary = build(out=out)
    return out, summary


@pytest.fixture(scope="session")
def bundled_store(bundled_build):
    """The store of the bundled build, opened once (read by queries and network tests)."""
    from bri_kg.store import open_store

    out, _ = bundled_build
    store = open_store(str(out / "store"))
    yield store
    store.close()
