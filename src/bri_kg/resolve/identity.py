"""Identity resolution: which citing works and references denote the same real work.

Conservative by design: a reference joins a node on an equal DOI, or on the same first-author family
name and year plus a near-identical title; surname and year alone never merge. Every merge leaves a
:class:`MatchEvidence` record so a reader can audit it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from bri_kg.models import Work
from bri_kg.resolve.keys import (
    first_family,
    issued_year,
    normalize_doi,
    normalize_text,
    title_fingerprint,
    year_suffix,
)

__all__ = [
    "TITLE_THRESHOLD",
    "CitedNode",
    "MatchEvidence",
    "Member",
    "Resolution",
    "resolve",
]

#: rapidfuzz score (0-100) at or above which two normalised titles in one block denote the same work.
#: Calibrated on the seed's 45 gold references against the 25 corpus works (see tests/resolve).
TITLE_THRESHOLD = 90.0
#: Titles with fewer words than this are too generic to merge on the title alone.
SHORT_TITLE_WORDS = 4
# Titles that differ only in a number ("Part 2", "Volume II", "2016 revision") are different works.
_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "first",
        "second",
        "third",
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "vii",
        "viii",
        "ix",
        "x",
    ]
)

Member = tuple[int, int | None]
"""(work index, reference position); position None means the citing work itself."""


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """Why one member belongs to a node: method "doi" / "exact-key" / "fuzzy", score in [0, 1]."""

    node: str
    member: Member
    method: str
    score: float
    key: str


@dataclass(slots=True)
class CitedNode:
    """One real work: merged CSL-JSON metadata and the members (citing works, references) that denote it."""

    key: str
    csl: dict[str, Any]
    members: list[Member] = field(default_factory=list)

    @property
    def citing_works(self) -> list[int]:
        """Indexes of the corpus works that are this node."""
        return [work for work, position in self.members if position is None]


@dataclass(slots=True)
class Resolution:
    """The outcome of :func:`resolve`: node keys per work and per resolved reference, nodes, evidence."""

    work_nodes: list[str]
    reference_nodes: dict[tuple[int, int], str]
    nodes: dict[str, CitedNode]
    evidence: list[MatchEvidence]


@dataclass(slots=True)
class _Item:
    member: Member
    csl: dict[str, Any]
    doi: str | None
    family: str
    year: int | None
    suffix: str
    title: str  # normalised
    translated: str  # normalised "translated-title" (a reference to a Russian source may give both)

    @property
    def block(self) -> tuple[str, int] | None:
        return (self.family, self.year) if self.year is not None else None


@dataclass(slots=True)
class _Node:
    items: list[_Item] = field(default_factory=list)
    dois: set[str] = field(default_factory=set)
    joins: list[tuple[str, float, str]] = field(default_factory=list)  # method, score, key per item


def _item(member: Member, csl: dict[str, Any], doi: str | None) -> _Item:
    return _Item(
        member=member,
        csl=csl,
        doi=normalize_doi(doi) or normalize_doi(csl.get("DOI")),
        family=first_family(csl),
        year=issued_year(csl),
        suffix=year_suffix(csl),
        title=normalize_text(csl.get("title")),
        translated=normalize_text(csl.get("translated-title")),
    )


def _first_page(csl: dict[str, Any]) -> str:
    return str(csl.get("page") or csl.get("page-first") or "").split("-")[0].split("–")[0].strip()


def _container(csl: dict[str, Any]) -> str:
    value = csl.get("container-title") or ""
    return normalize_text(value[0] if isinstance(value, list) and value else str(value))


def _venue_agrees(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Container title, or volume plus first page, agree: the guard for subtitle-only or short titles."""
    ca, cb = _container(a), _container(b)
    if ca and cb and fuzz.token_set_ratio(ca, cb) >= TITLE_THRESHOLD:
        return True
    va, vb = str(a.get("volume") or ""), str(b.get("volume") or "")
    pa, pb = _first_page(a), _first_page(b)
    return bool(va and va == vb and pa and pa == pb)


def _title_score(a: _Item, b: _Item) -> float:
    """Best similarity of the two items' titles (original or translated) in [0, 100]; 0 when they may not merge."""
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return 0.0
    pairs = [(x, y) for x in (a.title, a.translated) for y in (b.title, b.translated) if x and y]
    return max((_pair_score(x, y, a.csl, b.csl) for x, y in pairs), default=0.0)


def _pair_score(ta: str, tb: str, ca: dict[str, Any], cb: dict[str, Any]) -> float:
    differing = set(ta.split()) ^ set(tb.split())
    if any(token.isdigit() or token in _NUMBER_WORDS for token in differing):
        return 0.0
    ratio = fuzz.ratio(ta, tb)
    short = min(len(ta.split()), len(tb.split())) < SHORT_TITLE_WORDS
    if ratio >= TITLE_THRESHOLD and not short:
        return ratio
    # token_set_ratio reaches 100 when one title's words are a subset of the other's (a subtitle
    # dropped, or "Labour migration" inside a longer title): only the venue can confirm that.
    loose = max(ratio, fuzz.token_set_ratio(ta, tb))
    if loose >= TITLE_THRESHOLD and _venue_agrees(ca, cb):
        return loose
    return 0.0


def _best_fuzzy(item: _Item, candidates: list[int], nodes: list[_Node]) -> tuple[int, float] | None:
    best: tuple[int, float] | None = None
    for index in candidates:
        node = nodes[index]
        if item.doi and node.dois and item.doi not in node.dois:
            continue  # two different DOIs are two works, whatever the titles say
        score = max((_title_score(item, other) for other in node.items), default=0.0)
        if score >= TITLE_THRESHOLD and (best is None or score > best[1]):
            best = (index, score)
    return best


def _rank(item: _Item, order: int) -> tuple[int, int, int, int]:
    # The citing work's own record first, then DOI-bearing references, then the longest title.
    return (
        0 if item.member[1] is None else 1,
        0 if item.doi else 1,
        -len(item.csl.get("title") or ""),
        order,
    )


def _merged_csl(node: _Node) -> dict[str, Any]:
    ranked = [
        it for _, it in sorted(((_rank(it, n), it) for n, it in enumerate(node.items)), key=lambda p: p[0])
    ]
    merged = dict(ranked[0].csl)
    for other in ranked[1:]:
        for key, value in other.csl.items():
            if key not in merged and value not in (None, "", [], {}):
                merged[key] = value
    if node.dois:
        merged["DOI"] = sorted(node.dois)[0]
    return merged


def _node_key(node: _Node, csl: dict[str, Any]) -> str:
    if node.dois:
        return f"doi:{sorted(node.dois)[0]}"
    year = issued_year(csl)
    return (
        f"key:{first_family(csl)}|{year if year is not None else ''}{year_suffix(csl)}|"
        + title_fingerprint(csl.get("title"))
    )


def _items(works: list[Work]) -> list[_Item]:
    items = [_item((i, None), work.csl, work.doi) for i, work in enumerate(works)]
    for i, work in enumerate(works):
        items.extend(_item((i, ref.position), ref.csl, ref.doi) for ref in work.references)
    return items


def _eligible(item: _Item) -> bool:
    return (
        item.member[1] is None
        or bool(item.doi)
        or bool((item.title or item.translated) and item.year is not None)
    )


def resolve(works: list[Work]) -> Resolution:
    """Group the corpus's works and their references into real-work nodes.

    Citing works are always nodes; a reference becomes or joins a node when it has a DOI or a title and
    a year, otherwise it stays unresolved (absent from ``reference_nodes``). Citing works are matched
    first so that a reference to a corpus work joins that work's node.
    """
    nodes: list[_Node] = []
    by_doi: dict[str, int] = {}
    by_block: dict[tuple[str, int], list[int]] = {}
    placed: dict[Member, int] = {}
    for item in _items(works):
        if not _eligible(item):
            continue
        target: int | None = None
        join = ("", 1.0, "")
        if item.doi and item.doi in by_doi:
            target, join = by_doi[item.doi], ("doi", 1.0, f"doi:{item.doi}")
        elif item.block is not None:
            best = _best_fuzzy(item, by_block.get(item.block, []), nodes)
            if best is not None:
                target = best[0]
                exact = any(other.title == item.title != "" for other in nodes[target].items)
                key = f"{item.family}|{item.year}|{title_fingerprint(item.csl.get('title'))}"
                join = ("exact-key" if exact else "fuzzy", best[1] / 100.0, key)
        if target is None:
            target = len(nodes)
            nodes.append(_Node())
            if item.doi:
                join = ("doi", 1.0, f"doi:{item.doi}")
            else:
                join = (
                    "exact-key",
                    1.0,
                    f"{item.family}|{item.year}|{title_fingerprint(item.csl.get('title'))}",
                )
        node = nodes[target]
        node.items.append(item)
        node.joins.append(join)
        if item.doi:
            node.dois.add(item.doi)
            by_doi.setdefault(item.doi, target)
        if item.block is not None and target not in by_block.setdefault(item.block, []):
            by_block[item.block].append(target)
        placed[item.member] = target
    return _assemble(works, nodes, placed)


def _assemble(works: list[Work], nodes: list[_Node], placed: dict[Member, int]) -> Resolution:
    keys: list[str] = []
    result: dict[str, CitedNode] = {}
    evidence: list[MatchEvidence] = []
    for node in nodes:
        csl = _merged_csl(node)
        key = base = _node_key(node, csl)
        n = 1
        while key in result:  # two unmerged works with the same key: keep them apart, deterministically
            n += 1
            key = f"{base}|{n}"
        keys.append(key)
        result[key] = CitedNode(key=key, csl=csl, members=[it.member for it in node.items])
        evidence.extend(
            MatchEvidence(node=key, member=it.member, method=m, score=s, key=k)
            for it, (m, s, k) in zip(node.items, node.joins, strict=True)
        )
    work_nodes = [keys[placed[(i, None)]] for i in range(len(works))]
    reference_nodes = {
        (member[0], member[1]): keys[index] for member, index in placed.items() if member[1] is not None
    }
    return Resolution(work_nodes=work_nodes, reference_nodes=reference_nodes, nodes=result, evidence=evidence)
