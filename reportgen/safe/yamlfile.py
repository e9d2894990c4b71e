"""YAML that remembers line numbers, so every problem can point at its line."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import Location, Problem, Problems, ReportError
from reportgen.safe.files import read_utf8
from reportgen.safe.sanitise import CONTROLS, control_name


class LineDict(dict[Any, Any]):
    """A mapping from YAML: `line` is where it starts, `lines[key]` where each key is."""

    line: int
    lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence from YAML: `line` is where it starts, `lines[i]` where each item is."""

    line: int
    lines: list[int]


MAX_DEPTH = 50  # levels of nested lists and mappings; settings need a handful
MAX_ALIAS_NODES = 100_000  # values that aliases (*name) may add beyond the file's own


_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} levels deep"
_DEEP_HINT = "check the brackets and indentation: settings need only a few levels"


def _too_deep(text: str, end: int) -> tuple[int, int] | None:
    """The line (from 0) and column (from 1) where brackets in `text[:end]` open more than
    MAX_DEPTH deep, if they do: a long run of [ or { that the YAML parser refuses by its own
    limit, in its own words, before the loader's bound is reached."""
    depth = 0
    for index, char in enumerate(text[:end + 1]):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, index)
                return line, index - (text.rfind("\n", 0, index) + 1) + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


class _Refused(Exception):
    """A YAML file the loader will not go on reading: a message, a hint and where."""

    def __init__(self, message: str, hint: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.hint, self.mark = message, hint, mark


try:  # libyaml scans and parses about seven times faster than PyYAML's Python reader
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Parsing(yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                   yaml.resolver.Resolver):
        """libyaml's parser under PyYAML's composer, so that the bounds below hold."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)
except ImportError:  # PyYAML built without libyaml: all in Python
    _Parsing = yaml.SafeLoader  # type: ignore[misc,assignment,unused-ignore]


class _Loader(_Parsing):
    """The safe loader, bounded: nesting, alias expansion and keys that cannot be keys.
    Nodes are composed in Python (here) whichever parser reads the text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.aliased = 0  # values added by aliases so far, each counted as often as it is used
        self.sizes: dict[int, int] = {}  # id(node) → values in it once its aliases are expanded

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: Any = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            if node is None or id(node) not in self.sizes:
                raise _Refused(f"the alias *{event.anchor} is used inside its own anchor",
                               "a value cannot contain itself: copy the values instead",
                               event.start_mark)
            self.aliased += self.sizes[id(node)]
            if self.aliased > MAX_ALIAS_NODES:
                raise _Refused(f"aliases (*name) expand to more than {MAX_ALIAS_NODES:,} values",
                               "write the values out instead of repeating aliases of aliases: "
                               "a few lines like this can otherwise fill the memory",
                               event.start_mark)
            return node
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(_DEEP, _DEEP_HINT, event.start_mark)
        node = super().compose_node(parent, index)
        self.depth -= 1
        if node is not None:
            self.sizes[id(node)] = 1 + sum([self.sizes[id(child)] for child in _children(node)])
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2017-02-30
            raise _Refused(f"cannot read the value '{_text(node)}': {exc}",
                           "correct the value, or put it in quotes to keep it as text",
                           node.start_mark) from None
        if isinstance(value, str) and (hidden := CONTROLS.search(value)):
            # an escape in double quotes ("\u202e") makes one the reader never saw
            raise _Refused(f"the value has an escaped control character "
                           f"({control_name(hidden[0])}), which does not print",
                           "delete the escape (a backslash code such as \\u202e) from the "
                           "text", node.start_mark)
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise _Refused("a list or mapping cannot be a key",
                               "write the key as plain text before the colon; a key starting "
                               "with '?', '[' or '{' is read as a list or mapping",
                               key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _text(node: yaml.Node) -> str:
    return str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else node.tag


_Loader.add_constructor(  # type: ignore[type-var]
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping
)
_Loader.add_constructor(  # type: ignore[type-var]
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence
)


def parse_yaml(text: str, display_path: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error, a YAML bomb or an impossible key or value becomes a
    ReportError at its line and column, never a traceback."""
    loader = None
    try:
        loader = _Loader(text)  # the reader checks the text already: inside the try
        return loader.get_single_data()
    except _Refused as exc:
        raise ReportError([Problem(_where(display_path, exc.mark, first_line), exc.message,
                                   exc.hint)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        deep = _too_deep(text, mark.index if mark is not None else len(text))
        if deep is not None:  # the parser's own limit met first: said as ours, at our bound
            line, column = deep
            raise ReportError([Problem(Location(display_path, line + first_line, column),
                                       _DEEP, _DEEP_HINT)]) from None
        what = exc.problem or exc.context or "invalid YAML"
        hint = "check the indentation, colons and quotes on this line and the one above"
        raise ReportError([Problem(_where(display_path, mark, first_line),
                                   f"YAML syntax error: {what}", hint)]) from None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + first_line
        raise ReportError.at(
            display_path, f"YAML cannot contain the control character U+{exc.character:04X}",
            "delete it: it usually comes from text pasted from another program", line,
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _where(display_path: str, mark: Any, first_line: int) -> Location:
    if mark is None:
        return Location(display_path)
    return Location(display_path, mark.line + first_line, mark.column + 1)


def load_yaml(path: Path, display_path: str, problems: Problems | None = None) -> Any:
    """Read and parse a YAML file (control characters are removed with a warning into
    `problems` when it is given; see `files.read_utf8`)."""
    return parse_yaml(read_utf8(path, display_path, problems=problems), display_path)


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
