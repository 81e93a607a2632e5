"""The hooks a qscore plugin can implement (nothing else lives here)."""
from __future__ import annotations

from typing import Any, Callable

import pluggy

hookspec = pluggy.HookspecMarker("qscore")
hookimpl = pluggy.HookimplMarker("qscore")


@hookspec
def register_rule_types(register: Callable[[Any], None]) -> None:
    """Register rule types (qscore.Rule subclasses with `name`, `Config` and `find`) by calling register(rule_type)."""


@hookspec
def register_readers(register: Callable[[Any], None]) -> None:
    """Register document readers (objects with `name`, `suffixes` and `read(data, encoding)`) by calling register(reader)."""


@hookspec
def register_renderers(register: Callable[[Any], None]) -> None:
    """Register output formats (objects with `name`, `suffix` and `render`) by calling register(renderer)."""


@hookspec
def register_commands(cli: Any) -> None:
    """Add click commands to the `qscore` command group."""
