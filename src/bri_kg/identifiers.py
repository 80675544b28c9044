"""Identifiers that every stage compares: one normal form of a DOI given as a field value.

A DOI printed inside a reference string (split by line breaks, glued to the next field) is found by
:func:`bri_kg.references.normalize.normalize_doi`, which ends in the same normal form.
"""

from __future__ import annotations

import re

__all__ = ["normalize_doi"]

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# Real registrant codes have four digits or more; sample exports and tests use shorter ones, kept too.
_DOI_SHAPE = re.compile(r"^10\.[^\s/]+/\S+$")


def normalize_doi(value: str | None) -> str | None:
    """A DOI in lower case without resolver prefix or trailing punctuation; None if it is not one."""
    if not value:
        return None
    doi = _DOI_PREFIX.sub("", str(value).strip()).strip().rstrip(".,;)").lower()
    return doi if _DOI_SHAPE.match(doi) else None
