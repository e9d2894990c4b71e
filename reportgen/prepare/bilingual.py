"""Checks that a second language's reports match the English ones.

The Welsh Language Standards ask that a Welsh document be no less favourable than the
English and match it in content and layout. Each gap found here is a warning while a
report is drafted and an error under `build --publish` (`blocks_publish`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reportgen.errors import Location, Problem
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.narrative.expressions import UNKNOWN
from reportgen.narrative.markup import convert
from reportgen.narrative.reading import Narrative
from reportgen.narrative.syntax import EXPRESSION
from reportgen.paths import CONFIG_FILE, narrative_file
from reportgen.prepare.prepared import Prepared

NAMES = {"cy": "Welsh"}  # how a problem names the language


@dataclass(frozen=True)
class SectionExpressions:
    """A narrative's section (or the text before the first): where it starts and the
    expressions it uses, each written the same way however it was spaced or quoted."""

    line: int
    expressions: Counter[str]


def check_languages(prepared: Prepared) -> list[Problem]:
    """Every way a non-English report falls short of the English one."""
    problems: list[Problem] = []
    for language in prepared.languages:
        if language == SOURCE_LANGUAGE:
            continue
        problems += _names(prepared, language)
        problems += _kpis(prepared, language)
        for directorate in prepared.directorates:
            if prepared.read(directorate.id):
                problems += _narrative(prepared, directorate.id, language)
    return problems


def _warning(where: Location, message: str, hint: str) -> Problem:
    return Problem(where, message, hint, "warning", blocks_publish=True)


def _name(language: str) -> str:
    return NAMES.get(language, f"'{language}'")


def _names(prepared: Prepared, language: str) -> list[Problem]:
    """The council's and each directorate's name in the language."""
    config, key = prepared.project.config, f"_{language}"
    found = []
    if not getattr(config, f"council{key}", None):
        found.append(_warning(Location(CONFIG_FILE), f"the council has no {_name(language)} "
                              f"name (council{key})", f"add 'council{key}:' to {CONFIG_FILE}"))
    for directorate in prepared.directorates:
        if not getattr(directorate, f"name{key}", None):
            found.append(_warning(
                Location(CONFIG_FILE), f"directorate '{directorate.id}' has no "
                f"{_name(language)} name (name{key})",
                f"add 'name{key}:' under the directorate in {CONFIG_FILE}"))
    return found


def _kpis(prepared: Prepared, language: str) -> list[Problem]:
    """A KPI shown in a report needs its title and section in the language."""
    catalogue, key = prepared.project.catalogue, f"_{language}"
    reported = {d.id for d in prepared.directorates}
    found = []
    for kpi in catalogue.kpis.values():
        if not kpi.show or kpi.directorate not in reported:
            continue
        missing = [f"{n}{key}" for n in ("title", "section") if not getattr(kpi, f"{n}{key}")]
        if missing:
            found.append(_warning(
                catalogue.locations[kpi.id], f"{kpi.id} has no {_name(language)} "
                f"{' or '.join(missing)}, so the {_name(language)} report shows it in English",
                f"add {' and '.join(repr(m + ':') for m in missing)} to the KPI"))
    return found


def _narrative(prepared: Prepared, directorate: str, language: str) -> list[Problem]:
    """The narrative in the language: present, with the English one's sections and figures."""
    english = prepared.narrative(directorate, SOURCE_LANGUAGE)
    if english is None:
        return []  # neither report has a narrative: they match, and the English is warned
    other = prepared.narrative(directorate, language)
    expected = narrative_file(prepared.quarter, directorate, language).as_posix()
    if other is None:
        if (prepared.project.root / expected).exists():
            return []  # it exists but could not be read: its own error says why
        return [_warning(Location(expected), f"{english.path} has no {_name(language)} "
                         "version, so the report in that language has no narrative",
                         f"write {expected} with the same '## ' sections and figures")]
    if UNKNOWN in english.text or UNKNOWN in other.text:
        return []  # an expression failed: its own error says where, and comes first
    return _compare(english, other, parts(english), parts(other), language)


def _compare(english: Narrative, other: Narrative, ours: list[SectionExpressions],
             theirs: list[SectionExpressions], language: str) -> list[Problem]:
    """Same number of sections, and section by section the same figures."""
    if len(ours) != len(theirs):
        return [_warning(Location(other.path, theirs[-1].line if len(theirs) > 1 else 1),
                         f"the {_name(language)} narrative has {len(theirs) - 1} '## ' "
                         f"section(s), the English {english.path} has {len(ours) - 1}",
                         "give both versions the same sections in the same order")]
    found = []
    for number, (mine, yours) in enumerate(zip(ours, theirs, strict=True)):
        if mine.expressions == yours.expressions:
            continue
        where = "before the first section" if number == 0 else f"in section {number}"
        extra = sorted((yours.expressions - mine.expressions).elements())
        lacking = sorted((mine.expressions - yours.expressions).elements())
        said = "; ".join(filter(None, [
            f"not in the English: {', '.join(extra)}" if extra else "",
            f"missing: {', '.join(lacking)}" if lacking else ""]))
        found.append(_warning(
            Location(other.path, yours.line), f"the figures {where} of the {_name(language)} "
            f"narrative differ from the English {english.path} ({said})",
            "use the same {{ }} expressions in each section as the English version"))
    return found


def parts(narrative: Narrative) -> list[SectionExpressions]:
    """The narrative's text before its first section, then each section, as the report
    shows them: a section starts at each level-2 heading the markdown reader finds, so a
    heading underlined with `---`, and a `#` or `===` heading mended to a section, count."""
    headings = convert(narrative.source, narrative.first_line).headings
    starts = [heading.line for heading in headings if heading.level == 2]
    found = [SectionExpressions(narrative.first_line, Counter())]
    for number, line in enumerate(narrative.source.splitlines(), start=narrative.first_line):
        while starts and starts[0] <= number:
            found.append(SectionExpressions(starts.pop(0), Counter()))
        found[-1].expressions.update(expression(e) for e in EXPRESSION.findall(line))
    return found


def expression(text: str) -> str:
    """An expression written one way: no spaces around punctuation, double quotes
    (`kpi('A') .ytd` is `kpi("A").ytd`)."""
    spaced = re.sub(r"\s+", " ", text).strip().replace("'", '"')
    return re.sub(r" ?([()\[\].,=|]) ?", r"\1", spaced)
