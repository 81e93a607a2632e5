"""The repository keeps its promises: CI runs the README's command; scorecards/ is up to date."""
from __future__ import annotations

from click.testing import CliRunner

from qscore.cli import cli

from .conftest import ROOT


def test_ci_runs_the_test_command_of_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
               if line and not line.startswith(("#", "set ", "cd "))]
    assert len(command) == 1 and command[0] in readme


def test_scorecards_are_not_stale(tmp_path, monkeypatch):
    """scorecards/ must be exactly what qscore writes for seeds/ today (see README, Scorecards)."""
    monkeypatch.chdir(ROOT)
    for fmt in ("json", "markdown"):
        result = CliRunner().invoke(cli, ["evaluate", "seeds", "--format", fmt, "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    fresh = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    kept = {p.name: p.read_bytes() for p in (ROOT / "scorecards").iterdir() if not p.name.startswith(".")}
    stale = sorted(name for name in fresh.keys() | kept.keys() if fresh.get(name) != kept.get(name))
    assert not stale, f"scorecards/ is stale ({', '.join(stale)}); regenerate it as the README says"


def test_readme_example_is_real_output(monkeypatch):
    """The README shows what `qscore evaluate` prints today, not what it once printed."""
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    prompt = "$ qscore evaluate seeds/000_256561f21098d2da.txt\n"
    shown = readme.split(prompt, 1)[1].split("```", 1)[0]
    result = CliRunner().invoke(cli, ["evaluate", "seeds/000_256561f21098d2da.txt"])
    assert result.exit_code == 0
    assert shown == result.output, "README example is stale: paste the output of the command again"
