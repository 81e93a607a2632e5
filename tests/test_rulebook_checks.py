"""`qscore rules validate` warnings and `qscore rules schema`."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qscore.cli import cli

from .conftest import DATA


def validate(tmp_path: Path, text: str, *extra: str):
    book = tmp_path / "book.yaml"
    book.write_text(text, encoding="utf-8")
    return book, CliRunner().invoke(cli, ["rules", "validate", str(book), *extra])


def test_warnings_with_their_lines(tmp_path):
    text = (DATA / "mini-rulebook.yaml").read_text(encoding="utf-8")
    text = text.replace("terms: [[领导小组, 工作专班], [质量]]", "terms: [[領導小組, 工作专班], [质量]]")
    text = text.replace("            indicators: [合格率]", "            indicators: [合格率, 工作专班]")
    text = text.replace("        weight: 50\n        source: 测试\n        rules:\n          - type: figure",
                        "        weight: 40\n        source: 测试\n        rules:\n          - type: figure")
    text += ("      - id: outcomes.empty\n        name: 空\n        weight: 5\n        source: 测试\n")
    book, result = validate(tmp_path, text)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert f"{book}:22: warning: '領導小組' can never match: texts are normalised to simplified, half-width " \
           "characters (write '领导小组')" in lines
    assert f"{book}:32: warning: the term '工作专班' is evidence of both 'leadership.group' " \
           "and 'outcomes.product_pass_rate'" in lines
    assert f"{book}:36: warning: criterion 'outcomes.empty' has no rule: it can never have evidence" in lines
    assert f"{book}:12: warning: criterion weights add up to 95, not 100: scores will be out of 95" in lines
    assert "4 warnings" in lines[-1]
    assert validate(tmp_path, text, "--strict")[1].exit_code == 1


def test_a_pattern_with_no_literal_to_run_from_is_pointed_at(tmp_path):
    text = (DATA / "mini-rulebook.yaml").read_text(encoding="utf-8").replace(
        "            exclude: [扶贫开发领导小组]\n",
        "            exclude: [扶贫开发领导小组]\n          - type: pattern\n            regex:\n"
        "              - '质量强[省市县]'\n              - '[AB]级[:：]'\n")
    book, result = validate(tmp_path, text)
    lines = result.output.splitlines()
    assert [line for line in lines if "warning:" in line] == [
        f"{book}:27: warning: '[AB]级[:：]' holds no literal of two characters or more that every match needs: "
        "it runs over every sentence of every document; spell one out (A级|B级 rather than [AB]级)"]
    spelled = text.replace("'[AB]级[:：]'", "'(?:A级|B级)[:：]'")
    assert validate(tmp_path, spelled)[1].output.strip().endswith("0 warnings)")


def test_clean_rulebook_has_no_warning(tmp_path):
    _, result = validate(tmp_path, (DATA / "mini-rulebook.yaml").read_text(encoding="utf-8"))
    assert result.output.strip().endswith("0 warnings)") and result.exit_code == 0


def test_shipped_rulebook_validates_without_warnings():
    result = CliRunner().invoke(cli, ["rules", "validate", "quality-cn", "--strict"])
    assert result.exit_code == 0, result.output


def test_schema_describes_every_rule_type():
    result = CliRunner().invoke(cli, ["rules", "schema"])
    schema = json.loads(result.output)
    variants = schema["$defs"]["CriterionSpec"]["properties"]["rules"]["items"]["oneOf"]
    assert {v["properties"]["type"]["const"] for v in variants} >= {"keywords", "pattern", "cooccurrence", "figure"}
    keywords = next(v for v in variants if v["properties"]["type"]["const"] == "keywords")
    assert keywords["additionalProperties"] is False and "any" in keywords["required"]
    assert schema["additionalProperties"] is False


def test_shipped_schema_is_current():
    shipped = Path(__file__).resolve().parent.parent / "rules" / "rulebooks" / "rulebook.schema.json"
    result = CliRunner().invoke(cli, ["rules", "schema"])
    assert shipped.read_text(encoding="utf-8") == result.output, \
        "rules/rulebooks/rulebook.schema.json is stale: run scripts/refresh_examples.py"
