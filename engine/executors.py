"""Where documents are evaluated: in this process, in a pool of local processes, or on a cluster.

Each document is evaluated alone (pipeline.evaluate_document is a pure function of one
document), so any executor gives the same results; they are yielded in the order of the paths,
so the merged run — and its output — is the same byte for byte whatever the executor.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

from .pipeline import DocumentResult, Options, read_results
from .rulebook import Rulebook, load_rulebook

class ExecutorError(Exception):
    """An executor that cannot run (dask not installed, scheduler unreachable): one line for the user."""


def run_dask(paths: list[str], rulebook: Rulebook, options: Options, scheduler: str) -> Iterator[DocumentResult]:
    """The results of the documents, in order, evaluated in batches on a dask.distributed cluster."""
    raise ExecutorError("the dask executor is not implemented yet")


# A pool is worth its start-up (about 50 ms a process) only for runs of some size.
MIN_DOCUMENTS_PER_PROCESS = 4
_state: tuple[Rulebook, Options] | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _start(rulebook_path: str, options: Options) -> None:
    """Initialise a worker that was not forked from a process holding the rulebook."""
    global _state
    if _state is None:
        _state = (load_rulebook(rulebook_path), options)


def _evaluate(path: str) -> DocumentResult:
    assert _state is not None
    rulebook, options = _state
    return next(iter(read_results([path], rulebook, options, expanded=True)))


def run_local(paths: list[str], rulebook: Rulebook, options: Options, jobs: int = 1) -> Iterator[DocumentResult]:
    """The results of the documents, in order, from `jobs` processes (one: this process)."""
    jobs = min(jobs, max(1, len(paths) // MIN_DOCUMENTS_PER_PROCESS))
    if jobs <= 1:
        yield from read_results(paths, rulebook, options, expanded=True)
        return
    global _state
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _state = (rulebook, options) if context.get_start_method() == "fork" else None  # forked workers inherit it
    try:
        with context.Pool(jobs, initializer=_start, initargs=(rulebook.path, options)) as pool:
            yield from pool.imap(_evaluate, paths, chunksize=max(1, min(16, len(paths) // (jobs * 8))))
    finally:
        _state = None
