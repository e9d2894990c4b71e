"""What a build writes: exports of every figure, the manifest, and the atomic hand-over."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.compute.calculate import BudgetResult, KpiResult, QuarterResults
from reportgen.errors import ReportError
from reportgen.paths import OUTPUT_DIR
from reportgen.safe.files import MAX_TEXT_BYTES, read_bytes
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
        "year_to_date": _num(r.ytd),
        "previous_quarter": str(r.previous.quarter), "previous_value": _num(r.previous.value),
        "change": _num(r.previous.change), "change_pct": _num(r.previous.change_pct),
        "direction": r.previous.direction.value,
        "last_year_quarter": str(r.last_year.quarter), "last_year_value": _num(r.last_year.value),
        "change_last_year": _num(r.last_year.change),
        "change_pct_last_year": _num(r.last_year.change_pct),
        "direction_last_year": r.last_year.direction.value,
        "target": _num(r.target), "rag": r.rag.value, "note": r.note, "shown": k.show,
        "frequency": k.frequency, "period": str(r.period or r.quarter),
        "period_label": r.period_label, "target_basis": r.target_basis,
        "annual_target": _num(r.annual_target),
        **{f"{c.name} {field}": value for c in r.comparators for field, value in (
            ("value", _num(c.value)), ("difference", _num(c.difference)),
            ("standing", c.standing.value))},
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
    figures = {"quarter": str(results.quarter), "summary": summary, "kpis": kpis,
               "budgets": budgets}
    return {
        "kpis.csv": _csv(kpis), "budget.csv": _csv(budgets),
        "figures.json": (json.dumps(figures, indent=2, ensure_ascii=False) + "\n").encode(),
    }


def _csv(records: list[dict[str, Any]]) -> bytes:
    """The records as CSV, a column for every field any record has, in order of appearance."""
    columns = list(dict.fromkeys(key for record in records for key in record))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_record(r) for r in records)
    return out.getvalue().encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def git_commit(root: Path) -> str | None:
    """The project's current commit, with '-dirty' if files differ from it; None outside git."""
    # core.fsmonitor names a program git runs: a project's git settings must not run anything
    git = ["git", "-c", "core.fsmonitor=false"]
    try:
        commit = subprocess.run([*git, "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True, timeout=10).stdout.strip()
        status = subprocess.run([*git, "status", "--porcelain", "--", ".", ":!output"],
                                cwd=root, capture_output=True, text=True, check=True,
                                timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{commit}-dirty" if status.strip() else commit


def manifest(root: Path, quarter: str, inputs: Iterable[Path], outputs: dict[str, bytes],
             keys: dict[str, str] | None = None, build_key: str | None = None,
             warnings: Iterable[str] = (),
             approvals: dict[str, dict[str, str | None]] | None = None) -> bytes:
    """The build's provenance: tool version, git commit, and the hash of every file.

    Inputs are read as every project file is (files.read_bytes): a link out of the project,
    a device or an oversized file is an error at that file, never hashed."""
    hashes = {}
    for path in sorted(set(inputs)):
        if path.is_file() or path.is_symlink():
            display = _display(root, path)
            hashes[display] = sha256(read_bytes(path, display, root))
    data = {
        "tool": "reportgen", "version": __version__, "quarter": quarter,
        "git_commit": git_commit(root),
        "inputs": hashes,
        "outputs": {name: sha256(body) for name, body in sorted(outputs.items())},
        "keys": dict(sorted((keys or {}).items())),  # what each PDF was typeset from
        "build_key": build_key,  # every input's bytes, with the build's settings
        "warnings": list(warnings),
        "approvals": approvals or {},  # each report's sign-off: status, by whom, when
    }
    return (json.dumps(data, indent=2) + "\n").encode()


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def publish(folder: Path, files: dict[str, bytes], display: str,
            unchanged: Collection[str] = ()) -> list[Path]:
    """Write every file beside its final place, then rename each into place, then remove the
    previous build's outputs that this build did not make. Files named in `unchanged` are
    already in place with these bytes, and are left as they are.

    Nothing is written until every output is ready, and a rename never leaves a half-written
    file, so a failed or interrupted build keeps what was published. Nothing is written
    through a symbolic link: if output/, output/QUARTER or a file in it is a link, the build
    stops before writing. Files no manifest ever listed (an officer's own notes) are left."""
    outputs = folder.parent
    _refuse_links(outputs, folder, display)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _refuse_links(outputs, folder, display)  # made since the check: still no links
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=outputs))
    except OSError as exc:
        raise ReportError.at(display, f"cannot write the outputs here "
                             f"({exc.strerror or exc})", "make sure output/ and output/QUARTER "
                             "are folders you may write to") from None
    stale = previous_outputs(folder) - set(files)
    changed = [name for name in files if name not in unchanged]  # the rest are in place
    try:
        for name in changed:
            (staging / name).write_bytes(files[name])
        written = []
        for name in changed:
            os.replace(staging / name, folder / name)
            written.append(folder / name)
        for name in sorted(stale):
            (folder / name).unlink(missing_ok=True)
        return written
    except OSError as exc:
        raise ReportError.at(display, f"cannot write the outputs here "
                             f"({exc.strerror or exc})", "free some disk space, or close the "
                             "report if another program has it open") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def previous_outputs(folder: Path) -> set[str]:
    """The files the last build's manifest.json lists as its outputs and that are still there:
    plain names of ordinary files in `folder` only, whatever the manifest says."""
    path = folder / "manifest.json"
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
            return set()
        listed = json.loads(path.read_bytes()).get("outputs", {})
    except (OSError, ValueError, AttributeError):
        return set()  # no readable manifest: nothing is known to be ours, so nothing goes
    names = {name for name in listed if isinstance(name, str) and _plain_name(name)}
    return {name for name in names
            if (folder / name).is_file() and not (folder / name).is_symlink()}


def _plain_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name \
        and "\0" not in name


def _refuse_links(outputs: Path, folder: Path, display: str) -> None:
    """A located error if the output folders, or anything in the quarter's, is a link."""
    for path, shown in ((outputs, OUTPUT_DIR), (folder, display)):
        if path.is_symlink():
            raise ReportError.at(shown, "is a symbolic link: reportgen writes only into real "
                                 "folders inside the project", f"delete the link {shown} "
                                 "(the build makes the folder)")
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.is_symlink():
                shown = f"{display}/{entry.name}"
                raise ReportError.at(shown, "is a symbolic link: reportgen never writes "
                                     "through a link", f"delete {shown}; the build writes the "
                                     "file itself")
