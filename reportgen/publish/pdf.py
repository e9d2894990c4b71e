"""The PDF stage: a report's HTML typeset by WeasyPrint as tagged PDF/UA-1, and the corporate
pack's front matter typeset alone, then joined to the reports' PDFs (publish/join.py)."""

from __future__ import annotations

import io
import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import ReportError
from reportgen.paths import TEMPLATE_DIR
from reportgen.publish.attachments import PdfAttachment
from reportgen.publish.digests import digest
from reportgen.publish.join import Source, Stamp, join, last_stamp, opened
from reportgen.render.context import pack_page_mark

SCREEN_ONLY = re.compile(r'<details class="chart-data">.*?</details>|<p class="download">.*?</p>'
                         r'|<nav class="languages".*?</nav>', re.S)
TASKS_PER_WORKER = 4  # then a fresh process: WeasyPrint's caches do not pile up


@dataclass(frozen=True)
class PdfJob:
    """One PDF to typeset: its file name, HTML and page layout, and files to embed."""

    name: str
    html: str
    page_css: str
    attachments: tuple[PdfAttachment, ...] = ()

    def typeset(self, base: Path) -> bytes:
        return write_pdf(self.html, base, self.page_css, self.attachments)


@dataclass(frozen=True)
class PackJob:
    """The corporate pack: its front matter's HTML (each part's first page a mark that is
    filled in once the pages are counted), page layouts, and its parts as typeset; `last`
    is the pack the last build made, whose page count and stamps are reused where they
    still fit (the pack's bytes do not depend on it)."""

    name: str
    html: str
    page_css: str
    stamp_css: str
    lang: str
    parts: tuple[Source, ...]
    attachments: tuple[PdfAttachment, ...] = ()  # embedded once the parts are joined
    last: bytes | None = None

    def typeset(self, base: Path) -> bytes:
        return write_pack(self, base)


Job = PdfJob | PackJob


def write_pdfs(jobs: Sequence[Job], base: Path, workers: int | None = None,
               done: Callable[[str], None] = lambda name: None) -> dict[str, bytes]:
    """Every job's PDF, on up to `workers` processes (default: every core); the bytes do not
    depend on how many. `done` hears each name as its PDF is finished."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:  # one at a time needs no pool (and no second WeasyPrint import)
        found = {}
        for job in jobs:
            found[job.name] = job.typeset(base)
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


def _typeset(task: tuple[Job, Path]) -> tuple[str, bytes]:
    """A worker's task: one job's PDF, with its name."""
    job, base = task
    return job.name, job.typeset(base)


def write_pdf(html: str, base: Path, page_css: str = "",
              attachments: tuple[PdfAttachment, ...] = ()) -> bytes:
    """A tagged PDF/UA-1 of the HTML, laid out with `page_css` (the theme's print.css),
    with `attachments` embedded (each named and described, as PDF/UA asks).

    Nothing is fetched beyond inline data: URIs."""
    import weasyprint  # heavy: imported only when a PDF is wanted

    embedded = [weasyprint.Attachment(
        file_obj=io.BytesIO(a.body), name=a.name, description=a.description,
        created=a.dated, modified=a.dated) for a in attachments]
    return _laid_out(html, base, page_css).write_pdf(  # type: ignore[no-any-return]
        pdf_variant="pdf/ua-1", attachments=embedded)


def write_pack(job: PackJob, base: Path) -> bytes:
    """The corporate pack: its front matter typeset alone, with the pack page each part
    starts at in its contents, then joined to the parts and stamped with page numbers."""
    parts, counts = zip(*(opened(part) for part in job.parts), strict=True)
    last = last_stamp(job.last)
    front = _front_matter(job, list(counts), base, last[1] if last else 0)
    pages = front.pages + sum(counts)
    key = digest("stamp", _engine(), job.stamp_css, job.lang, str(pages))
    if last is not None and last[0] == key:  # the same numbers: the last pack's stamps
        return join([Source("", "", front.pdf), *parts], Stamp(key, front.pages, None),
                    job.last, job.attachments)
    blank = "<div></div>" * pages
    numbers = _laid_out(f'<!DOCTYPE html><html lang="{job.lang}"><head><title>-</title></head>'
                        f"<body>{blank}</body></html>", base, job.stamp_css, variant=None)
    stamp = Stamp(key, front.pages, numbers.write_pdf())
    del numbers  # the layouts are freed by now: the join holds every part's objects at once
    return join([Source("", "", front.pdf), *parts], stamp, attachments=job.attachments)


@dataclass(frozen=True)
class _Front:
    pdf: bytes
    pages: int


def _front_matter(job: PackJob, counts: list[int], base: Path, guess: int) -> _Front:
    """The pack's front matter as tagged PDF, laid out again only if it does not take the
    `guess`ed number of pages (the last pack's: the numbers rarely change it)."""
    front, front_pages = None, guess
    for _ in range(3):
        html, first = job.html, front_pages + 1
        for part, count in zip(job.parts, counts, strict=True):
            html, first = html.replace(pack_page_mark(part.anchor), str(first)), first + count
        front = _laid_out(html, base, job.page_css)
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    assert front is not None
    return _Front(front.write_pdf(pdf_variant="pdf/ua-1"), len(front.pages))


def _engine() -> str:
    import weasyprint  # heavy: imported only when a PDF is wanted

    return str(weasyprint.__version__)


def _laid_out(html: str, base: Path, page_css: str, variant: str | None = "pdf/ua-1") -> Any:
    """The HTML laid out in pages by WeasyPrint, with `page_css`; nothing is fetched beyond
    inline data: URIs."""
    import weasyprint  # heavy: imported only when a PDF is wanted
    from weasyprint.urls import FatalURLFetchingError

    # The page layout goes last in the head, so it overrides the screen layout in the
    # cascade; the published HTML never carries it. What print hides anyway (the charts'
    # data tables, download links) is taken out first, so the engine never styles it.
    paged = SCREEN_ONLY.sub("", html).replace("</head>", f"<style>\n{page_css}</style>\n</head>", 1)
    try:
        return weasyprint.HTML(string=paged, base_url=str(base), url_fetcher=_InlineOnly()
                               ).render(pdf_variant=variant)
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
