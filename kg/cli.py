"""The `kg` command: parse arguments, call the library, report. No logic of its own."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from kg.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_NONCONFORMING, InputError, Interrupted, KgError
from kg.formats import DEFAULT_FORMATS, DEFAULT_MAX_BYTES, FORMATS

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn English news articles into an RDF knowledge graph with provenance.")
err = Console(stderr=True)


def fail(exc: BaseException) -> typer.Exit:
    """One line for the user, and the documented exit code."""
    if isinstance(exc, KgError):
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True, soft_wrap=True)
        return typer.Exit(exc.exit_code)
    if isinstance(exc, (KeyboardInterrupt, Interrupted)):
        err.print("[bold red]interrupted[/]: no output was changed")
        return typer.Exit(EXIT_INTERRUPTED)
    err.print(f"[bold red]internal error:[/] {escape(f'{type(exc).__name__}: {exc}')} (please report this as a bug)")
    return typer.Exit(EXIT_INTERNAL)


@app.callback()
def configure(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logging.")] = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR, format="%(message)s",
                        handlers=[RichHandler(console=err, show_path=False)])


class RateColumn(ProgressColumn):
    """Articles per second, once rich has measured a rate."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f} articles/s" if task.speed else "")


def progress_bar() -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeRemainingColumn())
    return Progress(*columns, console=err, transient=True)


def callbacks(bar: Progress):
    """The library's progress callbacks, drawn on a rich progress bar."""
    from kg.pipeline import Progress as Callbacks

    task = bar.add_task("articles", total=None)
    return Callbacks(
        skip=lambda s: err.print(f"[yellow]warning:[/] {escape(f'{s.path}: skipped: {s.reason}')}", highlight=False,
                                 soft_wrap=True),
        start=lambda total: bar.update(task, total=total),
        document=lambda: bar.advance(task),
        warn=lambda n: err.print(f"[yellow]warning:[/] {escape(f'{n.path}: {n.message}')}", highlight=False,
                                 soft_wrap=True),
        stage=lambda name: bar.update(task, description=name),
    )


ModelOption = Annotated[str | None, typer.Option("--model", help="spaCy pipeline name or path (default: best available).")]
AliasesOption = Annotated[Path | None, typer.Option("--aliases", help="JSON file of forced merges and splits (see README).")]
ArticlePaths = Annotated[list[Path], typer.Argument(
    help="Articles: .txt/.md, saved pages (.html), records (.jsonl/.ndjson/.csv), web archives (.warc/.warc.gz), "
         "folders of them (read recursively), or - for standard input.")]
FieldOption = Annotated[list[str] | None, typer.Option(
    "--field", help="The record field (JSONL/CSV) that holds a part of each article: text=NAME, title=NAME, "
                    "date=NAME, url=NAME, outlet=NAME or author=NAME; repeatable.")]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes",
                                             help="Refuse articles (files, records, pages) larger than this.")]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes that parse articles in parallel.")]
ExecutorOption = Annotated[str, typer.Option(
    help="Where articles are parsed: 'local' (this machine, --jobs processes) or 'dask' (a Dask cluster).")]
SchedulerOption = Annotated[str | None, typer.Option(
    help="With --executor dask: the scheduler's address (tcp://host:8786); without it, a local cluster of --jobs workers.")]


def record_fields(pairs: list[str] | None) -> dict[str, str]:
    """--field text=story … as a mapping, each part one kg knows."""
    from kg.ingest.records import FIELD_NAMES

    fields: dict[str, str] = {}
    for pair in pairs or []:
        key, _, name = pair.partition("=")
        if key not in FIELD_NAMES or not name:
            raise typer.BadParameter(f"'{pair}': write PART=FIELD with PART one of {', '.join(FIELD_NAMES)}",
                                     param_hint="--field")
        fields[key] = name
    return fields


def with_progress(work) -> None:
    """Run `work(callbacks)` under a progress bar, then report; user errors end the command."""
    try:
        with progress_bar() as bar:
            report = work(callbacks(bar))
    except (KgError, KeyboardInterrupt, Interrupted) as exc:
        raise fail(exc) from None
    summary(report)


def summary(report) -> None:
    err.print(f"built {report.documents} article(s): {report.entities} entities, {report.facts} facts"
              + (f", {len(report.skipped)} skipped" if report.skipped else ""), highlight=False)
    for path in report.outputs:
        typer.echo(str(path))


@app.command()
def build(
    paths: ArticlePaths,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the outputs into.")] = Path("out"),
    model: ModelOption = None,
    base_iri: Annotated[str | None, typer.Option(help="Base IRI for minted entity and document IRIs.")] = None,
    aliases: AliasesOption = None,
    formats: Annotated[str, typer.Option(help=f"Comma-separated outputs: {', '.join(FORMATS)}.")] = ",".join(DEFAULT_FORMATS),
    store: Annotated[Path | None, typer.Option(help="Also write the graph into this on-disk Oxigraph store.")] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    field: FieldOption = None,
    jobs: JobsOption = 1,
    executor: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
) -> None:
    """Build the knowledge graph of PATHS into --out."""
    from kg.pipeline import build as run_build

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise typer.BadParameter(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}",
                                 param_hint="--formats")
    fields = record_fields(field)
    with_progress(lambda progress: run_build(paths, out, model=model, base_iri=base_iri, aliases=aliases,
                                             formats=chosen, store=store, max_bytes=max_bytes, fields=fields,
                                             jobs=jobs, executor=executor, scheduler=scheduler, progress=progress))


@app.command()
def add(
    store: Annotated[Path, typer.Argument(help="A store written by kg build --store.")],
    paths: ArticlePaths,
    model: ModelOption = None,
    base_iri: Annotated[str | None, typer.Option(help="The base IRI the store was built with.")] = None,
    aliases: AliasesOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    field: FieldOption = None,
    jobs: JobsOption = 1,
    executor: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
) -> None:
    """Add articles to a store without rebuilding it; an article already there changes nothing."""
    from kg.pipeline import add as run_add

    fields = record_fields(field)
    with_progress(lambda progress: run_add(store, paths, model=model, base_iri=base_iri, aliases=aliases,
                                           max_bytes=max_bytes, fields=fields, jobs=jobs, executor=executor,
                                           scheduler=scheduler, progress=progress))


@app.command()
def remove(
    store: Annotated[Path, typer.Argument(help="A store written by kg build --store.")],
    article: Annotated[str, typer.Argument(help="The article's name (as kg list shows it), the path it was built "
                                                "from, or its content hash.")],
) -> None:
    """Remove an article's graph from a store, and the entities only it mentioned."""
    from kg.pipeline import remove as run_remove

    try:
        removed = run_remove(store, article)
    except KgError as exc:
        raise fail(exc) from None
    err.print(f"removed {escape(removed)}", highlight=False)


@app.command(name="list")
def list_store(store: Annotated[Path, typer.Argument(help="A store written by kg build --store.")]) -> None:
    """List a store's articles: name, content hash, outlet, date, facts and mentions."""
    from rich.table import Table

    from kg.pipeline import list_articles

    try:
        articles = list_articles(store)
    except KgError as exc:
        raise fail(exc) from None
    table = Table("article", "hash", "outlet", "date", "facts", "mentions")
    for article in articles:
        table.add_row(*(escape(article.get(key, "")) for key in ("name", "hash", "outlet", "date", "facts",
                                                                 "mentions")))
    Console().print(table)


@app.command()
def info(model: ModelOption = None) -> None:
    """Print, as JSON, which spaCy pipeline kg would use."""
    from kg.nlp import load_pipeline, pipeline_info

    try:
        typer.echo(json.dumps(pipeline_info(load_pipeline(model)), indent=2))
    except KgError as exc:
        raise fail(exc) from None


@app.command()
def validate(graph: Annotated[Path, typer.Argument(help="A graph file or a build folder.")]) -> None:
    """Check GRAPH against the SHACL shapes; exit 5 when it does not conform."""
    from kg.validate import validate as run_validate

    try:
        report = run_validate(graph)
    except KgError as exc:
        raise fail(exc) from None
    typer.echo(report.text.rstrip())
    if not report.conforms:
        raise typer.Exit(EXIT_NONCONFORMING)


@app.command(name="eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold .json files (seeds/gold/FORMAT.md).")],
    articles_dir: Annotated[Path, typer.Argument(help="Folder holding the articles the gold files name.")],
    model: ModelOption = None,
    show_misses: Annotated[bool, typer.Option("--misses", help="List every missed and extra item.")] = False,
) -> None:
    """Build the articles and print precision, recall and F1 against the gold annotations."""
    from rich.table import Table

    from kg.evaluate import evaluate as run_evaluate

    try:
        score = run_evaluate(gold_dir, articles_dir, model)
    except KgError as exc:
        raise fail(exc) from None
    out = Console()
    table = Table("", "P", "R", "F1", "found/gold", title="kg eval")
    rows = [("entities (strict)", score.entities_strict), ("entities (coarse)", score.entities_coarse),
            ("facts", score.facts)]
    rows += [(f"  type {name}", c) for name, c in sorted(score.by_type.items())]
    rows += [(f"  fact {name}", c) for name, c in sorted(score.by_predicate.items())]
    for name, c in rows:
        table.add_row(name, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", f"{c.found_gold}/{c.gold}")
    out.print(table)
    if show_misses:
        for line in score.misses:
            out.print(escape(line), highlight=False)


@app.command()
def query(
    source: Annotated[Path, typer.Argument(help="A build folder, an RDF file, or an Oxigraph store.")],
    text: Annotated[str | None, typer.Argument(metavar="QUERY", help="The SPARQL query (or use -f).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this .rq file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv, json or xml.")] = "table",
    bind: Annotated[list[str] | None, typer.Option(
        "--bind", help="Bind a query variable before it runs: NAME=VALUE (a plain string, or <IRI>); repeatable.")] = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let a SERVICE clause call the other host it names (refused by default).")] = False,
) -> None:
    """Run a SPARQL query over a built graph and print the results."""
    from rich.table import Table

    from kg.query import RESULT_FORMATS, open_source, parse_bindings, rows, run_query, serialize_result

    if fmt not in {"table", *RESULT_FORMATS}:
        raise typer.BadParameter("choose table, csv, tsv, json or xml", param_hint="--format")
    if (text is None) == (file is None):
        raise typer.BadParameter("give the query inline or with -f FILE, not both", param_hint="QUERY")
    import pyoxigraph as ox

    try:
        sparql = text if text is not None else read_query(file)
        result = run_query(open_source(source), sparql, parse_bindings(bind or []), allow_service)
        if fmt == "table" and isinstance(result, ox.QuerySolutions):
            names, values = rows(result)
            table = Table(*names)
            for row in values:
                table.add_row(*(escape(v) for v in row))
            output = None
        elif fmt == "table" and isinstance(result, ox.QueryBoolean):
            output = "true\n" if bool(result) else "false\n"
        else:
            output = serialize_result(result, "json" if fmt == "table" else fmt).decode("utf-8")
    except KgError as exc:
        raise fail(exc) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise fail(InputError("E706", f"the query failed while it ran: {exc}".splitlines()[0],
                              hint="check the query and what it reads")) from None
    if output is None:
        Console().print(table)
    else:
        typer.echo(output, nl=False)


def read_query(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("E702", f"cannot read query file: {exc}", path=path, hint="give a UTF-8 .rq file") from exc


@app.command()
def serve(
    source: Annotated[Path, typer.Argument(help="A build folder, an RDF file, or an Oxigraph store.")],
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run.")] = 10.0,
    max_results: Annotated[int, typer.Option(help="Most rows (or triples) a query may return.")] = 100_000,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="Another host name requests may use (the bound address's names are allowed; "
                               "'*' allows any); repeatable.")] = None,
) -> None:
    """Serve a read-only SPARQL endpoint at /sparql and the graph page at /."""
    from kg.serve import serve as run_serve

    try:
        err.print(f"SPARQL endpoint on http://{host}:{port}/sparql (graph page on /); Ctrl-C stops it",
                  highlight=False)
        run_serve(source, host, port, timeout, max_results, allowed_host or ())
    except KgError as exc:
        raise fail(exc) from None


@app.command()
def view(folder: Annotated[Path, typer.Argument(help="A build folder or a graph.html file.")] = Path("out")) -> None:
    """Open the graph page in a browser, or print its path when there is no display."""
    import webbrowser

    page = folder / "graph.html" if folder.is_dir() else folder
    if not page.is_file():
        raise fail(InputError("E901", "no graph page here", path=page, hint="run kg build first"))
    typer.echo(str(page.resolve()))
    if has_display():
        webbrowser.open(page.resolve().as_uri())


def has_display() -> bool:
    import os
    import sys

    return sys.platform in {"darwin", "win32"} or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main() -> None:
    """The console entry point. Ctrl-C raises `Interrupted` (not KeyboardInterrupt, which
    Click would report as exit 1): temporary files are removed on the way out and the run
    ends with exit 130."""
    import signal

    def interrupt(signum, frame):
        raise Interrupted()

    signal.signal(signal.SIGINT, interrupt)
    try:
        app()
    except Interrupted:
        err.print("[bold red]interrupted[/]: no output was changed")
        raise SystemExit(EXIT_INTERRUPTED) from None
