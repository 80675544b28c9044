"""Fixtures of the render tests: the networks of the small test store, and a guarded browser page."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bri_kg.networks import KINDS, build_network


def _kgbuild() -> ModuleType:
    # The store builder lives with the network tests; tests run with --import-mode=importlib and test
    # folders are not packages, so load it by path (or reuse it when the network tests loaded it first).
    if "kgbuild" in sys.modules:
        return sys.modules["kgbuild"]
    path = Path(__file__).parents[1] / "networks" / "kgbuild.py"
    spec = importlib.util.spec_from_file_location("kgbuild", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["kgbuild"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


kgbuild = _kgbuild()


@pytest.fixture(scope="module")
def graphs():
    """kind -> network built from the small store (titles carry XSS payloads)."""
    store, _ = kgbuild.small_store()
    return {kind: build_network(store, kind) for kind in KINDS}


@pytest.fixture(scope="module")
def one_citing_graph():
    store, _ = kgbuild.one_citing_store()
    return build_network(store, "cocitation")


@pytest.fixture
def guarded_page(chromium):
    """Open a local file in Chromium, recording external requests, dialogs and page errors.

    Returns ``open(path) -> (page, record)``; the listeners are attached before the page loads, so a
    payload that fires on load is caught too.
    """
    pages = []

    def _open(path: Path):
        page = chromium.new_page()
        pages.append(page)
        record = {"external": [], "dialogs": [], "errors": []}

        def guard(route) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                record["external"].append(url)
                route.abort()

        def on_dialog(dialog) -> None:
            record["dialogs"].append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda err: record["errors"].append(str(err)))
        page.route("**/*", guard)
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_function("typeof network !== 'undefined'", timeout=15000)
        return page, record

    yield _open
    for page in pages:
        page.close()
