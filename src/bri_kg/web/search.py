"""Search over work titles, agent names and concept labels in every label language."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bri_kg.web.cache import cached
from bri_kg.web.kg import KgReader
from bri_kg.web.views import HTML, in_thread, local_path, render

__all__ = ["Hit", "LabelIndex", "normalize_query", "rank_hits", "search", "search_page", "suggest"]

MAX_QUERY_CHARS = 200
_KIND_ORDER = {"concept": 0, "work": 1, "agent": 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the resource, what it is, the label that matched and its language."""

    iri: str
    kind: str
    label: str
    lang: str = ""


def normalize_query(text: str) -> str:
    """Trimmed, NFC, lower-cased and length-capped search text (SPARQL LCASE compares the same way)."""
    return unicodedata.normalize("NFC", " ".join(text.split()))[:MAX_QUERY_CHARS].lower()


def rank_hits(rows: list[dict[str, str]], needle: str) -> list[Hit]:
    """One hit per resource (its best matching label), whole-label and prefix matches first."""
    best: dict[str, tuple[tuple[int, int, int, str], Hit]] = {}
    for row in rows:
        label = row["label"]
        folded = label.lower()
        closeness = 0 if folded == needle else 1 if folded.startswith(needle) else 2
        key = (closeness, _KIND_ORDER.get(row["kind"], 3), len(label), label)
        hit = Hit(row["hit"], row["kind"], label, row.get("lang", ""))
        if row["hit"] not in best or key < best[row["hit"]][0]:
            best[row["hit"]] = (key, hit)
    return [hit for _, hit in sorted(best.values(), key=lambda item: item[0])]


def _long_enough(needle: str) -> bool:
    # One Han character ("新") is a meaningful prefix; one Latin letter is not.
    return len(needle) >= 2 or any(ord(ch) >= 0x2E80 for ch in needle)


@dataclass(frozen=True, slots=True)
class LabelIndex:
    """Every searchable label with its lower-cased form: a substring scan in memory, not of the store.

    The ``search`` query scans every title, name and concept label (tens of ms on the bundled data); a
    static store's labels are read once instead (``search_labels.rq``, the same union without the filter).
    """

    entries: tuple[tuple[str, dict[str, str]], ...]

    @classmethod
    def load(cls, kg: KgReader) -> LabelIndex:
        """The labels of the store behind ``kg``."""
        # str.lower as SPARQL LCASE: both use Unicode's full lower-case mapping.
        return cls(tuple((row["label"].lower(), row) for row in kg.select("search_labels")))

    def rows(self, needle: str) -> list[dict[str, str]]:
        """Rows (hit, kind, label, lang) whose lower-cased label contains ``needle``."""
        return [row for folded, row in self.entries if needle in folded]


def search(kg: KgReader, text: str, limit: int, index: LabelIndex | None = None) -> list[Hit]:
    """Ranked hits for ``text``, from ``index`` when given; the text is bound as a literal, never spliced."""
    needle = normalize_query(text)
    if not needle:
        return []
    rows = index.rows(needle) if index is not None else kg.select("search", q=needle)
    return rank_hits(rows, needle)[:limit]


async def _hits(request: Request, text: str, limit: int) -> list[Hit]:
    state = request.app.state
    index: LabelIndex | None = None
    if state.settings.store_is_static:
        index = state.label_index
        if index is None:
            # Two first searches at once may both load it: harmless, the loads are equal.
            index = state.label_index = await in_thread(request, LabelIndex.load, state.kg)
    return await in_thread(request, search, state.kg, text, limit, index)


async def search_page(request: Request) -> Response:
    """GET /search?q=...: an HTML list of works, agents and concepts."""
    return await cached(request, HTML, lambda: _search_page(request))


async def _search_page(request: Request) -> Response:
    text = request.query_params.get("q", "")
    hits = await _hits(request, text, request.app.state.settings.search_limit)
    return render(request, "search.html", {"q": text, "hits": hits})


async def suggest(request: Request) -> Response:
    """GET /api/suggest?q=...: JSON suggestions for the search box (label, kind, local URL)."""
    return await cached(request, "application/json", lambda: _suggest(request))


async def _suggest(request: Request) -> Response:
    text = request.query_params.get("q", "")
    settings = request.app.state.settings
    hits = (
        [] if not _long_enough(normalize_query(text)) else await _hits(request, text, settings.suggest_limit)
    )
    base = settings.base_iri
    items = [
        {
            "label": h.label,
            "lang": h.lang,
            "kind": h.kind,
            "iri": h.iri,
            "url": local_path(h.iri, base) or h.iri,
        }
        for h in hits
    ]
    return JSONResponse({"query": text, "suggestions": items})
