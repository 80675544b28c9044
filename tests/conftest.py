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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (no browser download); skips when absent."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_html(chromium):
    """Open a local HTML file; any request to a host other than file:/data: fails the test."""
    pages = []
    external: list[str] = []

    def _open(path: Path):
        page = chromium.new_page()
        pages.append(page)

        def guard(route) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                external.append(url)
                route.abort()

        page.route("**/*", guard)
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_function("typeof network !== 'undefined'", timeout=15000)
        return page

    yield _open
    for page in pages:
        page.close()
    assert not external, f"the page requested external URLs: {external[:5]}"
