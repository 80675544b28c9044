"""The N-Quads writer the bulk path uses: same terms as the quad-by-quad conversion, errors named."""

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from bri_kg.errors import StoreError
from bri_kg.rdf import XSD
from bri_kg.store.base import check_nquads, graph_quads, nquads_chunks

G = "https://example.org/g"


def nquads(graphs) -> tuple[str, bool]:
    chunks = list(nquads_chunks(graphs))
    return "".join(text for text, _ in chunks), any(quads is not None for _, quads in chunks)


S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def _same_as_conversion(triples: list) -> None:
    text, blank = nquads({G: triples})
    assert not blank
    assert sorted(map(str, check_nquads(text))) == sorted(map(str, graph_quads({G: triples})))


def test_nquads_terms_equal_the_converted_quads() -> None:
    _same_as_conversion(
        [
            (S, P, Literal('a "quoted" \\ back\nslash\r\ttab')),
            (S, P, Literal("Алматы", lang="ru")),
            (S, P, Literal("1", datatype=XSD.integer)),
            (S, P, Literal("01", datatype=XSD.integer)),  # rdflib calls it equal to "1": both stay
            (S, P, Literal("0.5", datatype=XSD.double)),
            (S, P, Literal("x", datatype=XSD.string)),
            (S, P, ox.Literal("raw", language="en")),
            (S, P, URIRef("https://example.org/o?q=%20x#f")),
        ]
    )
    assert (
        len(
            check_nquads(
                nquads(
                    {
                        G: [
                            (S, P, Literal("1", datatype=XSD.integer)),
                            (S, P, Literal("01", datatype=XSD.integer)),
                        ]
                    }
                )[0]
            )
        )
        == 2
    )


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_nquads_any_literal_text_round_trips(text: str) -> None:
    (quad,) = check_nquads(nquads({G: [(S, P, Literal(text))]})[0])
    assert quad.object.value == text


def test_nquads_reports_blank_nodes() -> None:
    assert nquads({G: [(BNode("b1"), P, Literal("x"))]})[1] is True


def test_check_nquads_names_graph_and_line_of_a_bad_iri() -> None:
    text, _ = nquads({G: [(S, P, Literal("fine")), (URIRef("https://example.org/a b"), P, Literal("x"))]})
    with pytest.raises(StoreError, match=r"in graph <https://example.org/g>.*a b"):
        check_nquads(text)


def test_check_nquads_rejects_lone_surrogates() -> None:
    with pytest.raises(StoreError, match="not Unicode"):
        check_nquads(nquads({G: [(S, P, Literal("bad \ud800"))]})[0])


def test_nquads_rejects_what_is_not_a_term() -> None:
    with pytest.raises(StoreError, match="not an RDF term"):
        nquads({G: [(S, P, 42)]})


def test_a_bad_term_in_a_bulk_load_leaves_the_store_as_it_was(tmp_path) -> None:
    from bri_kg.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "kg")
    store.replace_graphs({G: [(S, P, Literal(str(i))) for i in range(50)]})
    before = sorted(map(str, store.store))
    good = [(URIRef(f"https://example.org/n{i}"), P, Literal("x")) for i in range(5000)]
    bad = [*good[:2500], (URIRef("https://example.org/bad iri"), P, Literal("y")), *good[2500:]]
    with pytest.raises(StoreError, match="bad iri"):
        store.replace_graphs({"https://example.org/g2": bad})
    assert sorted(map(str, store.store)) == before
    empty = OxigraphStore(tmp_path / "empty")
    with pytest.raises(StoreError, match=r"in graph <https://example\.org/g2>"):
        empty.replace_graphs({"https://example.org/g2": bad})
    assert empty.count() == 0 and empty.graphs() == []


def test_nquads_chunks_split_the_text_and_flag_blank_nodes() -> None:
    triples = [(URIRef(f"https://example.org/n{i}"), P, Literal(str(i))) for i in range(25)]
    chunks = list(nquads_chunks({G: [*triples, (BNode("b7"), P, Literal("x"))]}, lines=10))
    assert [text.count("\n") for text, _ in chunks] == [10, 10, 6]
    assert [quads is not None for _, quads in chunks] == [False, False, True]
    assert chunks[2][1][-1].subject == ox.BlankNode("b7")
    assert "".join(text for text, _ in chunks) == nquads({G: [*triples, (BNode("b7"), P, Literal("x"))]})[0]


def test_bulk_load_in_chunks_keeps_every_quad_and_blank_labels(tmp_path, monkeypatch) -> None:
    from bri_kg.store import base, oxigraph
    from bri_kg.store.oxigraph import OxigraphStore

    monkeypatch.setattr(oxigraph, "nquads_chunks", lambda graphs: base.nquads_chunks(graphs, lines=7))
    store = OxigraphStore(tmp_path / "kg")
    triples = [(URIRef(f"https://example.org/n{i}"), P, Literal(str(i))) for i in range(30)]
    store.replace_graphs({G: [*triples, (BNode("keep"), P, Literal("x"))]})
    assert store.count() == 31
    assert ox.BlankNode("keep") in {q.subject for q in store.store}
