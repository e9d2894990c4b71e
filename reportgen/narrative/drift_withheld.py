"""Confidential figures typed by hand: a number in a narrative that equals a figure
disclosure control withholds, in a sentence about that KPI, gives it away.

It is a warning while drafting and stops `build --publish`, at the number's line. The
sentence is paired with its KPIs as the drift lint pairs them (its id, an expression for
it, or enough of its title's words)."""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.compute.calculate import QuarterResults
from reportgen.errors import Location, Problem
from reportgen.narrative.drift import (
    _agrees,
    _Kpis,
    _mask,
    _mentioned,
    _sentences,
    _typed,
)
from reportgen.narrative.drift_figures import Figure, figures_for
from reportgen.narrative.drift_words import COMPATIBLE, NUMBER


def withheld_figures(data: QuarterResults, published: QuarterResults,
                     directorate: str) -> tuple[Figure, ...]:
    """The figures the data has and the published report does not: the withheld ones."""
    shown = {(f.kpi_id, f.role) for f in figures_for(published, directorate)}
    return tuple(f for f in figures_for(data, directorate)
                 if (f.kpi_id, f.role) not in shown and f.role != "target")


def lint_withheld(source: str, first_line: int, display: str, figures: Sequence[Figure],
                  withheld: Sequence[Figure]) -> list[Problem]:
    """A problem at each hand-typed number equal to a withheld figure of a KPI its
    sentence is about; `figures` are the published ones (they decide what a sentence
    names, as in the drift lint)."""
    if not withheld:
        return []
    masked = _mask(source, first_line)
    kpis = _Kpis.of([*figures, *withheld])
    problems = []
    for start, end in _sentences(source, masked):
        mentioned = _mentioned(source[start:end], kpis)
        plain = masked[start:end]
        for match in NUMBER.finditer(plain):
            typed = _typed(match, plain, start)
            if typed is None:
                continue
            hit = next((f for f in withheld if f.kpi_id in mentioned
                        and f.unit in COMPATIBLE[typed.kind] and _agrees(typed, f)), None)
            if hit is None:
                continue
            line = source.count("\n", 0, typed.start) + first_line
            column = typed.start - (source.rfind("\n", 0, typed.start) + 1) + 1
            problems.append(Problem(
                Location(display, line, column),
                f"{typed.text} gives away a confidential figure: {hit.kpi_id} is [c] "
                "(disclosure control withholds it in every table, chart and export)",
                f"remove the number, or write {{{{ {hit.expression} }}}}, which prints [c]",
                "warning", blocks_publish=True))
    return problems
