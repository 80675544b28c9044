"""Result formats: SPARQL 1.1 Query Results JSON, CSV and TSV, and a readable table."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Literal, URIRef

from bri_kg.rdf.namespaces import XSD
from bri_kg.store import QueryResult, format_results

ROW = (
    URIRef("https://w3id.org/bri-kg/br/1"),
    Literal('Title, with "quotes"\nand a line'),
    Literal("Казахстан", lang="ru"),
    Literal("42", datatype=XSD.integer),
    Literal("0.5", datatype=XSD.double),
    BNode("b0"),
    None,
)
RESULT = QueryResult(
    kind="select", variables=["work", "title", "label", "n", "score", "blank", "missing"], rows=[ROW]
)


def test_results_json_follows_sparql_results_json() -> None:
    data = json.loads(format_results(RESULT, "json"))
    assert data["head"]["vars"] == RESULT.variables
    binding = data["results"]["bindings"][0]
    assert binding["work"] == {"type": "uri", "value": str(ROW[0])}
    assert binding["title"] == {"type": "literal", "value": str(ROW[1])}
    assert binding["label"] == {"type": "literal", "value": "Казахстан", "xml:lang": "ru"}
    assert binding["n"] == {"type": "literal", "value": "42", "datatype": str(XSD.integer)}
    assert binding["blank"] == {"type": "bnode", "value": "b0"}
    assert "missing" not in binding


def test_results_csv_quotes_and_uses_crlf() -> None:
    text = format_results(RESULT, "csv")
    assert text.startswith("work,title,label,n,score,blank,missing\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == [str(ROW[0]), str(ROW[1]), "Казахстан", "42", "0.5", "_:b0", ""]


def test_results_tsv_uses_rdf_term_syntax() -> None:
    lines = format_results(RESULT, "tsv").split("\n")
    assert lines[0] == "\t".join(f"?{v}" for v in RESULT.variables)
    fields = lines[1].split("\t")
    assert fields[0] == f"<{ROW[0]}>"
    assert fields[1] == '"Title, with \\"quotes\\"\\nand a line"'
    assert fields[2] == '"Казахстан"@ru'
    assert fields[3] == "42"
    assert fields[4] == '"0.5"^^<http://www.w3.org/2001/XMLSchema#double>'
    assert fields[5] == "_:b0" and fields[6] == ""


def test_results_table_lists_rows() -> None:
    text = format_results(RESULT, "table")
    assert text.splitlines()[0].split() == RESULT.variables
    assert "(1 row)" in text


@pytest.mark.parametrize(
    ("fmt", "expected"), [("json", '{"head": {}, "boolean": true}\n'), ("csv", "true\n")]
)
def test_results_ask(fmt, expected) -> None:
    assert format_results(QueryResult(kind="ask", boolean=True), fmt) == expected


def test_results_graph_as_ntriples() -> None:
    triples = [
        (URIRef("urn:b"), URIRef("urn:p"), Literal("x")),
        (URIRef("urn:a"), URIRef("urn:p"), Literal("y")),
    ]
    text = format_results(QueryResult(kind="graph", triples=triples), "table")
    assert text == '<urn:a> <urn:p> "y" .\n<urn:b> <urn:p> "x" .\n'


def test_results_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown result format"):
        format_results(RESULT, "xml")
