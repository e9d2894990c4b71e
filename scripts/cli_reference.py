"""Writes docs/cli.md from the commands' own --help, so the reference cannot drift.

Run: python scripts/cli_reference.py      (tests/test_docs.py fails when it is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportgen.cli import main  # noqa: E402

TARGET = REPO / "docs" / "cli.md"


def reference() -> str:
    """The command reference as markdown."""
    parts = ["# Command reference\n",
             "Generated from `reportgen --help` by `python scripts/cli_reference.py`; "
             "do not edit by hand.\n"]
    with click.Context(main, info_name="reportgen", terminal_width=88) as ctx:
        parts.append(f"```\n{main.get_help(ctx)}\n```\n")
        for name in sorted(main.commands):
            command = main.commands[name]
            with click.Context(command, parent=ctx, info_name=name,
                               terminal_width=88) as sub:
                parts.append(f"## reportgen {name}\n\n```\n{command.get_help(sub)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")
