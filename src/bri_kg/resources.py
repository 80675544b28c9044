"""Where the ontology and the bundled data are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir", "ontology_dir", "refdata_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, in_checkout: str) -> Path:
    # A wheel carries copies inside the package; an editable install or a checkout reads the top-level folders.
    candidate = _PACKAGE / installed
    if candidate.is_dir():
        return candidate
    return _PACKAGE.parent.parent / in_checkout


def ontology_dir() -> Path:
    """The folder with the project ontology, concept schemes and SHACL shapes (Turtle)."""
    return _find("_ontology", "ontology")


def data_dir() -> Path:
    """The folder with the bundled seed article and corpus."""
    return _find("_data", "data")


def refdata_dir() -> Path:
    """The annotated reference strings the parser is trained and evaluated on (``data/refdata``).

    They are not shipped in the wheel (17 MB, only training and benchmarks need them): this is the checkout's
    folder, or ``data/refdata`` under the current directory when bri-kg is installed from a checkout.
    """
    in_checkout = _PACKAGE.parent.parent / "data" / "refdata"
    if in_checkout.is_dir():
        return in_checkout
    return Path.cwd() / "data" / "refdata"
