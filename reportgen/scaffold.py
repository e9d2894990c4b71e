"""Starting things: a new report project, and the next quarter's files. Never overwrites."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path

from .catalogue import load_catalogue
from .config import load_config
from .data import load_data
from .errors import Problems
from .narrative import FRONT_MATTER
from .paths import NARRATIVE_DIR
from .project import Project
from .quarters import Quarter


@dataclass
class Scaffolded:
    """Files written, and files left alone because they already existed."""

    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def write(self, path: Path, text: str) -> None:
        if path.exists():
            self.kept.append(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.created.append(path)


def init_project(target: Path) -> Scaffolded:
    """A new report project in `target` with a small working example."""
    done = Scaffolded()
    with as_file(files("reportgen") / "skeleton") as skeleton:
        for source in sorted(p for p in skeleton.rglob("*") if p.is_file()):
            done.write(target / source.relative_to(skeleton), source.read_text(encoding="utf-8"))
    done.write(target / ".gitignore", "/output/\n")
    return done


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
    for directorate in project.config.directorates:
        rows = [k.id for k in project.catalogue.for_directorate(directorate.id, shown_only=False)
                if not k.derived]
        if rows:
            done.write(folder / f"{directorate.id}.csv",
                       "kpi,value,note\n" + "".join(f"{r},,\n" for r in rows))
    previous = project.dataset.budgets.get(quarter.previous, [])
    same_year = quarter.number > 1
    budget_rows = [f"{b.directorate},{_csv(b.service)},{b.budget if same_year else ''},\n"
                   for b in previous]
    if not budget_rows:
        budget_rows = [f"{d.id},,,\n" for d in project.config.directorates]
    done.write(folder / "budget.csv",
               "directorate,service,budget,projected_outturn\n" + "".join(budget_rows))
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
                   reset_to_draft(path.read_text(encoding="utf-8-sig")))


def _csv(text: str) -> str:
    return f'"{text}"' if "," in text or '"' in text else text
