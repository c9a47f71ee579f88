"""Benchmark how build time grows with an article's length, and write bench/LINEAR.md.

Each measurement has its baseline in the same run:

* the GUM texts of ../shared/data built as one article each, and concatenated into one
  article (target: within 1.3x);
* one long line of words with no sentence ends, built by kg and parsed by bare `nlp.pipe`
  with the same pipeline (target: within 3x);
* articles of short sentences of 10,000, 20,000 and 40,000 words (time per word should not
  grow).

    python bench/linear.py [--data ../shared/data] [--line-words 100000]
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import publish, source_texts  # noqa: E402

SENTENCES = ("Tom Reed said the plan would work. Ana Novak met officials in Eastfield on Monday. "
             "The Harbour Court fined Karsten Bank $2 million. ")
BARE = """
import sys, time
from kg.nlp import load_pipeline
nlp = load_pipeline()
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
for _ in nlp.pipe([text]):
    pass
print(time.perf_counter() - start)
"""


def build_seconds(paths: list[Path], out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", *map(str, paths), "--out", str(out), "--formats", "facts"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def bare_seconds(path: Path) -> float:
    done = subprocess.run([sys.executable, "-c", BARE, str(path)], check=True, capture_output=True, text=True)
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--line-words", type=int, default=100_000)
    args = parser.parse_args()
    gum = source_texts(args.data)[:108]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-linear-bench-") as scratch:
        root = Path(scratch)
        separate = root / "separate"
        separate.mkdir()
        for i, text in enumerate(gum):
            (separate / f"gum{i:03d}.txt").write_text(text, encoding="utf-8")
        joined = root / "joined.txt"
        joined.write_text("\n".join(gum), encoding="utf-8")
        apart = build_seconds([separate], root / "out-a")
        together = build_seconds([joined], root / "out-b")
        words = sum(len(t.split()) for t in gum)
        rows.append((f"{len(gum)} GUM texts, {words:,} words: one article against {len(gum)}", together, apart))
        line = root / "line.txt"
        line.write_text(" ".join(["word"] * args.line_words), encoding="utf-8")
        rows.append((f"one line of {args.line_words:,} words, no sentence ends: kg build against bare nlp.pipe",
                     build_seconds([line], root / "out-c"), bare_seconds(line)))
        growth = []
        for size in (10_000, 20_000, 40_000):
            article = root / f"short-{size}.txt"
            article.write_text(SENTENCES * (size // len(SENTENCES.split())), encoding="utf-8")
            growth.append((size, build_seconds([article], root / f"out-{size}")))
    lines = [
        "# Build time against article length",
        "",
        f"Made by `python bench/linear.py --line-words {args.line_words}` on {platform.machine()}, "
        f"Python {platform.python_version()}.",
        "",
        "| case | measured (s) | baseline (s) | ratio |",
        "|---|---|---|---|",
        *(f"| {case} | {measured:.1f} | {baseline:.1f} | {measured / baseline:.2f}x |"
          for case, measured, baseline in rows),
        "",
        "| article of short sentences (words) | `kg build` (s) | ms per 1,000 words |",
        "|---|---|---|",
        *(f"| {size:,} | {seconds:.1f} | {seconds / size * 1e6:.0f} |" for size, seconds in growth),
        "",
    ]
    publish("LINEAR.md", lines)


if __name__ == "__main__":
    main()
