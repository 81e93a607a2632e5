"""YAML that remembers where each value came from, so that errors can name `FILE:LINE`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

Loc = tuple[Any, ...]


class SourceError(Exception):
    """An error in a file written by a user, located as `FILE:LINE: message`."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass
class LocatedYaml:
    """Plain Python data from a YAML file plus the line (1-based) of every mapping key and item."""

    path: str
    data: Any
    lines: dict[Loc, int]

    def line_data(self, loc: Loc) -> Any:
        """The plain data at `loc` (a path of keys and indices)."""
        value = self.data
        for part in loc:
            value = value[part]
        return value

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest known prefix of `loc` (a pydantic error location)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


def _walk(node: Any, loc: Loc, lines: dict[Loc, int], path: str) -> None:
    import yaml

    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise SourceError(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            seen.add(key)
            lines[loc + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, loc + (key,), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines, path)


def load_located_yaml(text: str, path: str) -> LocatedYaml:
    """Parse `text` safely; a syntax error becomes a SourceError with its line.

    YAML is imported here: a run whose compiled rulebook is cached never parses any. libyaml's
    parser is eight times faster than PyYAML's Python one, with the same nodes and marks."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        line = min(mark.line + 1, text.count("\n") + 1) if mark else None  # libyaml may point past the end
        raise SourceError(path, line, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        raise SourceError(path, line, f"invalid YAML: character {exc.character!r} is not allowed") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, "invalid YAML: " + " ".join(str(exc).split())) from None
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines, path)
    return LocatedYaml(path=path, data=data, lines=lines)
