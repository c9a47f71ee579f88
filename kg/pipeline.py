"""The build, one stage after another: ingest -> nlp -> extract -> resolve -> graph -> export.
This is the Python entry point; the CLI only parses arguments and reports."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from importlib.resources import files
from itertools import islice
from pathlib import Path


from kg import __version__
from kg.executors import map_batches
from kg.export import DEFAULT_FORMATS, write_outputs
from kg.rules import extract
from kg.graph import ENTITIES_GRAPH, PROVENANCE_GRAPH, RunInfo, build_graph, now
from kg.ingest import DEFAULT_MAX_BYTES, Documents, Notice, Skipped, load_documents
from kg.model import Article, Document, Extraction, Resolution
from kg.nlp import load_pipeline, pipeline_info
from kg.nquads import GraphBlocks
from kg.resolve import adopt_stored, load_aliases, resolve
from kg.spool import Spool
from kg.store import add_lines, open_store, remove_article, stored_articles, write_store
from kg.vocab import RDF, Iris

BATCH_SIZE = 16


@dataclass
class BuildReport:
    documents: int
    entities: int
    facts: int
    outputs: list[Path]
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class Progress:
    """Callbacks a caller can give to hear about the work: `skip` for each file left out,
    `warn` for each file built despite a problem, `start(total)` once the articles are
    known, `document()` after each one, `stage(what)` when a later step begins."""

    skip: Callable[[Skipped], None] | None = None
    start: Callable[[int], None] | None = None
    document: Callable[[], None] | None = None
    warn: Callable[[Notice], None] | None = None
    stage: Callable[[str], None] | None = None

    def begin(self, what: str) -> None:
        if self.stage is not None:
            self.stage(what)


def analyse(documents: Documents | list[Document], model: str | None, progress: Progress, jobs: int = 1,
            executor: str = "local", scheduler: str | None = None) -> tuple[Spool[Extraction], dict]:
    """Parse and extract every article, in batches, on the chosen executor (see
    `kg.executors`; an unknown executor fails before the slow pipeline load). The pipeline is
    loaded here, before any worker starts: forked workers inherit it, and it names the pipeline
    in the provenance. Results come back in input order, so the output does not depend on the
    executor or on `jobs`. Returns the extractions, spooled to disk as they arrive, and the
    pipeline's info."""
    batches = batched(documents, BATCH_SIZE)
    results = map_batches(partial(extract_batch, model=model), batches, executor=executor, jobs=jobs,
                          scheduler=scheduler)
    nlp = load_pipeline(model)
    if progress.start is not None:
        progress.start(len(documents))
    extractions: Spool[Extraction] = Spool()
    for batch in results:
        collect(batch, extractions, progress)
    return extractions, pipeline_info(nlp)


def batched(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Articles in lists of `size`, read as the workers ask for them."""
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_batch(documents: list[Document], model: str | None) -> list[Extraction]:
    """Parse and extract a batch of articles (wherever it runs: the pipeline is loaded once
    per process)."""
    nlp = load_pipeline(model)
    return [extract(document, doc) for document, doc in
            zip(documents, nlp.pipe((d.text for d in documents), batch_size=BATCH_SIZE))]


def collect(chunk: list[Extraction], extractions: Spool[Extraction], progress: Progress) -> None:
    for extraction in chunk:
        extractions.append(extraction)
        if progress.document is not None:
            progress.document()


def graph_lines(resolution: Resolution, iris: Iris, info: dict) -> GraphBlocks:
    run = RunInfo(__version__, str(info["pipeline"]), str(info["version"]), now(), rules_digest())
    return build_graph(resolution, iris.base, run)


@cache
def rules_digest() -> str:
    """The first 16 hex digits of a SHA-256 over the rule vocabulary (every file of
    `kg/data`, by name), so a graph's provenance says which rules made it."""
    hasher = hashlib.sha256()
    for path in sorted(files("kg").joinpath("data").iterdir(), key=lambda p: p.name):
        if path.is_file():
            hasher.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()[:16]


def collect_skips(progress: Progress) -> tuple[list[Skipped], Progress]:
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        if progress.skip is not None:
            progress.skip(item)

    return skipped, Progress(skip, progress.start, progress.document, progress.warn, progress.stage)


def build(
    paths: Iterable[Path | str],
    out_dir: Path | str = "out",
    *,
    model: str | None = None,
    base_iri: str | None = None,
    aliases: Path | str | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    store: Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fields: Mapping[str, str] | None = None,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the knowledge graph of the articles under `paths` and write it to `out_dir`
    (and, with `store`, into an on-disk Oxigraph store that `add` and `remove` change).

    `aliases` names a JSON file of forced merges and splits (see `kg.resolve.load_aliases`).
    `fields` names the fields of JSONL/CSV records (see `kg.ingest.load_documents`).
    `executor` and `scheduler` say where articles are parsed (see `kg.executors.map_batches`).
    """
    skipped, progress = collect_skips(progress or Progress())
    documents = load_documents(paths, progress.skip, progress.warn, max_bytes, fields)
    user_aliases = load_aliases(aliases) if aliases is not None else None
    try:
        extractions, info = analyse(documents, model, progress, jobs, executor, scheduler)
    finally:
        documents.close()
    progress.begin("resolving entities")
    articles: Spool[Article] = Spool()
    resolution = resolve(extractions, user_aliases, articles)
    extractions.close()
    progress.begin("building the graph")
    iris = Iris(base_iri)
    lines = graph_lines(resolution, iris, info)
    articles.close()
    report = BuildReport(len(articles), len(resolution.entities), resolution.facts, [], skipped)
    del resolution
    if store is not None:
        progress.begin("writing the store")
        write_store(lines, Path(store))
    progress.begin("writing the outputs")
    report.outputs = write_outputs(lines, Path(out_dir), formats, provenance=iris.graph(PROVENANCE_GRAPH).value,
                                   jobs=jobs, store=None if store is None else Path(store))
    lines.close()
    if store is not None:
        report.outputs.append(Path(store))
    return report


def add(
    store_dir: Path | str,
    paths: Iterable[Path | str],
    *,
    model: str | None = None,
    base_iri: str | None = None,
    aliases: Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fields: Mapping[str, str] | None = None,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Add articles to a store without rebuilding it. An article already in the store (same
    text) is left alone; entities named again, or spelled differently, join the stored ones."""
    skipped, progress = collect_skips(progress or Progress())
    store = open_store(Path(store_dir))
    stored = {a["hash"] for a in stored_articles(store)}
    documents = []
    loaded = load_documents(paths, progress.skip, progress.warn, max_bytes, fields)
    for document in loaded:
        if document.id in stored:
            progress.skip(Skipped(Path(document.name), "already in the store"))
        else:
            documents.append(document)
    loaded.close()
    if not documents:
        return BuildReport(0, 0, 0, [], skipped)
    iris = Iris(base_iri)
    extractions, info = analyse(documents, model, progress, jobs, executor, scheduler)
    resolution = resolve(extractions, load_aliases(aliases) if aliases is not None else None)
    prefix = iris.entity("").value
    typed = store.quads_for_pattern(None, RDF.type, None, iris.graph(ENTITIES_GRAPH))
    resolution = adopt_stored(resolution, {q.subject.value.removeprefix(prefix) for q in typed})
    lines = graph_lines(resolution, iris, info)
    add_lines(store, lines)
    lines.close()
    extractions.close()
    return BuildReport(len(documents), len(resolution.entities), resolution.facts, [Path(store_dir)], skipped)


def list_articles(store_dir: Path | str) -> list[dict[str, str]]:
    """The articles of a store: name, content hash, outlet, date and counts (see `kg.store`)."""
    return stored_articles(open_store(Path(store_dir)))


def remove(store_dir: Path | str, article: str) -> str:
    """Remove an article (its name, the path it was built from, or its content hash) and what
    rests only on it; returns its name."""
    return remove_article(open_store(Path(store_dir)), article)
