"""The on-disk cache of built things (cache.py): read back, rebuilt when damaged, never an error."""
from __future__ import annotations

from pathlib import Path

import pytest

from qscore.cache import cached


@pytest.fixture
def builds(monkeypatch, tmp_path: Path) -> list[str]:
    monkeypatch.setenv("QSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("QSCORE_NO_CACHE", raising=False)
    return []


def build(builds: list[str], value: str):
    return lambda: builds.append(value) or {"value": value}


def test_a_cached_value_is_read_back_without_building(builds, tmp_path):
    assert cached("thing", ["k"], build(builds, "a")) == {"value": "a"}
    assert cached("thing", ["k"], build(builds, "b")) == {"value": "a"}
    assert builds == ["a"]
    assert cached("thing", ["other"], build(builds, "c")) == {"value": "c"}
    assert builds == ["a", "c"]


def test_a_damaged_cache_file_is_rebuilt_and_replaced(builds, tmp_path):
    cached("thing", ["k"], build(builds, "a"))
    [path] = (tmp_path / "cache").iterdir()
    path.write_bytes(b"garbage")
    assert cached("thing", ["k"], build(builds, "b")) == {"value": "b"}
    assert path.read_bytes() != b"garbage"
    assert cached("thing", ["k"], build(builds, "c")) == {"value": "b"}


def test_an_unwritable_cache_only_means_building(builds, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("QSCORE_CACHE_DIR", str(blocker / "sub"))
    assert cached("thing", ["k"], build(builds, "a")) == {"value": "a"}
    assert cached("thing", ["k"], build(builds, "b")) == {"value": "b"}


def test_qscore_no_cache_builds_every_time(builds, monkeypatch):
    monkeypatch.setenv("QSCORE_NO_CACHE", "1")
    cached("thing", ["k"], build(builds, "a"))
    cached("thing", ["k"], build(builds, "b"))
    assert builds == ["a", "b"]


def test_only_the_most_recently_used_entries_of_a_kind_are_kept(builds, tmp_path, monkeypatch):
    import os

    from qscore import cache

    monkeypatch.setattr(cache, "KEEP", 3)
    folder = tmp_path / "cache"
    files = {}
    for number in range(3):
        before = set(folder.glob("*")) if folder.exists() else set()
        cached("thing", [f"k{number}"], build(builds, f"v{number}"))
        [files[number]] = set(folder.glob("*")) - before
        os.utime(files[number], ns=(10**18 + number, 10**18 + number))  # k0 the oldest, k2 the newest
    cached("other", ["k"], build(builds, "other"))
    assert cached("thing", ["k0"], build(builds, "x")) == {"value": "v0"}  # read back: now the newest
    cached("thing", ["k3"], build(builds, "v3"))  # a fourth: the least recently used one, k1, goes
    assert not files[1].exists() and files[0].exists() and files[2].exists()
    assert len(list(folder.glob("thing-*.pickle"))) == 3
    assert len(list(folder.glob("other-*.pickle"))) == 1  # other kinds are left alone
    assert builds == ["v0", "v1", "v2", "other", "v3"]
