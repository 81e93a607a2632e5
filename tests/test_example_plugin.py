"""The example plugin package examples/qscore-trend: installed with pip, its own tests, used by its rulebook."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from qscore.cli import cli
from qscore.plugins import plugin_manager

from .conftest import ROOT, installed_package

PACKAGE = ROOT / "examples" / "qscore-trend"
RULEBOOK = PACKAGE / "trend-rulebook.yaml"

DOCUMENT = """石柱县2023年质量工作总结
2023年，石柱县深入推进质量强县建设，质量工作取得新成效。
2022年全县产品质量监督抽查合格率为96.1%。
2023年，全县产品质量监督抽查合格率达到97.3%。
全县抽检不合格率为2.2%，比上年下降0.4个百分点。
全县药品抽检合格率达99.1%，高于全国平均水平98.5%。
2023年全县农产品监测合格率为98%。
"""


@pytest.fixture(scope="session")
def installed_trend(tmp_path_factory):
    with installed_package(PACKAGE, tmp_path_factory) as distribution:
        yield distribution


@pytest.fixture
def trend_selected(installed_trend, monkeypatch):
    """The plugin selected for one test, with the plugin manager rebuilt before and after."""
    monkeypatch.setenv("QSCORE_LOAD_PLUGINS", installed_trend)
    plugin_manager.cache_clear()
    try:
        yield installed_trend
    finally:
        plugin_manager.cache_clear()


def test_the_packages_own_tests_pass(trend_selected):
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(PACKAGE / "tests")], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "QSCORE_LOAD_PLUGINS": trend_selected})
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_the_example_rulebook_scores_a_document(trend_selected, tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(doc), "--rulebook", str(RULEBOOK), "--format", "json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.output)
    assert run["rulebook"]["id"] == "trend-example"
    [card] = run["scorecards"]
    assert card["region"]["name"] == "石柱县"
    criteria = {c["id"]: c for c in card["criteria"]}

    rising = criteria["outcomes.pass_rate_rising"]
    [evidence] = rising["evidence"]  # 99.1% vs the national average and 2023's 98% alone are no trend
    assert (evidence["rule"], evidence["status"]) == ("trend", "implemented")
    assert evidence["text"] == "2023年，全县产品质量监督抽查合格率达到97.3%。"
    figures = [(f["text"], f["value"], f["indicator"]) for f in evidence["figures"]]
    assert figures == [("96.1%", 96.1, "全县产品质量监督抽查合格率（2022年）"),
                       ("97.3%", 97.3, "全县产品质量监督抽查合格率（2023年）")]
    assert (evidence["figures"][1]["target"], evidence["figures"][1]["meets_target"]) == ("> 96.1%（2022年）", True)
    assert rising["score"] == rising["max"] == 60

    falling = criteria["outcomes.failure_rate_falling"]
    [evidence] = falling["evidence"]
    assert evidence["text"] == "全县抽检不合格率为2.2%，比上年下降0.4个百分点。"
    assert [(f["text"], f["indicator"], f["target"]) for f in evidence["figures"]] == [
        ("2.2%", "全县抽检不合格率", None),
        ("0.4个百分点", "全县抽检不合格率（比上年下降）", ">= 0.2个百分点")]
    assert falling["status"] == "implemented" and falling["score"] == falling["max"] == 40


def test_a_document_with_one_value_per_indicator_earns_nothing(trend_selected, tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_text("石柱县质量工作总结\n2023年，石柱县推进质量强县建设，全县产品质量监督抽查合格率达到97.3%，"
                   "抽检不合格率为2.7%。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(doc), "--rulebook", str(RULEBOOK), "--format", "json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.output)
    [record] = run["documents"]
    assert record["regions"] == ["石柱县"] and record["about_quality_work"] and record["error"] is None
    assert run["scorecards"] == []  # read, attributed, and no trend found: no evidence, no scorecard


def test_qscore_plugins_lists_the_package(trend_selected):
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    [row] = [line.split() for line in result.output.splitlines() if "qscore-trend" in line]
    assert row == ["trend", "qscore-trend", "0.1.0", "register_rule_types", "trend"]


def test_the_rulebook_needs_the_plugin(installed_trend, monkeypatch):
    """Not selected, the plugin does not load, and the rulebook says which rule type is missing."""
    monkeypatch.setenv("QSCORE_LOAD_PLUGINS", "")
    plugin_manager.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["rules", "validate", str(RULEBOOK)])
    finally:
        plugin_manager.cache_clear()
    assert result.exit_code != 0
    assert "unknown rule type 'trend'" in result.output
