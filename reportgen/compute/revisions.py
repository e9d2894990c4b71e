"""Revisions: figures that differ from what an earlier report published for the same
quarter. Such a figure is marked `[r]` (the GSS symbol for revised), and every one is
listed, so a committee can see what changed since it last read the figures.

A publication record (`published/QUARTER.json`, written by `build --publish`) holds every
figure a report published and the quarter it is for. The figure a report shows now is
compared with the latest record of it, as both are shown (rounded to the KPI's places)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from reportgen.compute.calculate import Comparison, KpiResult, QuarterResults, Revision
from reportgen.compute.rounding import round_half_up
from reportgen.load.dataset import Record
from reportgen.quarters import Quarter

REVISED = "[r]"


Records = Mapping[tuple[str, Quarter], Record]


def revise(results: QuarterResults, records: Records) -> QuarterResults:
    """The results with each revised figure marked `[r]` and every revision listed."""
    if not records:
        return results
    found: list[Revision] = []

    def check(result: KpiResult, quarter: Quarter, value: Decimal | None) -> bool:
        record = records.get((result.kpi.id, quarter))
        if record is None or record.value is None or value is None:
            return False
        places = result.kpi.places
        if round_half_up(record.value, places) == round_half_up(value, places):
            return False
        if not any(r.kpi == result.kpi.id and r.quarter == quarter for r in found):
            found.append(Revision(result.kpi.id, quarter, value, record.value, record.report))
        return True

    def compared(result: KpiResult, comparison: Comparison) -> Comparison:
        if check(result, comparison.quarter, comparison.value):
            return replace(comparison, symbol=REVISED)
        return comparison

    kpis = {}
    for kpi_id, result in results.kpis.items():
        period = result.period or result.quarter
        marked = replace(result, previous=compared(result, result.previous),
                         last_year=compared(result, result.last_year))
        if check(result, period, result.value):
            marked = replace(marked, symbol=REVISED)
        points = () if result.summed else result.series  # the chart's, as recorded
        revised = frozenset(q for q, v in points if check(result, q, v))
        if revised:
            marked = replace(marked, revised=revised)
        mine = tuple(r for r in found if r.kpi == kpi_id)
        kpis[kpi_id] = replace(marked, revisions=mine) if mine else marked
    return replace(results, kpis=kpis, revisions=tuple(found))
