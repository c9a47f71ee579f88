"""Where the per-article work runs: in this process, in forked local processes, or on a
Dask cluster. Every executor maps one function over batches of articles and yields the
results in input order, so the graph does not depend on where the work ran.

Dask rather than Ray: its `distributed` scheduler is a pure-Python install, runs the same
code on a laptop (`LocalCluster`) and on a cluster (`dask scheduler` / `dask worker`, or
Kubernetes, SLURM, YARN through dask-kubernetes / dask-jobqueue), and needs no daemon.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import TypeVar

from kg.errors import SetupError

EXECUTORS = ("local", "dask")
Batch = TypeVar("Batch")
Result = TypeVar("Result")


def map_batches(work: Callable[[Batch], Result], batches: Iterable[Batch], *, executor: str = "local",
                jobs: int = 1, scheduler: str | None = None) -> Iterator[Result]:
    """`work` over `batches`, results in input order. `local` forks `jobs` processes (they
    inherit what this process has loaded; batches are drawn from `batches` as workers
    free up, so a generator is never read far ahead); `dask` sends the batches to the
    cluster at `scheduler`, or to a local cluster of `jobs` worker processes when none is given."""
    if executor == "dask":
        return dask_map(work, list(batches), jobs, scheduler)
    if executor != "local":
        raise SetupError("E202", f"unknown executor '{executor}'", hint=f"choose one of {', '.join(EXECUTORS)}")
    iterator = iter(batches)
    head = list(islice(iterator, 2))
    if jobs > 1 and len(head) > 1:
        return forked_map(work, chain(head, iterator), jobs)
    return map(work, chain(head, iterator))


def forked_map(work: Callable[[Batch], Result], batches: Iterable[Batch], jobs: int) -> Iterator[Result]:
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(work, batches)


def dask_map(work: Callable[[Batch], Result], batches: list[Batch], jobs: int,
             scheduler: str | None) -> Iterator[Result]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SetupError("E203", "the Dask executor needs the 'distributed' package",
                         hint="pip install 'kg[dask]'") from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, silence_logs=logging.ERROR)
    try:
        try:
            client = Client(scheduler or cluster, timeout="10s")
        except OSError as exc:
            raise SetupError("E204", f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                             hint="start one with `dask scheduler` or check --scheduler") from exc
        with client:
            for future in client.map(work, batches, pure=False):
                yield future.result()
    finally:
        if cluster is not None:
            cluster.close()
