"""Identity resolution: which citing works and references denote the same real work.

Conservative by design: a reference joins a node on an equal DOI; else, within a block of the same
first-author family name and year, on a near-identical title, or (for title-less short references such
as WoS "Yan EJ, 2012, J AM SOC INF SCI TEC, V63, P1313") on an agreeing source name (abbreviation-aware)
plus volume and first page. Surname and year alone never merge. Every member leaves a
:class:`MatchEvidence` record so a reader can audit it; nodes already in a store can be given as
``known`` so that an incremental build joins them; an override file merges or splits on request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from bri_kg.models import Work
from bri_kg.resolve.keys import (
    block_family,
    first_family,
    first_page,
    issued_year,
    normalize_doi,
    normalize_text,
    source_score,
    title_fingerprint,
    year_suffix,
)
from bri_kg.resolve.overrides import Overrides, node_names

__all__ = [
    "KNOWN_PREFIX",
    "TITLE_THRESHOLD",
    "VENUE_THRESHOLD",
    "CitedNode",
    "KnownNode",
    "MatchEvidence",
    "Member",
    "Resolution",
    "resolve",
]

#: rapidfuzz score (0-100) at or above which two normalised titles in one block denote the same work.
#: Calibrated on the seed's 45 gold references against the 25 corpus works (see tests/resolve).
TITLE_THRESHOLD = 90.0
#: Score (0-100) at or above which source + volume + first page identify a work in one author-year block.
#: Calibrated with bench/identity_bench.py (DOIs hidden, DOI truth): page and volume agreeing with an
#: abbreviation of the source score 90-100; the page alone (a volume absent) 82-92, so only near-equal sources.
VENUE_THRESHOLD = 88.0
#: Titles with fewer words than this are too generic to merge on the title alone.
SHORT_TITLE_WORDS = 4
#: Node keys of nodes already in a store start with this, followed by the node's IRI.
KNOWN_PREFIX = "iri:"
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
    """Why one member belongs to a node: method "doi" / "exact-key" / "fuzzy" / "venue" / "known" /
    "override", score in [0, 1], and the key compared."""

    node: str
    member: Member
    method: str
    score: float
    key: str


@dataclass(slots=True)
class CitedNode:
    """One real work: merged CSL-JSON metadata and the members (citing works, references) that denote it.

    ``known`` nodes are already described in a store (their key is ``iri:`` + the IRI); a build adds
    links to them but does not describe them again.
    """

    key: str
    csl: dict[str, Any]
    members: list[Member] = field(default_factory=list)
    known: bool = False

    @property
    def citing_works(self) -> list[int]:
        """Indexes of the corpus works that are this node."""
        return [work for work, position in self.members if position is None]


@dataclass(frozen=True, slots=True)
class KnownNode:
    """A work node already in the store: its IRI and what identity needs (CSL-JSON: DOI, title, ...)."""

    iri: str
    csl: dict[str, Any]


@dataclass(slots=True)
class Resolution:
    """The outcome of :func:`resolve`: node keys per work and per resolved reference, nodes, evidence."""

    work_nodes: list[str]
    reference_nodes: dict[tuple[int, int], str]
    nodes: dict[str, CitedNode]
    evidence: list[MatchEvidence]


@dataclass(slots=True)
class _Item:
    member: Member  # work index -1 marks a known node from the store
    csl: dict[str, Any]
    raw: str
    doi: str | None
    family: str
    year: int | None
    suffix: str
    title: str  # normalised
    translated: str  # normalised "translated-title" (a reference to a Russian source may give both)
    sources: tuple[str, ...]  # container title and its abbreviation, as given
    volume: str
    page: str

    @property
    def block(self) -> tuple[str, int] | None:
        return (self.family, self.year) if self.year is not None and self.family else None

    @property
    def signature(self) -> tuple[Any, ...]:
        return (self.title, self.translated, self.sources, self.volume, self.page, self.suffix, self.doi)


@dataclass(slots=True)
class _Node:
    items: list[_Item] = field(default_factory=list)
    dois: set[str] = field(default_factory=set)
    joins: list[tuple[str, float, str]] = field(default_factory=list)  # method, score, key per item
    # One item per distinct signature: a work cited 200 times in one format is compared once.
    distinct: dict[tuple[Any, ...], _Item] = field(default_factory=dict)
    known: str | None = None  # IRI of the store node this is


def _sources(csl: dict[str, Any]) -> tuple[str, ...]:
    values = []
    for key in ("container-title", "container-title-short", "journalAbbreviation"):
        value = csl.get(key)
        value = value[0] if isinstance(value, list) and value else value
        if value and str(value) not in values:
            values.append(str(value))
    return tuple(values)


def _item(member: Member, csl: dict[str, Any], doi: str | None, raw: str) -> _Item:
    return _Item(
        member=member,
        csl=csl,
        raw=raw,
        doi=normalize_doi(doi) or normalize_doi(csl.get("DOI")),
        family=block_family(csl),
        year=issued_year(csl),
        suffix=year_suffix(csl),
        title=normalize_text(csl.get("title")),
        translated=normalize_text(csl.get("translated-title")),
        sources=_sources(csl),
        volume=normalize_text(str(csl.get("volume") or "")),
        page=first_page(csl),
    )


def _container(csl: dict[str, Any]) -> str:
    value = csl.get("container-title") or ""
    return normalize_text(value[0] if isinstance(value, list) and value else str(value))


def _venue_agrees(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Container title, or volume plus first page, agree: the guard for subtitle-only or short titles."""
    ca, cb = _container(a), _container(b)
    if ca and cb and fuzz.token_set_ratio(ca, cb) >= TITLE_THRESHOLD:
        return True
    va, vb = str(a.get("volume") or ""), str(b.get("volume") or "")
    pa, pb = first_page(a), first_page(b)
    return bool(va and va == vb and pa and pa == pb)


def _title_score(a: _Item, b: _Item) -> float:
    """Best similarity of the two items' titles (original or translated) in [0, 100]; 0 when they may not merge."""
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


def _venue_score(a: _Item, b: _Item) -> float:
    """Source + first page (+ volume) agreement in [0, 100]; 0 on any conflict or without an agreeing page.

    The first page is required: WoS leaves the article number of PLOS ONE or Physical Review E papers out,
    and "Newman MEJ, 2001, PHYS REV E, V64" is three different papers.
    """
    if not (a.page and a.page == b.page) or (a.volume and b.volume and a.volume != b.volume):
        return 0.0
    source = max((source_score(x, y) for x in a.sources for y in b.sources), default=0.0)
    if source == 0.0:
        return 0.0
    return 100.0 * source - (0.0 if a.volume and a.volume == b.volume else 8.0)


def _pair(a: _Item, b: _Item) -> tuple[str, float]:
    """(method, score 0-100) of the best rule that may merge two items of one block; score 0 if none."""
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return "", 0.0
    if (a.title or a.translated) and (b.title or b.translated):
        score = _title_score(a, b)
        return ("fuzzy", score) if score >= TITLE_THRESHOLD else ("", 0.0)
    if a.signature[:-1] == b.signature[:-1]:
        return "exact-key", 100.0  # the same short reference, written alike (DOI aside)
    score = _venue_score(a, b)
    return ("venue", score) if score >= VENUE_THRESHOLD else ("", 0.0)


def _best_match(item: _Item, candidates: list[int], nodes: list[_Node]) -> tuple[int, str, float] | None:
    best: tuple[int, str, float] | None = None
    for index in candidates:
        node = nodes[index]
        if item.doi and node.dois and item.doi not in node.dois:
            continue  # two different DOIs are two works, whatever the titles say
        for other in node.distinct.values():
            method, score = _pair(item, other)
            if score and (best is None or score > best[2]):
                best = (index, method, score)
    return best


def _rank(item: _Item, order: int) -> tuple[int, int, int, int, int]:
    # The citing work's own record first, then DOI-bearing references, then the longest title.
    return (
        0 if item.member[1] is None and item.member[0] >= 0 else 1,
        0 if item.doi else 1,
        0 if item.title else 1,
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
    if node.known:
        return KNOWN_PREFIX + node.known
    if node.dois:
        return f"doi:{sorted(node.dois)[0]}"
    year = issued_year(csl)
    head = f"key:{first_family(csl)}|{year if year is not None else ''}{year_suffix(csl)}|"
    if csl.get("title"):
        return head + title_fingerprint(csl.get("title"))
    # A title-less short reference: its source, volume and first page stand in for the title.
    sources = _sources(csl)
    return head + "|".join(
        [
            title_fingerprint(sources[0] if sources else ""),
            f"v{csl.get('volume') or ''}",
            f"p{first_page(csl)}",
        ]
    )


def _items(works: Sequence[Work], known: Sequence[KnownNode]) -> list[_Item]:
    items = [_item((-1, n), node.csl, node.csl.get("DOI"), node.iri) for n, node in enumerate(known)]
    items.extend(_item((i, None), work.csl, work.doi, work.doi or work.title) for i, work in enumerate(works))
    for i, work in enumerate(works):
        items.extend(_item((i, ref.position), ref.csl, ref.doi, ref.raw) for ref in work.references)
    return items


def _eligible(item: _Item) -> bool:
    return (
        item.member[1] is None
        or bool(item.doi)
        or bool((item.title or item.translated) and item.year is not None)
        or bool(item.block and item.sources and item.page)
    )


def _own_key(item: _Item) -> str:
    if item.title or item.translated:
        return f"{item.family}|{item.year}|{title_fingerprint(item.csl.get('title'))}"
    source = title_fingerprint(item.sources[0]) if item.sources else ""
    return f"{item.family}|{item.year}|{source}|v{item.volume}|p{item.page}"


@dataclass(slots=True)
class _Index:
    nodes: list[_Node] = field(default_factory=list)
    by_doi: dict[str, int] = field(default_factory=dict)
    by_block: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    placed: dict[Member, int] = field(default_factory=dict)

    def place(self, item: _Item, target: int | None, join: tuple[str, float, str]) -> None:
        if target is None:
            target = len(self.nodes)
            self.nodes.append(_Node(known=item.raw if item.member[0] < 0 else None))
        node = self.nodes[target]
        node.items.append(item)
        node.joins.append(join)
        node.distinct.setdefault(item.signature, item)
        if item.doi:
            node.dois.add(item.doi)
            self.by_doi.setdefault(item.doi, target)
        if item.block is not None and target not in self.by_block.setdefault(item.block, []):
            self.by_block[item.block].append(target)
        self.placed[item.member] = target


def _join(item: _Item, index: _Index) -> tuple[int | None, tuple[str, float, str]]:
    """The node an item joins (None: a new node) and the evidence (method, score, key)."""
    if item.doi and item.doi in index.by_doi:
        return index.by_doi[item.doi], ("doi", 1.0, f"doi:{item.doi}")
    if item.block is not None:
        best = _best_match(item, index.by_block.get(item.block, []), index.nodes)
        if best is not None:
            target, method, score = best
            if method == "fuzzy" and any(o.title == item.title != "" for o in index.nodes[target].items):
                method = "exact-key"
            return target, (method, score / 100.0, _own_key(item))
    if item.doi:
        return None, ("doi", 1.0, f"doi:{item.doi}")
    return None, ("known" if item.member[0] < 0 else "exact-key", 1.0, _own_key(item))


def resolve(
    works: Sequence[Work],
    *,
    known: Sequence[KnownNode] = (),
    overrides: Overrides | None = None,
) -> Resolution:
    """Group the corpus's works and their references into real-work nodes.

    Citing works are always nodes; a reference becomes or joins a node when it has a DOI, a title and a
    year, or (short references) a first author, year, source and volume or page; otherwise it stays
    unresolved (absent from ``reference_nodes``). ``known`` nodes (from a store) are matched first, then
    citing works, so that a reference to a corpus work joins that work's node. ``overrides`` then merge
    or split nodes as a reviewer decided.
    """
    index = _Index()
    for item in _items(works, known):
        if not _eligible(item):
            continue
        target, join = _join(item, index)
        index.place(item, target, join)
    nodes = index.nodes
    if overrides is not None:
        nodes = _apply_overrides(nodes, overrides)
    return _assemble(works, nodes)


def _apply_overrides(nodes: list[_Node], overrides: Overrides) -> list[_Node]:
    """Split the named members off their nodes, then merge the named nodes; evidence says "override"."""
    keys = [_node_key(node, _merged_csl(node)) for node in nodes]
    result: list[_Node] = []
    for node, key in zip(nodes, keys, strict=True):
        kept = _Node(known=node.known)
        for item, join in zip(node.items, node.joins, strict=True):
            rule = overrides.split_rule(key, item.raw, item.doi)
            if rule is None or item.member[0] < 0:
                _add(kept, item, join)
            else:
                alone = _Node()
                _add(alone, item, ("override", 1.0, f"split:{rule}"))
                result.append(alone)
        if kept.items:
            result.append(kept)
    by_name: dict[str, _Node] = {}
    for node in result:
        for name in [
            *node_names(_node_key(node, _merged_csl(node))),
            *(f"doi:{d}" for d in sorted(node.dois)),
        ]:
            by_name.setdefault(name, node)
    for line, (target_name, other_name) in overrides.merges():
        target, other = by_name.get(target_name), by_name.get(other_name)
        if target is None or other is None or target is other:
            continue
        for item in other.items:
            _add(target, item, ("override", 1.0, f"merge:{line}"))
        target.known = target.known or other.known
        other.items, other.joins = [], []
        for name, node in list(by_name.items()):
            if node is other:
                by_name[name] = target
    return [n for n in result if n.items]


def _add(node: _Node, item: _Item, join: tuple[str, float, str]) -> None:
    node.items.append(item)
    node.joins.append(join)
    node.distinct.setdefault(item.signature, item)
    if item.doi:
        node.dois.add(item.doi)


def _assemble(works: Sequence[Work], nodes: list[_Node]) -> Resolution:
    keys: list[str] = []
    result: dict[str, CitedNode] = {}
    evidence: list[MatchEvidence] = []
    placed: dict[Member, int] = {}
    for n, node in enumerate(nodes):
        if all(it.member[0] < 0 for it in node.items):
            keys.append("")  # a store node nothing in this build refers to
            continue
        csl = _merged_csl(node)
        key = base = _node_key(node, csl)
        number = 1
        while key in result:  # two unmerged works with the same key: keep them apart, deterministically
            number += 1
            key = f"{base}|{number}"
        keys.append(key)
        members = [it.member for it in node.items if it.member[0] >= 0]
        result[key] = CitedNode(key=key, csl=csl, members=members, known=node.known is not None)
        for it, (method, score, match_key) in zip(node.items, node.joins, strict=True):
            if it.member[0] >= 0:
                placed[it.member] = n
                evidence.append(MatchEvidence(key, it.member, method, score, match_key))
    work_nodes = [keys[placed[(i, None)]] for i in range(len(works))]
    reference_nodes = {
        (member[0], member[1]): keys[index] for member, index in placed.items() if member[1] is not None
    }
    return Resolution(work_nodes=work_nodes, reference_nodes=reference_nodes, nodes=result, evidence=evidence)
