"""Readers: turn article pages and bibliographic exports into Work records (CSL-JSON plus raw references)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

from bri_kg.errors import FormatError
from bri_kg.models import Source, Work
from bri_kg.read._io import check_file, make_source, read_text
from bri_kg.read.detect import detect_format
from bri_kg.read.registry import ALIASES, FORMATS
from bri_kg.resources import data_dir

__all__ = [
    "ALIASES",
    "FORMATS",
    "bundled_inputs",
    "check_file",
    "detect_format",
    "iter_works",
    "read_path",
    "read_text",
]

Reader = Callable[[Path, Source], Iterator[Work]]


def _reader(name: str) -> Reader:
    module, _, function = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def _format_name(format: str | None, path: Path) -> str:
    name = detect_format(path) if format is None else ALIASES.get(format.lower(), format.lower())
    if name not in FORMATS:
        raise FormatError(f"unknown format {name!r}; known formats: {', '.join(FORMATS)}", path=str(path))
    return name


def iter_works(path: str | Path, *, format: str | None = None) -> Iterator[Work]:
    """Works read from one file, one at a time; the format is sniffed from the content when not given."""
    p = check_file(path)
    name = _format_name(format, p)
    yield from _reader(name)(p, make_source(p, name))


def read_path(path: str | Path, *, format: str | None = None) -> list[Work]:
    """All works of one file; the format is sniffed from the content when not given."""
    return list(iter_works(path, format=format))


def bundled_inputs() -> list[Path]:
    """The inputs shipped with bri-kg: the seed article page and the Crossref corpus."""
    root = data_dir()
    return [root / "seed" / "seed_article.txt", root / "corpus" / "bri_articles.crossref.json"]
