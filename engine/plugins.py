"""The plugin manager: every rule type and renderer, built in or not, arrives through here.

The built-in rule types are ordinary plugins declared in qscore's own `qscore` entry-point group,
so they load through exactly the code path a third-party package uses. `QSCORE_LOAD_PLUGINS`
(comma-separated distribution or entry-point names) restricts which third-party plugins load;
qscore's own always do. A plugin that fails to import costs one warning, never the run.
"""
from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import pluggy

from . import hookspecs
from .cache import cached, file_stamp

ENTRY_POINT_GROUP = "qscore"
OWN_DISTRIBUTION = "qscore"


class PluginError(Exception):
    """A plugin registered something invalid (a duplicate name, a rule type without a config model)."""


@dataclass(frozen=True)
class PluginInfo:
    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...]
    provides: tuple[str, ...] = ()  # the names it registers (rule types, readers, renderers)


@dataclass(frozen=True)
class _Found:
    """An entry point of the group, as discovered (cheap to cache, unlike metadata.EntryPoint)."""

    name: str
    value: str
    distribution: str
    version: str


def _discover() -> list[_Found]:
    """The group's entry points. Scanning every installed distribution costs ~35 ms, so the list is
    cached, keyed by the modification times of the import path's folders (an install or removal
    changes them)."""
    def scan() -> list[_Found]:
        return [_Found(ep.name, ep.value, ep.dist.name if ep.dist else "?", ep.dist.version if ep.dist else "?")
                for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)]

    return cached("entry-points", [ENTRY_POINT_GROUP, *(f"{path}:{file_stamp(path)}" for path in sys.path)], scan)


def _selected(found: _Found, allowed: set[str] | None) -> bool:
    if found.distribution.lower() == OWN_DISTRIBUTION or allowed is None:
        return True
    return found.name in allowed or found.distribution in allowed


def _allowed_plugins() -> set[str] | None:
    raw = os.environ.get("QSCORE_LOAD_PLUGINS")
    if raw is None:
        return None
    return {part.strip() for part in raw.split(",") if part.strip()}


def _load_entry_points(pm: pluggy.PluginManager) -> dict[str, tuple[str, str]]:
    """Register every selected entry point; returns plugin name -> (distribution, version)."""
    origins: dict[str, tuple[str, str]] = {}
    allowed = _allowed_plugins()
    for found in _discover():
        if not _selected(found, allowed) or pm.get_plugin(found.name) is not None:
            continue
        try:
            plugin = metadata.EntryPoint(found.name, found.value, ENTRY_POINT_GROUP).load()
        except Exception as exc:  # a broken third-party plugin must not stop the run
            print(f"qscore: warning: plugin {found.name!r} ({found.distribution}) "
                  f"failed to load: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        try:
            pm.register(plugin, name=found.name)
        except pluggy.PluginValidationError as exc:  # e.g. a hook argument misspelt
            print(f"qscore: warning: plugin {found.name!r} ({found.distribution}) is invalid: {exc}", file=sys.stderr)
            continue
        origins[found.name] = (found.distribution, found.version)
    return origins


@functools.cache
def plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("qscore")
    pm.add_hookspecs(hookspecs)
    pm._qscore_origins = _load_entry_points(pm)  # type: ignore[attr-defined]
    return pm


def list_plugins() -> list[PluginInfo]:
    pm = plugin_manager()
    origins: dict[str, tuple[str, str]] = getattr(pm, "_qscore_origins", {})
    infos = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        dist, version = origins.get(name, ("(registered at run time)", ""))
        callers = pm.get_hookcallers(plugin) or []
        hooks = tuple(sorted(caller.name for caller in callers))
        infos.append(PluginInfo(name=name, distribution=dist, version=version, hooks=hooks,
                                provides=tuple(sorted(_provided(plugin, callers)))))
    return infos


def _provided(plugin: Any, callers: list[Any]) -> list[str]:
    """What a plugin's register_* hooks register, by name (its own implementations only)."""
    names: list[str] = []
    for caller in callers:
        if not caller.name.startswith("register_") or caller.name == "register_commands":
            continue
        for impl in caller.get_hookimpls():
            if impl.plugin is plugin:
                try:
                    impl.function(register=lambda item: names.append(getattr(item, "name", repr(item))))
                except Exception:  # listing must not fail on a plugin that fails to register
                    names.append("?")
    return names


def _collect(hook_name: str, check: Any) -> dict[str, Any]:
    """Call a `register_*` hook and build its registry, refusing duplicate names."""
    registry: dict[str, Any] = {}

    def register(item: Any) -> None:
        name = getattr(item, "name", None)
        try:
            if not isinstance(name, str) or not name:
                raise PluginError(f"{item!r} has no name")
            if name in registry:
                raise PluginError(f"{name!r} is registered twice")
            check(item)
        except PluginError as exc:  # one bad registration costs a warning, not the run
            print(f"qscore: warning: {hook_name}: {exc}; ignored", file=sys.stderr)
            return
        registry[name] = item

    getattr(plugin_manager().hook, hook_name)(register=register)
    return registry


def _check_rule_type(rule_type: Any) -> None:
    from pydantic import BaseModel

    config = getattr(rule_type, "Config", None)
    if not (isinstance(config, type) and issubclass(config, BaseModel)):
        raise PluginError(f"rule type {rule_type.name!r} has no pydantic Config model")
    if config.model_config.get("extra") != "forbid":
        raise PluginError(f"rule type {rule_type.name!r}: its Config must set extra='forbid'")
    if not callable(getattr(rule_type, "find", None)):
        raise PluginError(f"rule type {rule_type.name!r} has no find(ctx) method")
    if not isinstance(rule_type, type) or not hasattr(rule_type, "literals"):
        raise PluginError(f"rule type {rule_type.name!r} must subclass qscore.Rule (it needs `literals`)")


def _check_reader(reader: Any) -> None:
    suffixes = getattr(reader, "suffixes", None)
    if not suffixes or not all(isinstance(s, str) and s.startswith(".") for s in suffixes):
        raise PluginError(f"reader {reader.name!r} has no suffixes such as ('.txt',)")
    if not callable(getattr(reader, "read", None)):
        raise PluginError(f"reader {reader.name!r} has no read(data, encoding)")


def _check_renderer(renderer: Any) -> None:
    if not callable(getattr(renderer, "render", None)):
        raise PluginError(f"renderer {renderer.name!r} has no render(run)")


def rule_types() -> dict[str, Any]:
    """Every registered rule type by name (rebuilt on each call so tests may register plugins)."""
    return _collect("register_rule_types", _check_rule_type)


def readers() -> dict[str, Any]:
    """Every registered document reader by name."""
    return _collect("register_readers", _check_reader)


def renderers() -> dict[str, Any]:
    """Every registered output format by name."""
    return _collect("register_renderers", _check_renderer)
