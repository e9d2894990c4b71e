"""What a narrative may call: kpi(), budget(), chart() and kpi_table(), and nothing else.

Each returns formatted text, never raw numbers. A mistake does not stop the narrative:
it is recorded at the template line where it happened and a `[?]` stands in, so one
run reports every mistake in the file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from jinja2 import Environment, Template, TemplateSyntaxError
from markupsafe import Markup

from reportgen.compute.calculate import (
    CONFIDENTIAL,
    BudgetResult,
    Comparison,
    KpiResult,
    QuarterResults,
)
from reportgen.errors import closest
from reportgen.load.kpis import Catalogue
from reportgen.narrative.syntax import OPENED, QUOTE_LIKE
from reportgen.narrative.template_lines import template_frame
from reportgen.words.formatter import Formatter
from reportgen.words.sentences import Sentences

UNKNOWN = "[?]"
FUNCTIONS_HINT = "narratives may only use kpi(), budget(), chart() and kpi_table()"
LineProblem = tuple[int, str, str]  # a line of the narrative body, what is wrong, how to fix it
MAX_BLOCKS = 100  # charts and KPI tables one narrative may draw: each is laid out in full


def suggest_kpi(kpi_id: object, catalogue: Catalogue, directorate: str = "") -> str:
    """A hint for an unknown KPI id: the id as the catalogue writes it (`cs-lac-01` is
    CS-LAC-01), else the closest id, from the narrative's own directorate first."""
    if not isinstance(kpi_id, str):
        return "write the KPI's id in quotes, e.g. kpi(\"CS-LAC-01\")"
    own = [k for k, v in catalogue.kpis.items() if v.directorate == directorate]
    for pool in (own, list(catalogue.kpis)):
        found = closest(kpi_id, pool)
        if found is not None:
            return f"did you mean '{found}'?"
    return "copy the id from the KPI catalogue (kpis.yaml), or add the KPI there"


def syntax_hint(expression: str) -> str:
    """What most likely broke an expression Jinja could not read, and the fix."""
    curly = sorted({c for c in expression if c in QUOTE_LIKE})
    if curly:
        return (f"Word turned the quotes curly ({' '.join(curly)}): type straight quotes, "
                'e.g. kpi("CS-LAC-01")')
    if expression.count("(") != expression.count(")"):
        return "a bracket is not closed: each ( needs a )"
    if expression.count('"') % 2 or expression.count("'") % 2:
        return "a quote is not closed: each \" needs a closing \""
    return "check the {{ }} on this line: quotes and brackets must pair up"


def runtime_problem(exc: Exception) -> tuple[str, str]:
    """A failure while an expression ran, as a message and fix without Python's names."""
    if isinstance(exc, TypeError) and "not callable" in str(exc):
        return ("a figure is not a function", 'remove the brackets after it: '
                'kpi("CS-LAC-01").value, not kpi("CS-LAC-01").value()')
    return f"expression not allowed: {exc}", FUNCTIONS_HINT


def each_expression(text: str, env: Environment,
                    make: Callable[[], Expressions]) -> list[LineProblem]:
    """Every expression's problems, each `{{ }}` read and run on its own.

    Used when the narrative as a whole cannot be read: one missing `}` must not hide the
    problems of every other expression in the file."""
    found: list[LineProblem] = []
    for match in OPENED.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match[2] is None:
            written = match[0].split("\n", 1)[0].strip()
            found.append((line, f"'{_short(written)}' is not closed with }}}}",
                          "end the expression with }} on the same line"
                          + (f"; {syntax_hint(written)}" if syntax_hint(written) !=
                             syntax_hint("") else "")))
            continue
        calls = make()
        try:
            calls.template = env.from_string(match[0])
            calls.template.render(**calls.functions())
        except TemplateSyntaxError as exc:
            found.append((line + (exc.lineno or 1) - 1,
                          f"expression syntax error: {exc.message}", syntax_hint(match[0])))
            continue
        except Exception as exc:  # the expression is the user's own: its failure is theirs
            found.append((line, *runtime_problem(exc)))
            continue
        found.extend((line + at - 1, message, hint) for at, message, hint in calls.problems)
    return found


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _figures(cls: type) -> list[str]:
    """The figures a view offers: its public properties, in the order they are written."""
    return [name for name, value in vars(cls).items() if isinstance(value, property)]


def _no_such_figure(calls: Expressions, call: str, name: str, offered: list[str]) -> str:
    """An unknown attribute: named with the figures there are, never a Python class."""
    close = closest(name, offered)
    hint = (f"did you mean .{close}? " if close else "") + \
        f"the figures are: {', '.join('.' + n for n in offered)}"
    return calls.report(f"{call} has no figure '.{name}'", hint)


@dataclass(frozen=True)
class Figures:
    """What a narrative's expressions read: the quarter's figures as published and the
    catalogue, in the narrative's language; `quiet` names KPIs whose data already has an
    error this quarter."""

    results: QuarterResults
    catalogue: Catalogue
    formatter: Formatter
    quiet: frozenset[str] = frozenset()
    data: QuarterResults | None = None  # as the data has them, when disclosure control
    # withholds some: read only by the lint of confidential figures typed by hand


@dataclass(frozen=True)
class Drawing:
    """A chart or KPI table a narrative asked for; the theme draws it when the report is
    rendered, so reading a narrative needs no theme."""

    kind: Literal["chart", "kpi_table"]
    kpis: tuple[str, ...]
    caption: str = ""

    def token(self, index: int) -> str:
        """The placeholder that stands in the narrative's HTML until it is drawn."""
        return f"RGBLOCK{index}X"


class Expressions:
    """The functions given to a narrative, and the problems their calls ran into."""

    def __init__(self, results: QuarterResults, catalogue: Catalogue, f: Formatter,
                 quiet: frozenset[str] = frozenset(), directorate: str = "") -> None:
        self.results, self.catalogue, self.f, self.quiet = results, catalogue, f, quiet
        self.directorate = directorate  # whose narrative: its KPIs are suggested first
        self.template: Template | None = None
        self.problems: list[LineProblem] = []
        self.mentions: set[str] = set()
        self.placed: list[Drawing] = []
        self.too_many = False  # more than MAX_BLOCKS asked for (and said)

    def functions(self) -> dict[str, Any]:
        return {"kpi": self.kpi, "budget": self.budget, "chart": self.chart,
                "kpi_table": self.kpi_table}

    def report(self, message: str, hint: str) -> str:
        """Record a problem at the narrative line being rendered; returns the stand-in."""
        self.problems.append((self._line(), message, hint))
        return UNKNOWN

    def _line(self) -> int:
        found = template_frame(sys._getframe())
        if found is None or self.template is None:
            return 1
        return self.template.get_corresponding_lineno(found[1])

    def _result(self, kpi_id: object) -> KpiResult | None:
        if isinstance(kpi_id, str) and kpi_id in self.results.kpis:
            return self.results.kpis[kpi_id]
        # an incomplete catalogue, or an entry it rejected, already has an error of its own
        if self.catalogue.complete and kpi_id not in self.catalogue.rejected:
            self.report(f"unknown KPI '{kpi_id}'",
                        suggest_kpi(kpi_id, self.catalogue, self.directorate))
        return None

    def kpi(self, kpi_id: str) -> KpiView | Unknown:
        """A KPI's figures; using them counts as commenting on the KPI (a chart does not)."""
        result = self._result(kpi_id)
        if result is None:
            return Unknown()
        self.mentions.add(result.kpi.id)
        return KpiView(result, self)

    def budget(self, directorate: str) -> BudgetView | Unknown:
        if directorate in self.results.budgets:
            return BudgetView(self.results.budgets[directorate], self.f, self)
        known = [*self.results.directorates, *self.results.budgets]
        if directorate in known or not isinstance(directorate, str):
            self.report(f"no budget for '{directorate}' in {self.results.quarter}",
                        "add its rows to the quarter's budget.csv")
            return Unknown()
        close = closest(directorate, known)
        self.report(f"unknown directorate '{directorate}' in budget()",
                    f"did you mean '{close}'?" if close else
                    f"use a directorate id: {', '.join(dict.fromkeys(known))}")
        return Unknown()

    def _place(self, drawing: Drawing) -> Markup:
        if len(self.placed) >= MAX_BLOCKS:  # said once, at the first block too many
            if not self.too_many:
                self.too_many = True
                self.report(f"the narrative draws more than {MAX_BLOCKS} charts and KPI "
                            "tables", "a report needs only a few: draw each KPI's chart once, "
                            "and use kpi_table() for a section's KPIs together")
            return Markup(UNKNOWN)
        self.placed.append(drawing)
        # the bare token keeps every line where it was, so markdown problems are located;
        # the theme lifts a block out of any paragraph it lands in
        return Markup(drawing.token(len(self.placed) - 1))

    def chart(self, kpi_id: str) -> Markup:
        result = self._result(kpi_id)
        if result is None:
            return Markup(UNKNOWN)
        return self._place(Drawing("chart", (result.kpi.id,)))

    def kpi_table(self, section: str | None = None, directorate: str | None = None) -> Markup:
        shown = [r for r in self.results.kpis.values() if r.kpi.show]
        if directorate is None and section in {r.kpi.directorate for r in shown}:
            directorate, section = section, None
        chosen = [r for r in shown if (section is None or r.kpi.section == section)
                  and (directorate is None or r.kpi.directorate == directorate)]
        if not chosen:
            sections = sorted({r.kpi.section for r in shown})
            return Markup(self.report(f"no KPIs in section '{section or directorate}'",
                                      f"use one of: {', '.join(sections)}"))
        return self._place(Drawing("kpi_table", tuple(r.kpi.id for r in chosen),
                                 section or directorate or ""))


class Unknown:
    """Stands in for an unknown KPI or budget: every figure is `[?]` (already reported)."""

    def __str__(self) -> str:
        return UNKNOWN

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return UNKNOWN


class KpiView:
    """What `kpi("ID")` gives a narrative."""

    def __init__(self, result: KpiResult, calls: Expressions) -> None:
        self._r, self._calls, self._f = result, calls, calls.f

    def _missing(self, what: str, symbol: str | None = None) -> str:
        """A figure the sentence needs is missing: say so at the narrative's line."""
        if self._r.kpi.id in self._calls.quiet:
            return UNKNOWN  # its data row has an error of its own
        return self._calls.report(
            f"{self._r.kpi.id} has no {what} for {self._r.quarter} "
            f"({self._f.missing(symbol)})",
            "add the figure to the quarter's data, or reword the sentence without it")

    def _figure(self, amount: Decimal | None, symbol: str | None, what: str) -> str:
        if amount is None and symbol != CONFIDENTIAL:  # a confidential figure prints [c]
            return self._missing(what, symbol)
        return self._f.figure(amount, symbol, self._r.kpi)

    def _change(self, comparison: Comparison, what: str) -> str:
        if comparison.change is None and not comparison.withheld:
            return self._missing(what)
        return self._f.change(comparison, self._r.kpi)

    def __str__(self) -> str:
        return self.value

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return _no_such_figure(self._calls, f'kpi("{self._r.kpi.id}")', name,
                               _figures(KpiView))

    @property
    def value(self) -> str:
        return self._figure(self._r.value, self._r.symbol, "value")

    @property
    def previous(self) -> str:
        p = self._r.previous
        return self._figure(p.value, p.symbol, f"value in {p.quarter}")

    @property
    def last_year(self) -> str:
        p = self._r.last_year
        return self._figure(p.value, p.symbol, f"value in {p.quarter}")

    @property
    def change(self) -> str:
        return self._change(self._r.previous, "change on last quarter")

    @property
    def change_last_year(self) -> str:
        return self._change(self._r.last_year, "change on last year")

    @property
    def change_words(self) -> str:
        """`rose by 19 (2.4%)`: words that cannot contradict the figure."""
        if self._r.previous.change is None and not self._r.previous.withheld:
            return self._missing("change on last quarter")
        return self._f.change_words(self._r.previous, self._r.kpi)

    @property
    def last_year_words(self) -> str:
        """`rose by 42 (5.5%)`, against the same quarter last year."""
        if self._r.last_year.change is None and not self._r.last_year.withheld:
            return self._missing("change on last year")
        return self._f.change_words(self._r.last_year, self._r.kpi)

    @property
    def target(self) -> str:
        if self._r.target is None:
            return self._calls.report(f"{self._r.kpi.id} has no target for {self._r.quarter}",
                                      "add a target in kpis.yaml, or reword the sentence")
        return self._f.value(self._r.target, self._r.kpi)

    @property
    def ytd(self) -> str:
        if self._r.ytd_withheld:
            return CONFIDENTIAL
        if self._r.ytd is None:
            return self._missing("year-to-date figure")
        return self._f.value(self._r.ytd, self._r.kpi)

    @property
    def rag(self) -> str:
        return self._f.rag(self._r.rag)

    @property
    def direction(self) -> str:
        return self._f.direction_words(self._r.previous.direction)

    @property
    def direction_last_year(self) -> str:
        return self._f.direction_words(self._r.last_year.direction)

    @property
    def title(self) -> str:
        return self._r.kpi.title

    @property
    def period_label(self) -> str:
        """The period the value is for: an annual KPI's year (`2016/17`), else the quarter."""
        if self._r.annual:
            return self._r.period_label
        return self._f.quarter(self._r.quarter)


class BudgetView:
    """What `budget("directorate")` gives a narrative."""

    def __init__(self, result: BudgetResult, f: Formatter, calls: Expressions) -> None:
        self._r, self._f, self._calls = result, f, calls
        self._s = Sentences(f)

    def __str__(self) -> str:
        return self._s.variance_phrase(self._r)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return _no_such_figure(self._calls, f'budget("{self._r.directorate}")', name,
                               _figures(BudgetView))

    @property
    def variance(self) -> str:
        return self._f.money(self._r.total.variance)

    @property
    def variance_pct(self) -> str:
        return self._f.share(self._r.total.variance_pct)

    @property
    def budget(self) -> str:
        return self._f.money(self._r.total.budget)

    @property
    def outturn(self) -> str:
        return self._f.money(self._r.total.outturn)

    @property
    def position(self) -> str:
        return self._s.position(self._r.total.variance)

    @property
    def movement(self) -> str:
        return self._s.movement_phrase(self._r)

    @property
    def month(self) -> int:
        return self._r.quarter.budget_month
