"""Benchmark: how long the graph page takes to become interactive in headless Chromium.

A synthetic graph of N nodes (default 2,000, with about 1.5 edges per node) is rendered by
kg's page writer and loaded from disk; "interactive" is when vis-network has drawn the
graph (`window.kg.ready`). A 10-node page is loaded in the same run as the baseline, so the
ratio does not depend on how fast the machine is. Prints the median of several loads.

    python bench/page_load.py [--nodes 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from kg.viz import render_page

TYPES = ["Person", "Organization", "GovernmentBody", "Place", "Court", "Prison", "MonetaryAmount"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic(nodes: int, seed: int = 0) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    docs = [f"article-{i:04d}.txt" for i in range(max(1, nodes // 20))]
    entities = [{"id": f"e{i}", "name": f"Entity {i}", "type": rng.choice(TYPES), "aliases": [f"E{i}"],
                 "docs": [rng.choice(docs)], "evidence": [f"Entity {i} appears in a sentence."]}
                for i in range(nodes)]
    facts = [{"s_id": f"e{rng.randrange(nodes)}", "o_id": f"e{rng.randrange(nodes)}", "p": "metWith", "o": "",
              "doc": rng.choice(docs), "evidence": "They met."} for _ in range(int(nodes * 1.5))]
    return entities, facts


def load_time(browser, page_file: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    start = time.perf_counter()
    page.goto(page_file.as_uri())
    page.wait_for_function("window.kg !== undefined && window.kg.ready", timeout=120_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def measure(nodes: int = 2000, runs: int = 5) -> dict[str, tuple[float, int, float]]:
    """Per page (a 10-node baseline and one of `nodes` entities): seconds to write it, its
    size in bytes, and the median seconds until it is interactive in headless Chromium."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        pages = {}
        for label, size in (("baseline (10 nodes)", 10), (f"{nodes} nodes", nodes)):
            start = time.perf_counter()
            html = render_page(*synthetic(size))
            render = time.perf_counter() - start
            pages[label] = (folder / f"page-{size}.html", render, len(html))
            pages[label][0].write_bytes(html)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            times = {label: statistics.median(load_time(browser, path) for _ in range(runs))
                     for label, (path, _, _) in pages.items()}
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {label: (render, size, times[label]) for label, (_, render, size) in pages.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = measure(args.nodes, args.runs)
    base = results["baseline (10 nodes)"][2]
    print(f"{'page':<22}{'write (s)':>10}{'size (MB)':>11}{'interactive (s)':>17}{'vs baseline':>13}")
    for label, (render, size, interactive) in results.items():
        print(f"{label:<22}{render:>10.2f}{size / 1e6:>11.2f}{interactive:>17.2f}{interactive / base:>12.1f}x")
    target = results[f"{args.nodes} nodes"][2]
    print(f"target: interactive in under 3 s at {args.nodes} nodes -> {'met' if target < 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
