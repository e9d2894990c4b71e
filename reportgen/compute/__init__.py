"""Computing every figure a report shows from the catalogue and the data, with no I/O:
`calculate.compute_quarter` gives the quarter's `QuarterResults` (each KPI's value, change,
RAG status and direction; each budget), `comparators` sets it beside England's or the
neighbours', `disclosure` gives the figures as published (small counts `[c]`),
`revisions` marks those since revised `[r]`, and `rounding` rounds half up as people do."""

from reportgen.compute.calculate import (
    BudgetResult,
    Direction,
    KpiResult,
    QuarterResults,
    Rag,
    Summary,
    compute_quarter,
)
from reportgen.compute.rounding import round_half_up

__all__ = [
    "BudgetResult", "Direction", "KpiResult", "QuarterResults", "Rag", "Summary",
    "compute_quarter", "round_half_up",
]
