"""Each KPI table's download: its figures as a CSV `data:` URI, as the table shows them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from urllib.parse import quote

from reportgen.compute.calculate import CONFIDENTIAL, Comparison, KpiResult
from reportgen.compute.rounding import round_half_up
from reportgen.safe.sanitise import defuse_cell
from reportgen.words.formatter import VALUE_MARKS, Formatter


def comparator_names(results: Sequence[KpiResult]) -> tuple[str, ...]:
    """Every comparator any of the results has, in the order they first appear."""
    return tuple(dict.fromkeys(c.name for r in results for c in r.comparators))


def table_csv(results: Sequence[KpiResult], f: Formatter) -> str:
    """A KPI table's figures as a CSV data: URI, so a reader can take them into a
    spreadsheet with no script on the page: plain numbers rounded as the table shows them
    (19.7 where it shows 19.7%), the unit in its own column, a flow's year to date beside
    its quarter (its target is to date), and the value as computed in a last column named
    so (19.6696696697)."""
    names = comparator_names(results)
    header = [f._("Indicator"), "ID", f._("Unit"), f._("Quarter"), f._("Value"),
              f._("Year to date"), f._("Previous quarter"), f._("Change"),
              f._("Same quarter last year"), f._("Change on last year"), f._("Target"),
              f._("Status"), *names, f._("Value, unrounded")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for r in results:
        standing = {c.name: c for c in r.comparators}
        def shown(value: Decimal | None, r: KpiResult = r) -> str:
            return "" if value is None else f"{round_half_up(value, r.kpi.places):f}"

        writer.writerow([defuse_cell(r.kpi.title), r.kpi.id, r.kpi.unit,
                         str(r.period or r.quarter), _marked(shown, r.value, r.symbol),
                         CONFIDENTIAL if r.ytd_withheld else shown(r.ytd),
                         _marked(shown, r.previous.value, r.previous.symbol),
                         _change(shown, r.previous),
                         _marked(shown, r.last_year.value, r.last_year.symbol),
                         _change(shown, r.last_year), shown(r.target), f.rag(r.rag),
                         *(shown(standing[n].value) if n in standing else "" for n in names),
                         _marked(_plain, r.value, r.symbol)])
    return "data:text/csv;charset=utf-8," + quote(out.getvalue())


def _marked(write: Callable[[Decimal | None], str], value: Decimal | None,
            symbol: str | None) -> str:
    """A figure with its GSS mark: `[c]` in place of a confidential one, `803 [p]`."""
    if value is None:
        return symbol or ""
    return f"{write(value)} {symbol}" if symbol in VALUE_MARKS else write(value)


def _change(write: Callable[[Decimal | None], str], comparison: Comparison) -> str:
    return CONFIDENTIAL if comparison.withheld else write(comparison.change)


def _plain(value: Decimal | None) -> str:
    """A figure for the download CSV: exact, but a computed mean to ten places at most
    (73.6666666667, not 28 digits)."""
    if value is None:
        return ""
    if value.as_tuple().exponent < -10:  # type: ignore[operator]
        value = round_half_up(value, 10)
    return f"{value.normalize():f}"
