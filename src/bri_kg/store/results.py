"""Query results as text: an aligned table, SPARQL 1.1 CSV/TSV, or SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from bri_kg.rdf.namespaces import XSD
from bri_kg.store.base import QueryResult, to_ox

__all__ = ["FORMATS", "format_results", "term_json"]

FORMATS = ("table", "csv", "tsv", "json")
_XSD_STRING = str(XSD.string)
# TSV may write these as bare Turtle numbers/booleans (SPARQL 1.1 TSV, section 3).
_BARE = {
    str(XSD.integer): re.compile(r"[+-]?\d+"),
    str(XSD.decimal): re.compile(r"[+-]?\d*\.\d+"),
    str(XSD.double): re.compile(r"[+-]?(?:\d+\.\d*|\.?\d+)[eE][+-]?\d+"),
    str(XSD.boolean): re.compile(r"true|false"),
}


def term_json(term: Node) -> dict[str, str]:
    """One RDF term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    raise ValueError(f"not an RDF term: {term!r}")


def _csv_field(term: Node | None) -> str:
    if term is None:
        return ""
    text = f"_:{term}" if isinstance(term, BNode) else str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _tsv_field(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and not term.language and term.datatype is not None:
        pattern = _BARE.get(str(term.datatype))
        if pattern is not None and pattern.fullmatch(str(term)):
            return str(term)  # Turtle's bare number / boolean form has exactly these lexical forms
    return str(to_ox(term))


def _display(term: Node | None) -> str:
    if term is None:
        return ""
    text = str(term).replace("\n", " ").replace("\t", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def _table(result: QueryResult) -> str:
    header = result.variables
    body = [[_display(t) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*header).rstrip(), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*r).rstrip() for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _ntriples(result: QueryResult) -> str:
    return "".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n" for s, p, o in sorted(result.triples))


def format_results(result: QueryResult, fmt: str = "table") -> str:
    """Render a result: ``table``, ``csv``, ``tsv`` or ``json`` (graph results are N-Triples, except json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        if fmt == "json":
            data: dict[str, Any] = {
                "head": {"vars": ["subject", "predicate", "object"]},
                "results": {
                    "bindings": [
                        {"subject": term_json(s), "predicate": term_json(p), "object": term_json(o)}
                        for s, p, o in result.triples
                    ]
                },
            }
            return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        return _ntriples(result)
    if fmt == "json":
        bindings = [
            {v: term_json(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        lines = [",".join(_csv_field(Literal(v)) for v in result.variables)]
        lines += [",".join(_csv_field(t) for t in row) for row in result.rows]
        return "".join(line + "\r\n" for line in lines)
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_field(t) for t in row) for row in result.rows]
        return "".join(line + "\n" for line in lines)
    return _table(result)
