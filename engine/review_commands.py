"""`qscore compare` and `qscore diff`: reviewing runs already written, added through `register_commands`
like any plugin's commands."""
from __future__ import annotations

import sys

import click

from .cli import LEVEL_CHOICE, fail, load_run_or_fail
from .hookspecs import hookimpl


def _view(run, roll_up: bool, path: str):
    if roll_up and not run.roll_ups:
        fail(f"{path}: this run has no roll-up view (evaluate it with --roll-up)")
    return run.roll_ups if roll_up else run.scorecards


@click.command()
@click.argument("run_path", metavar="RUN")
@click.option("--level", "levels", multiple=True, type=LEVEL_CHOICE,
              help="only regions of this level (repeatable; county includes districts)")
@click.option("--within", help="only regions inside this one (a parent's name or code, e.g. 四川省)")
@click.option("--by", "by", metavar="DIMENSION", help="rank by this dimension (id or name) instead of the total")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]), default="table",
              show_default=True)
@click.option("--roll-up", "roll_up", is_flag=True, help="rank the run's roll-up view (evaluate --roll-up)")
def compare(run_path: str, levels: tuple[str, ...], within: str | None, by: str | None, fmt: str,
            roll_up: bool) -> None:
    """Rank the regions of a run by total score (or one dimension), with grade and every dimension.

    RUN is the output of `qscore evaluate --format json` (- for standard input) or the folder that
    `evaluate --format json --out DIR` wrote. Equal scores share a rank and are listed by name.
    """
    from .review import ReviewError, comparison, find_dimension, rank, select

    run = load_run_or_fail(run_path)
    cards = _view(run, roll_up, run_path)
    dimension = None
    if by:
        try:
            dimension = find_dimension(cards, by)
        except ReviewError as exc:
            fail(str(exc))
    chosen = select(cards, levels, within)
    if not chosen and cards:
        fail(f"no region of this run matches {_filters_text(levels, within)}", 1)
    filters = {"level": list(levels), "within": within}
    click.echo(comparison(run, rank(chosen, dimension), dimension, fmt, filters), nl=False)


def _filters_text(levels: tuple[str, ...], within: str | None) -> str:
    parts = [f"--level {' '.join(levels)}"] if levels else []
    if within:
        parts.append(f"--within {within}")
    return " ".join(parts)


@click.command()
@click.argument("old_path", metavar="OLD")
@click.argument("new_path", metavar="NEW")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--exit-code", "exit_code", is_flag=True, help="exit 1 when the runs differ (as git diff --exit-code)")
@click.option("--level", "levels", multiple=True, type=LEVEL_CHOICE,
              help="only regions of this level (repeatable; county includes districts)")
@click.option("--within", help="only regions inside this one (a parent's name or code)")
@click.option("--roll-up", "roll_up", is_flag=True, help="compare the runs' roll-up views")
def diff(old_path: str, new_path: str, fmt: str, exit_code: bool, levels: tuple[str, ...], within: str | None,
         roll_up: bool) -> None:
    """What changed between two runs: per region and criterion what rose, fell, appeared or disappeared,
    with the sentences behind each change; regions that appeared or disappeared; totals and grades.

    OLD and NEW are runs (`evaluate --format json`) or scorecard folders (`--out DIR`). Evidence is
    matched by document and sentence, so text moved within a document is no change; a corpus copied
    to another folder is matched by its paths below that folder. Exits 0, or with --exit-code 1 when
    there are differences; 2 when an input cannot be read.
    """
    from .review import diff_json, diff_runs, diff_text, select

    old, new = load_run_or_fail(old_path), load_run_or_fail(new_path)
    old_cards = select(_view(old, roll_up, old_path), levels, within)
    new_cards = select(_view(new, roll_up, new_path), levels, within)
    result = diff_runs(old, new, old_cards, new_cards)
    render = diff_json if fmt == "json" else diff_text
    click.echo(render(result, old_path, new_path), nl=False)
    sys.exit(1 if exit_code and result.has_changes else 0)


@hookimpl
def register_commands(cli) -> None:
    cli.add_command(compare)
    cli.add_command(diff)
