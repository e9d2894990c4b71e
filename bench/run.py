"""Benchmarks reportgen on a large synthetic council and prints the figures as markdown tables.

    python bench/run.py                 10 directorates × 50 KPIs × 20 quarters (15–25 minutes)
    python bench/run.py --quick         3 × 10 × 12, to try it in about a minute
    python bench/run.py --example       the repository's example project
    options: --runs N (default 3), --skip scaling,engines, --json FILE

Every figure is the median of N runs of a whole fresh process (`python -m reportgen ...`
with this checkout's package first on the path), timed from start to exit. Peak memory is
the process's maximum resident set (getrusage through wait4); where reportgen may start
worker processes the summed proportional set size of the whole process tree is sampled too.
`build --force` and `build --jobs N` are used when `reportgen build --help` offers them;
rows that need them say n/a otherwise. The optional engines (pandoc, typst) come from
`pip install -e .[bench]`. Projects are written under bench/.work/, which git ignores.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.metadata
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from generate import Council, generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
ENGINES = BENCH / "engines.py"
PROJECT_FILES = ["reportgen.yaml", "kpis.yaml", "kpis", "data", "narratives", "templates",
                 "branding"]
CORES = os.cpu_count() or 1
NA = "n/a"
ENGINE_ROWS = ("weasyprint", "weasyprint-ua", "pandoc-html", "typst")


@dataclass
class Sample:
    """One timed run of a whole process."""

    seconds: float
    cpu: float  # user + system seconds of the process and the children it waited for
    rss_mb: float
    tree_mb: float | None
    load: float  # the machine's one-minute load average as the run ended
    stdout: str


@dataclass
class Row:
    """One measured line of a table: its runs, or why it was not measured."""

    name: str
    command: str
    samples: list[Sample] = field(default_factory=list)
    note: str = ""
    missing: str = ""

    @property
    def seconds(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.samples else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(s.cpu for s in self.samples) if self.samples else None

    @property
    def load(self) -> float | None:
        return max(s.load for s in self.samples) if self.samples else None

    @property
    def rss(self) -> float | None:
        return max(s.rss_mb for s in self.samples) if self.samples else None

    @property
    def tree(self) -> float | None:
        trees = [s.tree_mb for s in self.samples if s.tree_mb is not None]
        return max(trees) if trees else None

    def work(self, kind: str = "seconds") -> float | None:
        """The median seconds (or "cpu") an engine reported for its own work, after imports."""
        inner = [json.loads(s.stdout.strip().splitlines()[-1])[kind] for s in self.samples]
        return statistics.median(inner) if inner else None


class TreeSampler(threading.Thread):
    """Samples the summed memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.halt = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.halt.is_set():
            self.peak = max(self.peak, tree_memory(self.pid))
            self.halt.wait(self.interval)

    def stop(self) -> float:
        self.halt.set()
        self.join()
        return self.peak / 2**20


def descendants(root: int) -> list[int]:
    """`root` and every process below it, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(
                int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def tree_memory(root: int) -> int:
    """Bytes held by `root` and its descendants: proportional set size, so forks share fairly."""
    total = 0
    for pid in descendants(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            total += next(int(line.split()[1]) * 1024 for line in rollup.splitlines()
                          if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total


class Failed(Exception):
    """A measured command exited with an error."""


def run_once(command: list[str], cwd: Path, tree: bool = False) -> Sample:
    """Run `command` to completion; its wall time, peak memory and output."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid) if tree else None
        # Wait without reaping first: the sampler stops while the pid still cannot be reused.
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        seconds = time.perf_counter() - started
        tree_mb = sampler.stop() if sampler else None
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode:
        last = (stderr.strip() or stdout.strip() or "no output").splitlines()[-1]
        raise Failed(f"exit {proc.returncode}: {last[:200]}")
    load = float(Path("/proc/loadavg").read_text().split()[0])
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree_mb,
                  load, stdout)


def reportgen(*args: str) -> list[str]:
    """The command line for this checkout's reportgen."""
    return [sys.executable, "-m", "reportgen", *args]


def shown(command: list[str]) -> str:
    """A command as a reader would type it."""
    if command[1:3] == ["-m", "reportgen"]:
        return "reportgen " + " ".join(command[3:])
    if command[1:2] == [str(ENGINES)]:
        return "bench/engines.py " + command[2]
    return " ".join(command)


class Bench:
    """Measures commands against one project, row by row, and keeps every row."""

    def __init__(self, root: Path, quarter: str, runs: int) -> None:
        self.root, self.quarter, self.runs = root, quarter, runs
        self.rows: dict[str, Row] = {}
        text = subprocess.run(reportgen("build", "--help"), cwd=root, capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
        self.force, self.jobs = "--force" in text, "--jobs" in text
        config = yaml.safe_load((root / "reportgen.yaml").read_text())
        self.directorates = [d["id"] for d in config["directorates"]]

    @property
    def output(self) -> Path:
        return self.root / "output" / self.quarter

    def build(self, *extra: str, cold: bool = False) -> list[str]:
        """`reportgen build QUARTER` with `extra`; cold builds force when that exists."""
        return reportgen("build", self.quarter, *extra,
                         *(["--force"] if cold and self.force else []))

    def wipe(self) -> None:
        """Remove every output, so the next build starts cold."""
        shutil.rmtree(self.root / "output", ignore_errors=True)

    def measure(self, key: str, name: str, command: list[str] | None, *,
                setup: Callable[[int], object] | None = None, tree: bool = False,
                missing: str = "", cwd: Path | None = None) -> Row:
        """Time `command` once per run after `setup(run)`; a failure is recorded, not raised."""
        row = Row(name, shown(command) if command else "", missing=missing)
        self.rows[key] = row
        if command is None:
            return row
        for run in range(self.runs):
            print(f"  {name}: run {run + 1} of {self.runs}", file=sys.stderr, flush=True)
            if setup:
                setup(run)
            try:
                row.samples.append(run_once(command, cwd or self.root, tree))
            except Failed as exc:
                row.missing, row.samples = f"failed, {exc}", []
                break
        return row

    def ensure_built(self) -> None:
        """A complete build exists (untimed), for the rebuild rows."""
        if not (self.output / "manifest.json").is_file():
            run_once(self.build(), self.root)

    def pages(self) -> int | None:
        """Pages in the output folder's PDFs, by pdfinfo when it is installed."""
        return count_pages(sorted(self.output.glob("*.pdf")))


def count_pages(pdfs: list[Path]) -> int | None:
    """Total pages of `pdfs`, or None without pdfinfo."""
    if not pdfs or not shutil.which("pdfinfo"):
        return None
    total = 0
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        total += next((int(line.split()[-1]) for line in info.splitlines()
                       if line.startswith("Pages:")), 0)
    return total


def edit_narrative(path: Path) -> Callable[[int], object]:
    """Before each run, add a sentence to the narrative (a different one every time)."""
    def edit(run: int) -> None:
        with path.open("a") as f:
            f.write(f"\nBenchmark edit {run + 1}: one more sentence from the director.\n")
    return edit


def edit_csv(path: Path) -> Callable[[int], object]:
    """Before each run, change the first numeric figure in the CSV by a small step."""
    def edit(run: int) -> None:
        rows = list(csv.reader(io.StringIO(path.read_text())))
        column = rows[0].index("value")
        for row in rows[1:]:
            try:
                value = Decimal(row[column].replace(",", ""))
            except (InvalidOperation, IndexError):
                continue
            step = Decimal(1).scaleb(value.as_tuple().exponent)  # type: ignore[arg-type]
            row[column] = str(value + step)
            break
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue())
    return edit


def main_rows(bench: Bench, narrative: Path, data_file: Path) -> None:
    """Cold builds, rebuilds after edits, one directorate, validate and --help."""
    first = bench.directorates[0]
    bench.measure("html", "Cold full build, HTML only", bench.build("--format", "html",
                  cold=True), setup=lambda _: bench.wipe())
    bench.measure("full", "Cold full build, HTML + PDF", bench.build(cold=True),
                  setup=lambda _: bench.wipe(), tree=True)
    bench.rows["full"].note = f"{bench.pages() or '?'} PDF pages"
    without = "" if bench.jobs else f"{NA}: no --jobs"
    one, every = (bench.build("--jobs", n, cold=True) if bench.jobs else None
                  for n in ("1", str(CORES)))
    bench.measure("jobs1", "Cold full build, HTML + PDF, one process (--jobs 1)", one,
                  setup=lambda _: bench.wipe(), tree=True, missing=without)
    bench.measure("jobsN", f"Cold full build, HTML + PDF, all {CORES} cores (--jobs {CORES})",
                  every, setup=lambda _: bench.wipe(), tree=True, missing=without)
    bench.ensure_built()
    bench.measure("noop", "No-op rebuild (nothing changed)", bench.build())
    bench.measure("narrative", f"Rebuild after editing one narrative ({first})", bench.build(),
                  setup=edit_narrative(narrative))
    bench.measure("csv", f"Rebuild after editing one CSV figure ({data_file.name})",
                  bench.build(), setup=edit_csv(data_file))
    bench.measure("draft", f"Rebuild after editing one narrative, drafting ({first}, "
                  "--format html,pdf: no pack)", bench.build("--format", "html,pdf"),
                  setup=edit_narrative(narrative))
    bench.measure("one", f"One directorate alone, cold, HTML + PDF (-d {first})",
                  bench.build("-d", first, cold=True), setup=lambda _: bench.wipe())
    bench.measure("validate", "Validate", reportgen("validate", bench.quarter))
    bench.measure("help", "reportgen --help", reportgen("--help"))
    rows = bench.rows
    for key in ("narrative", "csv", "draft"):
        rows[key].note = f"{ratio(rows[key].seconds, rows['one'].seconds)} one directorate alone"
    if bench.jobs:
        rows["jobsN"].note = f"{ratio(rows['jobsN'].seconds, rows['jobs1'].seconds)} one process"


def engine_rows(bench: Bench) -> tuple[str, int | None, int | None]:
    """Other engines on the same reports; returns a note and the page counts they made."""
    try:
        import pypandoc  # noqa: F401
        import typst  # noqa: F401
    except ImportError:
        why = f"{NA}: pip install -e .[bench] for pandoc and typst"
        for key, name in (("pandoc-html", "pandoc HTML → HTML"),
                          ("typst", "pandoc → typst → PDF")):
            bench.measure(key, name, None, missing=why)
        return why, None, None
    place = WORK / "engines" / bench.root.name
    shutil.rmtree(place, ignore_errors=True)
    published, paged = place / "html", place / "paged"
    published.mkdir(parents=True)
    bench.wipe()
    run_once(bench.build("--format", "html", cold=True), bench.root)
    for d in bench.directorates:
        shutil.copy2(bench.output / f"{d}.html", published / f"{d}.html")
    capture = bench.build(*(["--jobs", "1"] if bench.jobs else []), cold=True)
    run_once([sys.executable, str(ENGINES), "capture", str(paged), "--", *capture[3:]],
             bench.root)
    engine = [sys.executable, str(ENGINES)]
    bench.measure("weasyprint", "Plain WeasyPrint on the same paged HTML",
                  [*engine, "weasyprint", str(paged), str(place / "weasyprint")])
    bench.measure("weasyprint-ua", "Plain WeasyPrint, tagged PDF/UA-1 as reportgen asks",
                  [*engine, "weasyprint-ua", str(paged), str(place / "weasyprint-ua")])
    bench.measure("pandoc-html", "pandoc HTML → HTML (standalone)",
                  [*engine, "pandoc-html", str(published), str(place / "pandoc-html")])
    bench.measure("typst", "pandoc HTML → typst, typst → PDF",
                  [*engine, "typst", str(published), str(place / "typst")])
    return (f"{len(bench.directorates)} reports",
            count_pages(sorted((place / "weasyprint").glob("*.pdf"))),
            count_pages(sorted((place / "typst").glob("*.pdf"))))


def scaling(sizes: list[int], quarters: int, runs: int) -> list[tuple[int, Row, int | None]]:
    """One directorate's cold HTML + PDF build at each size."""
    out = []
    for size in sizes:
        council = generate(WORK / f"scale-{size}", 1, size, quarters)
        bench = Bench(council.root, council.quarter, runs)
        row = bench.measure("scale", f"{size} KPIs", bench.build(cold=True),
                            setup=lambda _, b=bench: b.wipe(), tree=True)  # type: ignore[misc]
        out.append((size, row, bench.pages()))
    return out


def raw_runs(row: Row) -> list[dict[str, object]]:
    """Every run's figures, for the JSON record."""
    return [{k: v for k, v in asdict(s).items() if k != "stdout"} for s in row.samples]


def fmt(value: float | None, digits: int = 2) -> str:
    return NA if value is None else f"{value:.{digits}f}"


def ratio(top: float | None, bottom: float | None) -> str:
    return NA if not top or not bottom else f"{top / bottom:.2f}×"


def memory(row: Row) -> str:
    if not row.samples:
        return NA
    tree = f" (tree {row.tree:.0f})" if row.tree is not None else ""
    return f"{row.rss:.0f}{tree}"


def table(rows: list[Row]) -> list[str]:
    lines = ["| Measurement | Command | Median s | CPU s | Runs s | Peak RSS MB | Load | Notes |",
             "| --- | --- | ---: | ---: | --- | ---: | ---: | --- |"]
    for row in rows:
        runs = ", ".join(f"{s.seconds:.2f}" for s in row.samples) or row.missing
        lines.append(f"| {row.name} | `{row.command}` | {fmt(row.seconds)} | {fmt(row.cpu)} | "
                     f"{runs} | {memory(row)} | {fmt(row.load, 1)} | {row.note} |"
                     if row.command else
                     f"| {row.name} | | {NA} | {NA} | {row.missing} | {NA} | | {row.note} |")
    return lines


def fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares slope and intercept."""
    if len(points) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return slope, my - slope * mx


def scaling_table(results: list[tuple[int, Row, int | None]]) -> list[str]:
    lines = ["| KPIs | Median s | CPU s | Runs s | CPU s per KPI | Peak RSS MB | Load | Pages |",
             "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
    for size, row, pages in results:
        runs = ", ".join(f"{s.seconds:.2f}" for s in row.samples) or row.missing
        per = fmt(row.cpu / size, 3) if row.cpu else NA
        lines.append(f"| {size} | {fmt(row.seconds)} | {fmt(row.cpu)} | {runs} | {per} | "
                     f"{memory(row)} | {fmt(row.load, 1)} | {pages or '?'} |")
    timed = [(s, r.cpu) for s, r, _ in results if r.cpu]
    held = [(s, max(r.rss or 0, r.tree or 0)) for s, r, _ in results if r.samples]
    time_fit, memory_fit = fit(timed), fit(held)  # type: ignore[arg-type]
    if time_fit and memory_fit:
        gigabyte = (1024 - memory_fit[1]) / memory_fit[0] if memory_fit[0] > 0 else None
        lines += ["", f"Fitted: {time_fit[0]:.3f} CPU s and {memory_fit[0]:.2f} MB per KPI "
                  f"(+ {time_fit[1]:.2f} s, {memory_fit[1]:.0f} MB fixed); 1 GB at about "
                  f"{fmt(gigabyte, 0)} KPIs in one directorate."]
    return lines


def engine_table(bench: Bench, what: str, pages: tuple[int | None, int | None]) -> list[str]:
    """reportgen's builds beside the other engines, with ratios on wall and CPU time."""
    rows = bench.rows
    html, full = rows["html"], rows["full"]

    def line(name: str, row: Row, work: bool, note: str) -> str:
        done = fmt(row.work()) if work and row.samples else ""
        return (f"| {name} | {fmt(row.seconds)} | {fmt(row.cpu)} | {done} | {memory(row)} | "
                f"{fmt(row.load, 1)} | {note or row.missing} |")

    def versus(top: Row, bottom: Row) -> str:
        return f"{ratio(top.seconds, bottom.seconds)} wall, {ratio(top.cpu, bottom.cpu)} CPU"

    lines = [f"Same reports ({what}), each engine a whole fresh process; 'Work s' is the "
             "engine's own wall time after its imports.", "",
             "| Engine | Median s | CPU s | Work s | Peak RSS MB | Load | Comparison |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
             line("reportgen build, HTML only", html, False, "")]
    if (pandoc := rows.get("pandoc-html")) is not None:
        lines.append(line("pandoc HTML → HTML", pandoc, True,
                          f"this ÷ reportgen HTML only: {versus(pandoc, html)}"))
    lines.append(line("reportgen build, HTML + PDF", full, False, full.note))
    stage = full.seconds - html.seconds if full.seconds and html.seconds else None
    stage_cpu = full.cpu - html.cpu if full.cpu and html.cpu else None
    if (weasy := rows.get("weasyprint")) is not None:
        lines.append(line(
            "plain WeasyPrint, same paged HTML", weasy, True,
            f"{pages[0] or '?'} pages; reportgen HTML + PDF ÷ this: {versus(full, weasy)}; "
            f"reportgen's PDF stage (HTML + PDF − HTML only: {fmt(stage)} s, {fmt(stage_cpu)} "
            f"CPU s) ÷ this work: {ratio(stage, weasy.work())} wall, "
            f"{ratio(stage_cpu, weasy.work('cpu'))} CPU"))
    if (tagged := rows.get("weasyprint-ua")) is not None:
        lines.append(line("plain WeasyPrint, tagged PDF/UA-1 as reportgen asks", tagged, True,
                          f"reportgen HTML + PDF ÷ this: {versus(full, tagged)}; reportgen's "
                          f"PDF stage ÷ this work: "
                          f"{ratio(stage, tagged.work())} wall, "
                          f"{ratio(stage_cpu, tagged.work('cpu'))} CPU"))
    if (typst := rows.get("typst")) is not None:
        lines.append(line("pandoc → typst → PDF", typst, True,
                          f"{pages[1] or '?'} pages; reportgen HTML + PDF ÷ this: "
                          f"{versus(full, typst)}"))
    return lines


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    versions = [f"Python {platform.python_version()}"]
    for package in ("weasyprint", "typst", "pypandoc-binary"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{package} {importlib.metadata.version(package)}")
    return (f"{CORES} cores (nproc {len(os.sched_getaffinity(0))}), {model}, "
            f"{platform.system()} {platform.release()}; " + ", ".join(versions))


def example_project() -> tuple[Path, str, Path, Path]:
    """A fresh copy of the repository's example project; its latest narrated quarter."""
    root = WORK / "example"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy2(source, root / name)
    quarter = sorted(p.name for p in (root / "narratives").iterdir() if p.is_dir())[-1]
    first = yaml.safe_load((root / "reportgen.yaml").read_text())["directorates"][0]["id"]
    return (root, quarter, root / "narratives" / quarter / f"{first}.md",
            root / "data" / "quarters" / quarter / f"{first}.csv")


def main() -> None:
    """Measure, print the tables, and keep the raw samples as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="a small council: 3 × 10 × 12")
    size.add_argument("--example", action="store_true", help="the repository's example project")
    parser.add_argument("--directorates", type=int, default=10)
    parser.add_argument("--kpis", type=int, default=50, help="KPIs per directorate")
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--sizes", default="50,100,250,500",
                        help="KPIs in one directorate for the scaling table")
    parser.add_argument("--skip", default="", help="comma-separated: scaling, engines")
    parser.add_argument("--json", type=Path, default=WORK / "last-run.json",
                        help="where to keep every run's raw figures")
    args = parser.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.quick:
        args.directorates, args.kpis, args.quarters = 3, 10, 12
        if args.sizes == parser.get_default("sizes"):
            args.sizes = "10,20,40"
    started = datetime.now(UTC)
    print(f"Benchmarking into {WORK}", file=sys.stderr)
    if args.example:
        root, quarter, narrative, data_file = example_project()
        what = f"the example project ({root.name}), quarter {quarter}"
        skip.add("scaling")
    else:
        council: Council = generate(WORK / "council", args.directorates, args.kpis,
                                    args.quarters)
        root, quarter = council.root, council.quarter
        narrative, data_file = council.narrative, council.data_file
        what = (f"synthetic council, {args.directorates} directorates × {args.kpis} KPIs × "
                f"{args.quarters} quarters ({council.kpis} KPIs), quarter {quarter}")
    bench = Bench(root, quarter, args.runs)
    main_rows(bench, narrative, data_file)
    engines: tuple[str, int | None, int | None] | None = None
    if "engines" not in skip:
        engines = engine_rows(bench)
    scaled = [] if "scaling" in skip else scaling(
        [int(s) for s in args.sizes.split(",")], args.quarters, args.runs)
    options = ", ".join(f"--{name} {'yes' if on else 'no'}"
                        for name, on in (("force", bench.force), ("jobs", bench.jobs)))
    out = [f"## reportgen benchmark, {started:%Y-%m-%d %H:%M} UTC", "",
           f"- Machine: {machine()}",
           f"- Project: {what}; {len(bench.directorates)} reports",
           f"- `reportgen build` offers: {options}",
           f"- Median of {args.runs} run(s), each a whole fresh process; CPU s is user + "
           "system time of the process and its children; peak RSS is the process's own "
           "maximum, '(tree N)' the sampled sum over it and its children (PSS); Load is the "
           "highest one-minute load average seen as a run ended (the machine may be shared: "
           f"with load above {CORES}, trust CPU s over wall time)",
           f"- Took {(datetime.now(UTC) - started).total_seconds() / 60:.1f} minutes", "",
           *table([r for k, r in bench.rows.items() if k not in ENGINE_ROWS])]
    if engines:
        out += ["", "### Engines on the same HTML", "",
                *engine_table(bench, engines[0], (engines[1], engines[2]))]
    if scaled:
        out += ["", f"### Scaling: one directorate, cold HTML + PDF, {args.quarters} quarters",
                "", *scaling_table(scaled)]
    print("\n".join(out))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    raw = {"started": started.isoformat(), "machine": machine(), "project": what,
           "rows": {k: {"name": r.name, "command": r.command, "missing": r.missing,
                        "runs": raw_runs(r)} for k, r in bench.rows.items()},
           "scaling": [{"kpis": n, "pages": p, "runs": raw_runs(r)} for n, r, p in scaled]}
    args.json.write_text(json.dumps(raw, indent=1))


if __name__ == "__main__":
    main()
