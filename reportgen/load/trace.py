"""How each source was read, sheet by sheet: what `reportgen sources` shows an officer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reportgen.quarters import Quarter


@dataclass
class SheetTrace:
    """One file (or one sheet of a workbook) of one source, as it was read."""

    source: int  # the line in reportgen.yaml where the source is declared
    file: str
    sheet: str | None = None
    header: int | None = None  # the header's row in the file; None when none was found
    columns: dict[str, str] = field(default_factory=dict)  # kpi/period/value/... → header
    quarters: set[Quarter] = field(default_factory=set)
    kpis: set[str] = field(default_factory=set)
    kept: int = 0  # rows that gave at least one figure
    figures: int = 0
    left_out: Counter[str] = field(default_factory=Counter)  # reason → rows

    def leave(self, reason: str) -> None:
        self.left_out[reason] += 1
