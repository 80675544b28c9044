"""The whole build, stage by stage: read -> references -> resolve -> entities -> rdf -> store -> networks."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bri_kg.models import Mention, TextSpan, Work

__all__ = [
    "DEFAULT_OUT",
    "NETWORK_KINDS",
    "BuildSummary",
    "build",
    "extract_mentions",
    "network_title",
    "read_inputs",
    "remove",
    "source_of",
]

log = logging.getLogger(__name__)

DEFAULT_OUT = Path("bri-kg-out")
NETWORK_KINDS = ("cocitation", "citation", "topics", "coauthorship")
NETWORK_FORMATS = (".html", ".png", ".svg", ".graphml")

# A progress callback receives (stage name, done, total); the CLI draws it with rich.
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class BuildSummary:
    """What a build produced; written to OUT/summary.json and printed by the CLI."""

    inputs: list[str]
    works: int = 0
    references: int = 0
    resolved_citations: int = 0
    cited_works: int = 0
    merged_with_corpus: int = 0
    persons: int = 0  # distinct authors of the citing works after person resolution
    known_nodes_joined: int = 0  # nodes of other sources already in the store that this build's works cite
    sources_in_store: int = 0
    mentions: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    graphs: int = 0
    spacy_model: str | None = None
    store: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def read_inputs(inputs: Sequence[Path]) -> list[Work]:
    """Read every input before anything is written, so that a bad file leaves the store untouched."""
    from bri_kg.read import read_path

    works: list[Work] = []
    for path in inputs:
        works.extend(read_path(path))
    return works


def extract_mentions(
    works: Sequence[Work], tagger: Any, owner_iris: Callable[[int, TextSpan], str]
) -> list[tuple[str, TextSpan, list[Mention]]]:
    """Tag every analysable text span of every work; return (owner IRI, span, mentions) triples."""
    from bri_kg.entities import text_spans

    items: list[tuple[str, TextSpan]] = []
    for index, work in enumerate(works):
        items.extend((owner_iris(index, span), span) for span in text_spans(work))
    tagged = tagger.tag_many([span.text for _, span in items])
    return [(owner, span, mentions) for (owner, span), mentions in zip(items, tagged, strict=True)]


def build(
    inputs: Sequence[Path] | None = None,
    *,
    out: Path = DEFAULT_OUT,
    store: str | Path | None = None,
    use_model: bool | None = None,
    networks: bool = True,
    progress: Progress = _noop,
    overrides: Path | None = None,
    trig: bool = True,
) -> BuildSummary:
    """Build the knowledge graph of ``inputs`` (default: the bundled seed article and corpus).

    Writes ``out/store/`` (unless ``store`` points elsewhere), ``out/graph.trig``, ``out/networks/`` and
    ``out/summary.json``. Every input is read and analysed before the store is touched, and the store is
    written all or nothing (what a failed write added is removed again), so bad input leaves it unchanged.

    Incremental: the graphs of other sources already in the store stay; this build's references are
    resolved against their work nodes too, and the graphs of this build's sources are replaced (so
    re-adding a file writes nothing). ``overrides`` is an identity override file
    (:mod:`bri_kg.resolve.overrides`). ``trig=False`` skips ``out/graph.trig``, a sorted copy of the whole
    store that takes longer to write than a large export takes to load (``bri-kg dump`` writes it later).
    """
    from bri_kg.entities import build_tagger
    from bri_kg.rdf import ExtractionRun, corpus_graphs, mention_graph, ontology_graph
    from bri_kg.rdf.iris import reference_iri
    from bri_kg.rdf.mapping import node_iri
    from bri_kg.read import bundled_inputs
    from bri_kg.references import ReferenceParser, parse_work_references
    from bri_kg.resolve import annotate_persons, known_nodes, load_overrides, resolve, stored_names
    from bri_kg.store import open_store, source_id, stored_sources

    paths = [Path(p) for p in inputs] if inputs else bundled_inputs()
    out = Path(out)
    store_location = str(store) if store is not None else str(out / "store")
    summary = BuildSummary(inputs=[str(p) for p in paths], store=store_location)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[stage] = round(now - clock, 3)
        clock = now

    progress("read", 0, len(paths))
    works = read_inputs(paths)
    progress("read", len(paths), len(paths))
    lap("read")

    rules = load_overrides(overrides) if overrides is not None else None
    # Keyphrases of works without keywords start now, in worker processes for a large corpus.
    pending = _PendingKeyphrases(works, top=10)
    kg = None
    try:
        references = [ref for work in works for ref in work.references]
        progress("references", 0, len(references))
        parse_work_references(works, ReferenceParser())
        progress("references", len(references), len(references))
        lap("references")
        kg = open_store(store_location)
        current = {source_id(work.source.sha256) for work in works}
        stored = stored_sources(kg)
        others = sorted(set(stored) - current)
        replaced = {graph for sid in current for graph in stored.get(sid, [])}
        known = known_nodes(kg, exclude_graphs=replaced) if others else []
        summary.persons = annotate_persons(works)
        resolution = resolve(works, known=known, overrides=rules)
        lap("resolve")

        tagger = build_tagger(use_model=use_model)

        def owner_iri(index: int, span: TextSpan) -> str:
            node = resolution.work_nodes[index]
            if span.key.startswith("ref:"):
                return reference_iri(node, int(span.key.split(":")[1]))
            return node_iri(node)

        progress("entities", 0, len(works))
        tagged = extract_mentions(works, tagger, owner_iri)
        progress("entities", len(works), len(works))
        lap("entities")

        run = ExtractionRun(
            name=tagger.name,
            version=tagger.version,
            model=tagger.model,
            ontology_version=tagger.ontology_version,
        )
        # A seed article is a fresh build's first work; a source added to a store is not one.
        seed = 0 if not others else None
        names = stored_names(kg, exclude_graphs=replaced) if others else {}
        graphs = dict(
            corpus_graphs(works, resolution, seed_index=seed, evidence_per_source=True, stored_names=names)
        )
        phrases = _keyphrases(
            works, [node_iri(node) for node in resolution.work_nodes], tagger.ontology, pending
        )
        graphs.update(_run_graphs(run, works, tagged, mention_graph, phrases))
        from bri_kg.rdf.iris import graph_iri, resolution_graph_iri

        # The statistical model's unlinked names over every analysed span (emptied without the model).
        candidates = graph_iri("candidates")
        if tagger.model is not None:
            from bri_kg.entities.tagger import collect_candidates
            from bri_kg.rdf.mapping import candidate_graph

            graphs[str(candidates)] = candidate_graph(collect_candidates(tagger, [s for _, s, _ in tagged]))
        elif str(candidates) in kg.graphs():
            graphs[str(candidates)] = []

        graphs[str(graph_iri("ontology"))] = ontology_graph()
        # Graphs of this build's sources that it no longer makes (another run), and the shared evidence
        # and run graphs of the layout before incremental builds, are emptied.
        legacy = [g for g in kg.graphs() if g == str(resolution_graph_iri()) or _shared_run_graph(g)]
        for graph in [*replaced, *legacy]:
            if graph not in graphs:
                graphs[graph] = []
        lap("rdf")

        out.mkdir(parents=True, exist_ok=True)
        kg.replace_graphs(graphs)
        summary.triples = kg.count()
        summary.graphs = len(kg.graphs())
        summary.sources_in_store = len(stored_sources(kg))
        lap("store")
        if trig:
            kg.dump(out / "graph.trig")
            summary.outputs["graph"] = str(out / "graph.trig")
            lap("trig")

        if networks:
            from bri_kg.networks import build_network
            from bri_kg.render import write_network

            net_dir = out / "networks"
            net_dir.mkdir(parents=True, exist_ok=True)
            for i, kind in enumerate(NETWORK_KINDS):
                progress("networks", i, len(NETWORK_KINDS))
                graph = build_network(kg, kind)
                for ext in NETWORK_FORMATS:
                    target = write_network(graph, net_dir / f"{kind}{ext}", title=network_title(kind))
                    summary.outputs[f"{kind}{ext}"] = str(target)
            progress("networks", len(NETWORK_KINDS), len(NETWORK_KINDS))
            lap("networks")
    finally:
        pending.close()
        if kg is not None:
            kg.close()

    summary.works = len(works)
    summary.references = len(references)
    summary.resolved_citations = len(resolution.reference_nodes)
    summary.cited_works = len({node for node in resolution.reference_nodes.values()})
    work_node_set = set(resolution.work_nodes)
    summary.merged_with_corpus = len(
        {node for node in resolution.reference_nodes.values() if node in work_node_set}
    )
    summary.known_nodes_joined = sum(
        1 for key in set(resolution.reference_nodes.values()) if resolution.nodes[key].known
    )
    summary.mentions = dict(sorted(Counter(m.label for _, _, ms in tagged for m in ms).items()))
    summary.spacy_model = tagger.model
    (out / "summary.json").write_text(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return summary


# From this many texts without keywords, YAKE (about 15 ms a text) runs in worker processes while the
# build resolves, tags and maps; below it, starting processes costs more than it saves.
PARALLEL_KEYPHRASE_TEXTS = 100


def _keyphrase_texts(works: Sequence[Work]) -> dict[int, str]:
    """Title and abstract of each work without keywords of its own (index -> text): YAKE's input."""
    from bri_kg.entities import text_spans
    from bri_kg.entities.keyphrases import split_keywords

    return {
        i: "\n".join(s.text for s in text_spans(work) if s.key in ("title", "abstract"))
        for i, work in enumerate(works)
        if not split_keywords(work.csl.get("keyword"))
    }


class _PendingKeyphrases:
    """YAKE's candidates of the works without keywords, computed in worker processes or on demand."""

    def __init__(self, works: Sequence[Work], *, top: int) -> None:
        import os

        texts = _keyphrase_texts(works)
        self.indices = list(texts)
        self.top = top
        self._texts = list(texts.values())
        self._executor: Any = None
        self._futures: list[Any] = []
        cores = os.cpu_count() or 1
        if len(texts) >= PARALLEL_KEYPHRASE_TEXTS and cores > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from bri_kg.entities.keyphrases import yake_candidates

            # One worker a core: the build itself finishes its stages first and then waits for them.
            # spawn, not fork: the parent holds an open store and library threads.
            self._executor = ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("spawn"))
            size = -(-len(self._texts) // (4 * cores))  # a few chunks a worker, so that they end together
            self._futures = [
                self._executor.submit(yake_candidates, self._texts[at : at + size], top=top)
                for at in range(0, len(self._texts), size)
            ]

    def result(self) -> dict[int, list[tuple[str, float]]]:
        """Work index -> candidates; ModelError when yake is not installed."""
        from bri_kg.entities.keyphrases import yake_candidates

        try:
            if self._futures:
                found = [candidates for future in self._futures for candidates in future.result()]
            else:
                found = yake_candidates(self._texts, top=self.top)
        finally:
            self.close()
        return dict(zip(self.indices, found, strict=True))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None


def _keyphrases(
    works: Sequence[Work], owners: Sequence[str], ontology: Any, pending: _PendingKeyphrases
) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """(work IRI, [(phrase, TOPIC concept or None)]) of each work: its keywords, else YAKE's phrases of its
    title and abstract (without yake installed, the keywords only)."""
    from bri_kg.entities.keyphrases import KeyphraseExtractor
    from bri_kg.errors import ModelError

    extract = KeyphraseExtractor(ontology, top=pending.top, use_yake=False)
    try:
        candidates = pending.result()
    except ModelError as exc:
        log.info("keyphrases of works without keywords skipped: %s", exc)
        candidates = {}
    out = []
    for i, (work, owner) in enumerate(zip(works, owners, strict=True)):
        found = extract.of_keywords(work.csl.get("keyword")) or extract.select(candidates.get(i, []))
        out.append((owner, [(k.text, k.concept) for k in found]))
    return out


def _run_graphs(
    run: Any,
    works: Sequence[Work],
    tagged: list[tuple[str, TextSpan, list[Mention]]],
    mention_graph: Any,
    phrases: Sequence[tuple[str, list[tuple[str, str | None]]]] = (),
) -> dict[str, Any]:
    """One run graph per source (``graph:run/{r}/{h}``), so that a source can be dropped with its mentions.

    ``phrases`` (one entry per work, or none) are the works' keyphrases, written into their source's graph.
    """
    from bri_kg.rdf.mapping import add_keyphrases
    from bri_kg.store import source_id

    counts = [len(_spans(work)) for work in works]
    groups: dict[str, list[tuple[str, TextSpan, list[Mention]]]] = {}
    at = 0
    for work, count in zip(works, counts, strict=True):
        groups.setdefault(source_id(work.source.sha256), []).extend(tagged[at : at + count])
        at += count
    graphs: dict[str, Any] = {}
    for sid, items in sorted(groups.items()):
        name, graph = mention_graph(run, items)
        graphs[f"{name}/{sid}"] = graph
    for work, (owner, found) in zip(works, phrases, strict=False):
        add_keyphrases(graphs[f"{name}/{source_id(work.source.sha256)}"], owner, found)
    return graphs


def _shared_run_graph(graph: str) -> bool:
    """A run graph of the layout before per-source run graphs (``graph:run/{r}``, no source part)."""
    from bri_kg.rdf.iris import DEFAULT_BASE

    head = f"{DEFAULT_BASE}graph/run/"
    return graph.startswith(head) and "/" not in graph[len(head) :]


def _spans(work: Work) -> list[TextSpan]:
    from bri_kg.entities import text_spans

    return list(text_spans(work))


def source_of(path_or_id: str) -> str:
    """The 16-hex-digit source id of a file (its SHA-256), or the id itself when given one."""
    import re

    from bri_kg.read._io import file_sha256

    path = Path(path_or_id)
    if path.is_file():
        return file_sha256(path)[:16]
    text = path_or_id.rstrip("/").rsplit("/", 1)[-1].lower()
    if not re.fullmatch(r"[0-9a-f]{16,64}", text):
        from bri_kg.errors import InputError

        raise InputError("not a file and not a source id (16 hex digits)", path=path_or_id)
    return text[:16]


def remove(source: str, *, store: str | Path, out: Path | None = None) -> dict[str, Any]:
    """Drop one source (a file path or its id) from a store, with its now-orphaned nodes; one update.

    Work nodes that other sources still cite move to one of their graphs. Writes ``out/graph.trig`` when
    ``out`` is given. StoreError when the store does not hold the source.
    """
    from bri_kg.store import open_store, remove_source

    sid = source_of(source)
    kg = open_store(str(store))
    try:
        report = remove_source(kg, sid)
        result = {**asdict(report), "triples": kg.count(), "graphs_left": len(kg.graphs())}
        if out is not None:
            Path(out).mkdir(parents=True, exist_ok=True)
            kg.dump(Path(out) / "graph.trig")
    finally:
        kg.close()
    return result


def network_title(kind: str, unit: str | None = None) -> str:
    """The heading of a network page or figure."""
    base = {
        "cocitation": "Co-citation network",
        "coupling": "Bibliographic coupling network",
        "citation": "Citation network",
        "topics": "Topic network (concepts co-occurring in a work or reference)",
        "coauthorship": "Co-authorship network",
    }[kind]
    return f"{base}: {unit}" if unit else base
