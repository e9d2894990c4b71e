"""The drift lint measured on the example quarter's narratives.

    python scripts/drift_on_example.py

Three counts for each directorate:
- warnings on the narratives as written (every figure comes from an expression, so
  each warning there is a false alarm);
- on the narratives with every expression replaced by what it writes, as if each
  figure were typed by hand: how many are recognised as agreeing with the data, and
  how many are wrongly called contradictions;
- with each of those figures in turn moved by about 5%, as a stale figure would be:
  how many are caught as contradictions, and how many other numbers are then wrongly
  called contradictions."""

from __future__ import annotations

import re
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportgen.narrative import drift  # noqa: E402
from reportgen.narrative.drift_figures import figures_for  # noqa: E402
from reportgen.narrative.front_matter import split_front_matter  # noqa: E402
from reportgen.prepare.pipeline import prepare  # noqa: E402
from reportgen.prepare.prepared import Prepared  # noqa: E402
from tests.conftest import QUARTER, copy_example  # noqa: E402


def moved(text: str, finding: drift.Finding) -> str:
    """The text with one hand-typed figure moved by about 5% (at least one unit shown)."""
    lines = text.split("\n")
    line = lines[finding.line - 1]
    start = finding.column - 1
    match = re.match(r"(£?[+\-−]?)([\d,]+(?:\.\d+)?)", line[start:])
    assert match is not None
    digits = match[2].replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    step = Decimal(1).scaleb(-places)
    new = max((Decimal(digits) * Decimal("1.05")).quantize(step), Decimal(digits) + step)
    lines[finding.line - 1] = (line[:start] + match[1] + f"{new:,.{places}f}"
                               + line[start + len(match[0]):])
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_example(Path(tmp) / "project")
        prepared = prepare(root, QUARTER)
        assert isinstance(prepared, Prepared)
        print("directorate | warnings as written | typed: agree, contradict | "
              "moved: caught/planted, other contradictions")
        for (directorate, _), narrative in prepared.narratives.items():
            figures = figures_for(prepared.results, directorate)
            path = root / narrative.path
            _, body, first_line = split_front_matter(path.read_text(encoding="utf-8"),
                                                     narrative.path)
            written = drift.lint(body, first_line, narrative.path, figures)
            typed = drift.find(narrative.text, 1, figures)
            caught = others = 0
            for finding in typed:
                found = drift.find(moved(narrative.text, finding), 1, figures)
                at = (finding.line, finding.column)
                caught += any((f.line, f.column) == at and not f.agrees for f in found)
                others += sum((f.line, f.column) != at and not f.agrees for f in found)
            print(f"{directorate:<11} | {len(written):>19} | "
                  f"{sum(f.agrees for f in typed):>12}, {sum(not f.agrees for f in typed):>10} | "
                  f"{caught:>7}/{len(typed):<7}, {others}")


if __name__ == "__main__":
    main()
