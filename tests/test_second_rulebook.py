"""The second shipped rulebook, `quality-assessment`: qscore is not tied to one rulebook.

It is built like the national quality-work assessment (《质量工作考核办法》, 国办发〔2013〕47号, and the
provincial 考核要点 that copy it): a 质量工作目标 part worth 40 points and a 质量工作措施 part worth 60,
graded A/B/C/D with a veto, using only the built-in rule types and no code of its own. These tests
check its structure, run its fixtures, and score the seeds with it.
"""
from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from qscore.pipeline import evaluate
from qscore.rulebook import load_rulebook
from qscore.ruletest import fixture_paths, parse_fixture, run_fixture

from .conftest import ROOT, evaluate_text

NAME = "quality-assessment"
SEEDS = ROOT / "seeds"
BUILT_IN = {"keywords", "pattern", "cooccurrence", "figure"}
# The two parts of the assessment, and the dimensions that make them up.
PARTS = {
    "质量工作目标": (40, ["targets"]),
    "质量工作措施": (60, ["management", "supervision", "foundation"]),
}
SEED_REGIONS = {"朝天区", "小汉镇", "钦州市", "石柱县", "四川省", "成都市", "攀枝花市", "巴中市"}


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook(NAME)


def _dimension_weights(rulebook) -> dict[str, float]:
    weights: dict[str, float] = defaultdict(float)
    for criterion in rulebook.criteria:
        weights[criterion.dimension] += criterion.weight
    return dict(weights)


# ---------------------------------------------------------------- structure

def test_it_is_shipped_under_its_name(rulebook):
    assert rulebook.id == NAME
    text = (resources.files("qscore.rules") / "rulebooks" / f"{NAME}.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./rulebook.schema.json"


def test_targets_weigh_40_and_measures_60(rulebook):
    weights = _dimension_weights(rulebook)
    assert set(weights) == {d for _, dims in PARTS.values() for d in dims}
    for part, (total, dimensions) in PARTS.items():
        assert sum(weights[d] for d in dimensions) == pytest.approx(total), part
    assert sum(weights.values()) == pytest.approx(100)


def test_criterion_ids_are_dimension_dot_name(rulebook):
    ids = [c.id for c in rulebook.criteria]
    assert len(ids) == len(set(ids))
    for criterion in rulebook.criteria:
        dimension, name = criterion.id.split(".")
        assert dimension == criterion.dimension
        assert name.isascii() and name == name.lower() and name.replace("_", "").isalnum()


def test_every_criterion_has_rules_and_a_source(rulebook):
    for criterion in rulebook.criteria:
        assert criterion.rules, criterion.id
        assert criterion.source.strip(), criterion.id
        assert criterion.weight > 0, criterion.id
    assert rulebook.veto is not None and rulebook.veto.rules and rulebook.veto.source


def test_only_built_in_rule_types(rulebook):
    for check in rulebook.checks():
        for rule in check.rules:
            assert rule.name in BUILT_IN, (check.id, rule.name)
            assert type(rule).__module__.startswith("qscore.rules."), (check.id, type(rule).__module__)


def test_grades_and_veto_follow_the_assessment(rulebook):
    spec = rulebook.spec
    assert [(g.grade, g.min) for g in spec.grades] == [("A", 90), ("B", 80), ("C", 60), ("D", 0)]
    assert spec.veto.grade == "D"
    assert (spec.status_weights.implemented, spec.status_weights.planned, spec.status_weights.negated) == (0.9, 0.5, 0.0)
    assert spec.quantified_bonus == pytest.approx(0.1)


def test_targets_compare_figures_with_the_2025_targets(rulebook):
    compares = {c.id: {r.config.compare for r in c.rules if r.name == "figure"} - {None}
                for c in rulebook.criteria}
    assert ">= 94%" in compares["targets.product_pass_rate"]
    assert compares["targets.food_agri_pass_rate"] == {">= 98%"}


# ---------------------------------------------------------------- fixtures

def test_fixtures_pass(rulebook):
    paths = fixture_paths(NAME, [])
    assert paths
    failures = []
    for path in paths:
        result = run_fixture(path, rulebook)
        assert result.checked, path
        if not result.ok:
            failures += [*result.missed, *result.incorrect, *result.unannotated] or [path]
    assert not failures, "\n".join(failures)


def test_fixtures_cover_every_criterion(rulebook):
    """Each criterion has an implemented, a planned, a negated and a must-not-match case."""
    known = {c.id for c in rulebook.checks()}
    kinds: dict[str, set[str]] = defaultdict(set)
    for path in fixture_paths(NAME, []):
        _, expectations = parse_fixture(path, Path(path).read_text(encoding="utf-8"), known)
        for e in expectations:
            if not e.todo:
                kinds[e.criterion].add("not" if e.negative else e.status or "any")
    for criterion in rulebook.criteria:
        assert {"implemented", "planned", "negated", "not"} <= kinds[criterion.id], (criterion.id, kinds[criterion.id])


# ---------------------------------------------------------------- the veto, through the pipeline
# (qscore test reads scorecards' criteria, not their veto list)

def test_an_incident_caps_the_grade(rulebook):
    text = ("某县2023年质量工作总结\n全县质量强县工作扎实推进，成立质量强县工作领导小组，制造业产品质量合格率达到96%。\n"
            "2023年，该县发生一起区域性重大食品安全事件。\n")
    card = evaluate_text(text, rulebook, region="某县").scorecards[0]
    assert card.veto and card.grade == "D"


@pytest.mark.parametrize("sentence", [
    "全年未发生区域性、系统性食品安全事件。",
    "发生区域性、系统性产品质量安全事件的，考核结果一律为D级。",
    "要坚决防止发生重大质量安全事故。",
])
def test_no_incident_is_no_veto(rulebook, sentence):
    text = f"某县2023年质量工作总结\n全县质量强县工作扎实推进，成立质量强县工作领导小组，质量工作考核获评A级。\n{sentence}\n"
    card = evaluate_text(text, rulebook, region="某县").scorecards[0]
    assert not card.veto


# ---------------------------------------------------------------- the seeds

@pytest.fixture(scope="module")
def seed_runs(rulebook, default_rulebook):
    return evaluate([str(SEEDS)], default_rulebook), evaluate([str(SEEDS)], rulebook)


def test_seeds_give_the_same_regions_under_both_rulebooks(seed_runs):
    default, assessment = seed_runs
    assert {c.region.name for c in default.scorecards} == SEED_REGIONS
    assert {c.region.name for c in assessment.scorecards} == SEED_REGIONS
    assert assessment.rulebook.id == NAME


def test_every_seed_region_scores(seed_runs):
    _, assessment = seed_runs
    for card in assessment.scorecards:
        assert card.score > 0, card.region.name
        assert card.grade in {"A", "B", "C", "D"}
