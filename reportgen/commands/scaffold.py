"""Starting things: a new report project, and the next quarter's files. Never overwrites."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import as_file, files
from pathlib import Path

from reportgen.errors import Problems, ReportError
from reportgen.load.catalogue import load_catalogue
from reportgen.load.config import load_config
from reportgen.load.feeds import expected_in, feeds
from reportgen.load.project import Project
from reportgen.load.quarter_data import load_data
from reportgen.narrative.front_matter import FRONT_MATTER
from reportgen.paths import CONFIG_FILE, NARRATIVE_DIR
from reportgen.quarters import Quarter
from reportgen.safe.files import read_utf8
from reportgen.safe.sanitise import defuse_cell


@dataclass
class Scaffolded:
    """Files written, and files left alone because they already existed."""

    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def write(self, path: Path, text: str) -> None:
        """Create the file, never replacing one: not one that appears while this runs (a
        colleague saving theirs), nor one a link names ("x" will not follow a link)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            self.kept.append(path)
            return
        self.created.append(path)


EMPTY_CONFIG = """\
# A report project. Every setting: docs/formats.md (run: reportgen docs formats).
council: Your Council
fiscal_year_start_month: 4      # 4 = UK financial years (April to March); 1 = calendar years
languages: [en]
directorates:
  - id: services                # the name of the data and narrative files
    name: Council Services
"""
EMPTY_CATALOGUE = """\
# The KPI catalogue: one entry per indicator (reportgen docs formats lists every key).
- id: EX-01
  title: An example measure (rename it, or replace it with your first KPI)
  directorate: services
  unit: count
  polarity: neutral
"""
EMPTY_NARRATIVE = """\
---
title: Council Services
status: draft
approved_by:
approved_on:
---
## Key Areas of Progress

Write the director's commentary here. Take figures from the data rather than
typing them: kpi("EX-01") between double curly brackets prints that KPI's value
(reportgen docs formats shows every figure a narrative can use).

## Directorate Challenges

"""


def refuse_existing(target: Path) -> None:
    """Stop when `target` is already a project or has files in it: init must not mix the
    example into someone's work. Hidden entries (.git) do not count."""
    if (target / CONFIG_FILE).exists():
        raise ReportError.at(CONFIG_FILE if target == Path(".") else
                             (target / CONFIG_FILE).as_posix(),
                             "this folder is already a report project",
                             "run reportgen init in a new folder, or pass --force to add only "
                             "the missing files (existing files are never overwritten)")
    if target.exists() and not target.is_dir():
        raise ReportError.at(target.as_posix(), "this is a file, not a folder",
                             "give reportgen init the name of a new folder")
    if target.is_dir() and any(not p.name.startswith(".") for p in target.iterdir()):
        raise ReportError.at(target.as_posix(), "the folder is not empty",
                             "run reportgen init in a new or empty folder, or pass --force "
                             "to write the project's files beside what is there (existing "
                             "files are never overwritten)")


def current_quarter(today: date, start_month: int = 4) -> Quarter:
    """The quarter `today` falls in, for a financial year starting in `start_month`."""
    months = (today.month - start_month) % 12
    year = today.year if today.month >= start_month else today.year - 1
    return Quarter(year, months // 3 + 1, start_month)


def init_project(target: Path, force: bool = False, empty: bool = False,
                 quarter: Quarter | None = None) -> Scaffolded:
    """A new report project in `target`: a small working example, or (`empty`) one
    directorate and one KPI to rename, for `quarter` (the current one by default).

    Refuses a folder that is a project or has files in it, unless `force`."""
    if not force:
        refuse_existing(target)
    done = Scaffolded()
    if empty:
        _empty_project(target, quarter or current_quarter(date.today()), done)
    else:
        with as_file(files("reportgen.commands") / "skeleton") as skeleton:
            for source in sorted(p for p in skeleton.rglob("*") if p.is_file()):
                done.write(target / source.relative_to(skeleton),
                           source.read_text(encoding="utf-8"))
    done.write(target / ".gitignore", "/output/\n")
    return done


def _empty_project(target: Path, quarter: Quarter, done: Scaffolded) -> None:
    done.write(target / CONFIG_FILE, EMPTY_CONFIG)
    done.write(target / "kpis.yaml", EMPTY_CATALOGUE)
    done.write(target / "data" / "quarters" / str(quarter) / "services.csv",
               data_template([("EX-01", "An example measure")]))
    done.write(target / NARRATIVE_DIR / str(quarter) / "services.md", EMPTY_NARRATIVE)
    with as_file(files("reportgen.commands") / "skeleton" / "templates" / "README.md") as readme:
        done.write(target / "templates" / "README.md", readme.read_text(encoding="utf-8"))


def reset_to_draft(text: str) -> str:
    """A narrative carried forward: status back to draft, approval cleared."""
    match = FRONT_MATTER.match(text)
    if not match:
        return f"---\nstatus: draft\n---\n{text}"
    front = re.sub(r"(?m)^status:.*$", "status: draft", match[2])
    front = re.sub(r"(?m)^(approved_by|approved_on):.*$", r"\1:", front)
    if not re.search(r"(?m)^status:", front):
        front += "status: draft\n"
    return match[1] + front + text[match.end(2):]


def new_quarter(root: Path, quarter_text: str) -> Scaffolded:
    """Start a quarter: data templates listing the expected KPIs, narratives carried forward."""
    problems = Problems()
    config = load_config(root, problems)
    catalogue = load_catalogue(root, config, problems)
    problems.raise_if_errors()
    assert config is not None
    # Problems in the data are for `validate` to report; a template can still be made.
    project = Project(root, config, catalogue, load_data(root, config, catalogue, Problems()))
    quarter = project.quarter(quarter_text)
    done = Scaffolded()
    folder = root / "data" / "quarters" / str(quarter)
    fed = feeds(project)
    todo: dict[str, list[str]] = {}
    for directorate in project.config.directorates:
        expected = [k for k in project.catalogue.for_directorate(directorate.id,
                                                                  shown_only=False)
                    if not k.derived and expected_in(k, quarter, project)]
        for kpi in (k for k in expected if k.id in fed):
            todo.setdefault(fed[kpi.id].todo(quarter), []).append(kpi.id)
        rows = [(k.id, k.title) for k in expected if k.id not in fed]
        if rows:
            done.write(folder / f"{directorate.id}.csv", data_template(rows))
    for action, kpi_ids in todo.items():
        done.notes.append(f"{', '.join(kpi_ids)} come{'s' if len(kpi_ids) == 1 else ''} from "
                          f"sources: {action}")
    previous = project.dataset.budgets.get(quarter.previous, [])
    same_year = quarter.number > 1
    budget_rows = [(b.directorate, b.service, b.budget if same_year else "", "")
                   for b in previous]
    if not budget_rows:
        budget_rows = [(d.id, "", "", "") for d in project.config.directorates]
    done.write(folder / "budget.csv",
               _csv([("directorate", "service", "budget", "projected_outturn"), *budget_rows]))
    _carry_narratives(root, quarter, done)
    return done


def _carry_narratives(root: Path, quarter: Quarter, done: Scaffolded) -> None:
    """The latest earlier quarter's narratives, as drafts to edit."""
    earlier = []
    for folder in (root / NARRATIVE_DIR).glob("*"):
        try:
            found = Quarter.parse(folder.name, quarter.start_month)
        except ValueError:
            continue
        if found < quarter and any(folder.glob("*.md")):
            earlier.append(found)
    if not earlier:
        done.notes.append("no earlier narratives to carry forward: write "
                          f"{NARRATIVE_DIR.as_posix()}/{quarter}/<directorate>.md")
        return
    source = root / NARRATIVE_DIR / str(max(earlier))
    done.notes.append(f"narratives carried forward from {max(earlier)} as drafts")
    for path in sorted(source.glob("*.md")):
        done.write(root / NARRATIVE_DIR / str(quarter) / path.name,
                   reset_to_draft(read_utf8(path, path.relative_to(root).as_posix(), root,
                                            Problems())))


def data_template(rows: list[tuple[str, str]]) -> str:
    """A quarter's data file to fill in: each KPI's id, then its title to say which it is.

    The title column is for the person filling it in; reportgen reads only kpi, value and
    note, so it is never published."""
    return _csv([("kpi", "value", "note", "title"),
                 *((kpi_id, "", "", title) for kpi_id, title in rows)])


def _csv(rows: Iterable[Sequence[object]]) -> str:
    """CSV text, each field quoted when it must be and never a formula to a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([defuse_cell(str(cell)) for cell in row] for row in rows)
    return out.getvalue()
