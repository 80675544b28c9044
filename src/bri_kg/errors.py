"""The one exception tree of bri-kg; the library raises, the CLI and web app translate.

Hierarchy::

    BriKgError
    ├── InputError            a file cannot be read (names the file and, where known, the line)
    │   ├── EncodingError     not UTF-8/UTF-16 text (e.g. cp1251 or binary bytes)
    │   └── FormatError       readable text, but not the expected format (truncated JSON, no reference list)
    ├── ModelError            the shipped reference model or spaCy pipeline cannot be loaded
    ├── OntologyError         the ontology files are inconsistent
    ├── StoreError            the triple store cannot be opened or written
    ├── QueryError            a SPARQL query is malformed, refused or failed
    ├── FetchError            an online API request failed after its retries (carries url and status)
    └── ValidationError       SHACL violations (carries the report)

Warnings that skip one bad record carry a stable code, e.g. ``[BRI-W001]``.
"""

from __future__ import annotations

__all__ = [
    "BriKgError",
    "EncodingError",
    "FetchError",
    "FormatError",
    "InputError",
    "ModelError",
    "OntologyError",
    "QueryError",
    "StoreError",
    "ValidationError",
]


class BriKgError(Exception):
    """Base class of every error bri-kg raises on purpose."""


class InputError(BriKgError):
    """An input file cannot be read; the message names the file and, where known, the line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class EncodingError(InputError):
    """The bytes are not text in a supported encoding."""


class FormatError(InputError):
    """The text is not in the expected format."""


class ModelError(BriKgError):
    """A trained model or pipeline cannot be loaded."""


class OntologyError(BriKgError):
    """The ontology or concept schemes are inconsistent."""


class StoreError(BriKgError):
    """The triple store cannot be opened, read or written."""


class QueryError(BriKgError):
    """A SPARQL query is malformed, refused or failed."""


class FetchError(BriKgError):
    """A request failed after its retries; ``status`` is None when no HTTP answer came back."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(message)


class ValidationError(BriKgError):
    """SHACL validation found violations; ``report`` holds the readable text."""

    def __init__(self, message: str, *, report: str = "", violations: int = 0) -> None:
        self.report = report
        self.violations = violations
        super().__init__(message)
