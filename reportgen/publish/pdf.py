"""The PDF stage: a report's HTML typeset by WeasyPrint as tagged PDF/UA-1."""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import ReportError
from reportgen.paths import TEMPLATE_DIR

SCREEN_ONLY = re.compile(r'<details class="chart-data">.*?</details>|<p class="download">.*?</p>'
                         r'|<nav class="languages".*?</nav>', re.S)
TASKS_PER_WORKER = 4  # then a fresh process: WeasyPrint's caches do not pile up


@dataclass(frozen=True)
class PdfJob:
    """One PDF to typeset: its file name, HTML and page layout."""

    name: str
    html: str
    page_css: str


def write_pdfs(jobs: list[PdfJob], base: Path, workers: int | None = None,
               done: Callable[[str], None] = lambda name: None) -> dict[str, bytes]:
    """Every job's PDF, on up to `workers` processes (default: every core); the bytes do not
    depend on how many. `done` hears each name as its PDF is finished."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:  # one at a time needs no pool (and no second WeasyPrint import)
        found = {}
        for job in jobs:
            found[job.name] = write_pdf(job.html, base, job.page_css)
            done(job.name)
        return found
    results: dict[str, bytes] = {}
    # Workers fork from a server that has imported WeasyPrint once, so a fresh worker
    # starts in milliseconds, and each is replaced after a few PDFs (fork itself cannot
    # recycle workers; concurrent.futures' recycling can hang on Python 3.11).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint", "reportgen.publish.pdf"])
    ordered = sorted(jobs, key=lambda j: -len(j.html))  # longest first
    with context.Pool(workers, maxtasksperchild=TASKS_PER_WORKER) as pool:
        for name, body in pool.imap_unordered(_typeset, [(j, base) for j in ordered]):
            results[name] = body
            done(name)
    return {job.name: results[job.name] for job in jobs}


def _typeset(task: tuple[PdfJob, Path]) -> tuple[str, bytes]:
    """A worker's task: one job's PDF, with its name."""
    job, base = task
    return job.name, write_pdf(job.html, base, job.page_css)


def write_pdf(html: str, base: Path, page_css: str = "") -> bytes:
    """A tagged PDF/UA-1 of the HTML, laid out with `page_css` (the theme's print.css).

    Nothing is fetched beyond inline data: URIs."""
    import weasyprint  # heavy: imported only when a PDF is wanted
    from weasyprint.urls import FatalURLFetchingError

    # The page layout goes last in the head, so it overrides the screen layout in the
    # cascade; the published HTML never carries it. What print hides anyway (the charts'
    # data tables, download links) is taken out first, so the engine never styles it.
    paged = SCREEN_ONLY.sub("", html).replace("</head>", f"<style>\n{page_css}</style>\n</head>", 1)
    try:
        return weasyprint.HTML(  # type: ignore[no-any-return]
            string=paged, base_url=str(base), url_fetcher=_InlineOnly()
        ).write_pdf(pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as exc:
        raise ReportError.at(
            TEMPLATE_DIR, f"the report asks for an outside resource: {exc}",
            "embed it in the template as a data: URI, or remove it; a report never "
            "fetches from the network or reads files outside the project") from None


class _InlineOnly:
    """A URL fetcher that serves data: URIs and refuses everything else."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        from weasyprint.urls import FatalURLFetchingError

        if not url.startswith("data:"):
            raise FatalURLFetchingError(f"refused to fetch {url}: reports may only embed "
                                        "data inside the project")
        return self._fetcher.fetch(url, headers)

    def __call__(self, url: str) -> Any:
        return self.fetch(url)
