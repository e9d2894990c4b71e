"""What a build writes: exports of every figure, the manifest, and the atomic hand-over."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import __version__
from .compute import BudgetResult, KpiResult, QuarterResults
from .errors import ReportError

OUTPUT_DIR = "output"


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def kpi_record(r: KpiResult) -> dict[str, Any]:
    """One KPI's computed figures as flat plain data."""
    k = r.kpi
    return {
        "quarter": str(r.quarter), "directorate": k.directorate, "kpi": k.id, "ref": k.ref or "",
        "title": k.title, "section": k.section, "unit": k.unit, "polarity": k.polarity,
        "measure": k.measure, "value": _num(r.value), "symbol": r.symbol or "",
        "year_to_date": _num(r.ytd),
        "previous_quarter": str(r.previous.quarter), "previous_value": _num(r.previous.value),
        "change": _num(r.previous.change), "change_pct": _num(r.previous.change_pct),
        "direction": r.previous.direction.value,
        "last_year_quarter": str(r.last_year.quarter), "last_year_value": _num(r.last_year.value),
        "change_last_year": _num(r.last_year.change),
        "change_pct_last_year": _num(r.last_year.change_pct),
        "direction_last_year": r.last_year.direction.value,
        "target": _num(r.target), "rag": r.rag.value, "note": r.note, "shown": k.show,
    }


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


def exports(results: QuarterResults) -> dict[str, bytes]:
    """kpis.csv, budget.csv and figures.json: every computed figure, for other tools."""
    import pandas as pd  # only a build writes exports: validate need not pay for pandas

    kpis = [kpi_record(r) for r in results.kpis.values()]
    budgets = [row for b in results.budgets.values() for row in budget_records(b)]
    summary = {"council": asdict(results.summary())}
    summary.update({d: asdict(results.summary(d)) for d in results.directorates})
    figures = {"quarter": str(results.quarter), "summary": summary, "kpis": kpis,
               "budgets": budgets}
    return {
        "kpis.csv": pd.DataFrame(kpis).to_csv(index=False, lineterminator="\n").encode(),
        "budget.csv": pd.DataFrame(budgets).to_csv(index=False, lineterminator="\n").encode(),
        "figures.json": (json.dumps(figures, indent=2, ensure_ascii=False) + "\n").encode(),
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def git_commit(root: Path) -> str | None:
    """The project's current commit, with '-dirty' if files differ from it; None outside git."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True, timeout=10).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--", ".", ":!output"],
                                cwd=root, capture_output=True, text=True, check=True,
                                timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{commit}-dirty" if status.strip() else commit


def manifest(root: Path, quarter: str, inputs: Iterable[Path],
             outputs: dict[str, bytes]) -> bytes:
    """The build's provenance: tool version, git commit, and the hash of every file."""
    data = {
        "tool": "reportgen", "version": __version__, "quarter": quarter,
        "git_commit": git_commit(root),
        "inputs": {p.relative_to(root).as_posix(): sha256(p.read_bytes())
                   for p in sorted(set(inputs)) if p.is_file()},
        "outputs": {name: sha256(body) for name, body in sorted(outputs.items())},
    }
    return (json.dumps(data, indent=2) + "\n").encode()


def publish(folder: Path, files: dict[str, bytes], display: str) -> list[Path]:
    """Write every file beside its final place, then rename each into place.

    Nothing is written until every output is ready, and a rename never leaves a
    half-written file, so a failed or interrupted build keeps what was published."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder.parent))
    except OSError as exc:
        raise ReportError.at(display, f"cannot write the outputs here "
                             f"({exc.strerror or exc})", "make sure output/ and output/QUARTER "
                             "are folders you may write to") from None
    try:
        for name, body in files.items():
            (staging / name).write_bytes(body)
        written = []
        for name in files:
            os.replace(staging / name, folder / name)
            written.append(folder / name)
        return written
    except OSError as exc:
        raise ReportError.at(display, f"cannot write the outputs here "
                             f"({exc.strerror or exc})", "free some disk space, or close the "
                             "report if another program has it open") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
