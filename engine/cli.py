"""The `qscore` command line."""
from __future__ import annotations

import gc
import sys
from collections import Counter
from pathlib import Path

import click

from .output import safe_file_name, write_atomic
from .render.base import ROLL_UP_MARK, region_key
from .plugins import list_plugins, plugin_manager, renderers
from .documents import DEFAULT_MAX_BYTES, DocumentError, one_line
from .yamlsource import SourceError

LEVEL_CHOICE = click.Choice(["province", "city", "county", "town"])


def fail(message: str, code: int = 2) -> None:
    """Exit with one line on stderr (`qscore: …`): 2 for usage and rulebook errors, 1 for documents."""
    click.echo(f"qscore: {message}", err=True)
    sys.exit(code)


def load_run_or_fail(path: str):
    """A saved run (a run's JSON, `-`, a scorecards folder or its index.json), or one line and exit 2."""
    from .review import ReviewError, load_run

    try:
        return load_run(path)
    except ReviewError as exc:
        fail(str(exc))


def _load_rulebook(path: str | None, keep_source: bool = False):
    from .rulebook import load_rulebook

    try:
        return load_rulebook(path, keep_source=keep_source)
    except SourceError as exc:
        fail(str(exc))


class _PluginGroup(click.Group):
    """The command group, with the commands plugins add (register_commands) loaded on first use,
    so that they are there however the group is invoked (the console script, or click's tests)."""

    _loaded = False

    def _load(self) -> None:
        if not _PluginGroup._loaded:
            _PluginGroup._loaded = True
            plugin_manager().hook.register_commands(cli=self)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)


@click.group(cls=_PluginGroup)
@click.version_option(package_name="qscore")
def cli() -> None:
    """Score regional quality-work documents against a rulebook, region by region."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--rulebook", "rulebook_path", type=click.Path(dir_okay=False), help="a rulebook YAML file (default: quality-cn)")
@click.option("--format", "format_name", default="table", show_default=True, help="table, json, csv, markdown, or a plugin's format")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="write one file per region plus an index into this folder")
@click.option("--region", help="the region the documents report on, when they never name it")
@click.option("--level", "levels", multiple=True, type=LEVEL_CHOICE,
              help="show only regions of this level (repeatable; county includes districts)")
@click.option("--roll-up", "roll_up_level", type=click.Choice(["province", "city", "county"]),
              help="add a view that adds up the evidence of lower regions into their parents of this level")
@click.option("--encoding", help="the encoding of text files, when detection would be wrong (gb18030, big5, …)")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="refuse files larger than this")
@click.option("--include", multiple=True, help="in folders, only files matching this glob (repeatable)")
@click.option("--exclude", multiple=True, help="in folders, skip files matching this glob (repeatable)")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="processes to evaluate documents in (default: the machine's cores)")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="where documents are evaluated: local processes, or a dask.distributed cluster (qscore[dask])")
@click.option("--scheduler", help="with --executor dask: the scheduler's address (tcp://host:8786)")
@click.option("--max-evidence", type=click.IntRange(min=0), default=None,
              help="sentences kept per region and criterion (default 30; 0: all); counts stay exact")
@click.option("--quiet", "-q", is_flag=True, help="no progress line on stderr")
@click.option("--no-color", is_flag=True, help="no colours in the table (also: the NO_COLOR environment variable)")
def evaluate(paths: tuple[str, ...], rulebook_path: str | None, format_name: str, out_dir: str | None,
             region: str | None, levels: tuple[str, ...], roll_up_level: str | None, encoding: str | None,
             max_bytes: int, include: tuple[str, ...], exclude: tuple[str, ...], jobs: int | None, executor: str,
             scheduler: str | None, max_evidence: int | None, quiet: bool, no_color: bool) -> None:
    """Score the documents in PATHS (files, folders, or - for standard input) and print or write scorecards."""
    from .documents import ReadOptions, Selection, expand_paths
    from .executors import default_jobs, run_local
    from .models import Run, Scorecard
    from .pipeline import MAX_EVIDENCE, Options, merge_results
    from .progress import Progress
    from .regions.gazetteer import load_gazetteer
    from .regions.hierarchy import keep_levels, roll_up

    formats = renderers()
    if format_name not in formats:
        fail(f"unknown format {format_name!r} (known: {', '.join(sorted(formats))})")
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            fail(f"unknown encoding {encoding!r}")
    renderer = formats[format_name]
    rulebook = _load_rulebook(rulebook_path)
    load_gazetteer()  # before any worker is forked, so that each inherits it
    _settled()
    options = Options(region=region, read=ReadOptions(encoding=encoding, max_bytes=max_bytes),
                      selection=Selection(list(include), list(exclude)),
                      keep_texts=getattr(renderer, "needs_texts", False))
    files_to_read = expand_paths(list(paths), options.selection)
    progress = Progress(len(files_to_read), enabled=not quiet)
    keep = MAX_EVIDENCE if max_evidence is None else max_evidence
    if executor == "dask":
        from .executors import ExecutorError, run_dask

        if not scheduler:
            fail("--executor dask needs --scheduler ADDRESS")
        try:
            results = run_dask(files_to_read, rulebook, options, scheduler)
            run = merge_results(rulebook, progress.track(results), keep)
        except ExecutorError as exc:
            fail(str(exc))
    else:
        run = merge_results(rulebook, progress.track(run_local(files_to_read, rulebook, options, jobs or default_jobs())),
                            keep)
    if not run.documents:
        fail("no documents found in " + ", ".join(paths), 1)
    if roll_up_level:
        run = roll_up(run, roll_up_level, rulebook, load_gazetteer())
    if levels:
        run = keep_levels(run, list(levels))
    failed = False
    position: dict[str, int] = {}  # where each document's record is in the run (for --out)
    for index, record in enumerate(run.documents):
        position[record.path] = index
        failed = failed or bool(record.error or record.rule_errors)
        if record.error:
            click.echo(f"qscore: {record.path}: {record.error}", err=True)
        for message in record.rule_errors:
            click.echo(f"qscore: {record.path}: {message}; the criterion is marked as errored", err=True)
    if out_dir:
        files: dict[str, str] = {}
        names = Counter(card.region.name for card in run.scorecards)

        # each region's file holds the records of its own documents (all of them are in the index)
        def only(card: Scorecard, update: dict) -> Run:
            records = [run.documents[position[path]] for path in card.documents if path in position]
            return run.model_copy(update={**update, "documents": records})

        for card in run.scorecards:
            # two places of one name (城关镇) get their codes (or parent) too, so neither overwrites the other
            region = card.region
            unique = region.name if names[region.name] == 1 else f"{region.name}-{region.code or '-'.join(region.parents[-1:])}"
            name = safe_file_name(unique) + renderer.suffix
            files[region_key(card.region)] = name
            write_atomic(Path(out_dir) / name, renderer.render(only(card, {"scorecards": [card], "roll_ups": []})))
        for card in run.roll_ups:
            name = safe_file_name(card.region.name + ROLL_UP_MARK) + renderer.suffix
            write_atomic(Path(out_dir) / name, renderer.render(only(card, {"scorecards": [], "roll_ups": [card]})))
        write_atomic(Path(out_dir) / f"index{renderer.suffix}", renderer.index(run, files))
        click.echo(f"wrote {len(files)} scorecards and index{renderer.suffix} to {out_dir}", err=True)
    elif hasattr(renderer, "write"):  # a renderer that streams: large runs are never one string
        renderer.write(run, sys.stdout)
    else:
        content = _render_to_stdout(renderer, run, no_color)
        if isinstance(content, bytes):  # a binary format (xlsx): to a file or a pipe, never a terminal
            if sys.stdout.isatty():
                fail(f"{format_name} is a binary format: use --out DIR, or redirect the output to a file")
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
            click.echo(content, nl=False)
    sys.exit(1 if failed else 0)


def _render_to_stdout(renderer, run, no_color: bool):
    """Render for standard output: a renderer that takes RenderOptions gets the terminal's width
    and colours (none off a terminal, with --no-color, or when NO_COLOR is set)."""
    import inspect
    import os
    import shutil

    from .render.base import RenderOptions

    if len(inspect.signature(renderer.render).parameters) < 2:
        return renderer.render(run)
    terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size((100, 24)).columns if terminal else 100
    color = terminal and not no_color and not os.environ.get("NO_COLOR")
    return renderer.render(run, RenderOptions(width=max(width, 60), color=color))


@cli.command()
@click.argument("region")
@click.argument("args", nargs=-1)
@click.option("--run", "run_file", help="a saved run: the JSON of `qscore evaluate --format json` (- for standard input), or an --out folder")
@click.option("--rulebook", "rulebook_path", type=click.Path(dir_okay=False), help="a rulebook YAML file (default: quality-cn)")
@click.option("--region", "forced", help="the region the documents report on, when they never name it")
def explain(region: str, args: tuple[str, ...], run_file: str | None, rulebook_path: str | None, forced: str | None) -> None:
    """Show every piece of evidence behind REGION's score: qscore explain REGION [CRITERION] (PATH... | --run RUN.json).

    CRITERION is a criterion id (outcomes.product_pass_rate) or a dimension id (outcomes).
    """
    from .explain import explain as explain_card, find_scorecard
    from .pipeline import Options, evaluate as run_evaluation

    rulebook = _load_rulebook(rulebook_path) if rulebook_path or not run_file else None
    ids = {c.id for c in rulebook.criteria} | {c.dimension for c in rulebook.criteria} if rulebook else set()
    criterion, paths = (args[0], args[1:]) if args and (args[0] in ids or (not ids and "/" not in args[0]
                                                                            and not Path(args[0]).exists())) else (None, args)
    if run_file:
        run = load_run_or_fail(run_file)
    elif paths:
        run = run_evaluation(list(paths), rulebook, Options(region=forced))
    else:
        fail("give the documents (PATH...) or --run RUN.json")
    card = find_scorecard(run, region)
    if card is None:
        known = "、".join(c.region.name for c in run.scorecards) or "none"
        fail(f"no scorecard for {region!r} (regions: {known})")
    if criterion and not any(criterion in (c.id, c.dimension) for c in card.criteria):
        fail(f"unknown criterion or dimension {criterion!r}")
    click.echo(explain_card(run, card, criterion), nl=False)


@cli.command("test")
@click.argument("rulebook_path", metavar="RULEBOOK")
@click.argument("fixtures", nargs=-1, type=click.Path())
def test_rules(rulebook_path: str, fixtures: tuple[str, ...]) -> None:
    """Check a rulebook against annotated fixture documents (default: fixtures/<RULEBOOK stem>/ beside it).

    RULEBOOK is a file or the name of a shipped rulebook (quality-cn). In a fixture, a line
    `# expect: ID [STATUS]` or `# expect-not: ID` speaks of the next line; `todo-expect` and
    `todo-expect-not` record known misses without failing.
    """
    from .ruletest import fixture_paths, run_fixture

    rulebook = _load_rulebook(rulebook_path)
    paths = fixture_paths(rulebook_path, list(fixtures))
    if not paths:
        fail(f"no fixtures found for {rulebook_path}")
    checked = failed = todo = unannotated = 0
    for path in paths:
        try:
            result = run_fixture(path, rulebook)
        except SourceError as exc:
            fail(str(exc))
        except DocumentError as exc:
            fail(f"{path}: {exc}")
        checked += result.checked
        todo += len(result.todo)
        for message in result.missed:
            click.echo(f"missed    {message}")
        for message in [*result.incorrect, *result.unannotated]:
            click.echo(f"incorrect {message}")
        for message in result.fixed:
            click.echo(f"fixed     {message}")
        failed += len(result.missed) + len(result.incorrect)
        unannotated += len(result.unannotated)
    click.echo(f"{len(paths)} fixtures, {checked} expectations: {checked - failed - todo} passed, {failed} failed"
               + (f", {todo} todo" if todo else "") + (f"; {unannotated} unannotated lines matched" if unannotated else ""))
    sys.exit(1 if failed or unannotated else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--criterion", required=True, help="the criterion id to find new terms for")
@click.option("--rulebook", "rulebook_path", type=click.Path(dir_okay=False), help="a rulebook YAML file (default: quality-cn)")
@click.option("--top", default=20, show_default=True, help="how many terms to propose")
@click.option("--method", type=click.Choice(["tfidf", "textrank"]), default="tfidf", show_default=True)
def suggest(paths: tuple[str, ...], criterion: str, rulebook_path: str | None, top: int, method: str) -> None:
    """Propose terms for a criterion that its rules lack, from the sentences around its hits (jieba)."""
    from .render.base import excerpt_text, table
    from .suggest import suggest as suggest_terms

    rulebook = _load_rulebook(rulebook_path)
    if criterion not in {c.id for c in rulebook.criteria}:
        fail(f"unknown criterion {criterion!r}")
    found = suggest_terms(list(paths), rulebook, criterion, top, method)
    if not found:
        fail(f"no evidence of {criterion} in these documents: nothing to learn from", 1)
    rows = [[s.term, f"{s.weight:.3f}", s.count, excerpt_text(s.example, s.example.find(s.term))] for s in found]
    click.echo(table(rows, ["候选词", "权重", "次数", "例句"], "simple"))


@cli.command()
def plugins() -> None:
    """List the installed plugins, their versions and the hooks they implement."""
    from .render.base import table

    rows = [[p.name, p.distribution, p.version, ", ".join(p.hooks), ", ".join(p.provides)] for p in list_plugins()]
    click.echo(table(rows, ["plugin", "distribution", "version", "hooks", "provides"], "simple"))


@cli.group()
def rules() -> None:
    """Check and list rulebooks."""


@rules.command("validate")
@click.argument("file", type=click.Path())
@click.option("--strict", is_flag=True, help="exit 1 when there are warnings")
def rules_validate(file: str, strict: bool) -> None:
    """Validate a rulebook file: errors as FILE:LINE: message (exit 2), then warnings (terms that can
    never match, a term in two criteria, a criterion without rules, weights not adding up to 100)."""
    from .rulelint import lint

    rulebook = _load_rulebook(file, keep_source=True)
    warnings = lint(rulebook)
    for warning in warnings:
        click.echo(warning, err=True)
    click.echo(f"{file}: ok ({rulebook.spec.id} v{rulebook.spec.version}, {len(rulebook.criteria)} criteria, "
               f"{len(rulebook.automaton.terms)} terms, {len(warnings)} warnings)")
    sys.exit(1 if strict and warnings else 0)


@rules.command("list")
@click.argument("file", required=False, type=click.Path())
def rules_list(file: str | None) -> None:
    """List the criteria of a rulebook (default: quality-cn)."""
    from .render.base import table

    rulebook = _load_rulebook(file)
    rows = [[c.id, c.name, f"{c.weight:g}", ", ".join(sorted({r.name for r in c.rules})), c.source]
            for c in rulebook.criteria]
    click.echo(f"{rulebook.spec.id} v{rulebook.spec.version}: {rulebook.spec.name}")
    click.echo(table(rows, ["id", "名称", "权重", "规则类型", "依据"], "simple"))


@rules.command("docs")
def rules_docs() -> None:
    """Print the reference of every rule type and rulebook key, from their config models (Markdown)."""
    from .plugins import rule_types
    from .ruledocs import rule_types_markdown

    click.echo(rule_types_markdown(rule_types()), nl=False)


@rules.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of a rulebook, for editors (yaml-language-server) to complete and check."""
    import json

    from .plugins import rule_types
    from .ruledocs import rulebook_schema

    click.echo(json.dumps(rulebook_schema(rule_types()), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("path", type=click.Path())
@click.option("--encoding", help="the encoding of a text file, when detection would be wrong")
def text(path: str, encoding: str | None) -> None:
    """Print the text qscore scores for a document (the text its evidence offsets count in)."""
    from .documents import ReadOptions, read_document

    try:
        document = read_document(path, ReadOptions(encoding=encoding))
    except DocumentError as exc:
        fail(f"{path}: {exc}", 1)
    click.echo(document.text, nl=not document.text.endswith("\n"))


_COMMAND = False  # running as the `qscore` command (main), not called by a program or a test


def _settled() -> None:
    """Freeze what exists now for the garbage collector. What start-up builds (modules, pydantic
    models, the compiled rulebook, the gazetteer) lives as long as the command: frozen, it is never
    walked again, not even at exit; some 30 ms of the 0.3 s one short document takes. Only the
    command does it: a program that calls `cli` keeps its collector as it was."""
    if _COMMAND:
        gc.freeze()


def main() -> None:
    global _COMMAND
    _COMMAND = True
    _settled()
    try:
        cli.main(standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except OSError as exc:  # the system refused a file to write (--out under a file, a full disk)
        fail(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else one_line(exc))
    except (KeyboardInterrupt, click.exceptions.Abort):
        # Files are written whole or not at all (output.write_atomic): nothing half-written remains.
        fail("interrupted; no partial file was left", 130)


if __name__ == "__main__":
    main()
