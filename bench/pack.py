"""The corporate pack's cost, measured in paired runs on the large synthetic council.

    python bench/pack.py [--runs 3] [--checkout DIR ...]

For each checkout (default: this one) and each run, in turn, so that a shared machine's load
falls on every row alike: a cold build with the pack and one without it (`--format
html,pdf`), then one directorate alone (`-d dir01 --force`) and the default build after
editing that directorate's narrative. Ratios are taken between rows of the same run, then
the median is given. Peak memory is the largest maximum resident set (VmHWM) of any one
process of the build's tree, sampled every 0.1 s. Projects are written under bench/.work/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from generate import generate
from run import descendants, machine

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"


TICKS = os.sysconf("SC_CLK_TCK")


class PeakSampler(threading.Thread):
    """The largest VmHWM of any process in a tree, and the CPU time of every process in it
    (the PDF workers are the forkserver's children, so the build's rusage misses them),
    sampled until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.halt = pid, 0, threading.Event()
        self.ticks: dict[int, int] = {}
        self.start()

    def run(self) -> None:
        while not self.halt.is_set():
            for pid in descendants(self.pid):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.ticks[pid] = max(self.ticks.get(pid, 0), int(fields[11]) + int(fields[12]))
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak = max(self.peak, int(line.split()[1]))
            self.halt.wait(0.1)

    def stop(self) -> tuple[float, float]:
        """The peak MB of the largest process, and the CPU seconds of the tree."""
        self.halt.set()
        self.join()
        return self.peak / 1024, sum(self.ticks.values()) / TICKS


def timed(checkout: Path, root: Path, *args: str) -> tuple[float, float, float]:
    """Seconds, the largest process's peak MB and the tree's CPU seconds of `reportgen
    ARGS` run from `checkout`."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "reportgen", *args], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        sampler = PeakSampler(proc.pid)
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        seconds = time.perf_counter() - started
        peak, cpu = sampler.stop()
        _, status, usage = os.wait4(proc.pid, 0)
        if status:
            err.seek(0)
            raise SystemExit(f"{checkout}: reportgen {' '.join(args)} failed:\n"
                             + err.read().decode(errors="replace")[-2000:])
    own = usage.ru_utime + usage.ru_stime  # exact for the build's own process
    return seconds, max(peak, usage.ru_maxrss / 1024), max(cpu, own)


def measure_into(out: dict[str, list[float]], checkout: Path, root: Path, run: int, key: str,
                 *args: str) -> None:
    """One timed run of `reportgen ARGS`, kept under `key`."""
    seconds, peak, cpu = timed(checkout, root, *args)
    out.setdefault(key, []).append(seconds)
    out.setdefault(key + " MB", []).append(peak)
    out.setdefault(key + " CPU", []).append(cpu)
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"  {checkout.name} run {run + 1}: {key} {seconds:.2f} s, {cpu:.2f} CPU s, "
          f"{peak:.0f} MB, load {load}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--checkout", type=Path, action="append",
                        help="a checkout of reportgen to measure (repeat to pair several)")
    args = parser.parse_args()
    checkouts = [c.resolve() for c in args.checkout or [BENCH.parent]]
    started = datetime.now(UTC)
    projects = {c: generate(WORK / f"pack-{i}", 10, 50, 20) for i, c in enumerate(checkouts)}
    first = projects[checkouts[0]].directorates[0]
    rows: dict[Path, dict[str, list[float]]] = {c: {} for c in checkouts}
    for run in range(args.runs):
        for checkout in checkouts:
            council = projects[checkout]
            at = (rows[checkout], checkout, council.root, run)
            build = ("build", council.quarter)
            measure_into(*at, "with pack", *build, "--force")
            with council.narrative.open("a") as f:
                f.write(f"\nBenchmark edit {run + 1}: one more sentence from the director.\n")
            measure_into(*at, "after one edit", *build)  # the default build, pack included
            measure_into(*at, "one directorate", *build, "-d", first, "--force")
            measure_into(*at, "one directorate (again)", *build, "-d", first, "--force")
            measure_into(*at, "without pack", *build, "--format", "html,pdf", "--force")
    report = {"started": started.isoformat(), "machine": machine(), "runs": args.runs,
              "checkouts": {}}
    lines = [f"## Corporate pack, paired runs, {started:%Y-%m-%d %H:%M} UTC", "",
             f"- Machine: {machine()}", "- Project: synthetic council, 10 directorates × 50 "
             f"KPIs × 20 quarters; {args.runs} paired runs (median)", "",
             "Wall seconds, then CPU seconds of the whole process tree in brackets (the fairer "
             "figure on a shared machine); ratios are per run, then the median.", "",
             "| Checkout | Cold without pack s | Cold with pack s | Pack ratio | "
             "One directorate s | After one edit s | Edit ratio | Largest process MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for checkout in checkouts:
        out = rows[checkout]
        report["checkouts"][str(checkout)] = out
        cells = []
        for unit in ("", " CPU"):
            pack = [w / o for w, o in zip(out["with pack" + unit], out["without pack" + unit],
                                          strict=True)]
            alone = [min(a, b) for a, b in zip(out["one directorate" + unit],
                                               out["one directorate (again)" + unit],
                                               strict=True)]
            edit = [e / a for e, a in zip(out["after one edit" + unit], alone, strict=True)]
            cells.append([statistics.median(out["without pack" + unit]),
                          statistics.median(out["with pack" + unit]), statistics.median(pack),
                          statistics.median(alone), statistics.median(out["after one edit" + unit]),
                          statistics.median(edit)])
        shown = [f"{wall:.2f}{'×' if n in (2, 5) else ''} ({cpu:.2f}{'×' if n in (2, 5) else ''})"
                 for n, (wall, cpu) in enumerate(zip(*cells, strict=True))]
        peak = max(max(v) for k, v in out.items() if k.endswith(" MB"))
        lines.append(f"| {checkout.name} | " + " | ".join(shown) + f" | {peak:.0f} |")
    print("\n".join(lines))
    (WORK / "pack-last-run.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
