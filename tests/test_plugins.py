"""Plugins: a real package installed with pip, selected by QSCORE_LOAD_PLUGINS, used by a rulebook."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from qscore import hookimpl
from qscore.cli import cli
from qscore.plugins import list_plugins, plugin_manager, rule_types

from .conftest import DATA, installed_package

PACKAGE = Path(__file__).parent / "plugins" / "qscore-headings"


@pytest.fixture
def fresh_plugins(monkeypatch):
    """A plugin manager rebuilt for the test and rebuilt again afterwards."""
    plugin_manager.cache_clear()
    yield monkeypatch
    plugin_manager.cache_clear()


@pytest.fixture(scope="session")
def installed_plugin(tmp_path_factory):
    with installed_package(PACKAGE, tmp_path_factory) as distribution:
        yield distribution


def test_builtins_load_through_the_entry_point_group(fresh_plugins):
    names = {p.name: p for p in list_plugins()}
    for builtin in ("keywords", "pattern", "cooccurrence", "figure"):
        assert names[builtin].distribution == "qscore"
        assert names[builtin].hooks == ("register_rule_types",)
        assert names[builtin].provides == (builtin,)
    assert names["readers"].provides == ("docx", "html", "pdf", "text")
    assert set(rule_types()) >= {"keywords", "pattern", "cooccurrence", "figure"}


def test_third_party_plugin_loads_only_when_selected(installed_plugin, fresh_plugins):
    fresh_plugins.setenv("QSCORE_LOAD_PLUGINS", "")
    assert "heading" not in rule_types()
    plugin_manager.cache_clear()
    fresh_plugins.setenv("QSCORE_LOAD_PLUGINS", installed_plugin)
    assert "heading" in rule_types()
    info = {p.name: p for p in list_plugins()}["headings"]
    assert (info.distribution, info.version) == ("qscore-headings", "0.1.0")


def test_rulebook_uses_the_plugin_rule_type(installed_plugin, fresh_plugins, tmp_path):
    fresh_plugins.setenv("QSCORE_LOAD_PLUGINS", installed_plugin)
    book = tmp_path / "book.yaml"
    book.write_text((DATA / "mini-rulebook.yaml").read_text(encoding="utf-8").replace(
        "          - type: cooccurrence\n            terms: [[领导小组, 工作专班], [质量]]\n            exclude: [扶贫开发领导小组]\n",
        "          - type: heading\n            terms: [组织领导]\n"), encoding="utf-8")
    doc = tmp_path / "plan.txt"
    doc.write_text("某县质量强县工作方案\n一、强化组织领导\n各部门落实质量工作责任，推进质量提升。\n组织领导的细节在正文中展开，不算标题。\n",
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(doc), "--rulebook", str(book), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"rule": "heading"' in result.output and "一、强化组织领导" in result.output
    assert "不算标题" not in result.output
    plugins = CliRunner().invoke(cli, ["plugins"])
    assert "qscore-headings" in plugins.output and "register_rule_types" in plugins.output


def test_plugin_that_fails_to_import_is_one_warning(fresh_plugins, tmp_path, capsys):
    dist = tmp_path / "broken_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[qscore]\nbroken = broken_plugin_module_that_does_not_exist\n")
    fresh_plugins.syspath_prepend(str(tmp_path))
    fresh_plugins.delenv("QSCORE_LOAD_PLUGINS")
    importlib.invalidate_caches()
    assert "keywords" in rule_types()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "plugin 'broken' (broken-plugin) failed to load" in err


def test_invalid_registration_is_refused_with_a_warning(fresh_plugins, capsys):
    class NoConfig:
        name = "noconfig"

    class Plugin:
        @hookimpl
        def register_rule_types(self, register):
            register(NoConfig)
            register(rule_types.__class__)  # not even named

    pm = plugin_manager()
    pm.register(Plugin(), name="bad")
    try:
        names = rule_types()
    finally:
        pm.unregister(name="bad")
    assert "noconfig" not in names and "keywords" in names
    assert "no pydantic Config model" in capsys.readouterr().err


def test_the_plugins_table_shows_versions_as_written(monkeypatch):
    from click.testing import CliRunner

    from qscore import cli as cli_module
    from qscore.plugins import PluginInfo

    found = [PluginInfo("wordcount", "qscore-wordcount", "1.10", ("register_rule_types",), ("wordcount",)),
             PluginInfo("trend", "qscore-trend", "2.0", ("register_rule_types",), ("trend",))]
    monkeypatch.setattr(cli_module, "list_plugins", lambda: found)
    output = CliRunner().invoke(cli_module.cli, ["plugins"]).output
    rows = {line.split()[0]: line.split()[2] for line in output.splitlines()[2:]}
    assert rows == {"wordcount": "1.10", "trend": "2.0"}
