"""The on-disk cache of things that cost more to build than to read (compiled rulebooks, the
gazetteer's automaton), keyed by a hash of what they are built from, written atomically. A cache
that cannot be read or written only means building again."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable


def cache_dir() -> Path:
    env = os.environ.get("QSCORE_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "qscore"


def file_stamp(path: str | None) -> str:
    """Size and modification time of a file: cheap evidence that code or data changed."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return "missing"
    return f"{stat.st_size}-{stat.st_mtime_ns}" if stat else "none"


# Entries kept per kind. Each edit of a rulebook, each new version of qscore or of a plugin makes
# a new key: without a bound, the cache only grows (gazetteer indexes are 5 MB each).
KEEP = 8


def cached(kind: str, key_parts: list[str], build: Callable[[], Any]) -> Any:
    """The pickled result of `build()` for this key, building and storing it when absent."""
    if os.environ.get("QSCORE_NO_CACHE"):
        return build()
    key = hashlib.sha256("\0".join(key_parts).encode("utf-8")).hexdigest()[:32]
    path = cache_dir() / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as stream:
            value = pickle.load(stream)
        _touch(path)
        return value
    except Exception:  # absent, unreadable or from another version: build it
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        _prune(path.parent, kind)
    except Exception:
        try:
            os.unlink(temporary)  # type: ignore[possibly-undefined]
        except Exception:
            pass
    return value


def _touch(path: Path) -> None:
    """Mark an entry as used now, so that pruning keeps what is in use (a read-only cache is fine)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, kind: str) -> None:
    """Delete all but the KEEP most recently used entries of one kind."""
    entries = []
    for path in folder.glob(f"{kind}-*.pickle"):
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue  # deleted meanwhile by another run
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        try:
            path.unlink()
        except OSError:
            pass
