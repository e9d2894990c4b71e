"""How closely narratives' markdown follows CommonMark and GitHub: the pass rate on the
specifications' own examples, for the constructs directors use.

    python scripts/commonmark_conformance.py

Each example's markdown goes through `reportgen.markup.convert` (before sanitising), and
for comparison through the python-markdown set-up reports used before (toc, tables,
sane_lists, smarty). HTML is compared after the spec's usual normalising (whitespace
between blocks, attribute order, character references, a cell's alignment written as
`align` or as `style`). Two columns each:

- exact: the HTML must be what the spec gives;
- as meant: the deliberate differences are allowed, namely heading ids and typography
  (curly quotes, dashes, ellipses), which change no structure.
The examples are in tests/data/commonmark_examples.json, with their provenance."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import markdown

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportgen.narrative.markup import convert  # noqa: E402

EXAMPLES = REPO / "tests" / "data" / "commonmark_examples.json"
BLOCK_TAGS = {"p", "li", "ul", "ol", "blockquote", "hr", "pre", "table", "thead", "tbody",
              "tr", "th", "td", "div", "h1", "h2", "h3", "h4", "h5", "h6"}
TYPOGRAPHY = {"“": '"', "”": '"', "‘": "'", "’": "'", "—": "---", "–": "--", "…": "...",
              "«": "<<", "»": ">>"}


class _Events(HTMLParser):
    """HTML as a list of tags and text, for comparing documents that differ only in form."""

    def __init__(self, as_meant: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.as_meant = as_meant
        self.events: list[tuple[str, str]] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.as_meant and re.fullmatch(r"h[1-6]", tag):
            attrs = [(k, v) for k, v in attrs if k != "id"]
        if tag in ("th", "td"):  # align="left" and style="text-align: left" are one thing
            attrs = [("align", re.sub(r"text-align:|[\s;]", "", v or "")) if k == "style"
                     else (k, v) for k, v in attrs]
        text = " ".join(f'{k}="{escape(v or "")}"' for k, v in sorted(attrs))
        self.events.append(("start", f"{tag} {text}".strip()))
        self.pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        self.pre -= tag == "pre"

    def handle_data(self, data: str) -> None:
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
        if self.as_meant and not self.pre:
            for fancy, plain in TYPOGRAPHY.items():
                data = data.replace(fancy, plain)
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        self.events.append(("text", data))


def _is_block(event: tuple[str, str]) -> bool:
    return event[0] in ("start", "end") and event[1].split(" ")[0] in BLOCK_TAGS


def normalise(html: str, as_meant: bool) -> list[tuple[str, str]]:
    """The document's tags and text, with whitespace next to block tags dropped."""
    parser = _Events(as_meant)
    parser.feed(html)
    parser.close()
    events = parser.events
    out: list[tuple[str, str]] = []
    for index, event in enumerate(events):
        if event[0] == "text":
            text = event[1]
            if index == 0 or _is_block(events[index - 1]):
                text = text.lstrip(" ") if "\n" not in text.strip(" ") else text
            if index + 1 == len(events) or _is_block(events[index + 1]):
                text = text.rstrip(" ") if "\n" not in text.strip(" ") else text
            if not text.strip() and (index == 0 or _is_block(events[index - 1])):
                continue
            event = ("text", text)
        out.append(event)
    return out


def python_markdown(source: str) -> str:
    """The converter reports used before, set up as they had it."""
    converter = markdown.Markdown(extensions=["toc", "tables", "sane_lists", "smarty"])
    return converter.convert(source)


def reportgen_markup(source: str) -> str:
    return convert(source).html


@dataclass
class Tally:
    total: int = 0
    exact: int = 0
    as_meant: int = 0


def run(converter: Callable[[str], str], examples: list[dict[str, object]]) -> dict[str, Tally]:
    """Pass counts by section, and under 'overall'."""
    tallies: dict[str, Tally] = {}
    for example in examples:
        html = converter(str(example["markdown"]))
        expected = str(example["html"])
        for key in (str(example["section"]), "overall"):
            tally = tallies.setdefault(key, Tally())
            tally.total += 1
            tally.exact += normalise(html, False) == normalise(expected, False)
            tally.as_meant += normalise(html, True) == normalise(expected, True)
    return tallies


def _rate(part: int, whole: int) -> str:
    return f"{part:>3}/{whole:<3} {100 * part / whole:5.1f}%"


def main() -> None:
    data = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    examples = data["examples"]
    ours, before = run(reportgen_markup, examples), run(python_markdown, examples)
    print("section                        | markup.convert: exact | as meant      "
          "| python-markdown: exact | as meant")
    for section in [*dict.fromkeys(str(e["section"]) for e in examples), "overall"]:
        a, b = ours[section], before[section]
        print(f"{section:<30} | {_rate(a.exact, a.total)} | {_rate(a.as_meant, a.total)} "
              f"| {_rate(b.exact, b.total)} | {_rate(b.as_meant, b.total)}")


if __name__ == "__main__":
    main()
