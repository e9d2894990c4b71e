"""The last build's manifest, read back: a forged or damaged one means a full rebuild that
removes nothing, never an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.commands.build import build

from ..conftest import QUARTER


@pytest.mark.parametrize("forged", [
    json.dumps({"outputs": 5, "build_key": "x"}),
    "[" * 100_000 + "]" * 100_000,  # nested too deep for the JSON reader
], ids=["outputs-not-a-mapping", "nested-100000-deep"])
def test_a_forged_manifest_means_a_rebuild(example: Path, forged: str) -> None:
    first = build(example, QUARTER, formats=["html"])
    (first.folder / "notes.txt").write_text("an officer's own file")
    (first.folder / "manifest.json").write_text(forged)
    again = build(example, QUARTER, formats=["html"])
    assert "manifest.json" in {p.name for p in again.written}  # not "up to date"
    written = json.loads((first.folder / "manifest.json").read_text())
    assert sorted(again.kept) == sorted(name for name in written["outputs"])
    assert (first.folder / "notes.txt").read_text() == "an officer's own file"
