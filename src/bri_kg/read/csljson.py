"""Reader for CSL-JSON files (Zotero, citeproc, pandoc): a list of items, one item, or {"items": [...]}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bri_kg.identifiers import normalize_doi
from bri_kg.models import Reference, Source, Work
from bri_kg.read._io import clean, clean_csl, iter_json_items, normalize_page

__all__ = ["csl_items", "read_csljson"]

# Non-standard keys some tools use to carry a reference list inside a CSL item.
_REFERENCE_KEYS = ("reference", "references")


def csl_items(data: Any) -> list[dict[str, Any]]:
    """The item dicts of a CSL-JSON document."""
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, dict)]


def _reference(value: Any, position: int) -> Reference | None:
    if isinstance(value, str) and value.strip():
        return Reference(raw=clean(value).strip(), position=position, csl={})
    if not isinstance(value, dict):
        return None
    doi = normalize_doi(value.get("DOI"))
    raw = value.get("unstructured") or value.get("raw")
    if isinstance(raw, str) and raw.strip():
        return Reference(raw=clean(raw).strip(), position=position, csl={}, doi=doi)
    csl = clean_csl({k: v for k, v in value.items() if k not in ("unstructured", "raw")})
    return Reference(raw=csl.get("title", ""), position=position, csl=csl, doi=doi)


def _work(item: dict[str, Any], source: Source, fallback_id: str) -> Work:
    csl = {k: v for k, v in item.items() if k not in _REFERENCE_KEYS}
    csl["id"] = str(csl.get("id") or fallback_id)
    csl.setdefault("type", "article-journal")
    if "DOI" in csl:
        csl["DOI"] = normalize_doi(csl["DOI"])
    if "page" in csl:
        csl["page"] = normalize_page(csl["page"])
    values = next((item[k] for k in _REFERENCE_KEYS if isinstance(item.get(k), list)), [])
    references = [ref for ref in (_reference(v, i) for i, v in enumerate(values, 1)) if ref]
    return Work(csl=clean_csl(csl), source=source, references=references)


def read_csljson(path: Path, source: Source) -> Iterator[Work]:
    """Works of a CSL-JSON (or JSON Lines) file."""
    for index, item in iter_json_items(path, csl_items, "CSL-JSON item"):
        yield _work(item, source, f"{path.name}#{index}")
