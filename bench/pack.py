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
from run import machine

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"


class PeakSampler(threading.Thread):
    """The largest VmHWM of any process in a tree, sampled until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.halt = pid, 0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.halt.is_set():
            for pid in descendants(self.pid):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak = max(self.peak, int(line.split()[1]))
            self.halt.wait(0.1)

    def stop(self) -> float:
        self.halt.set()
        self.join()
        return self.peak / 1024


def descendants(root: int) -> list[int]:
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


def timed(checkout: Path, root: Path, *args: str) -> tuple[float, float]:
    """Seconds and the largest process's peak MB of `reportgen ARGS` run from `checkout`."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "reportgen", *args], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        sampler = PeakSampler(proc.pid)
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        seconds = time.perf_counter() - started
        peak = sampler.stop()
        _, status, usage = os.wait4(proc.pid, 0)
        if status:
            err.seek(0)
            raise SystemExit(f"{checkout}: reportgen {' '.join(args)} failed:\n"
                             + err.read().decode(errors="replace")[-2000:])
    return seconds, max(peak, usage.ru_maxrss / 1024)


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
            q, out = council.quarter, rows[checkout]

            def measure(key: str, *extra: str, c: Path = checkout, r: Path = council.root,
                        o: dict[str, list[float]] = out, quarter: str = q) -> None:
                seconds, peak = timed(c, r, "build", quarter, *extra)
                o.setdefault(key, []).append(seconds)
                o.setdefault(key + " MB", []).append(peak)
                print(f"  {c.name} run {run + 1}: {key} {seconds:.2f} s, {peak:.0f} MB",
                      file=sys.stderr, flush=True)

            measure("with pack", "--force")
            with council.narrative.open("a") as f:
                f.write(f"\nBenchmark edit {run + 1}: one more sentence from the director.\n")
            measure("after one edit")  # the default build, pack included
            measure("one directorate", "-d", first, "--force")
            measure("one directorate (again)", "-d", first, "--force")
            measure("without pack", "--format", "html,pdf", "--force")
    report = {"started": started.isoformat(), "machine": machine(), "runs": args.runs,
              "checkouts": {}}
    lines = [f"## Corporate pack, paired runs, {started:%Y-%m-%d %H:%M} UTC", "",
             f"- Machine: {machine()}", "- Project: synthetic council, 10 directorates × 50 "
             f"KPIs × 20 quarters; {args.runs} paired runs (median)", "",
             "| Checkout | Cold without pack s | Cold with pack s | Pack ratio | "
             "One directorate s | After one edit s | Edit ratio | Largest process MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for checkout in checkouts:
        out = rows[checkout]
        pack = [w / o for w, o in zip(out["with pack"], out["without pack"], strict=True)]
        alone = [min(a, b) for a, b in zip(out["one directorate"],
                                           out["one directorate (again)"], strict=True)]
        edit = [e / a for e, a in zip(out["after one edit"], alone, strict=True)]
        peak = max(max(v) for k, v in out.items() if k.endswith(" MB"))
        report["checkouts"][str(checkout)] = out
        lines.append(
            f"| {checkout.name} | {statistics.median(out['without pack']):.2f} | "
            f"{statistics.median(out['with pack']):.2f} | {statistics.median(pack):.2f}× | "
            f"{statistics.median(alone):.2f} | {statistics.median(out['after one edit']):.2f} | "
            f"{statistics.median(edit):.2f}× | {peak:.0f} |")
    print("\n".join(lines))
    (WORK / "pack-last-run.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
