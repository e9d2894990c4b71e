"""What a narrative may call: kpi(), budget(), chart() and kpi_table(), and nothing else.

Each returns formatted text, never raw numbers. A mistake does not stop the narrative:
it is recorded at the template line where it happened and a `[?]` stands in, so one
run reports every mistake in the file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from . import formatting as fmt
from .catalogue import Catalogue
from .compute import BudgetResult, KpiResult, QuarterResults

TEMPLATE_NAME = "<template>"  # the file name Jinja gives a template made from a string
UNKNOWN = "[?]"
MISSING = ("not available", "confidential", "not applicable", "low reliability")


@dataclass(frozen=True)
class Blocks:
    """How the theme renders the blocks a narrative can ask for."""

    chart: Callable[[KpiResult], str]
    kpi_table: Callable[[list[KpiResult], str], str]


class Expressions:
    """The functions given to a narrative, and the problems their calls ran into."""

    def __init__(self, results: QuarterResults, catalogue: Catalogue, blocks: Blocks,
                 quiet: frozenset[str] = frozenset()) -> None:
        self.results, self.catalogue, self.blocks, self.quiet = results, catalogue, blocks, quiet
        self.template: Template | None = None
        self.problems: list[tuple[int, str, str]] = []
        self.mentions: set[str] = set()
        self.placed: list[str] = []

    def functions(self) -> dict[str, Any]:
        return {"kpi": self.kpi, "budget": self.budget, "chart": self.chart,
                "kpi_table": self.kpi_table}

    def report(self, message: str, hint: str) -> str:
        """Record a problem at the narrative line being rendered; returns the stand-in."""
        self.problems.append((self._line(), message, hint))
        return UNKNOWN

    def _line(self) -> int:
        frame = sys._getframe()
        while frame is not None:
            if frame.f_code.co_filename == TEMPLATE_NAME and self.template is not None:
                return self.template.get_corresponding_lineno(frame.f_lineno)
            frame = frame.f_back  # type: ignore[assignment]
        return 1

    def _result(self, kpi_id: object) -> KpiResult | None:
        if isinstance(kpi_id, str) and kpi_id in self.results.kpis:
            return self.results.kpis[kpi_id]
        if self.catalogue.complete:  # else the catalogue's own error explains it
            self.report(f"unknown KPI '{kpi_id}'", self.catalogue.suggest(str(kpi_id)))
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
            return BudgetView(self.results.budgets[directorate])
        self.report(f"no budget for '{directorate}' in {self.results.quarter}",
                    "add its rows to the quarter's budget.csv")
        return Unknown()

    def _place(self, html: str) -> Markup:
        self.placed.append(html)
        return Markup(f"\n\nRGBLOCK{len(self.placed) - 1}X\n\n")

    def chart(self, kpi_id: str) -> Markup:
        result = self._result(kpi_id)
        return Markup(UNKNOWN) if result is None else self._place(self.blocks.chart(result))

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
        return self._place(self.blocks.kpi_table(chosen, section or directorate or ""))


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
        self._r, self._calls = result, calls

    def _need(self, text: str, what: str) -> str:
        if text not in MISSING:
            return text
        if self._r.kpi.id in self._calls.quiet:
            return UNKNOWN  # its data row has an error of its own
        return self._calls.report(
            f"{self._r.kpi.id} has no {what} for {self._r.quarter} ({text})",
            "add the figure to the quarter's data, or reword the sentence without it")

    def __str__(self) -> str:
        return self.value

    @property
    def value(self) -> str:
        return self._need(fmt.figure(self._r.value, self._r.symbol, self._r.kpi), "value")

    @property
    def previous(self) -> str:
        p = self._r.previous
        return self._need(fmt.figure(p.value, p.symbol, self._r.kpi), f"value in {p.quarter}")

    @property
    def last_year(self) -> str:
        p = self._r.last_year
        return self._need(fmt.figure(p.value, p.symbol, self._r.kpi), f"value in {p.quarter}")

    @property
    def change(self) -> str:
        return self._need(fmt.change(self._r.previous, self._r.kpi), "change on last quarter")

    @property
    def change_last_year(self) -> str:
        return self._need(fmt.change(self._r.last_year, self._r.kpi), "change on last year")

    @property
    def target(self) -> str:
        if self._r.target is None:
            return self._calls.report(f"{self._r.kpi.id} has no target for {self._r.quarter}",
                                      "add a target in kpis.yaml, or reword the sentence")
        return fmt.value(self._r.target, self._r.kpi)

    @property
    def ytd(self) -> str:
        if self._r.ytd is None:
            return self._need("not available", "year-to-date figure")
        return fmt.value(self._r.ytd, self._r.kpi)

    @property
    def rag(self) -> str:
        return self._r.rag.label

    @property
    def direction(self) -> str:
        return self._r.previous.direction.label.lower()

    @property
    def direction_last_year(self) -> str:
        return self._r.last_year.direction.label.lower()

    @property
    def title(self) -> str:
        return self._r.kpi.title


class BudgetView:
    """What `budget("directorate")` gives a narrative."""

    def __init__(self, result: BudgetResult) -> None:
        self._r = result

    def __str__(self) -> str:
        return fmt.variance_phrase(self._r)

    @property
    def variance(self) -> str:
        return fmt.money(self._r.total.variance)

    @property
    def variance_pct(self) -> str:
        pct = self._r.total.variance_pct
        return "not available" if pct is None else f"{fmt.number(abs(pct), 1)}%"

    @property
    def budget(self) -> str:
        return fmt.money(self._r.total.budget)

    @property
    def outturn(self) -> str:
        return fmt.money(self._r.total.outturn)

    @property
    def position(self) -> str:
        return fmt.position(self._r.total.variance)

    @property
    def movement(self) -> str:
        return fmt.movement_phrase(self._r)

    @property
    def month(self) -> int:
        return self._r.quarter.budget_month
