"""Writes docs/templates.md, the theme contract, from the typed contexts and the templates.

Run: python scripts/context_reference.py   (tests/test_docs.py fails when it is stale)
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportgen.render import context  # noqa: E402
from reportgen.render.filters import jinja_filters  # noqa: E402
from reportgen.render.theme import BUILTIN  # noqa: E402
from reportgen.words.formatter import Formatter  # noqa: E402
from reportgen.words.vocabulary import SchemeWords  # noqa: E402

TARGET = REPO / "docs" / "templates.md"
FIELD = re.compile(r"^    (\w+): (.+?)(?:  # (.*))?$")
BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")
CLASSES = [context.ReportContext, context.IndexContext, context.PackContext, context.QuarterWords,
           context.Section, context.Chart, context.Term, context.IndexRow, context.Part,
           context.Alternate, context.Link, context.Flag, SchemeWords]
INTRO = """# Templates: the theme contract

Generated from reportgen's typed contexts and built-in templates by
`python scripts/context_reference.py`; do not edit by hand.

A project's `templates/` folder is searched first, then the built-in theme, so a file
there replaces the built-in file of the same name. To change one part of a page, extend
the built-in template and override its named block:

```jinja
{% extends "builtin/report.html" %}
{% block glossary %}{% endblock %}
```

The contents list is made from the `<h2 id="…">` headings the page ends up with, so a
section that is left out has no entry and no link points at nothing. Templates run in
Jinja's sandbox: they lay out what the context gives them and cannot reach Python's
internals. Fixed text goes through `{{ _("…") }}`, so it can be translated; figures go
through `fmt` or the filters, which format them for the report's language.
"""


def fields(cls: type) -> list[tuple[str, str, str]]:
    """(name, type, description) of each field, from the class's own source."""
    found = []
    for line in inspect.getsource(cls).splitlines():
        match = FIELD.match(line)
        if match:
            found.append((match[1], match[2], match[3] or ""))
    return found


def reference() -> str:
    parts = [INTRO, "## Templates and their blocks\n",
             "| template | what it is | named blocks |", "| --- | --- | --- |"]
    what = {"base.html": "the page skeleton every page extends",
            "report.html": "a directorate's report (ReportContext)",
            "index.html": "the corporate overview (IndexContext)",
            "pack.html": "the corporate pack's front matter: cover, contents, council-wide "
                         "summary (PackContext); the reports' PDFs are joined after it",
            "_macros.html": "macros: `rag_badge`, `direction`, `kpi_table`, `chart`",
            "report.css": "the styles for screen and PDF",
            "screen.css": "styles for screens only (narrow screens)",
            "print.css": "the PDF's page layout (ReportContext or PackContext)",
            "pack_pages.css": "the pack page number stamped on every page of council.pdf "
                              "(PackContext)"}
    for name, text in what.items():
        blocks = BLOCK.findall((BUILTIN / name).read_text(encoding="utf-8"))
        parts.append(f"| `{name}` | {text} | {', '.join(f'`{b}`' for b in blocks) or '–'} |")
    parts.append("\nA project may also add `custom.css`, included after the built-in styles.\n")
    for cls in CLASSES:
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        parts += [f"## {cls.__name__}\n", f"{doc}\n", "| name | type | what |",
                  "| --- | --- | --- |"]
        parts += [f"| `{n}` | `{t}` | {d} |".replace(" | None", r" \| None")
                  for n, t, d in fields(cls)]
        parts.append("")
    parts += ["## Filters and `fmt`\n",
              "Filters: " + ", ".join(f"`{n}`" for n in sorted(jinja_filters(Formatter())))
              + ".\n",
              "`fmt` is the report language's Formatter; its methods:\n"]
    for name, member in inspect.getmembers(Formatter, inspect.isfunction):
        if not name.startswith("_") and member.__doc__:
            parts.append(f"- `fmt.{name}`: {member.__doc__.strip().splitlines()[0]}")
    return "\n".join(parts) + "\n"


def main() -> None:
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")


if __name__ == "__main__":
    main()
