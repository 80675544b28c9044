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
    "read_inputs",
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
) -> BuildSummary:
    """Build the knowledge graph of ``inputs`` (default: the bundled seed article and corpus).

    Writes ``out/store/`` (unless ``store`` points elsewhere), ``out/graph.trig``, ``out/networks/`` and
    ``out/summary.json``. Every input is read and analysed before the store is touched, and the store is
    written in one transaction, so bad input leaves it unchanged.
    """
    from bri_kg.entities import build_tagger
    from bri_kg.rdf import ExtractionRun, corpus_graphs, mention_graph, ontology_graph
    from bri_kg.rdf.iris import reference_iri, work_iri
    from bri_kg.read import bundled_inputs
    from bri_kg.references import ReferenceParser, parse_work_references
    from bri_kg.resolve import resolve
    from bri_kg.store import open_store

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

    references = [ref for work in works for ref in work.references]
    progress("references", 0, len(references))
    parse_work_references(works, ReferenceParser())
    progress("references", len(references), len(references))
    lap("references")

    resolution = resolve(works)
    lap("resolve")

    tagger = build_tagger(use_model=use_model)

    def owner_iri(index: int, span: TextSpan) -> str:
        node = resolution.work_nodes[index]
        if span.key.startswith("ref:"):
            return reference_iri(node, int(span.key.split(":")[1]))
        return work_iri(node)

    progress("entities", 0, len(works))
    tagged = extract_mentions(works, tagger, owner_iri)
    progress("entities", len(works), len(works))
    lap("entities")

    run = ExtractionRun(
        name=tagger.name, version=tagger.version, model=tagger.model, ontology_version=tagger.ontology_version
    )
    graphs = dict(corpus_graphs(works, resolution, seed_index=0))
    run_iri, run_graph = mention_graph(run, tagged)
    graphs[run_iri] = run_graph
    from bri_kg.rdf.iris import graph_iri

    graphs[graph_iri("ontology")] = ontology_graph()
    lap("rdf")

    out.mkdir(parents=True, exist_ok=True)
    kg = open_store(store_location)
    try:
        kg.replace_graphs(graphs)
        summary.triples = kg.count()
        summary.graphs = len(kg.graphs())
        trig = out / "graph.trig"
        kg.dump(trig)
        summary.outputs["graph"] = str(trig)
        lap("store")

        if networks:
            from bri_kg.networks import build_network
            from bri_kg.render import write_network

            net_dir = out / "networks"
            net_dir.mkdir(parents=True, exist_ok=True)
            for i, kind in enumerate(NETWORK_KINDS):
                progress("networks", i, len(NETWORK_KINDS))
                graph = build_network(kg, kind)
                for ext in NETWORK_FORMATS:
                    target = write_network(graph, net_dir / f"{kind}{ext}", title=_network_title(kind))
                    summary.outputs[f"{kind}{ext}"] = str(target)
            progress("networks", len(NETWORK_KINDS), len(NETWORK_KINDS))
            lap("networks")
    finally:
        kg.close()

    summary.works = len(works)
    summary.references = len(references)
    summary.resolved_citations = len(resolution.reference_nodes)
    summary.cited_works = len({node for node in resolution.reference_nodes.values()})
    work_node_set = set(resolution.work_nodes)
    summary.merged_with_corpus = len(
        {node for node in resolution.reference_nodes.values() if node in work_node_set}
    )
    summary.mentions = dict(sorted(Counter(m.label for _, _, ms in tagged for m in ms).items()))
    summary.spacy_model = tagger.model
    (out / "summary.json").write_text(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return summary


def _network_title(kind: str) -> str:
    return {
        "cocitation": "Co-citation network",
        "citation": "Citation network",
        "topics": "Topic network (concepts co-occurring in a work or reference)",
        "coauthorship": "Co-authorship network",
    }[kind]
