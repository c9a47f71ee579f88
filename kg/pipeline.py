"""The build, one stage after another: ingest -> nlp -> extract -> resolve -> graph -> export.
This is the Python entry point; the CLI only parses arguments and reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.export import DEFAULT_FORMATS, to_quads, write_outputs
from kg.extract import extract
from kg.graph import PROVENANCE_GRAPH, RunInfo, build_graph, now
from kg.ingest import Skipped, load_documents
from kg.nlp import load_pipeline, pipeline_info
from kg.resolve import load_aliases, resolve
from kg.vocab import Iris

BATCH_SIZE = 16


@dataclass
class BuildReport:
    documents: int
    entities: int
    facts: int
    outputs: list[Path]
    skipped: list[Skipped] = field(default_factory=list)


def build(
    paths: Iterable[Path | str],
    out_dir: Path | str = "out",
    *,
    model: str | None = None,
    base_iri: str | None = None,
    aliases: Path | str | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    on_skip: Callable[[Skipped], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_document: Callable[[], None] | None = None,
) -> BuildReport:
    """Build the knowledge graph of the articles under `paths` and write it to `out_dir`.

    `aliases` names a JSON file of forced merges and splits (see `kg.resolve.load_aliases`);
    `on_start(total)` and `on_document()` let a caller show progress.
    """
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    documents = load_documents(paths, skip)
    user_aliases = load_aliases(aliases) if aliases is not None else None
    nlp = load_pipeline(model)
    if on_start is not None:
        on_start(len(documents))
    extractions = []
    for document, doc in zip(documents, nlp.pipe((d.text for d in documents), batch_size=BATCH_SIZE)):
        extractions.append(extract(document, doc))
        if on_document is not None:
            on_document()
    resolution = resolve(extractions, user_aliases)
    info = pipeline_info(nlp)
    run = RunInfo(__version__, str(info["pipeline"]), str(info["version"]), now())
    iris = Iris(base_iri) if base_iri else Iris()
    quads = to_quads(build_graph(resolution, iris.base, run))
    outputs = write_outputs(quads, Path(out_dir), formats, provenance=str(iris.graph(PROVENANCE_GRAPH)))
    return BuildReport(len(documents), len(resolution.entities), len(resolution.facts), outputs, skipped)
