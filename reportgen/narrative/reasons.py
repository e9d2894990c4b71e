"""Why an indicator is where it is, in the director's own words: the first sentence of the
narrative that names it, and the one after it in the same paragraph or list item (where
the reason usually is), so the summary can put the reason beside the status.

The sentence is found in the markdown as written (where `{{ kpi("CS-LAC-01") }}` names the
indicator) and taken from the same place in the markdown as evaluated (where the figures
are filled in), so the reader sees the sentence as the report prints it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reportgen.narrative.reading import Narrative

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(*_]*[A-Z0-9£])")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_DECOR = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"^\s*(?:#|\||>|<|\{\{\s*(?:chart|kpi_table)\b|RGBLOCK\d+X\s*$)")


@dataclass(frozen=True)
class Reason:
    """Sentences of the narrative about an indicator, and the section they are in."""

    sentence: str  # as the report prints them, markdown marks removed
    anchor: str  # the id of the narrative section it is in: `section-directorate-challenges`
    section: str  # that section's heading


def reason(narrative: Narrative, kpi_id: str, title: str) -> Reason | None:
    """The first sentence of the narrative that names the indicator, by an expression for
    it or by its title; none when the narrative does not mention it."""
    calls = (f'kpi("{kpi_id}")', f"kpi('{kpi_id}')")
    wanted = title.lower()
    written = list(_units(narrative.source))
    shown = list(_units(narrative.text))
    if len(written) != len(shown):  # an expression made a paragraph: no safe pairing
        return None
    for (line, said), (_, printed) in zip(written, shown, strict=True):
        said_sentences, printed_sentences = _split(said), _split(printed)
        if len(said_sentences) != len(printed_sentences):
            continue
        for at, sentence in enumerate(said_sentences):
            if any(c in sentence for c in calls) or wanted in sentence.lower():
                heading = _heading(narrative, line + narrative.first_line - 1)
                return Reason(_plain(" ".join(printed_sentences[at:at + 2])), *heading)
    return None


def _units(markdown: str) -> Iterator[tuple[int, str]]:
    """Each paragraph and list item as one line of text, with the line it starts at
    (counted from 1); headings, tables, quotes, raw HTML and blocks are left out."""
    current: list[str] = []
    start = 0
    for number, line in enumerate([*markdown.splitlines(), ""], start=1):
        if not line.strip() or _ITEM.match(line) or _BLOCK.match(line):
            if current:
                yield start, " ".join(current)
            current = []
            if not line.strip() or _BLOCK.match(line):
                continue
            line = _ITEM.sub("", line)
        if not current:
            start = number
        current.append(line.strip())


def _split(unit: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(unit) if s.strip()]


def _plain(sentence: str) -> str:
    return _DECOR.sub("", _LINK.sub(r"\1", sentence)).strip()


def _heading(narrative: Narrative, line: int) -> tuple[str, str]:
    """The `##` section a file line is in: its anchor and heading."""
    found = [h for h in narrative.headings if h.level == 2 and h.line <= line]
    if not found:
        return "", ""
    return found[-1].id, found[-1].text
