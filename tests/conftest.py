"""Test set-up: only qscore's own plugins load unless a test asks for more (as datasette does)."""
from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QSCORE_LOAD_PLUGINS"] = ""
# The hundreds of rulebooks the tests compile go to a cache of the session's own, not the user's.
_CACHE = tempfile.mkdtemp(prefix="qscore-test-cache-")
os.environ["QSCORE_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = str(DATA / "mini-rulebook.yaml")  # the small rulebook of the tests' own


@pytest.fixture(scope="session")
def default_rulebook():
    from qscore.rulebook import load_rulebook

    return load_rulebook()


@pytest.fixture(scope="session")
def mini_rulebook():
    from qscore.rulebook import load_rulebook

    return load_rulebook(DATA / "mini-rulebook.yaml")


def evaluate_text(text: str, rulebook, name: str = "doc.txt", region: str | None = None, keep_texts: bool = False):
    """Run the whole pipeline on one text held in memory (keep_texts: as the HTML report asks)."""
    from qscore.documents import Document
    from qscore.pipeline import Options, evaluate_document, merge_results

    result = evaluate_document(Document(path=name, text=text, encoding="utf-8"), rulebook,
                               Options(region=region, keep_texts=keep_texts))
    return merge_results(rulebook, [result])


@contextlib.contextmanager
def installed_package(package: Path, tmp_path_factory) -> Iterator[str]:
    """pip-install a plugin package from a copy (its build leaves nothing in the tree) for the
    duration, then uninstall it: the environment's own qscore runs must not go on loading it."""
    copy = tmp_path_factory.mktemp("package") / package.name
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    pip = [sys.executable, "-m", "pip", "--quiet"]
    subprocess.run([*pip, "install", "--no-deps", "--no-build-isolation", str(copy)], check=True)
    importlib.invalidate_caches()
    try:
        yield package.name
    finally:
        subprocess.run([*pip, "uninstall", "--yes", package.name], check=True)
        importlib.invalidate_caches()


def attribution_of(text: str, path: str = "doc.txt"):
    """The normalised text, its segments and the attribution of its sentences to regions."""
    from qscore.normalize import normalize
    from qscore.regions.attribution import attribute
    from qscore.regions.gazetteer import load_gazetteer
    from qscore.segment import split

    normalized = normalize(text)
    segments = split(normalized)
    return normalized, segments, attribute(normalized, segments, path, load_gazetteer())


def sentence_owners(attributed, snippet: str) -> list[str]:
    """The regions that evidence at `snippet` is given to: its sentence's, or its clause's where a
    clause has its own (`attributed` from attribution_of)."""
    normalized, segments, attribution = attributed
    position = normalized.index(snippet)
    sentence = segments.sentence_at(position)
    return [attribution.regions[i].name for i in attribution.regions_at(sentence.index, position)]
