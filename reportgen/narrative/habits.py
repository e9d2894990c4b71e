"""Word habits in a narrative: what pasting from Word or Teams does to markdown, put right.

Each habit is a warning at its line with the fix, and where the intent is plain the
text is mended so the report is not mangled meanwhile: `•` bullets become list items,
curly quotes in `{{ }}` become straight ones, tab-indented items become list items,
and a `# ` heading becomes a section. A table pasted from Word (cells separated by tabs)
is named with the pipe table to write, but left as it is: a pipe table needs a line more.
Line numbers never change: every mend is within its line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.errors import Location, Problem
from reportgen.narrative.markup import Converted, convert
from reportgen.narrative.syntax import CURLY, EXPRESSION
from reportgen.safe.sanitise import CONTROLS, control_name

# Word's bullet characters, by list level (Symbol font's middle dot is a level-one bullet).
BULLETS = {"•": 0, "·": 0, "●": 0, "◦": 1, "○": 1, "▪": 2, "■": 2}
_BULLET = re.compile(r"^[ \t]*(?P<bullet>[•·●◦○▪■])[ \t\u00a0]+(?P<text>\S.*)$")
_DASH_BULLET = re.compile(r"^[ \t]*–[ \t\u00a0]+\S")
_TABBED_ITEM = re.compile(r"^(?P<tabs>\t+)(?P<item>(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$).*)$")
# An expression or a statement, never running into the next one.
_EXPRESSION_OR_STATEMENT = re.compile(EXPRESSION.pattern + r"|\{%(?:(?!\{%|%\}).)*%\}", re.S)
_ATX_H1 = re.compile(r"^( {0,3})#(?=[ \t]|$)")
_TAB_CELLS = re.compile(r"\S[ ]*\t+[ \t]*\S")  # a tab between two cells' text
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)]|[a-z][.)])[ \t]")  # `1.\tRecruit` is a list


@dataclass(frozen=True)
class Habits:
    """The source with Word habits mended, and a warning for each."""

    text: str
    problems: tuple[Problem, ...]


def word_habits(source: str, first_line: int, display: str) -> Habits:
    """Find and mend Word and Teams habits; every warning says how to write it instead."""
    problems: list[Problem] = []
    lines = source.split("\n")
    code = _code_lines(convert(source, first_line), first_line)
    _bullets(lines, code, first_line, display, problems)
    _control_references(lines, first_line, display, problems)
    text = _quotes("\n".join(lines), first_line, display, problems)
    lines = text.split("\n")
    parsed = convert(text, first_line)
    _tabbed_items(lines, parsed, code, first_line, display, problems)
    _top_headings(lines, parsed, first_line, display, problems)
    _tab_tables(lines, code, first_line, display, problems)
    return Habits("\n".join(lines), tuple(problems))


def _code_lines(parsed: Converted, first_line: int) -> set[int]:
    """Indexes of lines inside fenced code, where text is shown exactly as written.

    (Indented code is not spared: in a narrative it is a pasted list's tabs, not code.)"""
    return {line - first_line for block in parsed.blocks if block.kind == "fence"
            for line in range(block.line, block.end_line)}


def _bullets(lines: list[str], code: set[int], first_line: int, display: str,
             problems: list[Problem]) -> None:
    """Word's `•` bullets become `- ` items (nested by two spaces); `–` bullets are named."""
    level = -1
    for index, line in enumerate(lines):
        if index in code:
            continue
        match = _BULLET.match(line)
        if match is None:
            if line.strip():
                level = -1  # a list of Word bullets ends at the first line of text
            if _DASH_BULLET.match(line):
                problems.append(Problem(
                    Location(display, index + first_line),
                    "a line starts with an en dash '–', so it is not read as a list item",
                    "start each list item with a hyphen and a space: '- '", "warning"))
            continue
        bullet = match["bullet"]
        level = min(BULLETS[bullet], level + 1)
        lines[index] = "  " * level + "- " + match["text"]
        if _gap(lines, index):  # one warning for a list of them
            problems.append(Problem(
                Location(display, index + first_line),
                f"'{bullet}' bullets pasted from Word are not markdown; they are read as a "
                "list", "start each list item with a hyphen and a space: '- '", "warning"))


_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def _control_references(lines: list[str], first_line: int, display: str,
                        problems: list[Problem]) -> None:
    """A character reference (`&#x202E;`) to a control character is removed with a warning,
    as the character itself is when the file is read: markdown would turn it into one."""
    def control(match: re.Match[str]) -> str | None:
        code = int(match[1], 16) if match[1] else int(match[2])
        char = chr(code) if code < 0x110000 else ""
        return char if char and CONTROLS.match(char) else None

    for index, line in enumerate(lines):
        if "&#" not in line:
            continue
        found = [control_name(c) for m in _REFERENCE.finditer(line) if (c := control(m))]
        lines[index] = _REFERENCE.sub(lambda m: "" if control(m) else m[0], line)
        if found:
            problems.append(Problem(
                Location(display, index + first_line),
                f"removed a reference to a character that does not print "
                f"({', '.join(dict.fromkeys(found))})", "delete it from the file: a control "
                "character can reorder or hide the text around it", "warning"))


def _gap(lines: list[str], index: int) -> bool:
    """Whether the previous line with text is not one of the list's items."""
    for line in reversed(lines[:index]):
        if line.strip():
            return not line.lstrip().startswith("- ")
    return True


def _quotes(text: str, first_line: int, display: str, problems: list[Problem]) -> str:
    """Curly quotes inside `{{ }}` become straight ones, with a warning naming the fix."""

    def mend(match: re.Match[str]) -> str:
        written = match[0]
        fixed = straighten(written)
        if fixed != written:
            line = text.count("\n", 0, match.start()) + first_line
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            problems.append(Problem(
                Location(display, line, column),
                f"curly quotes in {_short(written)}: Word turned the straight quotes into "
                "curly ones, which expressions cannot read (they are read as straight quotes)",
                f"type straight quotes: {_short(fixed)}", "warning"))
        return fixed

    return _EXPRESSION_OR_STATEMENT.sub(mend, text)


def straighten(expression: str) -> str:
    """`kpi(“CS-LAC-01”)` → `kpi("CS-LAC-01")`; a curly apostrophe inside a straight-quoted
    string is text, and stays."""
    out: list[str] = []
    inside: str | None = None  # the quote that opened the current string
    for char in expression:
        if inside is None and char in CURLY:
            inside, char = "curly", '"'
        elif inside is None and char in "\"'":
            inside = char
        elif inside == "curly" and char in CURLY + '"':
            inside, char = None, '"'
        elif inside is not None and char == inside:
            inside = None
        out.append(char)
    return "".join(out)


def _short(expression: str) -> str:
    return expression if len(expression) <= 60 else expression[:57] + "…"


def _tabbed_items(lines: list[str], parsed: Converted, code: set[int], first_line: int,
                  display: str, problems: list[Problem]) -> None:
    """A tab before a list item makes it code or running text; two spaces a level mend it."""
    items = {b.line - first_line for b in parsed.blocks if b.kind == "list_item"}
    previous = -2
    for index, line in enumerate(lines):
        match = _TABBED_ITEM.match(line)
        if match is None or index in items or index in code:
            continue
        lines[index] = "  " * len(match["tabs"]) + match["item"]
        if index - previous > 1:  # one warning for a run of such items
            problems.append(Problem(
                Location(display, index + first_line),
                "a tab before a list item makes it running text or code, not a list item "
                "(it is read as a list item for now)",
                "indent list items with two spaces a level, not tabs", "warning"))
        previous = index


def _top_headings(lines: list[str], parsed: Converted, first_line: int, display: str,
                  problems: list[Problem]) -> None:
    """A `# ` heading would compete with the report's title: it becomes a `## ` section."""
    for heading in parsed.headings:
        if heading.level != 1:
            continue
        index = heading.line - first_line
        written = "'# '"
        if _ATX_H1.match(lines[index]):
            lines[index] = _ATX_H1.sub(r"\1##", lines[index], count=1)
        else:
            written = "underlining with '==='"  # underline with --- instead: a section
            under = index + 1
            while under < len(lines) and not lines[under].strip().startswith("="):
                under += 1
            if under < len(lines):
                lines[under] = lines[under].replace("=", "-")
        problems.append(Problem(
            Location(display, heading.line),
            f"{written} makes a top-level heading, but the report's title is the only one; "
            "it is shown as a section", "use '## ' for a section and '### ' within one",
            "warning"))


def _tab_tables(lines: list[str], code: set[int], first_line: int, display: str,
                problems: list[Problem]) -> None:
    """Rows of cells separated by tabs, as Word pastes a table: markdown runs them into one
    paragraph. One warning a table, giving its first row as the pipe table to write."""
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and end not in code and _TAB_CELLS.search(lines[end]) \
                and not _LIST_MARK.match(lines[end]):
            end += 1
        if end - index >= 2:
            cells = [c.strip() for c in re.split(r"\t+", lines[index].strip())]
            header = "| " + " | ".join(cells) + " |"
            rule = "|" + " --- |" * len(cells)
            problems.append(Problem(
                Location(display, index + first_line),
                f"these {end - index} lines look like a table pasted from Word (cells "
                "separated by tabs); markdown runs them together into one paragraph",
                f"write it as a pipe table, one line a row: '{_short(header)}', then "
                f"'{_short(rule)}', then a line like the first for each row "
                "(see reportgen docs writing)", "warning"))
        index = max(end, index + 1)
