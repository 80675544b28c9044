"""Vocabularies are closed: a misspelt term fails at once."""

from __future__ import annotations

import pytest

from bri_kg.rdf import namespaces as ns

CLOSED = [
    ns.CITO,
    ns.FABIO,
    ns.BIRO,
    ns.C4O,
    ns.DATACITE,
    ns.PRO,
    ns.PRISM,
    ns.FRBR,
    ns.LITERAL,
    ns.OCO,
    ns.DEO,
    ns.DOCO,
    ns.OA,
    ns.ITSRDF,
    ns.BRIO,
]


@pytest.mark.parametrize("vocabulary", CLOSED, ids=lambda v: v.__name__)
def test_namespaces_reject_unknown_terms(vocabulary) -> None:
    with pytest.raises(AttributeError):
        vocabulary.cities  # noqa: B018 - the lookup itself is the test


@pytest.mark.parametrize("vocabulary", CLOSED, ids=lambda v: v.__name__)
def test_namespaces_prefix_table_lists_every_vocabulary(vocabulary) -> None:
    assert str(vocabulary._NS) in ns.PREFIXES.values()
