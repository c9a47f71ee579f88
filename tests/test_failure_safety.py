"""Failure safety: a build killed or interrupted at any moment leaves every output whole
(the old version or the new one) and a store that opens and answers."""

from __future__ import annotations

import pytest

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg import build
from kg.errors import EXIT_INTERRUPTED
from kg.query import open_source, run_query
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

ARTICLES = 24


def corpus(folder: Path) -> Path:
    """Enough distinct articles that a build takes several seconds."""
    folder.mkdir()
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(ARTICLES):
        (folder / f"article-{i:02d}.txt").write_text(f"{texts[i % 2]}\nUpdate number {i}.\n", encoding="utf-8")
    return folder


def outputs_whole(out: Path) -> None:
    """Every output parses; no temporary file is taken for an output."""
    rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    rdflib.Dataset().parse(out / "graph.trig", format="trig")
    for name in ("entities.jsonl", "facts.jsonl"):
        for line in (out / name).read_text("utf-8").splitlines():
            json.loads(line)
    assert (out / "graph.html").read_text("utf-8").rstrip().endswith("</html>")


def store_answers(store: Path) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"
    return int(next(iter(run_query(open_source(store), query)))["n"].value)


def start_build(source: Path, out: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(source), "--out", str(out), "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_sigkill_at_random_moments_leaves_outputs_and_store_whole(tmp_path):
    source = corpus(tmp_path / "in")
    out, store = tmp_path / "out", tmp_path / "store"
    build([SEEDS], out, store=store)
    rng = random.Random(7)
    for _ in range(5):
        process = start_build(source, out, store)
        time.sleep(rng.uniform(0.5, 8.0))
        process.kill()
        process.wait(timeout=60)
        outputs_whole(out)
        assert store_answers(store) in {2, ARTICLES}
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    build([SEEDS], out, store=store)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")], leftovers
    assert store_answers(store) == 2


def test_ctrl_c_leaves_no_partial_files_and_exits_130(tmp_path):
    source = corpus(tmp_path / "in")
    out, store = tmp_path / "out", tmp_path / "store"
    build([SEEDS], out, store=store)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    delay = 3.0
    for _ in range(6):
        process = start_build(source, out, store)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        if process.returncode == EXIT_INTERRUPTED:
            break
        # Finished first: signal sooner. Still importing (a loaded machine): signal later.
        delay = delay / 2 if process.returncode == 0 else delay * 2
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "interrupted" in stderr
    assert sorted(os.listdir(out)) == sorted(before)
    outputs_whole(out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.")]
    assert store_answers(store) in {2, ARTICLES}
    assert isinstance(ox.Store.read_only(str(store)), ox.Store)
