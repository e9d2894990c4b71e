"""Messages that stop at the cause: one mistake, one message, with the value meant."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main


def validate(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["validate", "2017Q3", "-C", str(root)])
    return [line for line in result.stdout.splitlines() + result.stderr.splitlines()
            if ": error: " in line or ": warning: " in line]


def test_a_bad_polarity_is_one_message_with_the_value_meant(example: Path) -> None:
    # CS-LAC-02 is read from imports/ through codes: its rows and its code were each
    # reported as an unknown KPI as well
    kpis = example / "kpis.yaml"
    text = kpis.read_text(encoding="utf-8")
    start = text.index("- id: CS-LAC-02")
    at = text.index("polarity: neutral", start)
    kpis.write_text(text[:at] + "polarity: lower is better" + text[at + 17:], encoding="utf-8")
    errors = [line for line in validate(example) if ": error: " in line]
    assert len(errors) == 1, errors
    assert errors[0].startswith("kpis.yaml:")
    assert "CS-LAC-02.polarity" in errors[0]
    assert errors[0].endswith("did you mean 'lower_is_better'?")
