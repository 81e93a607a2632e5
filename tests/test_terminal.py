"""The terminal table fits its width with Chinese text, colours only when asked, and progress."""
from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from qscore.cli import cli
from qscore.progress import Progress
from qscore.render.base import RenderOptions, fit
from qscore.render.table import TableRenderer

from .conftest import ROOT

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def seeds_run(default_rulebook):
    from qscore.pipeline import evaluate

    return evaluate([str(ROOT / "seeds")], default_rulebook)


def test_every_line_fits_100_columns_off_a_terminal(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["evaluate", "seeds"])
    assert result.exit_code == 0
    widths = [wcswidth(line) for line in result.output.splitlines()]
    assert max(widths) <= 100, max(widths)
    assert "\x1b[" not in result.output  # no colour off a terminal


def test_narrow_and_wide_terminals(seeds_run):
    run = seeds_run
    for width in (80, 140):
        text = TableRenderer().render(run, RenderOptions(width=width))
        assert max(wcswidth(line) for line in text.splitlines()) <= width


def test_colours_only_when_asked(seeds_run):
    run = seeds_run
    coloured = TableRenderer().render(run, RenderOptions(color=True))
    assert "\x1b[32m已落实" in coloured and "\x1b[31m" in coloured
    assert max(wcswidth(ANSI.sub("", line)) for line in coloured.splitlines()) <= 100
    assert ANSI.sub("", coloured) == TableRenderer().render(run, RenderOptions())


def test_no_color_flag_and_environment(monkeypatch):
    from qscore import cli as cli_module

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(cli_module.sys.stdout, "isatty", lambda: True, raising=False)
    seen = []
    original = TableRenderer.render
    monkeypatch.setattr(TableRenderer, "render", lambda self, run, options=None: seen.append(options) or original(self, run, options))
    CliRunner().invoke(cli, ["evaluate", "seeds/000_256561f21098d2da.txt", "--no-color"])
    CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["evaluate", "seeds/000_256561f21098d2da.txt"])
    assert [options.color for options in seen] == [False, False]


def test_excerpts_are_cut_at_clause_boundaries_and_to_the_columns():
    assert fit("质量强县工作领导小组", 10) == "质量强县…"
    assert wcswidth(fit("质量" * 40, 21)) <= 21


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_after_the_delay_on_a_terminal_only(tmp_path):
    from qscore.models import DocumentRecord
    from qscore.pipeline import DocumentResult

    results = [DocumentResult(DocumentRecord(path=f"{i}.txt", regions=["石柱县"])) for i in range(3)]
    terminal = FakeTerminal()
    assert len(list(Progress(3, enabled=True, stream=terminal, delay=0).track(results))) == 3
    assert "3/3 documents · 1 regions" in terminal.getvalue()
    quiet = FakeTerminal()
    list(Progress(3, enabled=False, stream=quiet, delay=0).track(results))
    piped = io.StringIO()
    list(Progress(3, enabled=True, stream=piped, delay=0).track(results))
    short = FakeTerminal()
    list(Progress(3, enabled=True, stream=short, delay=60).track(results))
    assert quiet.getvalue() == piped.getvalue() == short.getvalue() == ""
