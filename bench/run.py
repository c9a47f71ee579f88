"""Benchmark kg at scale and write bench/RESULTS.md.

Corpora are made from the openly licensed texts in ../shared/data (GUM documents and
Re-DocRED Wikipedia articles), sampled and repeated with distinct ids. Everything is
measured in one run, as ratios against baselines run in the same process:

* end-to-end `kg build` time vs bare `nlp.pipe` over the same texts with the same pipeline;
* words per second, and peak resident memory of the build (a child process);
* Turtle export through Oxigraph vs rdflib's serializer on the same graph;
* competency-query latency (median, p95) on the largest graph.

    python bench/run.py [--sizes 100 1000] [--jobs 1] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = HERE.parent / "ontology" / "queries"


def source_texts(data: Path) -> list[str]:
    texts = []
    for path in sorted((data / "gum" / "dep").glob("*.conllu")):
        lines = [line[9:] for line in path.read_text("utf-8").splitlines() if line.startswith("# text = ")]
        texts.append("\n".join(lines))
    for name in ("dev_revised.json", "test_revised.json"):
        for item in json.loads((data / "re_docred" / "data" / name).read_text("utf-8")):
            texts.append(" ".join(" ".join(sentence) for sentence in item["sents"]))
    return texts


def make_corpus(texts: list[str], size: int, folder: Path) -> tuple[list[Path], list[str]]:
    rng = random.Random(size)
    folder.mkdir(parents=True)
    chosen = [f"{rng.choice(texts)}\n(Archive copy {i}.)\n" for i in range(size)]
    paths = []
    for i, text in enumerate(chosen):
        paths.append(folder / f"article-{i:05d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths, chosen


def timed_build(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `kg build` in a child process."""
    code = ("import resource, sys, time; from kg import build; t = time.perf_counter(); "
            f"build([{str(folder)!r}], {str(out)!r}, store={str(out / 'store')!r}, jobs={jobs}); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, rss_kb = result.stdout.split()
    return float(seconds), int(rss_kb) / 1024


def bare_pipe(texts: list[str], jobs: int) -> tuple[float, int]:
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16, n_process=jobs))
    return time.perf_counter() - start, words


def export_speed(graph_file: Path) -> tuple[float, float]:
    """Seconds to write Turtle through Oxigraph (kg's way) and with rdflib's serializer."""
    import pyoxigraph as ox
    import rdflib

    from kg.export import PREFIXES, serialize

    quads = list(ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS))
    start = time.perf_counter()
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    serialize(triples, ox.RdfFormat.TURTLE)
    oxigraph = time.perf_counter() - start
    graph = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    start = time.perf_counter()
    graph.serialize(format="turtle")
    return oxigraph, time.perf_counter() - start


def query_latency(store_dir: Path, runs: int = 20) -> dict[str, tuple[float, float]]:
    from kg.query import open_source, run_query

    store = open_source(store_dir)
    name = next(iter(run_query(store, "SELECT ?n WHERE { ?p a <https://w3id.org/kg-news/ontology#Person> ; "
                                      "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n } LIMIT 1")))["n"].value
    latencies = {}
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text("utf-8").replace('"NAME"', json.dumps(name))
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            list(run_query(store, text))
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        latencies[path.stem] = (statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    texts = source_texts(args.data)
    rows, largest = [], None
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"corpus-{size}"
            _, chosen = make_corpus(texts, size, folder)
            bare, words = bare_pipe(chosen, args.jobs)
            build_seconds, rss = timed_build(folder, Path(tmp) / f"out-{size}", args.jobs)
            rows.append((size, words, bare, build_seconds, rss))
            print(f"{size} articles: bare {bare:.1f} s, build {build_seconds:.1f} s, {rss:.0f} MB", flush=True)
            largest = Path(tmp) / f"out-{size}"
        oxigraph, rdflib_seconds = export_speed(largest / "graph.nq")
        latencies = query_latency(largest / "store")
    lines = [
        "# Benchmark results", "",
        f"Made by `python bench/run.py --sizes {' '.join(map(str, args.sizes))} --jobs {args.jobs}` on "
        f"{platform.processor() or platform.machine()}, {platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}; {resource.getpagesize()}-byte pages. Corpora: GUM and Re-DocRED texts "
        "from ../shared/data, sampled with distinct ids.", "",
        "| articles | words | bare `nlp.pipe` (s) | `kg build` (s) | build / bare | words/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, words, bare, build_seconds, rss in rows:
        lines.append(f"| {size:,} | {words:,} | {bare:.1f} | {build_seconds:.1f} | {build_seconds / bare:.2f}x | "
                     f"{words / build_seconds:,.0f} | {rss:,.0f} |")
    lines += ["", f"Turtle export of the {args.sizes[-1]:,}-article graph: Oxigraph {oxigraph:.2f} s, rdflib "
              f"{rdflib_seconds:.2f} s: **{rdflib_seconds / oxigraph:.1f}x** faster.", "",
              f"Competency queries on the {args.sizes[-1]:,}-article store (20 runs each):", "",
              "| query | median (ms) | p95 (ms) |", "|---|---|---|"]
    lines += [f"| {name} | {median:.1f} | {p95:.1f} |" for name, (median, p95) in latencies.items()]
    lines += ["", "Targets (issue 8): build <= 1.25x bare `nlp.pipe`; 10,000 articles in under 10 minutes with "
              "`-j 2`; peak RSS under 3 GB; competency queries under 100 ms median; export >= 30x faster than "
              "rdflib. The page benchmark is `python bench/page_load.py`."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
