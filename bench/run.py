"""Benchmark kg at scale and write bench/RESULTS.md.

Corpora are made from the openly licensed texts in ../shared/data (GUM documents and
Re-DocRED Wikipedia articles), sampled and repeated with distinct ids. Everything is
measured in one run, as ratios against baselines run in the same process:

* end-to-end `kg build` time vs bare `nlp.pipe` over the same texts with the same pipeline;
* words per second, and peak resident memory of the build (a child process);
* Turtle and TriG export through Oxigraph vs rdflib's serializers on the same graph (the
  graph of --export-size articles: rdflib needs minutes per 1,000 articles);
* competency-query latency (median, p95) on the largest graph;
* graph-page load time at 2,000 nodes in headless Chromium (bench/page_load.py).

    python bench/run.py [--sizes 100 1000 10000] [--jobs 2] [--export-size 1000] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
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


def publish(name: str, lines: list[str]) -> None:
    """Write a benchmark's report beside this script and print it."""
    (HERE / name).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def make_corpus(texts: list[str], size: int, folder: Path) -> tuple[list[Path], list[str]]:
    rng = random.Random(size)
    folder.mkdir(parents=True)
    chosen = [f"{rng.choice(texts)}\n(Archive copy {i}.)\n" for i in range(size)]
    paths = []
    for i, text in enumerate(chosen):
        paths.append(folder / f"article-{i:05d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths, chosen


def timed_build(folder: Path, out: Path, jobs: int) -> tuple[float, float, float, float | None]:
    """Seconds of `kg build` in a child process; its peak RSS (MB) and its largest worker's
    (forked workers share the pages they inherit, so the two overlap); and the machine's
    memory in use at the build's peak above what was in use before it (MB, from
    /proc/meminfo's MemAvailable sampled every 50 ms), which counts shared pages once."""
    code = ("import resource, sys, time; from kg import build; t = time.perf_counter(); "
            f"build([{str(folder)!r}], {str(out)!r}, store={str(out / 'store')!r}, jobs={jobs}); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    before = available_mb()
    lowest = [before]
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    while process.poll() is None:
        if before is not None:
            lowest[0] = min(lowest[0], available_mb())
        time.sleep(0.05)
    if process.returncode:
        raise SystemExit(f"kg build failed on {folder}")
    seconds, rss_kb, worker_kb = process.stdout.read().split()[-3:]
    used = before - lowest[0] if before is not None else None
    return float(seconds), int(rss_kb) / 1024, int(worker_kb) / 1024, used


def available_mb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            return next(int(line.split()[1]) / 1024 for line in meminfo if line.startswith("MemAvailable:"))
    except (OSError, StopIteration):
        return None


def bare_pipe(texts: list[str], jobs: int) -> tuple[float, int]:
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16, n_process=jobs))
    return time.perf_counter() - start, words


def export_speed(graph_file: Path) -> dict[str, tuple[float, float]]:
    """Seconds to write Turtle and TriG of the same graph through Oxigraph, as kg does (from
    its N-Quads lines), and with rdflib's serializers (from rdflib's graph, parsed beforehand)."""
    import pyoxigraph as ox
    import rdflib

    from kg.export import PREFIXES, serialize
    from kg.nquads import parse_lines, triple_lines

    lines = graph_file.read_bytes().splitlines(keepends=True)
    dataset, merged = rdflib.Dataset(), rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri)
        merged.bind(prefix, iri)
    dataset.parse(data=b"".join(lines), format="nquads")
    merged.parse(data=b"".join(triple_lines(lines)), format="nt")
    results = {}
    for name, ours, graph, rdflib_format in (
            ("Turtle", lambda: serialize(parse_lines(triple_lines(lines), ox.RdfFormat.N_TRIPLES), ox.RdfFormat.TURTLE),
             merged, "turtle"),
            ("TriG", lambda: serialize(parse_lines(lines, ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG), dataset, "trig")):
        start = time.perf_counter()
        ours()
        oxigraph = time.perf_counter() - start
        start = time.perf_counter()
        graph.serialize(format=rdflib_format)
        results[name] = (oxigraph, time.perf_counter() - start)
    return results


MOST_FACTS = """SELECT ?n WHERE {
  ?p a <https://w3id.org/kg-news/ontology#Person> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?n .
  ?f <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?p
} GROUP BY ?n ORDER BY DESC(COUNT(?f)) ?n LIMIT 1"""


def query_latency(store_dir: Path, runs: int = 20) -> dict[str, tuple[float, float]]:
    from kg.query import open_source, run_query

    store = open_source(store_dir)
    name = next(iter(run_query(store, MOST_FACTS)))["n"].value
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
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--export-size", type=int, default=1000,
                        help="articles in the graph the export comparison uses (one of --sizes)")
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if args.export_size not in args.sizes:
        parser.error("--export-size must be one of --sizes")
    from page_load import measure

    texts = source_texts(args.data)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"corpus-{size}"
            _, chosen = make_corpus(texts, size, folder)
            bare, words = bare_pipe(chosen, args.jobs)
            build_seconds, rss, worker_rss, used = timed_build(folder, Path(tmp) / f"out-{size}", args.jobs)
            rows.append((size, words, bare, build_seconds, rss, worker_rss, used))
            print(f"{size} articles: bare {bare:.1f} s, build {build_seconds:.1f} s, {rss:.0f} MB", flush=True)
        exports = export_speed(Path(tmp) / f"out-{args.export_size}" / "graph.nq")
        latencies = query_latency(Path(tmp) / f"out-{args.sizes[-1]}" / "store")
    page = measure(2000, runs=3)
    lines = [
        "# Benchmark results", "",
        f"Made by `python bench/run.py --sizes {' '.join(map(str, args.sizes))} --jobs {args.jobs} --export-size "
        f"{args.export_size}` on {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}. Corpora: GUM and Re-DocRED "
        "texts from ../shared/data, sampled with distinct ids. `kg build` writes every output format and a store.", "",
        "| articles | words | bare `nlp.pipe` (s) | `kg build` (s) | build / bare | words/s | peak RSS, main "
        "process (MB) | peak RSS, largest worker (MB) | peak memory, whole build (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size, words, bare, build_seconds, rss, worker_rss, used in rows:
        lines.append(f"| {size:,} | {words:,} | {bare:.1f} | {build_seconds:.1f} | {build_seconds / bare:.2f}x | "
                     f"{words / build_seconds:,.0f} | {rss:,.0f} | {f'{worker_rss:,.0f}' if worker_rss else '-'} | "
                     f"{f'{used:,.0f}' if used is not None else '-'} |")
    lines += ["", "A worker's RSS counts the pages it shares with the main process it was forked from (the "
              "pipeline, loaded before they start); the whole-build column counts each page once "
              "(the fall in the machine's available memory while the build ran)."]
    lines += ["", f"Export of the {args.export_size:,}-article graph:", "",
              "| format | Oxigraph (s) | rdflib (s) | speed-up |", "|---|---|---|---|"]
    lines += [f"| {name} | {ours:.2f} | {theirs:.2f} | **{theirs / ours:.1f}x** |"
              for name, (ours, theirs) in exports.items()]
    lines += ["", f"Competency queries on the {args.sizes[-1]:,}-article store (20 runs each):", "",
              "| query | median (ms) | p95 (ms) |", "|---|---|---|"]
    lines += [f"| {name} | {median:.1f} | {p95:.1f} |" for name, (median, p95) in latencies.items()]
    lines += ["", "(`entity-facts` and `disputed-claims` are asked about the person with the most facts.)"]
    lines += ["", "Graph page in headless Chromium (median of 3 loads):", "",
              "| page | written in (s) | size (MB) | interactive after (s) |", "|---|---|---|---|"]
    lines += [f"| {label} | {render:.2f} | {size / 1e6:.2f} | {interactive:.2f} |"
              for label, (render, size, interactive) in page.items()]
    largest = rows[-1]
    ten_thousand = next((row for row in rows if row[0] == 10_000), None)
    checks = [
        (f"build <= 1.25x bare `nlp.pipe` ({largest[0]:,} articles)", f"{largest[3] / largest[2]:.2f}x",
         largest[3] / largest[2] <= 1.25),
        ("10,000 articles in under 10 minutes with `-j 2`",
         f"{ten_thousand[3]:.0f} s" if ten_thousand else "not run", bool(ten_thousand) and ten_thousand[3] < 600),
        ("peak memory under 3 GB", f"{max(row[4] for row in rows):,.0f} MB main process, "
         f"{max(row[6] or 0 for row in rows):,.0f} MB whole build", max(max(row[4], row[6] or 0) for row in rows) < 3072),
        ("competency queries under 100 ms median", f"slowest {max(m for m, _ in latencies.values()):.1f} ms",
         max(m for m, _ in latencies.values()) < 100),
        ("export at least 30x faster than rdflib", f"{min(t / o for o, t in exports.values()):.0f}x",
         min(t / o for o, t in exports.values()) >= 30),
    ]
    lines += ["", f"Targets (issue 8), run with `-j {args.jobs}`:", "", "| target | measured | reached |", "|---|---|---|"]
    lines += [f"| {target} | {measured} | {'yes' if reached else '**no**'} |" for target, measured, reached in checks]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
