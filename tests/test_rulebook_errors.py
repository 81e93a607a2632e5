"""A rulebook mistake is one `FILE:LINE: message`, at the line of the mistake."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qscore.cli import cli
from qscore.rulebook import load_rulebook
from qscore.yamlsource import SourceError

HEADER = """\
id: t
version: "1"
grades:
  - {grade: A, min: 60}
  - {grade: D, min: 0}
dimensions:
  - id: leadership
    name: 组织领导
    criteria:
      - id: leadership.group
        name: 领导小组
        weight: 10
        source: 测试
        rules:
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def error_of(path: Path) -> SourceError:
    with pytest.raises(SourceError) as info:
        load_rulebook(path)
    return info.value


@pytest.mark.parametrize("body, line, text", [
    ("          - type: keywords\n            anyy: [领导小组]\n", 16, "unknown key 'anyy'"),
    ("          - type: keyword\n            any: [领导小组]\n", 15, "unknown rule type 'keyword'"),
    ("          - type: pattern\n            regex: ['(质量']\n", 16, "does not compile"),
    ("          - type: pattern\n            regex: ['\\b质量']\n", 16, "Chinese"),
    ("          - type: keywords\n            any: []\n", 16, "at least 1"),
    ("          - type: keywords\n            any: [a]\n            any: [b]\n", 17, "duplicate key 'any'"),
    ("          - type: keywords\n            any: [a\n", 17, "invalid YAML"),
    ("          - type: figure\n            indicators: [合格率]\n            compare: 'about 90'\n", 17,
     "not a comparison"),
])
def test_rule_errors_point_at_their_line(tmp_path, body, line, text):
    error = error_of(write(tmp_path, body))
    assert error.line == line, str(error)
    assert text in error.message
    assert str(error).startswith(f"{tmp_path / 'book.yaml'}:{line}: ")


def test_duplicate_criterion_id(tmp_path):
    body = ("          - type: keywords\n            any: [领导小组]\n"
            "      - id: leadership.group\n        name: 又一个\n        weight: 1\n        source: x\n"
            "        rules: [{type: keywords, any: [专班]}]\n")
    error = error_of(write(tmp_path, body))
    assert error.line == 17 and "duplicate criterion id 'leadership.group' (first at line 10)" in error.message


def test_criterion_outside_its_dimension(tmp_path):
    path = write(tmp_path, "          - type: keywords\n            any: [领导小组]\n")
    path.write_text(path.read_text(encoding="utf-8").replace("id: leadership.group", "id: brand.group"), encoding="utf-8")
    error = error_of(path)
    assert error.line == 10 and "must start with its dimension id" in error.message


def test_missing_top_level_key(tmp_path):
    path = tmp_path / "book.yaml"
    path.write_text("id: t\nversion: 1\ndimensions: []\n", encoding="utf-8")
    error = error_of(path)
    assert "grades" in error.message and error.line == 1


def test_not_a_mapping(tmp_path):
    path = tmp_path / "book.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    assert "must be a mapping" in error_of(path).message


def test_cli_reports_one_line_and_exit_code_2(tmp_path):
    path = write(tmp_path, "          - type: keywords\n            anyy: [领导小组]\n")
    result = CliRunner().invoke(cli, ["rules", "validate", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"qscore: {path}:16: unknown key 'anyy'"
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--rulebook", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_missing_rulebook_file(tmp_path):
    result = CliRunner().invoke(cli, ["rules", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "cannot read rulebook" in result.output
