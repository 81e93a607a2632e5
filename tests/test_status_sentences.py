"""Status of evidence terms in sentences written in the style of regional quality-work documents.

The cases live in data/status_sentences.yaml: each sentence, the evidence term in it, the genre
of the document it comes from, and what a careful reader says of the term there (implemented,
planned, negated, or excluded: a trap that is not the region's evidence at all).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from qscore.regions.attribution import attribute
from qscore.regions.gazetteer import load_gazetteer
from qscore.segment import split
from qscore.status import StatusClassifier
from qscore.traps import Traps

CASES_FILE = Path(__file__).resolve().parent / "data" / "status_sentences.yaml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
EXPECTATIONS = ("implemented", "planned", "negated", "excluded")
GENRES = ("report", "plan", "work-report")
# Words that look like a negation and are not one (未来, 不断, 补齐短板, 没有发生, 为了…).
LOOKALIKE = re.compile(r"未来|不断|不仅|补齐|短板|不足|没有发生|未发生|从未|了解|为了")


@lru_cache(maxsize=1)
def gazetteer():
    return load_gazetteer()


def document(case: dict) -> tuple[str, int, int]:
    """The document text, and where the term lies in it."""
    context = case.get("context")
    text = f"{context}\n{case['text']}" if context else case["text"]
    offset = len(context) + 1 if context else 0
    start = offset + case["text"].index(case["term"])
    return text, start, start + len(case["term"])


def case_id(index: int, case: dict) -> str:
    return f"{index}-{case['expect']}-{case['term']}"


PARAMS = [pytest.param(case, id=case_id(i, case)) for i, case in enumerate(CASES)]


def test_the_file_is_well_formed():
    for i, case in enumerate(CASES):
        assert set(case) <= {"text", "term", "genre", "expect", "why", "context"}, i
        assert case["term"] in case["text"], case_id(i, case)
        assert case["genre"] in GENRES, case_id(i, case)
        assert case["expect"] in EXPECTATIONS, case_id(i, case)
        assert case.get("why"), case_id(i, case)
        if case.get("context"):
            assert case["term"] not in case["context"], case_id(i, case)


def test_the_file_has_enough_cases_of_each_kind():
    counts = Counter(case["expect"] for case in CASES)
    assert len(CASES) >= 170
    assert counts["implemented"] >= 50
    assert counts["planned"] >= 50
    assert counts["negated"] >= 25
    assert counts["excluded"] >= 15
    lookalikes = [c for c in CASES if c["expect"] in ("implemented", "planned") and LOOKALIKE.search(c["text"])]
    assert len(lookalikes) >= 10
    genres = Counter(case["genre"] for case in CASES)
    assert all(genres[genre] >= 10 for genre in GENRES), genres


@pytest.mark.parametrize("case", [p for p in PARAMS if p.values[0]["expect"] != "excluded"])
def test_status(case):
    text, start, end = document(case)
    decision = StatusClassifier(text, split(text), case["genre"]).classify(start, end)
    assert decision.status == case["expect"], f"{case['text']} [{case['term']}] cue={decision.cue!r}"


@pytest.mark.parametrize("case", PARAMS)
def test_trap(case):
    text, start, end = document(case)
    segments = split(text)
    attribution = attribute(text, segments, "case.txt", gazetteer())
    traps = Traps(text, segments, attribution.places, gazetteer())
    sentence = segments.sentence_at(start)
    region = attribution.regions[attribution.sentence_regions[sentence.index][0]]
    reason = traps.reason(start, end, region)
    if case["expect"] == "excluded":
        assert isinstance(reason, str), f"{case['text']} [{case['term']}] region={region.name}: not excluded"
    else:
        assert reason is None, f"{case['text']} [{case['term']}] region={region.name}: {reason}"
