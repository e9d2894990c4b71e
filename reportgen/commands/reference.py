"""The reference pages (docs/*.md), found where pip installed them or in a source checkout."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from reportgen.errors import UsageError, closest

# In a source checkout the pages are docs/ beside the package; an installed package
# carries them as reportgen/docs/ (pyproject maps the one onto the other).
_CHECKOUT = Path(__file__).resolve().parents[2] / "docs"


@dataclass(frozen=True)
class DocPage:
    """One reference page: its name (`formats`), title and text."""

    name: str
    title: str
    text: str


def folder() -> Path:
    """Where the pages are: inside the installed package, else the checkout's docs/."""
    installed = files("reportgen") / "docs"
    if installed.is_dir() and any(p.name.endswith(".md") for p in installed.iterdir()):
        return Path(str(installed))
    return _CHECKOUT


def pages() -> list[DocPage]:
    """Every reference page, by name."""
    found = []
    for path in sorted(folder().glob("*.md")):
        text = path.read_text(encoding="utf-8")
        first = next((line for line in text.splitlines() if line.startswith("# ")), path.stem)
        found.append(DocPage(path.stem, first.removeprefix("# ").strip(), text))
    return found


def page(name: str) -> DocPage:
    """One page by name (`formats`, `formats.md`, any case); a usage error names the others."""
    wanted = name.lower().removesuffix(".md").removeprefix("docs/")
    every = pages()
    for found in every:
        if found.name == wanted:
            return found
    names = [p.name for p in every]
    close = closest(wanted, names)
    hint = f"did you mean '{close}'?" if close else f"choose from {', '.join(names)}"
    raise UsageError(f"no reference page '{name}': {hint}")
