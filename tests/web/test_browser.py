"""The pages in headless Debian chromium: hostile titles stay text, and a scholar's path through the site."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import HOSTILE, IDS, LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(chromium) -> object:
    # One Playwright instance per test session (tests/conftest.py): a second sync_playwright() in the same
    # thread fails while the first is running.
    return chromium


@pytest.fixture
def page(browser, live_server: LiveServer) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Anything but loopback is a test failure: the pages must not fetch from CDNs or other hosts.
    outside: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith((live_server.url, "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    # CSP violations only reach the console: YASGUI must work under the app's policy.
    tab.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    tab.outside = outside
    tab.errors = errors
    yield tab
    context.close()
    assert outside == [], f"requests left loopback: {outside}"


def _wait(page, expression: str, timeout: float = 10.0) -> None:
    """Poll ``expression`` with page.evaluate (wait_for_function compiles strings with eval, which CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/{IDS.hostile}",
        f"/{IDS.seed}",
        f"/{IDS.ref2}",
        f"/{IDS.hostile_author}",
        f"/{IDS.kazakhstan}",
        "/search?q=script",
    ],
)
def test_browser_hostile_title_never_runs(page, artifacts: Path, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x]").count() == 0
    if path in (f"/{IDS.hostile}", "/search?q=script"):
        assert HOSTILE in page.inner_text("main")
    name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or "home"
    page.screenshot(path=str(artifacts / f"web_xss_{name}.png"), full_page=True)
    assert page.errors == [], page.errors


def test_browser_scholar_path(page, artifacts: Path) -> None:
    page.goto("/")
    assert page.inner_text("#count-works") == "4"
    box = page.locator("#search-box")
    box.fill("Xinjiang")
    suggestions = page.locator("#suggestions li a")
    suggestions.first.wait_for(timeout=5000)
    assert "Xinjiang" in suggestions.all_inner_texts()
    page.screenshot(path=str(artifacts / "web_flow_1_suggest.png"))
    box.press("Enter")
    page.wait_for_url("**/search?q=Xinjiang")
    page.screenshot(path=str(artifacts / "web_flow_2_search.png"), full_page=True)

    page.click(f'li.hit-work a[href="/{IDS.seed}"]')
    page.wait_for_url(f"**/{IDS.seed}")
    assert "Labour migration" in page.inner_text("h1")
    assert page.locator("#abstract a.mention").count() == 5
    page.screenshot(path=str(artifacts / "web_flow_3_work.png"), full_page=True)

    page.click('#abstract a.mention[href="/concept/xinjiang"]')
    page.wait_for_url("**/concept/xinjiang")
    assert "新疆" in page.inner_text(".labels")
    assert "China" in page.inner_text("nav.hierarchy")
    assert page.locator(".mentions mark").first.inner_text() == "Xinjiang"
    page.screenshot(path=str(artifacts / "web_flow_4_concept.png"), full_page=True)

    page.goto("/query")
    _wait(page, "() => window.briKgYasgui !== undefined")
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?label WHERE { <https://w3id.org/bri-kg/concept/xinjiang> skos:prefLabel ?label } ORDER BY ?label"
    )
    page.evaluate(
        """(q) => { const tab = window.briKgYasgui.getTab(); tab.setQuery(q); tab.getYasqe().query(); }""",
        query,
    )
    cells = page.locator(".yasr table tbody td")
    _wait(
        page,
        "() => Array.from(document.querySelectorAll('.yasr table tbody td')).some(td => td.textContent.includes('新疆'))",
    )
    texts = " ".join(cells.all_inner_texts())
    assert "Xinjiang" in texts and "新疆" in texts
    page.screenshot(path=str(artifacts / "web_flow_5_query.png"), full_page=True)
    assert page.errors == [], page.errors


def test_browser_editor_has_example_tabs(page) -> None:
    from bri_kg.web.views import example_queries

    examples = example_queries()
    page.goto("/query")
    _wait(page, "() => window.briKgYasgui !== undefined")
    names = page.evaluate("Object.values(window.briKgYasgui._tabs).map(t => t.getName())")
    # YASGUI keeps tabs in an object keyed by random ids; a numeric-looking id sorts first in JavaScript,
    # so the order of Object.values is not the tab order: compare the sets.
    assert {e.title for e in examples} <= set(names), names
    assert len(names) == len(examples), names
    assert page.errors == [], page.errors


def test_browser_network_node_click_opens_page(page, artifacts: Path) -> None:
    from bri_kg.web.views import network_api

    if network_api() is None:
        pytest.skip("bri_kg.networks / bri_kg.render are not installed")
    page.goto("/networks/citation")
    frame = page.frame_locator("iframe.network")
    frame.locator("#bri-network canvas").wait_for(timeout=10000)
    iframe = page.locator("iframe.network").element_handle().content_frame()
    _wait(iframe, "() => typeof network !== 'undefined' && Object.keys(network.getPositions()).length > 0")
    time.sleep(0.5)  # let the layout settle before reading positions
    target = iframe.evaluate(
        """(iri) => { const p = network.getPositions([iri])[iri]; if (!p) return null;
                     const d = network.canvasToDOM(p); const r = document.getElementById('bri-network')
                     .getBoundingClientRect(); return {x: r.left + d.x, y: r.top + d.y}; }""",
        "https://w3id.org/bri-kg/" + IDS.cited,
    )
    assert target is not None
    box = page.locator("iframe.network").bounding_box()
    page.screenshot(path=str(artifacts / "web_network_citation.png"))
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_url(f"**/{IDS.cited}", timeout=10000)
    assert "Xinjiang and the Silk Road Economic Belt" in page.inner_text("h1")
