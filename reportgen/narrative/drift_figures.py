"""The figures a report offers: each figure a directorate's narrative might state, with
the expression that writes it, for the drift lint to check typed numbers against."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.compute.calculate import KpiResult, QuarterResults
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.narrative.drift_words import stem, title_words
from reportgen.words.formatter import Formatter

# the lint reads the source language's narratives: figures as they are written there
fmt = Formatter(SOURCE_LANGUAGE)


@dataclass(frozen=True)
class Figure:
    """One figure a narrative might state, and the expression that writes it."""

    kpi_id: str  # the KPI's id, or the directorate's for its budget
    title: str
    label: str  # as the report writes it: "803", "7.4%", "£4.1m"
    value: Decimal
    expression: str  # 'kpi("CS-LAC-01")', 'kpi("CS-LAC-01").previous'
    words: tuple[str, ...]  # the title's telling words, stemmed
    unit: str = "count"  # the catalogue's unit; "pp" for a change in percentage points
    role: str = "value"  # value, previous, last_year, target, ytd, change, …
    any_word: bool = False  # one of `words` names it (budget words), not most of them


def figures_for(results: QuarterResults, directorate: str) -> tuple[Figure, ...]:
    """Every figure a directorate's narrative might state, from the quarter's results."""
    out: list[Figure] = []
    for result in results.kpis.values():
        if result.kpi.directorate == directorate:
            out.extend(_kpi_figures(result))
    budget = results.budgets.get(directorate)
    if budget is not None:
        words = tuple(stem(w) for w in ("budget", "overspend", "underspend", "outturn",
                                        "variance", "spend", "spending", "pressure"))
        call = f'budget("{directorate}")'
        total = budget.total

        def money(role: str, amount: Decimal | None, attribute: str) -> None:
            if amount is not None:
                out.append(Figure(directorate, f"{directorate} budget", fmt.money(abs(amount)),
                                  amount, f"{call}.{attribute}", words, "gbp", role, True))

        money("value", total.variance, "variance")  # what a budget sentence is mostly about
        money("budget", total.budget, "budget")
        money("outturn", total.outturn, "outturn")
        money("change", budget.movement, "movement")
        money("previous", budget.previous_variance, "movement")  # the phrase names it
        if total.variance_pct is not None:
            out.append(Figure(directorate, f"{directorate} budget",
                              f"{fmt.number(abs(total.variance_pct), 1)}%", total.variance_pct,
                              f"{call}.variance_pct", words, "percent", "variance_pct", True))
    return tuple(out)


def _kpi_figures(result: KpiResult) -> list[Figure]:
    kpi = result.kpi
    call, words = f'kpi("{kpi.id}")', title_words(kpi.title)
    out: list[Figure] = []

    def add(role: str, amount: Decimal | None, attribute: str,
            unit: str = "percent" if kpi.percentage else kpi.unit,
            label: str | None = None) -> None:
        if amount is not None:
            shown = label if label is not None else fmt.value(amount, kpi)
            out.append(Figure(kpi.id, kpi.title, shown, amount, call + attribute, words,
                              unit, role))

    add("value", result.value, "")
    add("previous", result.previous.value, ".previous")
    add("last_year", result.last_year.value, ".last_year")
    add("target", result.target, ".target")
    add("ytd", result.ytd, ".ytd")
    for role, comparison, attribute in (("change", result.previous, ".change_words"),
                                        ("change_last_year", result.last_year,
                                         ".last_year_words")):
        change = comparison.change
        if change is None:
            continue
        if kpi.percentage:
            add(role, change, attribute, "pp",
                f"{fmt.number(abs(change), kpi.places)} percentage points")
        else:
            add(role, change, attribute, label=fmt.value(abs(change), kpi))
        if comparison.change_pct is not None:
            add(role.replace("change", "change_pct"), comparison.change_pct, attribute,
                "percent", f"{fmt.number(abs(comparison.change_pct), 1)}%")
    return out
