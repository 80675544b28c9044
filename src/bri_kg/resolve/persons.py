"""Person identity across citing works: ORCID first, else family name + initials with co-author or
affiliation evidence. Conservative: a surname never merges alone, nor does a surname with initials.

Two author mentions (of citing works) are the same person when they share an ORCID, or when neither
ORCID conflicts, their family names are equal, their initials agree ("J" / "JM"; "JM" / "JK" do not) and
they share a co-author (family name + first initial) or an affiliation (word overlap >= 0.5). The key of
each person: ``orcid:{id}`` when any of its mentions has one, else ``person:{family}|{initials}`` for the
largest cluster of that name and ``person:{family}|{initials}|{n}`` (n = 2, 3, ...) for the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bri_kg.models import Work
from bri_kg.resolve.keys import normalize_text

__all__ = [
    "AFFILIATION_OVERLAP",
    "PERSON_KEY",
    "PersonMention",
    "annotate_persons",
    "resolve_persons",
    "same_person",
]

#: Jaccard overlap of affiliation word sets at or above which two mentions share an affiliation.
AFFILIATION_OVERLAP = 0.5
#: The author-dict key that carries a resolved person key to the RDF mapping.
PERSON_KEY = "x-person"
# Words every affiliation shares: they are no evidence.
_AFFILIATION_STOP = frozenset(
    [
        "univ",
        "university",
        "dept",
        "department",
        "of",
        "the",
        "and",
        "sch",
        "school",
        "inst",
        "institute",
        "ctr",
        "center",
        "centre",
        "fac",
        "faculty",
        "coll",
        "college",
        "lab",
        "laboratory",
        "res",
        "research",
        "sci",
        "science",
        "sciences",
    ]
)


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One author of one citing work: where it is, and what identity compares."""

    work: int
    position: int  # 0-based index in the work's author list
    family: str
    initials: str
    orcid: str
    coauthors: frozenset[str]  # family + first initial of the other authors
    affiliations: tuple[frozenset[str], ...]


@dataclass(slots=True)
class _Sets:
    parent: list[int] = field(default_factory=list)
    orcids: dict[int, set[str]] = field(default_factory=dict)  # root -> ORCIDs of its cluster

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low
            self.orcids.setdefault(low, set()).update(self.orcids.pop(high, set()))

    def compatible(self, a: int, b: int) -> bool:
        """Whether joining the clusters keeps at most one ORCID in them (no bridge between two people)."""
        return len(self.orcids.get(self.find(a), set()) | self.orcids.get(self.find(b), set())) <= 1


def _initials(given: str) -> str:
    return "".join(part[0] for part in normalize_text(given).replace("-", " ").split())


def _orcid(name: dict[str, Any]) -> str:
    return str(name.get("ORCID") or "").rstrip("/").rsplit("/", 1)[-1]


def _short(name: dict[str, Any]) -> str:
    return f"{normalize_text(name.get('family') or '')}|{_initials(name.get('given') or '')[:1]}"


def _affiliation_words(value: Any) -> frozenset[str]:
    text = value.get("name") if isinstance(value, dict) else value
    return frozenset(
        w for w in normalize_text(str(text or "")).split() if w not in _AFFILIATION_STOP and len(w) > 1
    )


def _mentions(works: Sequence[Work]) -> list[PersonMention]:
    mentions = []
    for w, work in enumerate(works):
        names = [n for n in work.csl.get("author") or [] if isinstance(n, dict)]
        shorts = [_short(n) for n in names]
        for p, name in enumerate(names):
            family = normalize_text(name.get("family") or "")
            if not family:
                continue  # organisations and literal names keep the mapping's own keys
            mentions.append(
                PersonMention(
                    work=w,
                    position=p,
                    family=family,
                    initials=_initials(name.get("given") or ""),
                    orcid=_orcid(name),
                    coauthors=frozenset(s for i, s in enumerate(shorts) if i != p),
                    affiliations=tuple(_affiliation_words(a) for a in name.get("affiliation") or []),
                )
            )
    return mentions


def _initials_agree(a: str, b: str) -> bool:
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def _affiliated(a: PersonMention, b: PersonMention) -> bool:
    return any(
        x and y and len(x & y) / len(x | y) >= AFFILIATION_OVERLAP
        for x in a.affiliations
        for y in b.affiliations
    )


def same_person(a: PersonMention, b: PersonMention) -> bool:
    """Whether two mentions are one person under the rules of this module."""
    if a.orcid and b.orcid:
        return a.orcid == b.orcid
    if a.family != b.family or not _initials_agree(a.initials, b.initials):
        return False
    return bool(a.coauthors & b.coauthors) or _affiliated(a, b)


def resolve_persons(works: Sequence[Work]) -> dict[tuple[int, int], str]:
    """(work index, author index) -> person key for every personal author of the citing works."""
    mentions = _mentions(works)
    sets = _Sets(list(range(len(mentions))))
    blocks: dict[tuple[str, str], list[int]] = {}
    by_orcid: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.orcid:
            sets.orcids[i] = {m.orcid}
            sets.union(by_orcid.setdefault(m.orcid, i), i)
        blocks.setdefault((m.family, m.initials[:1]), []).append(i)
    for members in blocks.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if (
                    sets.find(i) != sets.find(j)
                    and sets.compatible(i, j)
                    and same_person(mentions[i], mentions[j])
                ):
                    sets.union(i, j)
    return _keys(mentions, sets)


def _keys(mentions: list[PersonMention], sets: _Sets) -> dict[tuple[int, int], str]:
    clusters: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        clusters.setdefault(sets.find(i), []).append(i)
    keys: dict[int, str] = {}
    by_name: dict[str, list[int]] = {}
    for root, members in clusters.items():
        orcids = sorted({mentions[i].orcid for i in members} - {""})
        if orcids:
            keys[root] = f"orcid:{orcids[0]}"
            continue
        longest = max((mentions[i].initials for i in members), key=lambda s: (len(s), s))
        by_name.setdefault(f"person:{mentions[members[0]].family}|{longest}", []).append(root)
    for name, roots in by_name.items():
        # The largest cluster keeps the plain key (what a bare reference author maps to); ties: first seen.
        ranked = sorted(roots, key=lambda r: (-len(clusters[r]), r))
        for n, root in enumerate(ranked):
            keys[root] = name if n == 0 else f"{name}|{n + 1}"
    return {(mentions[i].work, mentions[i].position): keys[sets.find(i)] for i in range(len(mentions))}


def annotate_persons(works: Sequence[Work]) -> int:
    """Write each citing-work author's person key into its author dict (``x-person``); return the
    number of distinct persons."""
    keys = resolve_persons(works)
    for (w, p), key in keys.items():
        names = [n for n in works[w].csl.get("author") or [] if isinstance(n, dict)]
        names[p][PERSON_KEY] = key
    return len(set(keys.values()))
