"""YAML that remembers line numbers, so every problem can point at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Location, Problem, ReportError
from .files import read_utf8


class LineDict(dict[Any, Any]):
    """A mapping from YAML: `line` is where it starts, `lines[key]` where each key is."""

    line: int
    lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence from YAML: `line` is where it starts, `lines[i]` where each item is."""

    line: int
    lines: list[int]


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result


_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping
)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence
)


def parse_yaml(text: str, display_path: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error becomes a ReportError at its line and column."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display_path)
        if mark is not None:
            where = Location(display_path, mark.line + first_line, mark.column + 1)
        what = exc.problem or exc.context or "invalid YAML"
        hint = "check the indentation, colons and quotes on this line and the one above"
        raise ReportError([Problem(where, f"YAML syntax error: {what}", hint)]) from None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + first_line
        raise ReportError.at(
            display_path, f"YAML cannot contain the control character U+{exc.character:04X}",
            "delete it: it usually comes from text pasted from another program", line,
        ) from None


def load_yaml(path: Path, display_path: str) -> Any:
    """Read and parse a YAML file."""
    return parse_yaml(read_utf8(path, display_path), display_path)


def line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the item at `loc` (a pydantic error location) inside parsed YAML."""
    line = getattr(data, "line", None)
    for key in loc:
        if isinstance(data, LineDict) and key in data:  # noqa: SIM114 - narrowed for mypy
            line, data = data.lines[key], data[key]
        elif isinstance(data, LineList) and isinstance(key, int) and key < len(data):
            line, data = data.lines[key], data[key]
        else:
            break
    return line
