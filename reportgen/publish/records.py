"""The publication record, published/QUARTER.json: every figure `build --publish` put in
front of the public, with the quarter it is for, the date, and the manifest's hash.

It is the one file a build writes outside output/, meant to be committed with the project:
a later report compares its figures with it and marks those since revised `[r]`. Only
published figures are in it: a confidential one is its `[c]`, never its value. It is
written beside its final place and renamed into it, so it is whole or not there."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportgen.compute.calculate import QuarterResults
from reportgen.errors import ReportError
from reportgen.paths import PUBLISHED_DIR
from reportgen.publish.digests import sha256


def record(results: QuarterResults, manifest: bytes, today: date,
           directorates: Collection[str]) -> bytes:
    """The record of what the quarter's reports for these directorates published."""
    figures: dict[tuple[str, str], dict[str, object]] = {}

    def add(kpi_id: str, quarter: object, value: Decimal | None, symbol: str | None) -> None:
        if value is None and not symbol:
            return
        figures.setdefault((kpi_id, str(quarter)), {
            "kpi": kpi_id, "quarter": str(quarter),
            "value": None if value is None else f"{value.normalize():f}",
            "symbol": symbol or ""})

    for r in results.kpis.values():
        if r.kpi.directorate not in directorates:
            continue
        add(r.kpi.id, r.period or r.quarter, r.value, r.symbol)
        for comparison in (r.previous, r.last_year):
            add(r.kpi.id, comparison.quarter, comparison.value, comparison.symbol)
        for quarter, value in () if r.summed else r.series:  # a quarter's figure only
            add(r.kpi.id, quarter, value, "[c]" if quarter in r.withheld else None)
    return dump({"quarter": str(results.quarter), "published_on": today.isoformat(),
                 "manifest_sha256": sha256(manifest), "figures": list(figures.values())})


def dump(body: dict[str, object]) -> bytes:
    """The record as JSON with one figure a line, so its diff in version control reads."""
    figures = body["figures"]
    assert isinstance(figures, list)
    head = json.dumps({**body, "figures": []}, indent=1, ensure_ascii=False)
    lines = ",\n  ".join(json.dumps(f, ensure_ascii=False) for f in figures)
    text = head.replace('"figures": []', f'"figures": [\n  {lines}\n ]' if lines
                        else '"figures": []')
    return (text + "\n").encode()


def write_record(root: Path, quarter: str, body: bytes) -> Path:
    """published/QUARTER.json, written whole or not at all; never through a link."""
    folder = root / PUBLISHED_DIR
    target = folder / f"{quarter}.json"
    display = f"{PUBLISHED_DIR}/{quarter}.json"
    if folder.is_symlink() or target.is_symlink():
        raise ReportError.at(display, "is a symbolic link: reportgen writes its publication "
                             "record only into a real folder", "replace the link with a folder")
    try:
        folder.mkdir(exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=".staging-", suffix=".json", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(body)
            os.replace(staging, target)
        finally:
            Path(staging).unlink(missing_ok=True)
    except OSError as exc:
        raise ReportError.at(display, f"cannot write the publication record "
                             f"({exc.strerror or exc})", "make sure published/ is a folder "
                             "you may write to") from None
    return target
