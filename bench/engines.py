"""Other engines on reportgen's own HTML, each run as one fresh process by bench/run.py.

    python bench/engines.py weasyprint SRC OUT     plain WeasyPrint on captured paged HTML
    python bench/engines.py weasyprint-ua SRC OUT  the same, tagged as PDF/UA-1 as reportgen asks
    python bench/engines.py typst SRC OUT          pandoc HTML → typst markup → typst PDF
    python bench/engines.py pandoc-html SRC OUT    pandoc HTML → standalone HTML
    python bench/engines.py capture OUT -- ARGS    run `reportgen ARGS`, keeping the HTML it
                                                   gives WeasyPrint instead of laying it out

Each engine prints one JSON line: the wall and CPU seconds (this process's own, so not
pandoc's) spent on the work itself, after imports, and the files written. pandoc and typst
come from the `bench` extra (pypandoc-binary, typst).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

DECODE = "image.decode("


def typst_images(markup: str) -> str:
    """Current typst has no `image.decode`: rewrite pandoc's inline SVGs as `image(bytes(..))`."""
    out, at = [], 0
    while (start := markup.find(DECODE, at)) >= 0:
        out.append(markup[at:start])
        quote = start + len(DECODE)
        if markup[quote] != '"':  # not a string literal: leave it for typst to judge
            out.append(DECODE)
            at = quote
            continue
        end = quote + 1
        while markup[end] != '"':
            end += 2 if markup[end] == "\\" else 1
        out.append(f"image(bytes({markup[quote:end + 1]})")
        at = end + 1
    out.append(markup[at:])
    return "".join(out)


def _sources(src: Path) -> list[Path]:
    found = sorted(src.glob("*.html"))
    if not found:  # e.g. the capture saw no WeasyPrint call: a 0 s figure would mislead
        sys.exit(f"no HTML files in {src}")
    return found


def weasyprint_pdfs(src: Path, out: Path, **options: str) -> list[Path]:
    """Each captured page-ready HTML file laid out by WeasyPrint (its defaults + `options`)."""
    import weasyprint

    pages = _sources(src)
    bases: dict[str, str] = json.loads((src / "bases.json").read_text())
    written = []
    for page in pages:
        target = out / page.with_suffix(".pdf").name
        weasyprint.HTML(string=page.read_text(), base_url=bases.get(page.name)).write_pdf(
            target, **options)
        written.append(target)
    return written


def typst_pdfs(src: Path, out: Path) -> list[Path]:
    """Each published HTML report converted by pandoc to typst, then compiled by typst."""
    import pypandoc
    import typst

    written = []
    for page in _sources(src):
        markup = typst_images(pypandoc.convert_text(page.read_text(), "typst", format="html"))
        source = out / page.with_suffix(".typ").name
        source.write_text(markup)
        target = out / page.with_suffix(".pdf").name
        typst.compile(str(source), output=str(target))
        written.append(target)
    return written


def pandoc_html(src: Path, out: Path) -> list[Path]:
    """Each published HTML report read and written again by pandoc, as a standalone page."""
    import pypandoc

    written = []
    for page in _sources(src):
        target = out / page.name
        target.write_text(pypandoc.convert_text(page.read_text(), "html", format="html",
                                                extra_args=["--standalone"]))
        written.append(target)
    return written


def capture(out: Path, args: list[str]) -> None:
    """Run reportgen in this process, saving each HTML string it hands to WeasyPrint.

    The layout itself is skipped (a stub PDF is returned): only the input is wanted."""
    import weasyprint

    out.mkdir(parents=True, exist_ok=True)
    bases: dict[str, str | None] = {}
    original = weasyprint.HTML.__init__

    def keep(self: Any, *positional: Any, **named: Any) -> None:
        text = named.get("string")
        if text is not None:
            name = f"report-{len(bases) + 1:03d}.html"
            (out / name).write_text(text)
            bases[name] = named.get("base_url")
        original(self, *positional, **named)

    weasyprint.HTML.__init__ = keep
    weasyprint.HTML.write_pdf = lambda self, *a, **k: b"%PDF-1.7\n%%EOF\n"
    from reportgen.cli import main

    sys.argv = ["reportgen", *args]
    try:
        main()
    except SystemExit as exc:
        if exc.code:
            raise
    finally:
        (out / "bases.json").write_text(json.dumps(bases))


def weasyprint_ua(src: Path, out: Path) -> list[Path]:
    """As `weasyprint_pdfs`, tagged PDF/UA-1 as reportgen's own PDFs are."""
    return weasyprint_pdfs(src, out, pdf_variant="pdf/ua-1")


ENGINES = {"weasyprint": weasyprint_pdfs, "weasyprint-ua": weasyprint_ua, "typst": typst_pdfs,
           "pandoc-html": pandoc_html}
IMPORTS = {"weasyprint": ["weasyprint"], "weasyprint-ua": ["weasyprint"],
           "typst": ["pypandoc", "typst"],
           "pandoc-html": ["pypandoc"]}


def main() -> None:
    """Run one engine over a folder of HTML, or capture reportgen's paged HTML."""
    kind, *rest = sys.argv[1:]
    if kind == "capture":
        capture(Path(rest[0]), rest[2:] if rest[1:2] == ["--"] else rest[1:])
        return
    src, out = Path(rest[0]), Path(rest[1])
    out.mkdir(parents=True, exist_ok=True)
    for module in IMPORTS[kind]:
        importlib.import_module(module)  # imports are startup, not work: keep them untimed
    started, cpu = time.perf_counter(), time.process_time()
    written = ENGINES[kind](src, out)
    print(json.dumps({"seconds": time.perf_counter() - started,
                      "cpu": time.process_time() - cpu,
                      "files": [str(p) for p in written]}))


if __name__ == "__main__":
    main()
