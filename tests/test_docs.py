"""The documentation in docs/ is checked against the code, and its examples are run.

- docs/rule-types.md is the output of `qscore rules docs` with qscore's own plugins;
- every hook of hookspecs.py is in docs/writing-plugins.md with its exact signature (datasette's
  test), and every hook documented there exists; so is every method of RuleContext;
- the rule-type plugin of writing-plugins.md, assembled from its `File:` snippets, is installed
  with qscore in a fresh virtual environment and run there;
- the rulebooks, fixtures, messages, readers, renderers and commands shown in the docs are run.
"""
from __future__ import annotations

import importlib.util
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from qscore import hookspecs
from qscore.cli import cli
from qscore.context import RuleContext
from qscore.plugins import plugin_manager, renderers, rule_types
from qscore.ruledocs import rule_types_markdown

from .conftest import ROOT

DOCS = ROOT / "docs"
PLUGINS_MD = DOCS / "writing-plugins.md"
RULEBOOKS_MD = DOCS / "writing-rulebooks.md"
TESTING_MD = DOCS / "testing-rules.md"

_FILE_BLOCK = re.compile(r"^File: `?([^`\n]+?)`?[ \t]*\n\n?```[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def file_blocks(markdown: str) -> dict[str, str]:
    """The fenced blocks preceded by a line `File: path`, by path."""
    files: dict[str, str] = {}
    for match in _FILE_BLOCK.finditer(markdown):
        path = match.group(1).strip()
        assert path not in files, f"{path} is given twice"
        assert not Path(path).is_absolute() and ".." not in Path(path).parts, path
        files[path] = match.group(2)
    return files


def fenced(markdown: str, language: str) -> list[str]:
    return [body for lang, body in _FENCE.findall(markdown) if lang == language]


def section(markdown: str, heading: str) -> str:
    """The text of a `## heading` section, up to the next `## `."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def write_files(folder: Path, files: dict[str, str]) -> None:
    for name, body in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")


def example_rulebook() -> str:
    """The complete rulebook of writing-rulebooks.md (the block with the schema line)."""
    blocks = [b for b in fenced(read(RULEBOOKS_MD), "yaml") if b.startswith("# yaml-language-server:")]
    assert len(blocks) == 2 and "dimensions:" in blocks[0]
    return blocks[0]


@pytest.fixture
def fresh_plugins(monkeypatch):
    """The plugin manager rebuilt with qscore's own plugins only, and rebuilt again afterwards."""
    monkeypatch.setenv("QSCORE_LOAD_PLUGINS", "")
    plugin_manager.cache_clear()
    try:
        yield monkeypatch
    finally:
        plugin_manager.cache_clear()


def load_snippet(code: str, name: str):
    """A Python snippet of the docs as a module (a plugin object for pluggy)."""
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(code, f"<docs snippet {name}>", "exec"), module.__dict__)
    return module


# --------------------------------------------------------------------------- generated reference

def test_rule_types_reference_is_the_generated_one(fresh_plugins):
    expected = rule_types_markdown(rule_types())
    assert read(DOCS / "rule-types.md") == expected, (
        "docs/rule-types.md is out of date: regenerate it with "
        "`QSCORE_LOAD_PLUGINS= qscore rules docs > docs/rule-types.md` (or scripts/refresh_examples.py)")


# --------------------------------------------------------------------------- hooks and API

def hook_signatures() -> dict[str, str]:
    """Every hookspec as `name(arg, ...)`, without annotations or defaults."""
    specs = {}
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if hasattr(function, "qscore_spec"):
            specs[name] = f"{name}({', '.join(inspect.signature(function).parameters)})"
    return specs


def documented_hooks() -> dict[str, str]:
    """The `### \\`name(args)\\`` headings of the Hooks section of writing-plugins.md."""
    hooks = section(read(PLUGINS_MD), "Hooks")
    return {m.group(2): m.group(1) for m in re.finditer(r"^### `((\w+)\([^`]*\))`[ \t]*$", hooks, re.M)}


def test_every_hook_is_documented_with_its_signature():
    specs, documented = hook_signatures(), documented_hooks()
    assert specs, "no hookspecs found"
    missing = sorted(set(specs) - set(documented))
    assert not missing, f"hooks missing from the Hooks section of docs/writing-plugins.md: {missing}"
    for name, signature in specs.items():
        assert documented[name] == signature, f"{name}: documented as {documented[name]}, defined as {signature}"


def test_every_documented_hook_exists():
    unknown = sorted(set(documented_hooks()) - set(hook_signatures()))
    assert not unknown, f"docs/writing-plugins.md documents hooks that engine/hookspecs.py lacks: {unknown}"


def test_every_rule_context_method_is_documented_with_its_signature():
    text = section(read(PLUGINS_MD), "The RuleContext API")
    for name, member in inspect.getmembers(RuleContext):
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            assert f"`ctx.{name}`" in text, f"RuleContext.{name} is not documented"
            continue
        parameters = list(inspect.signature(member).parameters.values())[1:]
        shown = ", ".join(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
                          for p in parameters)
        assert f"### `ctx.{name}({shown})`" in text, f"RuleContext.{name}({shown}) is not documented"


def test_run_rule_is_documented_with_its_signature():
    from qscore.testing import run_rule

    shown = []
    for p in inspect.signature(run_rule).parameters.values():
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            shown.append(f"**{p.name}")
        else:
            shown.append(p.name if p.default is inspect.Parameter.empty else f"{p.name}={json.dumps(p.default)}")
    assert f"`qscore.testing.run_rule({', '.join(shown)})`" in read(PLUGINS_MD)


# --------------------------------------------------------------------------- the plugin walkthrough

WALKTHROUGH_FILES = {"pyproject.toml", "qscore_wordcount/__init__.py", "tests/test_wordcount.py",
                     "example/officers.yaml", "example/fixtures/officers/repeated.txt",
                     "example/fixtures/officers/once.txt"}

REPORT = "石柱县质量工作简报\n石柱县已有86家企业设立首席质量官，今年新增首席质量官12名。\n明年将组织首席质量官培训。\n"
ONCE = "彭水县质量工作简报\n彭水县推进质量品牌、标准化、首席质量官、计量等工作。\n"


def test_walkthrough_is_a_complete_package():
    assert set(file_blocks(read(PLUGINS_MD))) == WALKTHROUGH_FILES


def test_walkthrough_unit_tests_pass_against_this_checkout(tmp_path):
    """The snippet's own tests, run fast with this environment's qscore (the fresh venv runs them too)."""
    write_files(tmp_path, file_blocks(read(PLUGINS_MD)))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "QSCORE_LOAD_PLUGINS": ""}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_plugin_from_the_docs_installs_and_runs_in_a_fresh_environment(tmp_path):
    """Build the plugin of writing-plugins.md from its snippets, install qscore (from this
    repository) and the plugin into a new virtual environment, and use it there as the docs do."""
    started = time.monotonic()
    docs = read(PLUGINS_MD)
    package = tmp_path / "qscore-wordcount"
    write_files(package, file_blocks(docs))
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(environment)
    bindir = environment / ("Scripts" if os.name == "nt" else "bin")
    python, qscore = str(bindir / "python"), str(bindir / "qscore")
    env = {key: value for key, value in os.environ.items()
           if key not in ("QSCORE_LOAD_PLUGINS", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1", VIRTUAL_ENV=str(environment),
               PATH=str(bindir) + os.pathsep + env.get("PATH", ""))

    def run(*args: str, cwd: Path = package, timeout: int = 300, **extra: str) -> subprocess.CompletedProcess:
        result = subprocess.run(list(args), cwd=cwd, env={**env, **extra}, capture_output=True, text=True,
                                timeout=timeout)
        assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result

    # qscore from a copy of this checkout, so that its build leaves nothing in the tree.
    source = tmp_path / "qscore"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    run(python, "-m", "pip", "install", "--quiet", str(source), timeout=900)
    run(python, "-m", "pip", "install", "--quiet", str(package), "pytest", timeout=600)

    # `qscore plugins` lists it, with its distribution and hook; QSCORE_LOAD_PLUGINS selects it.
    listed = run(qscore, "plugins").stdout
    row = next((line for line in listed.splitlines() if line.startswith("wordcount ")), "")
    assert "qscore-wordcount" in row and "0.1.0" in row and "register_rule_types" in row, listed
    shown = _console_output(docs, "qscore plugins")
    assert len(shown) == 1
    for line in (listed.splitlines()[0], row):  # the header and the plugin's row, as the docs show them
        assert _cells(line) in [_cells(s) for s in shown[0].splitlines()], (
            f"docs/writing-plugins.md does not show this line of `qscore plugins`: {line}\n{listed}")
    assert "wordcount" not in run(qscore, "plugins", QSCORE_LOAD_PLUGINS="").stdout
    assert "wordcount" in run(qscore, "plugins", QSCORE_LOAD_PLUGINS="qscore-wordcount").stdout

    # The package's own unit tests, against the installed qscore.
    tested = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    assert "6 passed" in tested.stdout, tested.stdout

    # The rulebook validates and its fixtures pass, with the output the docs show.
    validated = run(qscore, "rules", "validate", "example/officers.yaml").stdout.strip()
    assert validated in docs, validated
    fixtures = run(qscore, "test", "example/officers.yaml").stdout.strip()
    assert fixtures == "2 fixtures, 3 expectations: 3 passed, 0 failed" and fixtures in docs

    # A misspelt key is an error at its line, as the docs say.
    book = package / "example" / "officers.yaml"
    bad = package / "example" / "bad.yaml"
    bad.write_text(read(book).replace("min_count:", "min_cont:"), encoding="utf-8")
    refused = subprocess.run([qscore, "rules", "validate", "bad.yaml"], cwd=package / "example", env=env,
                             capture_output=True, text=True, timeout=120)
    message = refused.stderr.strip().replace("bad.yaml", "officers.yaml")
    assert refused.returncode == 2 and f"`{message}`" in docs, refused.stderr

    # The rule type is documented by `qscore rules docs` from its config model.
    reference = run(qscore, "rules", "docs").stdout
    assert "## `wordcount`" in reference and "| `min_count` | integer | `2` |" in reference

    # `qscore evaluate`: evidence from the document that repeats the term, none from the other.
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "once.txt").write_text(ONCE, encoding="utf-8")
    output = run(qscore, "evaluate", str(tmp_path / "report.txt"), str(tmp_path / "once.txt"),
                 "--rulebook", "example/officers.yaml", "--format", "json").stdout
    evaluation = json.loads(output)
    assert len(evaluation["documents"]) == 2
    assert [card["region"]["name"] for card in evaluation["scorecards"]] == ["石柱县"]
    criterion = evaluation["scorecards"][0]["criteria"][0]
    assert criterion["id"] == "enterprise.chief_quality_officer" and criterion["status"] == "implemented"
    evidence = criterion["evidence"]
    assert [(e["status"], e["cue"], e["line"]) for e in evidence] == [("implemented", "已", 2), ("planned", "将", 3)]
    assert all(e["rule"] == "wordcount" and e["matched"] == ["首席质量官"] for e in evidence)
    assert {f["text"] for f in evidence[0]["figures"]} >= {"86家", "12名"}
    assert REPORT[evidence[0]["match_start"]:evidence[0]["match_end"]] == "首席质量官"
    print(f"fresh-environment plugin test: {time.monotonic() - started:.1f} s")


# --------------------------------------------------------------------------- rulebook examples

def test_every_rule_shown_in_the_docs_validates(fresh_plugins):
    types = rule_types()
    checked = 0

    def visit(node):
        nonlocal checked
        if isinstance(node, dict):
            if node.get("type") in types:
                rule_type = types[node["type"]]
                rule_type(rule_type.Config(**{k: v for k, v in node.items() if k != "type"}))
                checked += 1
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    for page in (RULEBOOKS_MD, TESTING_MD):
        for block in fenced(read(page), "yaml"):
            visit(yaml.safe_load(block))
    assert checked >= 10


def test_example_rulebook_validates_as_shown(fresh_plugins, tmp_path, monkeypatch):
    (tmp_path / "brands.yaml").write_text(example_rulebook(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["rules", "validate", "brands.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() in read(RULEBOOKS_MD)
    assert result.output.strip().endswith("0 warnings)")


# Each mistake writing-rulebooks.md shows, made in its example rulebook: (replace, with) and the
# line the docs print for it.
MISTAKES = [
    ("            any: [驰名商标]", "            anys: [驰名商标]", "qscore: brands.yaml:39: unknown key 'anys'"),
    ("            any: [驰名商标]", "            any: [驰名商标]\n            scope: paragraph",
     "qscore: brands.yaml:40: scope: Input should be 'sentence' or 'clause'"),
    ("          - type: keywords\n            any: [驰名商标]", "          - type: keyword\n            any: [驰名商标]",
     "qscore: brands.yaml:38: unknown rule type 'keyword' (known: cooccurrence, figure, keywords, pattern)"),
    ("          - type: keywords\n            any: [驰名商标]", "          - type: pattern\n            regex: ['\\b驰名商标']",
     "qscore: brands.yaml:39: regex: '\\\\b驰名商标': \\b next to a Chinese character never matches as meant "
     "(Han characters are word characters); remove it"),
    ("any: [驰名商标]", "any: [馳名商標]",
     "brands.yaml:39: warning: '馳名商標' can never match: texts are normalised to simplified, half-width "
     "characters (write '驰名商标')"),
    ("any: [驰名商标]", "any: [驰名商标, 地标产品]",
     "brands.yaml:38: warning: the term '地标产品' is evidence of both 'brand.geo_indication' and "
     "'brand.famous_trademark'"),
]


@pytest.mark.parametrize("old, new, message", MISTAKES)
def test_mistakes_give_the_messages_the_docs_show(fresh_plugins, tmp_path, monkeypatch, old, new, message):
    assert message in read(RULEBOOKS_MD), f"the docs no longer show: {message}"
    book = example_rulebook()
    assert old in book
    (tmp_path / "brands.yaml").write_text(book.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["rules", "validate", "brands.yaml"])
    assert message in result.output.splitlines(), result.output


# --------------------------------------------------------------------------- fixtures

def _worked_example(tmp_path: Path) -> None:
    (tmp_path / "rulebooks").mkdir()
    (tmp_path / "rulebooks" / "brands.yaml").write_text(example_rulebook(), encoding="utf-8")
    write_files(tmp_path, file_blocks(read(TESTING_MD)))


def _cells(line: str) -> list[str]:
    """The columns of a line of a `tabulate` table."""
    return re.split(r" {2,}", line.strip())


def _console_output(markdown: str, command: str) -> list[str]:
    """The output the docs show after each `$ command` line."""
    outputs = []
    for block in re.findall(r"^```console\n(.*?)^```", markdown, re.M | re.S):
        parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
        for shown, output in zip(parts[1::2], parts[2::2]):
            if shown == command:
                outputs.append(output)
    return outputs


def test_testing_rules_worked_example_runs_as_shown(fresh_plugins, tmp_path, monkeypatch):
    _worked_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    shown = _console_output(read(TESTING_MD), "qscore test rulebooks/brands.yaml")
    assert len(shown) == 2
    result = CliRunner().invoke(cli, ["test", "rulebooks/brands.yaml"])
    assert result.exit_code == 0 and result.output == shown[0], result.output

    # Without the `exclude`, the run fails on the title of the national plan, as shown.
    book = tmp_path / "rulebooks" / "brands.yaml"
    book.write_text(re.sub(r"\n +exclude: \[地理标志保护和运用\][^\n]*", "", read(book)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "rulebooks/brands.yaml"])
    assert result.exit_code == 1 and result.output == shown[1], result.output


def test_testing_rules_failure_messages_are_real(fresh_plugins, tmp_path, monkeypatch):
    _worked_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    fixture = tmp_path / "rulebooks" / "fixtures" / "brands" / "brands.txt"
    original = read(fixture)
    docs = read(TESTING_MD)

    # The unannotated line.
    fixture.write_text(original.replace("# expect: brand.geo_indication implemented\n", "\n"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "rulebooks/brands.yaml"])
    assert result.output.splitlines()[0] in docs, result.output

    # A wrong status, and the `exclude` gone: the summary block of "Running `qscore test`".
    fixture.write_text(original.replace("# expect: brand.geo_indication implemented",
                                        "# expect: brand.geo_indication planned"), encoding="utf-8")
    book = tmp_path / "rulebooks" / "brands.yaml"
    book.write_text(re.sub(r"\n +exclude: \[地理标志保护和运用\][^\n]*", "", read(book)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "rulebooks/brands.yaml"])
    assert result.exit_code == 1 and f"```text\n{result.output}```" in docs, result.output


# --------------------------------------------------------------------------- readers, renderers, commands

def _snippet(heading: str) -> str:
    blocks = fenced(section(read(PLUGINS_MD), heading), "python")
    assert len(blocks) == 1
    return blocks[0]


@pytest.fixture
def brands_rulebook(tmp_path):
    book = tmp_path / "brands.yaml"
    book.write_text(example_rulebook(), encoding="utf-8")
    return book


def test_reader_snippet(fresh_plugins, tmp_path, brands_rulebook):
    module = load_snippet(_snippet("Document readers"), "docs_reader")
    plugin_manager().register(module, name="docs-reader")
    try:
        article = tmp_path / "article.json"
        article.write_text(json.dumps({"title": "石柱县品牌培育工作情况", "content": "全县已有地理标志产品5个。"},
                                      ensure_ascii=False), encoding="utf-8")
        (tmp_path / "broken.json").write_text('{"title": "x"}', encoding="utf-8")
        result = CliRunner().invoke(cli, ["evaluate", str(article), str(tmp_path / "broken.json"),
                                          "--rulebook", str(brands_rulebook), "--format", "json"])
    finally:
        plugin_manager().unregister(name="docs-reader")
    assert 'broken.json: not an article: no "content"' in result.output
    run = json.loads(result.output[result.output.index("{"):])
    assert run["scorecards"][0]["region"]["name"] == "石柱县"
    assert run["scorecards"][0]["criteria"][0]["evidence"][0]["text"] == "全县已有地理标志产品5个。"


def test_renderer_snippet(fresh_plugins, tmp_path, brands_rulebook):
    module = load_snippet(_snippet("Output formats (renderers)"), "docs_renderer")
    plugin_manager().register(module, name="docs-renderer")
    try:
        assert "jsonl" in renderers()
        document = tmp_path / "report.txt"
        document.write_text("石柱县品牌培育工作情况\n全县已有地理标志产品5个。\n全县驰名商标数量偏少。\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["evaluate", str(document), "--rulebook", str(brands_rulebook),
                                          "--format", "jsonl"])
        out = tmp_path / "out"
        written = CliRunner().invoke(cli, ["evaluate", str(document), "--rulebook", str(brands_rulebook),
                                           "--format", "jsonl", "--out", str(out)])
    finally:
        plugin_manager().unregister(name="docs-renderer")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(line["criterion"], line["status"]) for line in lines] == [
        ("brand.geo_indication", "implemented"), ("brand.famous_trademark", "negated")]
    assert written.exit_code == 0, written.output
    assert json.loads(read(out / "index.jsonl")) == {"region": "石柱县", "file": "石柱县.jsonl"}


def test_command_snippet(fresh_plugins, brands_rulebook):
    module = load_snippet(_snippet("Commands"), "docs_command")

    @click.group()
    def group() -> None:
        """A stand-in for qscore's command group."""

    module.register_commands(cli=group)
    result = CliRunner().invoke(group, ["terms", str(brands_rulebook)])
    assert result.exit_code == 0, result.output
    assert {"驰名商标", "地理标志", "地标产品"} <= set(result.output.split())


# --------------------------------------------------------------------------- links

def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _markdown_files() -> list[Path]:
    return [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]


def test_links_between_the_docs_resolve():
    for page in _markdown_files():
        text = re.sub(r"^```.*?^```", "", read(page), flags=re.M | re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name}: broken link {target}"
            if anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.*)$", re.sub(r"^```.*?^```", "", read(linked), flags=re.M | re.S), re.M)
                assert anchor in {_slug(h) for h in headings}, f"{page.name}: no heading for #{anchor} in {linked.name}"


def test_docs_index_lists_every_page():
    index = read(DOCS / "README.md")
    for page in DOCS.glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index, f"docs/README.md does not list {page.name}"
