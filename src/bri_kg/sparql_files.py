"""The SPARQL files each stage ships in its ``sparql/`` folder, read through importlib.resources."""

from __future__ import annotations

import importlib.resources

from bri_kg.errors import QueryError

__all__ = ["packaged_query"]


def packaged_query(package: str, name: str) -> str:
    """The text of ``{package}/sparql/{name}.rq``; QueryError when the package ships no such file."""
    resource = importlib.resources.files(package).joinpath("sparql", f"{name}.rq")
    try:
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise QueryError(f"no SPARQL file {name}.rq in {package}") from err
