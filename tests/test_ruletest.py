"""`qscore test`: the shipped fixtures pass, and a broken expectation fails."""
from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from qscore.cli import cli

from .conftest import MINI


def test_default_rulebook_fixtures_pass():
    result = CliRunner().invoke(cli, ["test", "quality-cn"])
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("8 fixtures,") and " 0 failed" in summary


def test_every_criterion_has_four_kinds_of_case():
    import re

    from qscore.rulebook import load_rulebook

    folder = resources.files("qscore.rules") / "rulebooks" / "fixtures" / "quality-cn"
    text = "\n".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".txt"))
    for criterion in load_rulebook().criteria:
        for kind in ("implemented", "planned", "negated"):
            assert re.search(rf"# expect: {re.escape(criterion.id)} {kind}\b", text), (criterion.id, kind)
        assert f"# expect-not: {criterion.id}" in text, criterion.id


def test_a_broken_expectation_fails(tmp_path):
    folder = resources.files("qscore.rules") / "rulebooks" / "fixtures" / "quality-cn"
    source = Path(str(folder / "leadership.txt"))
    broken = tmp_path / "leadership.txt"
    shutil.copy(source, broken)
    text = broken.read_text(encoding="utf-8")
    lines = text.splitlines()
    first = lines.index("# expect: leadership.group implemented")
    line = next(i for i in range(first, len(lines)) if lines[i].strip() and not lines[i].startswith("#")) + 1
    broken.write_text(text.replace("# expect: leadership.group implemented", "# expect: leadership.group negated", 1),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "quality-cn", str(broken)])
    assert result.exit_code == 1
    assert f"missed    {broken}:{line}: leadership.group negated missed (got implemented)" in result.output


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fixture.txt"
    path.write_text("航头镇质量强镇工作纪实\n" + body, encoding="utf-8")
    return path


def test_missed_incorrect_and_todo_lines(tmp_path):
    fixture = write(tmp_path, "# expect: leadership.group implemented\n航头镇成立质量强镇工作领导小组。\n"
                              "# expect-not: leadership.group\n航头镇质量强镇工作领导小组召开会议。\n"
                              "航头镇质量工作领导小组办公室设在镇经发办。\n"
                              "# todo-expect: outcomes.product_pass_rate\n全镇产品合格情况良好。\n")
    result = CliRunner().invoke(cli, ["test", MINI, str(fixture)])
    assert result.exit_code == 1
    assert f"incorrect {fixture}:5: leadership.group should not match (got implemented)" in result.output
    assert f"incorrect {fixture}:6: leadership.group matched an unannotated line (implemented)" in result.output
    assert result.output.strip().endswith("3 expectations: 1 passed, 1 failed, 1 todo; 1 unannotated lines matched")


def test_unknown_criterion_is_a_file_line_error(tmp_path):
    fixture = write(tmp_path, "# expect: leadership.groupp implemented\n航头镇成立质量强镇工作领导小组。\n")
    result = CliRunner().invoke(cli, ["test", MINI, str(fixture)])
    assert result.exit_code == 2
    assert result.output.strip() == f"qscore: {fixture}:2: unknown criterion id 'leadership.groupp'"


def test_fixtures_are_found_beside_a_rulebook_file(tmp_path):
    book = tmp_path / "book.yaml"
    shutil.copy(MINI, book)
    (tmp_path / "fixtures" / "book").mkdir(parents=True)
    write(tmp_path / "fixtures" / "book", "# expect: leadership.group implemented\n航头镇成立质量强镇工作领导小组。\n")
    result = CliRunner().invoke(cli, ["test", str(book)])
    assert result.exit_code == 0 and "1 fixtures, 1 expectations: 1 passed, 0 failed" in result.output
