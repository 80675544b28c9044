"""Which pieces of a work are analysed for entities: title, abstract, keywords and reference titles."""

from __future__ import annotations

import html
import re
from typing import Any

from bri_kg.models import TextSpan, Work

__all__ = ["keywords_text", "strip_jats", "text_spans"]

_HEADING = re.compile(r"<(jats:)?title[^>]*>\s*(abstract|summary)\s*</(jats:)?title>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(jats:)?(p|sec|title|list-item|li)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def strip_jats(text: str) -> str:
    """Plain text of a Crossref JATS abstract: tags and the 'Abstract' heading removed, whitespace collapsed."""
    text = _HEADING.sub(" ", text)
    text = _BLOCK_END.sub(" ", text)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _items(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    return [str(v).strip() for v in value or [] if str(v).strip()]


def keywords_text(csl: dict[str, Any]) -> str:
    """CSL "keyword" and "subject" joined with "; " (duplicates dropped)."""
    items = _items(csl.get("keyword")) + _items(csl.get("subject"))
    return "; ".join(dict.fromkeys(items))


def text_spans(work: Work) -> list[TextSpan]:
    """The spans to tag: never authors, container titles, places or URLs."""
    spans = []
    title = _text(work.csl.get("title"))
    if title:
        spans.append(TextSpan("title", "title", title))
    abstract = strip_jats(_text(work.csl.get("abstract")))
    if abstract:
        spans.append(TextSpan("abstract", "abstract", abstract))
    keywords = keywords_text(work.csl)
    if keywords:
        spans.append(TextSpan("keywords", "keywords", keywords))
    for ref in work.references:
        csl = ref.csl or {}
        ref_title = _text(csl.get("title"))
        if ref_title:
            spans.append(TextSpan(f"ref:{ref.position}:title", "reference-title", ref_title))
        translated = _text(csl.get("translated-title"))
        if translated:
            spans.append(TextSpan(f"ref:{ref.position}:translated-title", "translated-title", translated))
    return spans
