"""The `trend` rule type on sentences written for these tests.

Run from this folder once the package is installed (`pip install -e .` or `pip install .`):
`python -m pytest -q`.
"""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from pydantic import ValidationError

from qscore.context import Finding
from qscore.normalize import normalize
from qscore.testing import run_rule
from qscore_trend import TrendConfig, TrendRule, register_rule_types

HERE = Path(__file__).resolve().parent.parent
RATES = ["抽检合格率", "产品质量合格率", "合格率"]


def run(text: str, **config: object) -> tuple[str, list[Finding]]:
    """Run one trend rule over a text the way the engine does: normalise, split, scan, find."""
    config.setdefault("indicators", RATES)
    rule = TrendRule(TrendConfig.model_validate(config))
    return normalize(text), run_rule(rule, text, criterion="outcomes.trend")


def figures(finding: Finding) -> list[tuple[str, str | None]]:
    return [(f.text, f.indicator) for f in finding.figures]


# --- what it reads ------------------------------------------------------------------------------

def test_two_values_of_two_years_in_one_sentence():
    text, [finding] = run("全市食品抽检合格率由2021年的95.2%提高到2023年的97.8%。")
    assert text[finding.start:finding.end] == "抽检合格率由2021年的95.2%提高到2023年的97.8%"
    assert finding.rule == "trend" and finding.matched == ("抽检合格率",)
    assert figures(finding) == [("95.2%", "全市食品抽检合格率（2021年）"), ("97.8%", "全市食品抽检合格率（2023年）")]
    newer = finding.figures[1]
    assert (newer.value, newer.target, newer.meets_target) == (97.8, "> 95.2%（2021年）", True)


def test_stated_change_against_last_year():
    _, [finding] = run("2023年制造业产品质量合格率达94.6%，比上年提高0.8个百分点。")
    assert figures(finding) == [("94.6%", "制造业产品质量合格率（2023年）"),
                                ("0.8个百分点", "制造业产品质量合格率（2023年比上年提高）")]
    assert finding.figures[1].target == "> 0个百分点"


def test_two_sentences_are_one_finding_in_the_later_one():
    text, [finding] = run("2022年全县抽检合格率为96.1%。全县持续开展监督抽查。2023年，全县抽检合格率达到97.3%。")
    assert text[finding.start:finding.end] == "抽检合格率达到97.3%"
    assert figures(finding) == [("96.1%", "全县抽检合格率（2022年）"), ("97.3%", "全县抽检合格率（2023年）")]


def test_the_regions_own_words_are_one_subject():
    _, [finding] = run("2022年全县抽检合格率为96.1%。2023年我县抽检合格率达97.3%。")
    assert [f.text for f in finding.figures] == ["96.1%", "97.3%"]


def test_last_year_counts_back_from_the_year_named_before_it():
    _, found = run("2023年，全市产品质量合格率为97.8%，较上年的96.9%提高0.9个百分点。")
    assert len(found) == 2  # the pair and the stated change; the engine merges them into one evidence
    change, pair = found
    assert figures(pair) == [("96.9%", "全市产品质量合格率（2022年）"), ("97.8%", "全市产品质量合格率（2023年）")]
    # the change arrives at 2023's 97.8%, not at the 96.9% it is compared with
    assert figures(change) == [("97.8%", "全市产品质量合格率（2023年）"),
                               ("0.9个百分点", "全市产品质量合格率（2023年比上年提高）")]


def test_this_year_and_last_year_compare_without_a_calendar_year():
    _, [finding] = run("今年全县抽检合格率为97.5%，去年为96.5%。")
    assert figures(finding) == [("96.5%", "全县抽检合格率（去年）"), ("97.5%", "全县抽检合格率（今年）")]


def test_year_on_year_change_of_a_half_year():
    _, [finding] = run("2023年上半年，全县抽检合格率97.5%，同比提高1.2个百分点。")
    assert figures(finding)[-1] == ("1.2个百分点", "全县抽检合格率（2023年上半年同比提高）")


def test_values_given_after_the_indicator_each_with_its_year():
    _, [finding] = run("全县抽检合格率2022年为96.1%，2023年为97.3%。")
    assert [f.text for f in finding.figures] == ["96.1%", "97.3%"]


def test_a_later_value_is_compared_with_the_latest_earlier_year():
    _, found = run("2021年全县抽检合格率为95.0%。2022年全县抽检合格率为96.1%。2023年全县抽检合格率为97.3%。")
    assert [[f.text for f in finding.figures] for finding in found] == [["95.0%", "96.1%"], ["96.1%", "97.3%"]]


# --- what it must not read ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2023年全县抽检合格率达到97.3%。",                                 # one value
    "2023年全县抽检合格率提高到97.3%。",                               # one value, worded as a rise
    "全县抽检合格率由95.2%提高到97.8%。",                               # no years: months? plans?
    "2021年以来，全县抽检合格率由95.2%提高到97.8%。",                   # a period, not a year
    "2021年至2023年，全县抽检合格率由95.2%提高到97.8%。",               # a range
    "2022年、2023年全县抽检合格率分别为96.1%、97.3%。",                 # both read as 2023: no pair
    "全县抽检合格率提高了2%。",                                         # relative or points? unknown
    "全县抽检合格率提高0.8个百分点。",                                  # compared with nothing
    "2023年，全县抽检合格率97.3%，比2023年提高1.2个百分点。",           # compared with its own year
    "全县抽检合格率达97.3%，高于全国平均水平96.1%。",                   # a benchmark, not the region
    "2023年全县抽检合格率97.3%，目标值为96%。",                         # a target
    "2022年食品抽检合格率96.1%。2023年药品抽检合格率97.3%。",           # two indicators
    "2022年某乡抽检合格率96.1%。2023年全县抽检合格率97.3%。",           # two regions
    "2022年全县抽检合格率96.1%。2023年上半年全县抽检合格率97.3%。",     # a year and a half-year
    "2023年全县抽检合格率97.3%。去年全县抽检合格率96.1%。",             # 去年 of which year?
    "2022年全县抽检合格率96.1%。2023年全县抽检合格率95.3%。",           # it fell
    "2023年全县抽检合格率比上年下降0.5个百分点。",                      # it fell
    "2023年全县抽检合格率97.3%，不合格率比上年下降0.5个百分点。",        # another indicator's change
])
def test_no_trend(text):
    assert run(text)[1] == []


def test_two_values_for_the_baseline_year_are_not_guessed_between():
    assert run("2022年全县抽检合格率为96.1%。2022年全县抽检合格率为95.1%。2023年全县抽检合格率为97.3%。")[1] == []


def test_a_figure_beyond_within_is_not_read():
    text = "2023年全县抽检合格率在各乡镇努力下比上年提高0.5个百分点。"
    assert run(text, within=10)[1] == []
    assert len(run(text)[1]) == 1


# --- its config ---------------------------------------------------------------------------------

def test_min_change_and_the_target_it_sets():
    text = "全县抽检合格率由2022年的96.1%提高到2023年的96.4%。"
    assert run(text, min_change=0.5)[1] == []
    _, [finding] = run(text, min_change=0.3)
    assert finding.figures[1].target == ">= 96.4%（2022年96.1%+0.3）"


def test_direction_fall():
    config = {"indicators": ["不合格率"], "direction": "fall", "min_change": 0.2}
    _, [finding] = run("全县抽检不合格率为2.2%，比上年下降0.4个百分点。", **config)
    assert figures(finding)[-1] == ("0.4个百分点", "全县抽检不合格率（比上年下降）")
    _, [finding] = run("全县抽检不合格率由2022年的3.1%下降到2023年的2.4%。", **config)
    assert finding.figures[1].target == "<= 2.9%（2022年3.1%-0.2）"
    assert run("全县抽检不合格率比上年下降0.1个百分点。", **config)[1] == []
    assert run("全县抽检不合格率由2022年的2.4%上升到2023年的3.1%。", **config)[1] == []


def test_counts_compare_in_their_own_unit():
    config = {"indicators": ["消费投诉"], "units": ["件"], "direction": "fall"}
    _, [finding] = run("2023年受理消费投诉1200件，比上年减少150件。", **config)
    assert figures(finding)[-1] == ("150件", "受理消费投诉（2023年比上年减少）")
    assert run("2023年受理消费投诉1200件，比上年下降15%。", **config)[1] == []


def test_shared_keys_exclude_and_unless():
    text = "全县抽检不合格率由2022年的3.1%下降到2023年的2.4%。"
    assert run(text, indicators=["合格率"], direction="fall", exclude=["不合格率"])[1] == []
    assert run("全国抽检合格率由2022年的96.1%提高到2023年的97.3%。", unless=["全国"])[1] == []


def test_config_defaults_and_unknown_keys():
    config = TrendConfig(indicators=["合格率"])
    assert (config.units, config.direction, config.min_change, config.within) == (["%"], "rise", 0, 30)
    with pytest.raises(ValidationError, match="extra"):
        TrendConfig(indicators=["合格率"], compare=">= 94%")
    with pytest.raises(ValidationError):
        TrendConfig(indicators=["合格率"], direction="up")
    with pytest.raises(ValidationError):
        TrendConfig(indicators=[])


# --- the plugin ---------------------------------------------------------------------------------

def test_registers_the_trend_rule_type():
    registered: list[object] = []
    register_rule_types(registered.append)
    assert registered == [TrendRule]


def test_installed_entry_point_and_the_plugin_manager(monkeypatch):
    from qscore.plugins import list_plugins, plugin_manager, rule_types

    [entry_point] = [ep for ep in metadata.entry_points(group="qscore") if ep.name == "trend"]
    assert entry_point.value == "qscore_trend" and entry_point.dist.name == "qscore-trend"
    monkeypatch.setenv("QSCORE_LOAD_PLUGINS", "qscore-trend")
    plugin_manager.cache_clear()
    try:
        assert rule_types()["trend"] is TrendRule
        info = {p.name: p for p in list_plugins()}["trend"]
        assert (info.distribution, info.version, info.hooks) == ("qscore-trend", "0.1.0", ("register_rule_types",))
    finally:
        plugin_manager.cache_clear()


def test_the_example_rulebook_loads(monkeypatch):
    from qscore.plugins import plugin_manager
    from qscore.rulebook import load_rulebook

    monkeypatch.setenv("QSCORE_LOAD_PLUGINS", "qscore-trend")
    plugin_manager.cache_clear()
    try:
        book = load_rulebook(HERE / "trend-rulebook.yaml")
    finally:
        plugin_manager.cache_clear()
    assert [type(rule).__name__ for criterion in book.criteria for rule in criterion.rules] == ["TrendRule"] * 2
