"""Where documents are evaluated: in this process, in a pool of local processes, or on a cluster.

Each document is evaluated alone (pipeline.evaluate_document is a pure function of one
document), so any executor gives the same results; they are yielded in the order of the paths,
so the merged run — and its output — is the same byte for byte whatever the executor.
"""
from __future__ import annotations

import collections
import hashlib
import multiprocessing
import os
import socket
import threading
import uuid
from collections.abc import Iterator

from .documents import STDIN, one_line
from .pipeline import DocumentResult, Options, read_result, read_results
from .rulebook import Rulebook, load_rulebook, load_rulebook_text
from .yamlsource import SourceError

class ExecutorError(Exception):
    """An executor that cannot run or finish (dask not installed, scheduler unreachable, a task
    that failed on a worker): its message is one line for the user."""


# --------------------------------------------------------------------------- dask.distributed
# docs/cluster.md tells users what these mean.

DASK_BATCH_ENV = "QSCORE_DASK_BATCH"  # documents per task, overriding the sizing below (tests set it small)
BATCH_DOCUMENTS = 250  # at most this many documents in one task: 100,000 files make at least 400 tasks
MIN_BATCH_DOCUMENTS = 8  # ... and, unless the run is smaller, at least this many (a task costs ~ms to schedule)
BATCH_BYTES = 64 * 2**20  # ... and no more than about this many bytes of files (a larger file goes alone)
TASKS_PER_THREAD = 4  # aim for this many tasks per worker thread, so a slow batch does not idle the others
CONNECT_TIMEOUT = 5  # seconds to reach the scheduler ...
DASK_TIMEOUT_ENV = "QSCORE_DASK_TIMEOUT"  # ... unless this says otherwise
WORKER_WAIT = 60  # seconds to wait for a first worker when the scheduler has none
_WORKER_RULEBOOKS_KEPT = 4
_worker_rulebooks: dict[str, Rulebook] = {}  # on a worker: rulebooks built from their text, by hash
_worker_lock = threading.Lock()


def _worker_rulebook(name: str, text: str) -> Rulebook:
    """On a worker: the rulebook of this text, compiled once per process."""
    key = hashlib.sha256(f"{name}\0{text}".encode("utf-8")).hexdigest()
    with _worker_lock:
        rulebook = _worker_rulebooks.get(key)
        if rulebook is None:
            try:
                rulebook = load_rulebook_text(text, name)
            except SourceError as exc:  # e.g. a rule type whose plugin this worker lacks
                raise RuntimeError(f"the rulebook does not load on worker {socket.gethostname()}: {exc}") from None
            while len(_worker_rulebooks) >= _WORKER_RULEBOOKS_KEPT:
                _worker_rulebooks.pop(next(iter(_worker_rulebooks)))
            _worker_rulebooks[key] = rulebook
    return rulebook


def _evaluate_batch(rulebook_source: tuple[str, str], paths: list[str], locations: list[str],
                    options: Options) -> list[DocumentResult]:
    """A dask task: the results of a batch of documents, read on the worker.

    Each document is read at its location (its absolute path on the client) but keeps the path it
    was given, so that a relative path gives the same result as in a local run whatever the
    worker's working directory.
    """
    rulebook = _worker_rulebook(*rulebook_source)
    return [read_result(path, rulebook, options, location) for path, location in zip(paths, locations)]


def _batch_size(count: int, threads: int) -> int:
    """Documents per task: from QSCORE_DASK_BATCH, or enough tasks to keep every thread busy."""
    configured = os.environ.get(DASK_BATCH_ENV, "").strip()
    if configured:
        try:
            size = int(configured)
        except ValueError:
            size = 0
        if size < 1:
            raise ExecutorError(f"{DASK_BATCH_ENV} must be a whole number of documents of at least 1, not {configured!r}")
        return size
    wanted = -(-count // max(1, threads * TASKS_PER_THREAD))
    return max(MIN_BATCH_DOCUMENTS, min(BATCH_DOCUMENTS, wanted))


def _size_of(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def dask_batches(paths: list[str], size: int, max_bytes: int = BATCH_BYTES) -> list[list[str]]:
    """The paths in order, cut into runs of at most `size` documents and about `max_bytes` bytes."""
    batches: list[list[str]] = []
    current: list[str] = []
    current_bytes = 0
    for path in paths:
        length = _size_of(path)
        if current and (len(current) >= size or current_bytes + length > max_bytes):
            batches.append(current)
            current, current_bytes = [], 0
        current.append(path)
        current_bytes += length
    if current:
        batches.append(current)
    return batches


def _connect_timeout() -> float:
    configured = os.environ.get(DASK_TIMEOUT_ENV, "").strip()
    try:
        timeout = float(configured) if configured else CONNECT_TIMEOUT
    except ValueError:
        timeout = 0
    if not timeout > 0:
        raise ExecutorError(f"{DASK_TIMEOUT_ENV} must be a number of seconds above 0, not {configured!r}")
    return timeout


def _connect(scheduler: str):
    try:
        import distributed
        from distributed.comm import resolve_address
    except ImportError:
        raise ExecutorError("the dask executor needs dask.distributed: install qscore[dask] "
                            "(pip install 'qscore[dask]')") from None
    timeout = _connect_timeout()
    # A malformed address is said before a Client exists: a Client that failed half-way hangs the exit.
    try:
        resolve_address(scheduler)
    except ValueError as exc:
        raise ExecutorError(f"{scheduler!r} is not a dask scheduler address ({exc}); "
                            f"give one like tcp://HOST:8786") from None
    except OSError as exc:
        raise ExecutorError(f"cannot reach the dask scheduler at {scheduler}: unknown host "
                            f"({exc.strerror or exc})") from None
    try:
        return distributed.Client(scheduler, timeout=timeout, set_as_default=False)
    except OSError:  # refused or silent: distributed retries until the timeout
        raise ExecutorError(f"cannot reach the dask scheduler at {scheduler} (no answer within {timeout:g} s): "
                            f"is `dask scheduler` running there?") from None
    except Exception as exc:
        raise ExecutorError(f"cannot connect to the dask scheduler at {scheduler}: {one_line(exc)}") from None


def _threads(client, scheduler: str) -> int:
    threads = sum(client.nthreads().values())
    if threads == 0:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except Exception:
            raise ExecutorError(f"the dask scheduler at {scheduler} has no workers (waited {WORKER_WAIT} s): "
                                f"start some with `dask worker {scheduler}`") from None
        threads = sum(client.nthreads().values())
    return max(1, threads)


def run_dask(paths: list[str], rulebook: Rulebook, options: Options, scheduler: str) -> Iterator[DocumentResult]:
    """The results of the documents, in order, evaluated in batches on a dask.distributed cluster.

    One task per batch of documents; the workers get the rulebook's YAML text (not the compiled
    rulebook) and read the documents by path, so they need the same files at the same paths. A
    window of tasks is kept running ahead of the consumer, and each batch is released as soon as
    it is consumed, so memory stays bounded however many documents there are. The results come
    in the order of the paths: the merged run is the same, byte for byte, as a local one.
    """
    if STDIN in paths:
        raise ExecutorError("standard input (-) cannot be sent to a dask cluster: save it to a file the workers can read")
    source = (rulebook.path, rulebook.text)
    client = _connect(scheduler)
    pending: collections.deque = collections.deque()
    try:
        threads = _threads(client, scheduler)
        batches = iter(dask_batches(paths, _batch_size(len(paths), threads)))
        window = 2 * threads + 2  # tasks submitted and not yet consumed
        run = uuid.uuid4().hex[:12]
        shared = client.scatter([source], broadcast=False, hash=False)[0]  # the text travels to each worker once
        submitted = 0

        def submit_next() -> None:
            nonlocal submitted
            batch = next(batches, None)
            if batch is not None:
                locations = [os.path.abspath(path) for path in batch]
                future = client.submit(_evaluate_batch, shared, batch, locations, options,
                                       key=f"qscore-batch-{run}-{submitted}", priority=-submitted, pure=False)
                pending.append((batch, future))
                submitted += 1

        for _ in range(window):
            submit_next()
        while pending:
            batch, future = pending.popleft()
            try:
                results = future.result()
            except Exception as exc:
                raise ExecutorError(f"a dask task failed on the batch of {len(batch)} documents starting at "
                                    f"{batch[0]}: {one_line(exc)}") from None
            finally:
                future.release()
            submit_next()
            yield from results
    finally:  # also when the consumer stops early (generator close) or on Ctrl-C
        futures = [future for _, future in pending]
        try:
            if futures:
                client.cancel(futures)
        except Exception:
            pass
        for future in futures:
            future.release()
        try:
            client.close(timeout=_connect_timeout())
        except Exception:
            pass


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
    return read_result(path, rulebook, options)


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
