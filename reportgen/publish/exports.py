"""The exports of a build: every computed figure as kpis.csv, budget.csv and figures.json."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from reportgen.compute.calculate import CONFIDENTIAL, BudgetResult, KpiResult, QuarterResults
from reportgen.safe.sanitise import CONTROLS, defuse_cell


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def kpi_record(r: KpiResult) -> dict[str, Any]:
    """One KPI's computed figures as flat plain data."""
    k = r.kpi
    return {
        "quarter": str(r.quarter), "directorate": k.directorate, "kpi": k.id, "ref": k.ref or "",
        "title": k.title, "section": k.section, "unit": k.unit, "polarity": k.polarity,
        "measure": k.measure, "value": _num(r.value), "symbol": r.symbol or "",
        "year_to_date": _num(r.ytd), "year_to_date_symbol": CONFIDENTIAL if r.ytd_withheld else "",
        "previous_quarter": str(r.previous.quarter), "previous_value": _num(r.previous.value),
        "previous_symbol": r.previous.symbol or "",
        "change": _num(r.previous.change), "change_pct": _num(r.previous.change_pct),
        "direction": r.previous.direction.value,
        "last_year_quarter": str(r.last_year.quarter), "last_year_value": _num(r.last_year.value),
        "last_year_symbol": r.last_year.symbol or "",
        "change_last_year": _num(r.last_year.change),
        "change_pct_last_year": _num(r.last_year.change_pct),
        "direction_last_year": r.last_year.direction.value,
        **_revised(r),
        "target": _num(r.target), "rag": r.rag.value, "note": r.note, "shown": k.show,
        "frequency": k.frequency, "period": str(r.period or r.quarter),
        "period_label": r.period_label, "target_basis": r.target_basis,
        "annual_target": _num(r.annual_target),
        "parts": "; ".join(f"{name}: {value}" for name, value in r.parts),
        **{f"{c.name} {field}": value for c in r.comparators for field, value in (
            ("value", _num(c.value)), ("difference", _num(c.difference)),
            ("standing", c.standing.value))},
    }


def _revised(r: KpiResult) -> dict[str, Any]:
    """`revised_from`: the figure as an earlier report published it, where it differs now
    (for this quarter's value, the previous quarter's and last year's)."""
    was = {v.quarter: _num(v.revised_from) for v in r.revisions}
    return {"revised_from": was.get(r.period or r.quarter),
            "previous_revised_from": was.get(r.previous.quarter),
            "last_year_revised_from": was.get(r.last_year.quarter)}


def budget_records(b: BudgetResult) -> list[dict[str, Any]]:
    """A directorate's budget lines and total as flat plain data."""
    rows = []
    for figures, service in [*((s, s.name) for s in b.services), (b.total, "")]:
        rows.append({
            "quarter": str(b.quarter), "directorate": b.directorate, "service": service,
            "budget": _num(figures.budget), "projected_outturn": _num(figures.outturn),
            "variance": _num(figures.variance), "variance_pct": _num(figures.variance_pct),
            "previous_variance": _num(b.previous_variance) if not service else None,
            "movement": _num(b.movement) if not service else None,
        })
    return rows


def clean_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record with control characters removed from its text (numbers untouched)."""
    return {key: CONTROLS.sub("", value) if isinstance(value, str) else value
            for key, value in record.items()}


def csv_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record safe to open in a spreadsheet: text that would start a formula (= + - @)
    gets a leading quote (OWASP CSV injection); numbers stay numbers, so -12.5 is -12.5."""
    return {key: defuse_cell(value) if isinstance(value, str) else value
            for key, value in record.items()}


def exports(results: QuarterResults) -> dict[str, bytes]:
    """kpis.csv, budget.csv and figures.json: every computed figure, for other tools."""
    kpis = [clean_record(kpi_record(r)) for r in results.kpis.values()]
    budgets = [clean_record(row) for b in results.budgets.values() for row in budget_records(b)]
    summary = {"council": asdict(results.summary())}
    summary.update({d: asdict(results.summary(d)) for d in results.directorates})
    revisions = [{"kpi": r.kpi, "quarter": str(r.quarter), "value": _num(r.value),
                  "revised_from": _num(r.revised_from), "published_in": str(r.report)}
                 for r in results.revisions]
    figures = {"quarter": str(results.quarter), "summary": summary, "kpis": kpis,
               "budgets": budgets, "revisions": revisions}
    return {
        "kpis.csv": _csv(kpis), "budget.csv": _csv(budgets),
        "figures.json": (json.dumps(figures, indent=2, ensure_ascii=False) + "\n").encode(),
    }


def figures_csv(results: QuarterResults, directorate: str | None = None) -> bytes:
    """The figures a report shows (the council's, without `directorate`) as published,
    one row per indicator: what a report PDF carries as its attachment."""
    shown = [r for r in results.kpis.values() if r.kpi.show
             and (directorate is None or r.kpi.directorate == directorate)]
    return _csv([clean_record(kpi_record(r)) for r in shown])


def _csv(records: list[dict[str, Any]]) -> bytes:
    """The records as CSV, a column for every field any record has, in order of appearance."""
    columns = list(dict.fromkeys(key for record in records for key in record))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_record(r) for r in records)
    return out.getvalue().encode()
