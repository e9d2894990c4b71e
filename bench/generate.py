"""Writes a large synthetic council: a complete report project for benchmarking reportgen.

    python bench/generate.py [--directorates 10] [--kpis 50] [--quarters 20] [--out DIR]

Every figure, name and sentence is made up (seeded, so the same arguments always write the
same bytes) and labelled as synthetic. The project has the shape of the repository's example:
reportgen.yaml, kpis.yaml, data/quarters/<QUARTER>/<directorate>.csv and budget.csv, and one
narrative per directorate with inline figures, a chart, a KPI table and the budget position.
It validates with no errors. The default folder, bench/.work/, is kept out of git.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

WORK = Path(__file__).resolve().parent / ".work"
LAST_QUARTER = "2019Q3"
SYNTHETIC = "SYNTHETIC BENCHMARK DATA: every name and figure here is generated, not real."

SECTIONS = ["Demand and access", "Quality and outcomes", "Timeliness", "Workforce",
            "Prevention and early help"]
SUBJECTS = ["residents supported at home", "assessments completed", "reviews held on time",
            "cases closed with outcomes met", "referrals from partner agencies",
            "complaints resolved at stage one", "visits completed within target",
            "households helped to stay independent", "plans agreed with families",
            "requests answered within ten working days"]
FILLER = [
    "Teams have kept up the improvements described in previous quarters, and the service "
    "plan for the rest of the year is on track.",
    "Demand rose again this quarter, mostly from people who had not been in contact with the "
    "council before, and staff have been moved between teams to meet it.",
    "Partners in health and the voluntary sector have agreed a shared set of measures, so "
    "the figures in this report will be easier to compare from next year.",
    "Several indicators are close to their targets, and small numbers of cases move them "
    "sharply; the trend over eight quarters is the better guide.",
    "A review of the service's processes found duplicated steps in recording, which have "
    "been removed, freeing time for direct work with residents.",
]
SERVICES = ["Front-line services", "Commissioned services", "Prevention and support",
            "Management and support"]


@dataclass
class Kpi:
    """One generated catalogue entry and its rules for making figures."""

    id: str
    title: str
    directorate: str
    section: str
    unit: str
    polarity: str
    measure: str
    decimals: int
    base: float
    target: dict[int, float] = field(default_factory=dict)
    tolerance: str | None = None
    derived: tuple[str, str] | None = None
    show: bool = True


@dataclass
class Council:
    """Where the generated project is and what a benchmark may edit in it."""

    root: Path
    quarter: str
    directorates: list[str]
    narrative: Path   # one directorate's narrative for the build quarter
    data_file: Path   # the same directorate's CSV for the build quarter
    kpis: int = 0


def quarters(last: str, count: int) -> list[str]:
    """The `count` quarter names ending with `last`, oldest first."""
    year, number = int(last[:4]), int(last[5])
    index = year * 4 + number - 1
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


def _catalogue(rng: random.Random, directorate: str, number: int, count: int,
               years: list[int]) -> list[Kpi]:
    """`count` KPIs for one directorate: a realistic mix of units, measures and targets."""
    kpis: list[Kpi] = []
    n = 0
    while len(kpis) < count:
        n += 1
        code = f"D{number:02d}-{n:03d}"
        section = SECTIONS[(n - 1) // 4 % len(SECTIONS)]
        subject = rng.choice(SUBJECTS)
        kind = n % 8
        if kind == 0 and count - len(kpis) >= 3:
            # A derived percentage from two flow counts kept out of the tables.
            denominator = Kpi(f"{code}-ALL", f"Number of {subject} (synthetic {code}, all)",
                              directorate, section, "count", "neutral", "flow", 0,
                              rng.uniform(80, 400), show=False)
            numerator = Kpi(f"{code}-MET", f"Number of {subject} meeting the standard "
                            f"(synthetic {code})", directorate, section, "count", "neutral",
                            "flow", 0, 0, show=False)
            target = float(rng.choice([75, 80, 85, 90]))
            kpis += [denominator, numerator, Kpi(
                code, f"Percentage of {subject} meeting the standard (synthetic {code})",
                directorate, section, "percent", "higher_is_better", "flow", 1, target,
                {y: target for y in years}, "5pp", (numerator.id, denominator.id))]
            continue
        if kind in (1, 5):
            target = round(rng.uniform(60, 92), 0)
            polarity = rng.choice(["higher_is_better", "lower_is_better"])
            if polarity == "lower_is_better":
                target = 100 - target
            kpis.append(Kpi(code, f"Percentage of {subject} (synthetic {code})", directorate,
                            section, "percent", polarity, "snapshot", 1, target,
                            {y: target for y in years}, "3pp"))
        elif kind == 2:
            target = round(rng.uniform(10, 60), 0)
            kpis.append(Kpi(code, f"Average days taken for {subject} (synthetic {code})",
                            directorate, section, "days", "lower_is_better", "snapshot", 1,
                            target, {y: target for y in years}, "10%"))
        elif kind == 3:
            kpis.append(Kpi(code, f"Number of {subject} in the quarter (synthetic {code})",
                            directorate, section, "count", "neutral", "flow", 0,
                            rng.uniform(50, 2000)))
        elif kind == 4:
            kpis.append(Kpi(code, f"Rate of {subject} per 10,000 population (synthetic {code})",
                            directorate, section, "rate_per_10k", "neutral", "snapshot", 1,
                            rng.uniform(20, 300)))
        elif kind == 6:
            kpis.append(Kpi(code, f"Number of {subject} at the end of the quarter "
                            f"(synthetic {code})", directorate, section, "count", "neutral",
                            "snapshot", 0, rng.uniform(100, 3000)))
        else:
            kpis.append(Kpi(code, f"Average weeks waited for {subject} (synthetic {code})",
                            directorate, section, "weeks", "neutral", "snapshot", 1,
                            rng.uniform(2, 30)))
    return kpis


def _yaml_catalogue(kpis: list[Kpi]) -> str:
    lines = [f"# {SYNTHETIC}", "# Written by bench/generate.py; regenerate rather than edit.", ""]
    for k in kpis:
        lines += [f"- id: {k.id}", f"  title: {k.title}", f"  directorate: {k.directorate}",
                  f"  section: {k.section}", f"  unit: {k.unit}", f"  polarity: {k.polarity}",
                  f"  measure: {k.measure}", f"  decimals: {k.decimals}"]
        if k.target:
            targets = ", ".join(f"{y}: {v:g}" for y, v in k.target.items())
            lines.append(f"  target: {{{targets}}}")
        if k.tolerance:
            lines.append(f"  tolerance: {k.tolerance}")
        if k.derived:
            lines.append(f"  derived: {{numerator: {k.derived[0]}, "
                         f"denominator: {k.derived[1]}, per: 100}}")
        if not k.show:
            lines.append("  show: false")
        lines += [f"  definition: Synthetic benchmark measure {k.id}; the figures are "
                  "generated at random.", "  source: bench/generate.py (synthetic)",
                  f"  owner: Synthetic Head of Service {k.directorate}", ""]
    return "\n".join(lines)


def _series(rng: random.Random, k: Kpi, length: int) -> list[float]:
    """A random walk around the KPI's base, kept within its unit's sensible range."""
    value, out = k.base, []
    for _ in range(length):
        value *= 1 + rng.uniform(-0.06, 0.06)
        if k.unit == "percent":
            value = min(max(value + rng.uniform(-3, 3), 1.0), 99.0)
        out.append(value)
    return out


def _figure(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _data(rng: random.Random, kpis: list[Kpi], names: list[str]) -> dict[str, dict[str, str]]:
    """Per quarter, per directorate: the CSV text."""
    rows: dict[str, dict[str, list[str]]] = {q: {} for q in names}
    by_id = {k.id: k for k in kpis}
    for k in kpis:
        if k.derived:
            continue
        if k.id.endswith("-MET"):
            continue  # written with its denominator below
        series = _series(rng, k, len(names))
        met = None
        if k.id.endswith("-ALL"):
            parent = by_id[k.id[:-4]]
            share = [min(max(parent.base + rng.uniform(-8, 8), 5), 100) / 100 for _ in names]
            met = [round(v) * s for v, s in zip(series, share, strict=True)]
        for i, quarter in enumerate(names):
            cells = rows[quarter].setdefault(k.directorate, [])
            missing = i < 2 and rng.random() < 0.01 and k.measure == "snapshot"
            value = "[x]" if missing else _figure(series[i], k.decimals)
            note = ""
            if i == len(names) - 1 and k.target and rng.random() < 0.3:
                note = ('"Synthetic note: performance is being reviewed with the service '
                        'manager, and an action plan is agreed for next quarter."')
            cells.append(f"{k.id},{value},{note}")
            if met is not None:
                cells.append(f"{k.id[:-4]}-MET,{round(met[i])},")
    return {q: {d: "kpi,value,note\n" + "\n".join(r) + "\n" for d, r in per.items()}
            for q, per in rows.items()}


def _budget(rng: random.Random, directorates: list[str], names: list[str]) -> dict[str, str]:
    budgets = {(d, s): rng.randrange(2_000_000, 40_000_000, 10_000)
               for d in directorates for s in SERVICES}
    drift = dict.fromkeys(budgets, 0.0)
    out = {}
    for quarter in names:
        lines = ["directorate,service,budget,projected_outturn"]
        for (d, s), budget in budgets.items():
            drift[d, s] += rng.uniform(-0.015, 0.02)
            lines.append(f"{d},{s},{budget},{round(budget * (1 + drift[d, s]), -4):.0f}")
        out[quarter] = "\n".join(lines) + "\n"
    return out


def _narrative(rng: random.Random, directorate: str, name: str, kpis: list[Kpi]) -> str:
    """A director's narrative quoting figures inline, as the example's narratives do."""
    shown = [k for k in kpis if k.show]
    quoted = shown[: min(len(shown), 24)]
    targeted = [k for k in shown if k.target]
    parts = ["---", f"title: {name}", "status: approved",
             f"approved_by: Synthetic Director of {name}", "approved_on: 2019-11-20", "---",
             f"<!-- {SYNTHETIC} -->", "", "## Key Areas of Progress", ""]
    for i, k in enumerate(quoted):
        if i and i % 6 == 0:
            parts += [rng.choice(FILLER), ""]
        parts.append(f"The figure for {k.title.split(' (')[0].lower()} was "
                     f'{{{{ kpi("{k.id}") }}}} this quarter, against '
                     f'{{{{ kpi("{k.id}").previous }}}} last quarter, a change of '
                     f'{{{{ kpi("{k.id}").change }}}}.')
        parts.append("")
    chart = next((k for k in shown if k.unit == "count"), shown[0])
    parts += ["## Directorate Challenges", "", rng.choice(FILLER), "",
              f'{{{{ chart("{chart.id}") }}}}', ""]
    for k in targeted:
        parts.append(f'- {k.title}: {{{{ kpi("{k.id}") }}}} against a target of '
                     f'{{{{ kpi("{k.id}").target }}}}, rated {{{{ kpi("{k.id}").rag }}}}.')
    parts += ["", f'{{{{ kpi_table(section="{SECTIONS[0]}") }}}}', "",
              "## Corrective Action", "", rng.choice(FILLER), "", rng.choice(FILLER), "",
              "## Budget Position", "",
              f'{name} reports a {{{{ budget("{directorate}") }}}}, against a budget of '
              f'{{{{ budget("{directorate}").budget }}}}. Put simply, '
              f'{{{{ budget("{directorate}").movement }}}}.', ""]
    return "\n".join(parts)


LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 60" role="img"
 aria-label="Synthetic Benchmark Council"><rect width="240" height="60" fill="#1d4f73"/>
<text x="120" y="38" font-size="20" fill="#fff" text-anchor="middle"
 font-family="sans-serif">SYNTHETIC</text></svg>
"""


def generate(out: Path, directorates: int = 10, kpis: int = 50, quarter_count: int = 20,
             seed: int = 2019, last: str = LAST_QUARTER) -> Council:
    """Write a synthetic council of `directorates` × `kpis` × `quarter_count` into `out`."""
    rng = random.Random(f"{seed}-{directorates}-{kpis}-{quarter_count}-{last}")
    if out.exists():
        shutil.rmtree(out)
    names = quarters(last, quarter_count)
    years = sorted({int(q[:4]) for q in names})
    ids = [f"dir{n:02d}" for n in range(1, directorates + 1)]
    titles = {d: f"Synthetic Directorate {n}" for n, d in enumerate(ids, 1)}
    catalogue: list[Kpi] = []
    for n, d in enumerate(ids, 1):
        catalogue += _catalogue(rng, d, n, kpis, years)
    (out / "branding").mkdir(parents=True)
    (out / "branding" / "logo.svg").write_text(LOGO)
    config = [f"# {SYNTHETIC}", f"# {directorates} directorates × {kpis} KPIs × "
              f"{quarter_count} quarters, seed {seed}; written by bench/generate.py.",
              "council: Synthetic Benchmark Council (generated data)",
              "fiscal_year_start_month: 4", "languages: [en]", "branding:",
              '  colour: "#1d4f73"', '  accent: "#8a1c4a"', "  logo: branding/logo.svg",
              "directorates:"]
    for d in ids:
        config += [f"  - id: {d}", f"    name: {titles[d]}",
                   f"    director: Synthetic Director of {titles[d]}"]
    (out / "reportgen.yaml").write_text("\n".join(config) + "\n")
    (out / "kpis.yaml").write_text(_yaml_catalogue(catalogue))
    data, budget = _data(rng, catalogue, names), _budget(rng, ids, names)
    for quarter in names:
        folder = out / "data" / "quarters" / quarter
        folder.mkdir(parents=True)
        for d, text in data[quarter].items():
            (folder / f"{d}.csv").write_text(text)
        (folder / "budget.csv").write_text(budget[quarter])
    narratives = out / "narratives" / last
    narratives.mkdir(parents=True)
    for d in ids:
        own = [k for k in catalogue if k.directorate == d]
        (narratives / f"{d}.md").write_text(_narrative(rng, d, titles[d], own))
    (out / "README.txt").write_text(f"{SYNTHETIC}\nRegenerate with bench/generate.py.\n")
    return Council(out, last, ids, narratives / f"{ids[0]}.md",
                   out / "data" / "quarters" / last / f"{ids[0]}.csv", len(catalogue))


def main() -> None:
    """Command line: write one synthetic council and say where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directorates", type=int, default=10)
    parser.add_argument("--kpis", type=int, default=50, help="KPIs per directorate")
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--out", type=Path, default=WORK / "council")
    args = parser.parse_args()
    council = generate(args.out, args.directorates, args.kpis, args.quarters, args.seed)
    print(f"Wrote {council.root}: {len(council.directorates)} directorates, {council.kpis} "
          f"KPIs, {args.quarters} quarters; build it with: reportgen build "
          f"-C {council.root} {council.quarter}")


if __name__ == "__main__":
    main()
