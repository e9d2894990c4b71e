"""Publication records: `published/QUARTER.json`, what `build --publish` published.

Each record lists every figure the report published, with the quarter it is for; a later
report compares its figures with them (compute.revisions). Only records of reports up to
the quarter being built apply: a report is never revised against a later one."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from reportgen.errors import Problems, ReportError
from reportgen.load.dataset import Record
from reportgen.paths import PUBLISHED_DIR
from reportgen.quarters import Quarter
from reportgen.safe.files import read_utf8

HINT = ("the file is written by 'reportgen build QUARTER --publish': restore it from "
        "version control, or delete it and publish that quarter again")


def read_publications(root: Path, quarter: Quarter,
                      problems: Problems) -> dict[tuple[str, Quarter], Record]:
    """The latest published figure of each KPI and quarter, from the records of the reports
    up to `quarter`."""
    folder = root / PUBLISHED_DIR
    records: dict[tuple[str, Quarter], Record] = {}
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            report = Quarter.parse(path.stem, quarter.start_month)
        except ValueError:
            continue  # not a record: an officer's own file
        if report <= quarter:
            found.append((report, path))
    for report, path in sorted(found):
        display = f"{PUBLISHED_DIR}/{path.name}"
        try:
            records.update(_records(path, display, report, problems))
        except ReportError as exc:
            problems.extend(exc.problems)
    return records


def _records(path: Path, display: str, report: Quarter,
             problems: Problems) -> dict[tuple[str, Quarter], Record]:
    try:
        data = json.loads(read_utf8(path, display, problems=problems))
        figures = data["figures"]
        out = {}
        for item in figures:
            value = item.get("value")
            quarter = Quarter.parse(item["quarter"], report.start_month)
            out[(str(item["kpi"]), quarter)] = Record(
                None if value is None else Decimal(str(value)), item.get("symbol") or None,
                report)
        return out
    except (ValueError, KeyError, TypeError, AttributeError, InvalidOperation):
        raise ReportError.at(display, "is not a publication record reportgen can read",
                             HINT) from None
