"""Each template is compiled once per process, whichever theme or language renders it
(issue 22: less of our own work per build)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared
from reportgen.render.theme import Theme, render_report
from reportgen.render.theme_sandbox import ThemeSandbox

from ..conftest import QUARTER


def test_a_second_theme_and_language_compile_no_template_again(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(example, QUARTER)
    assert isinstance(prepared, Prepared) and "cy" in prepared.languages
    first = render_report(Theme(example), prepared, "children", "en").html
    compiled: list[str | None] = []
    original = ThemeSandbox.compile

    def counting(self: ThemeSandbox, source: Any, name: str | None = None,
                 *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(ThemeSandbox, "compile", counting)
    again = Theme(example)
    assert render_report(again, prepared, "children", "en").html == first
    render_report(again, prepared, "children", "cy")
    assert compiled == []
