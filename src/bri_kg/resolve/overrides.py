"""The identity override file (like VOSviewer's thesaurus): a reviewer's merges and splits, applied on build.

Format: UTF-8 text, one rule per line, three tab-separated columns; blank lines and lines starting with
``#`` are ignored::

    # action	node	other
    merge	doi:10.1002/asi.20567	key:astrom|2007|j-am-soc-inform-sci|v58|p947
    split	https://w3id.org/bri-kg/br/0123456789abcdef	Smith J, 2001, J INFORM, V1, P2
    split	*	Smith J, 2001, J INFORM, V1, P2

``merge A B``: the node B joins the node A. ``split NODE MEMBER``: the member (a reference string exactly
as printed, or a citing work's DOI) leaves the node and stands alone; ``*`` as NODE means any node. A node
is named by its key (``doi:...`` / ``key:...``, as ``bri-kg works --suspect`` prints), its IRI, or a DOI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bri_kg.errors import FormatError
from bri_kg.resolve.keys import normalize_doi

__all__ = ["ACTIONS", "Overrides", "load_overrides", "parse_overrides"]

ACTIONS = ("merge", "split")


@dataclass(frozen=True, slots=True)
class _Rule:
    line: int
    action: str
    node: str
    other: str


@dataclass(slots=True)
class Overrides:
    """Parsed rules; nodes are compared by key, IRI or DOI (see :func:`node_names`)."""

    rules: list[_Rule] = field(default_factory=list)

    def split_rule(self, node_key: str, raw: str, doi: str | None) -> int | None:
        """Line of the split rule that takes the member (raw string or DOI) off the node, or None."""
        names = node_names(node_key)
        for rule in self.rules:
            if rule.action != "split" or (rule.node != "*" and _name(rule.node) not in names):
                continue
            if rule.other.strip() == raw.strip() or (doi and normalize_doi(rule.other) == doi):
                return rule.line
        return None

    def merges(self) -> Iterator[tuple[int, tuple[str, str]]]:
        """(line, (target node, joining node)) of every merge rule, names as written."""
        for rule in self.rules:
            if rule.action == "merge":
                yield rule.line, (rule.node, rule.other)


def _name(text: str) -> str:
    doi = normalize_doi(text)
    if doi and not text.startswith(("doi:", "key:")):
        return f"doi:{doi}"
    return text.strip()


def node_names(node_key: str) -> set[str]:
    """Every name a rule may use for a node: its key and its IRI."""
    from bri_kg.rdf.iris import work_iri

    if node_key.startswith("iri:"):
        return {node_key, node_key[4:]}
    return {node_key, str(work_iri(node_key))}


def parse_overrides(text: str, *, path: str = "<overrides>") -> Overrides:
    """Rules from the text of an override file; FormatError names the line of a malformed rule."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 3 or cells[0].lower() not in ACTIONS or not cells[1] or not cells[2]:
            raise FormatError(
                "expected 'merge<TAB>node<TAB>node' or 'split<TAB>node<TAB>member'", path=path, line=number
            )
        rules.append(
            _Rule(
                number,
                cells[0].lower(),
                _name(cells[1]),
                _name(cells[2]) if cells[0].lower() == "merge" else cells[2],
            )
        )
    return Overrides(rules)


def load_overrides(path: str | Path) -> Overrides:
    """Rules of an override file (strictly decoded; errors name the file and line)."""
    from bri_kg.read._io import check_file, read_text

    p = check_file(path)
    return parse_overrides(read_text(p), path=str(p))
