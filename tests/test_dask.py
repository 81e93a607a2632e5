"""`qscore evaluate --executor dask`: a run on a dask.distributed cluster is the local run, byte for byte.

A LocalCluster of two worker processes stands in for a cluster. Its workers are started in
another working directory than the client's, as on a real cluster, so relative paths are
exercised. dask.distributed comes with the `test` extra: these tests never skip.
"""
from __future__ import annotations

import os
import socket
import sys
import time

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import SchedulerPlugin

from qscore import executors
from qscore.cli import cli
from qscore.documents import expand_paths
from qscore.executors import ExecutorError, dask_batches, run_dask
from qscore.pipeline import Options
from qscore.rulebook import load_rulebook

from .conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
MISSING = "no-such-document.txt"  # missing on the client and the workers alike: a per-document error


class TaskCounter(SchedulerPlugin):
    """Counts the qscore batches that finished on the scheduler."""

    def __init__(self) -> None:
        self.finished: set[str] = set()

    def transition(self, key, start, finish, *args, **kwargs) -> None:
        if finish == "memory" and str(key).startswith("qscore-batch-"):
            self.finished.add(str(key))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("worker-cwd")
    here = os.getcwd()
    os.chdir(elsewhere)  # the worker processes start, and stay, in another folder than the client
    try:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    finally:
        os.chdir(here)
    counter = TaskCounter()
    cluster.scheduler.add_plugin(counter, name="qscore-test-counter")
    cluster.counter = counter
    cluster.worker_cwd = str(elsewhere)
    try:
        yield cluster
    finally:
        cluster.close()


def documents() -> list[str]:
    """The repo's seeds and the shared corpus, relative to the repo root, and a missing file."""
    return ["seeds", *([os.path.relpath(CORPUS, ROOT)] if CORPUS.is_dir() else []), MISSING]


def evaluate(*args: str):
    return CliRunner().invoke(cli, ["evaluate", *args], catch_exceptions=False)


def test_a_dask_run_is_the_local_run_byte_for_byte(cluster, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("QSCORE_DASK_BATCH", "3")
    paths = documents()
    expected_batches = len(dask_batches(expand_paths(paths), 3))
    assert expected_batches >= 2

    local = evaluate(*paths, "--format", "json", "--jobs", "1")
    before = set(cluster.counter.finished)
    remote = evaluate(*paths, "--format", "json", "--executor", "dask", "--scheduler", cluster.scheduler_address)

    assert local.exit_code == remote.exit_code == 1, remote.stderr  # 1: the missing document
    assert remote.stdout_bytes == local.stdout_bytes
    assert f"qscore: {MISSING}: no such file" in remote.stderr.splitlines()
    assert len(cluster.counter.finished - before) == expected_batches  # one task per batch of 3
    # the workers really are elsewhere: relative paths were read at the client's absolute paths
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        assert set(client.run(os.getcwd).values()) == {cluster.worker_cwd}


def test_absolute_paths_and_the_default_batch_size(cluster, monkeypatch):
    monkeypatch.delenv("QSCORE_DASK_BATCH", raising=False)
    paths = [str(ROOT / "seeds"), *([str(CORPUS)] if CORPUS.is_dir() else [])]
    local = evaluate(*paths, "--format", "csv", "--jobs", "1")
    remote = evaluate(*paths, "--format", "csv", "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert remote.stdout_bytes == local.stdout_bytes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_error_line(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("qscore: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_an_unreachable_scheduler_is_one_line_naming_it(monkeypatch):
    monkeypatch.setenv("QSCORE_DASK_TIMEOUT", "1")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    result = evaluate(str(ROOT / "seeds"), "--executor", "dask", "--scheduler", address)
    _one_error_line(result, address, "cannot reach")
    assert time.monotonic() - started < 10


def test_a_malformed_address_is_one_line():
    _one_error_line(evaluate(str(ROOT / "seeds"), "--executor", "dask", "--scheduler", "not-an-address"),
                    "not-an-address", "tcp://HOST:8786")


def test_without_dask_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    _one_error_line(evaluate(str(ROOT / "seeds"), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786"),
                    "qscore[dask]")


def test_a_failure_on_a_worker_names_the_batch(cluster, tmp_path, monkeypatch):
    """A rulebook that does not load on the workers (here: its text broken after the client loaded it;
    in life, a rule type whose plugin a worker lacks)."""
    monkeypatch.setenv("QSCORE_DASK_BATCH", "2")
    rulebook = load_rulebook()
    rulebook.text = "id: [unclosed\n"
    paths = expand_paths([str(ROOT / "seeds")])
    with pytest.raises(ExecutorError) as raised:
        list(run_dask(paths, rulebook, Options(), cluster.scheduler_address))
    message = str(raised.value)
    assert "\n" not in message
    assert f"starting at {paths[0]}" in message and "does not load on worker" in message


def test_closing_the_results_early_cancels_the_rest(cluster, monkeypatch):
    monkeypatch.setenv("QSCORE_DASK_BATCH", "1")
    paths = expand_paths([str(ROOT / "seeds"), *([str(CORPUS)] if CORPUS.is_dir() else [])])
    results = run_dask(paths, load_rulebook(), Options(), cluster.scheduler_address)
    assert next(results).record.path == paths[0]
    assert any(str(key).startswith("qscore-batch-") for key in list(cluster.scheduler.tasks))
    results.close()  # what Ctrl-C or a consumer that stops does
    deadline = time.monotonic() + 10
    while any(str(key).startswith("qscore-batch-") for key in list(cluster.scheduler.tasks)):
        assert time.monotonic() < deadline, "the batches were not released"
        time.sleep(0.05)


def test_batches_are_cut_by_count_and_bytes(tmp_path, monkeypatch):
    files = []
    for index, size in enumerate([10, 10, 10, 50, 10, 10, 10]):
        path = tmp_path / f"{index}.txt"
        path.write_bytes(b"x" * size)
        files.append(str(path))
    assert dask_batches(files, 3) == [files[0:3], files[3:6], files[6:]]
    assert dask_batches(files, 10, max_bytes=40) == [files[0:3], files[3:4], files[4:]]
    assert dask_batches([*files, "missing.txt"], 100) == [[*files, "missing.txt"]]

    monkeypatch.delenv("QSCORE_DASK_BATCH", raising=False)
    assert executors._batch_size(100_000, 64) == executors.BATCH_DOCUMENTS  # a national archive: 400 tasks
    assert executors._batch_size(10, 2) == executors.MIN_BATCH_DOCUMENTS
    assert executors._batch_size(4_000, 10) == 100
    monkeypatch.setenv("QSCORE_DASK_BATCH", "0")
    with pytest.raises(ExecutorError, match="QSCORE_DASK_BATCH"):
        executors._batch_size(10, 2)
