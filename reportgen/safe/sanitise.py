"""Text from outside: control characters out, nesting bounded, spreadsheet cells defused."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from reportgen.errors import Location, Problem, Severity

MAX_NESTING = 50  # quotes, list levels and HTML elements around one line; brackets in {{ }}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what makes a cell a formula

# C0 controls other than tab, newline and carriage return, DEL, and the C1 controls:
# none prints, and NUL, vertical tab, form feed or ESC pasted from Word break HTML, PDF and CSV.
# The bidirectional controls (embeddings and overrides U+202A-202E, isolates U+2066-2069, the
# left-to-right and right-to-left marks U+200E/F and the Arabic letter mark U+061C) print
# nothing either, but reorder what a reader sees: "Trojan source" text that reads one way
# and says another. A report in English and Welsh needs none of them.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
CONTROLS = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI}]")
_BIDI = re.compile(f"[{BIDI}]")
# Characters that take no space and print nothing, beside those above (Unicode's other
# format characters: zero-width space and joiners, the word joiner, a byte-order mark, the
# soft hyphen), as pasted from Word, a web page or e-mail; and the no-break spaces Word and
# Excel put in figures ('1 234'), which look like the space they are not
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\ufeff"
                       "\ufff9-\ufffb\u00a0\u2007\u202f]")
_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "ESC",
          "\x7f": "DEL", "\x08": "backspace", "\x07": "bell"}
_LIST_ITEM = re.compile(r"([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE_MARKERS = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
_OPENERS = "([{"
_BRACKETS = re.compile(r"[()\[\]{}]")
_EXPRESSION_START = re.compile(r"\{\{|\{%")


def control_name(char: str) -> str:
    """A control character as people can find it: `U+000C form feed`."""
    name = _NAMES.get(char) or unicodedata.name(char, "control character").lower()
    return f"U+{ord(char):04X} {name}"


def strip_controls(text: str, display: str, line: int = 1,
                   severity: Severity = "warning") -> tuple[str, list[Problem]]:
    """The text without control characters, and a problem at each line that had any: a
    warning that they were removed, or (severity "error") an error asking to delete them.

    `line` is the number of the text's first line in the file."""
    if not CONTROLS.search(text):
        return text, []
    problems = []
    for number, content in enumerate(text.split("\n"), start=line):
        found = CONTROLS.findall(content)
        if found:
            names = ", ".join(dict.fromkeys(control_name(c) for c in found))
            count = f"{len(found)} control characters that do" if len(found) > 1 else \
                "a control character that does"
            what = "removed" if severity == "warning" else "the line has"
            hint = ("they usually come from text pasted from Word or e-mail: delete them from "
                    "the file, and check the line reads as you meant")
            if any(_BIDI.match(c) for c in found):
                hint = ("a bidirectional control reorders the text around it, so the line may "
                        "say something other than it shows: delete it from the file, and check "
                        "the line in a plain text editor")
            problems.append(Problem(
                Location(display, number), f"{what} {count} not print ({names})", hint,
                severity))
    return CONTROLS.sub("", text), problems


# Full-width digits (typed with a Chinese, Japanese or Korean keyboard) look like 0-9 and are
# read as them; a digit of any other script is never read as a figure: Bengali ৪ is a 4
# drawn like an 8, and Python would read "৪03" as 403.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def foreign_digit(text: str) -> str | None:
    """The first digit in `text` that is not one of 0-9 (after full-width digits are read
    as theirs), described: `৪ (U+09EA Bengali digit four)`; None when there is none."""
    for char in text.translate(FULL_WIDTH_DIGITS):
        if not char.isascii() and (char.isdigit() or unicodedata.decimal(char, None) is not None):
            name = unicodedata.name(char, "digit").capitalize()
            return f"{char} (U+{ord(char):04X} {name[0]}{name[1:].lower()})"
    return None


_CONFLICT = re.compile(r"^(<{7}|={7}|\|{7}|>{7})(?:[ \t].*)?\r?$", re.M)


def conflict_markers(text: str, display: str) -> list[Problem]:
    """An error at each line of an unresolved git merge conflict: `<<<<<<< HEAD`, `=======`
    and `>>>>>>> branch` around two versions of the same lines, both of which would be
    published. A `=======` line is a markdown heading's underline too, so it counts only
    inside a conflict that a `<<<<<<<` line opens."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    problems, open_at = [], False
    for found in _CONFLICT.finditer(text):
        marker = found[1]
        if marker[0] == "<":
            open_at = True
        elif marker[0] in "=|" and not open_at:
            continue
        elif marker[0] == ">":
            open_at = False
        number = text.count("\n", 0, found.start()) + 1
        problems.append(conflict_problem(Location(display, number), marker))
    return problems


def conflict_marker(line: str) -> str | None:
    """The merge-conflict marker a line is (`<<<<<<<`, `=======`, …), or None."""
    found = _CONFLICT.match(line)
    return found[1] if found and found.end() == len(line) else None


def conflict_problem(where: Location, marker: str) -> Problem:
    return Problem(where, f"unresolved merge conflict: '{marker}' is a marker git left where "
                   "two people changed the same lines", "keep the version you mean, then "
                   "delete the other version and the <<<<<<<, ======= and >>>>>>> lines")


def visible(text: str) -> str:
    """The text with each control character shown as an escape (`\\x1b`), for a terminal,
    and each invisible one named by its code point (`'8<U+200B zero width space>03'`), so a
    message about a value pasted with one says why the value looks right and is not."""
    text = CONTROLS.sub(lambda found: f"\\x{ord(found[0]):02x}" if ord(found[0]) < 0x100
                        else f"\\u{ord(found[0]):04x}", text)
    return INVISIBLE.sub(lambda found: f"<{control_name(found[0])}>", text)


def defuse_cell(value: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (OWASP CSV injection).

    Text starting with = + - @ tab or carriage return gets a leading single quote, which
    Excel and LibreOffice show as text; call this on text fields only, never on numbers."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def check_nesting(text: str, display: str, first_line: int = 1) -> list[Problem]:
    """Errors where markdown nests deeper than MAX_NESTING, which would exhaust the recursion
    of the markdown reader or the PDF layout: one for the text, one per expression."""
    problems = []
    for number, depth in _block_depths(text, first_line):
        if depth > MAX_NESTING:
            problems.append(Problem(
                Location(display, number),
                f"this line is nested {depth} levels deep (quotes, list levels and HTML "
                f"elements), more than the {MAX_NESTING} a report can lay out",
                "flatten it: use fewer '>' quote marks, list levels or nested HTML tags"))
            break
    for number, depth in _expression_depths(text, first_line):
        problems.append(Problem(
            Location(display, number),
            f"the expression nests brackets {depth} deep, more than the {MAX_NESTING} allowed",
            "check the {{ }} on this line: an expression needs only a few brackets, "
            "e.g. {{ kpi(\"CS-LAC-01\").change }}"))
    return problems


def _block_depths(text: str, first_line: int) -> Iterator[tuple[int, int]]:
    """Each line's number and how deeply it is nested in quotes, lists and HTML elements."""
    items: list[int] = []  # the content column of each open list item
    html = 0
    after_blank = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        quotes, rest = _quotes(line)
        indent = len(rest) - len(rest.lstrip(" \t"))
        body = rest[indent:]
        if not body:
            after_blank = True
            yield number, quotes + len(items) + html
            continue
        item = _LIST_ITEM.match(body)
        if item or after_blank:
            while items and indent < items[-1]:
                items.pop()
        if item:
            items.append(indent + max(item.end(), len(item[1]) + 1))
        after_blank = False
        deepest = html
        for tag in _TAG.finditer(body):
            if tag[2].lower() in _VOID or tag[3]:
                continue
            html = max(0, html - 1) if tag[1] else html + 1
            deepest = max(deepest, html)
        yield number, quotes + len(items) + deepest


def _quotes(line: str) -> tuple[int, str]:
    """How many '>' quote markers start the line, and the rest of it."""
    markers = _QUOTE_MARKERS.match(line)
    assert markers is not None  # the pattern matches the empty string
    return markers[0].count(">"), line[markers.end():]


def _expression_depths(text: str, first_line: int) -> Iterator[tuple[int, int]]:
    """The line and bracket depth of each {{ }} or {% %} that nests too deeply."""
    end = counted = 0
    line = first_line
    for opened in _EXPRESSION_START.finditer(text):
        if opened.start() < end:
            continue  # inside the expression just read
        closer = "}}" if opened[0] == "{{" else "%}"
        end = text.find(closer, opened.end())
        end = len(text) if end < 0 else end  # unclosed: the parser would read to the end
        depth = deepest = 0
        for char in _BRACKETS.findall(text, opened.end(), end):
            if char in _OPENERS:
                depth += 1
                deepest = max(deepest, depth)
            else:
                depth = max(0, depth - 1)
        if deepest > MAX_NESTING:
            line += text.count("\n", counted, opened.start())  # counted once: linear
            counted = opened.start()
            yield line, deepest
