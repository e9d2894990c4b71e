"""The PDF stage: HTML typeset by WeasyPrint as tagged PDF/UA-1 (each report, and the
corporate pack's front matter and page numbers, which publish/pack.py joins to the reports),
on a pool of processes that works while the build goes on."""

from __future__ import annotations

import io
import multiprocessing
import os
import queue
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import ReportError
from reportgen.paths import TEMPLATE_DIR
from reportgen.publish.attachments import PdfAttachment
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
class FrontJob:
    """The corporate pack's front matter: its HTML, where each part's first page is a mark,
    filled in from the parts' page `counts` and the front matter's own length (`guess`
    first, laid out again if it takes another number of pages)."""

    name: str
    html: str
    page_css: str
    anchors: tuple[str, ...]
    counts: tuple[int, ...]
    guess: int = field(default=0, compare=False)  # how many layouts, not what comes out

    def typeset(self, base: Path) -> bytes:
        front, pages = None, self.guess
        for _ in range(3):
            html, first = self.html, pages + 1
            for anchor, count in zip(self.anchors, self.counts, strict=True):
                html, first = html.replace(pack_page_mark(anchor), str(first)), first + count
            front = _laid_out(html, base, self.page_css)
            if len(front.pages) == pages:
                break
            pages = len(front.pages)
        assert front is not None
        return front.write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class StampJob:
    """The pack page numbers: `pages` blank pages, each numbered by `stamp_css` (untagged:
    the join lays them over the pack's pages as artifacts)."""

    name: str
    pages: int
    stamp_css: str
    lang: str

    def typeset(self, base: Path) -> bytes:
        blank = "<div></div>" * self.pages
        return _laid_out(  # type: ignore[no-any-return]
            f'<!DOCTYPE html><html lang="{self.lang}"><head><title>-</title></head>'
            f"<body>{blank}</body></html>", base, self.stamp_css, variant=None).write_pdf()


Job = PdfJob | FrontJob | StampJob


class Press:
    """PDFs typeset while the build goes on: `start` hands jobs to up to `workers`
    processes (default: every core) and returns at once; `results` waits for them. With one
    worker, everything is typeset in this process, in order, when `results` is called. The
    bytes do not depend on how many; `done` hears each name as its PDF is finished."""

    def __init__(self, base: Path, workers: int | None = None,
                 done: Callable[[str], None] = lambda name: None) -> None:
        self.base, self.done = base, done
        self._limit = workers or os.cpu_count() or 1
        self.workers = max(1, self._limit)
        self._pool: Any = None
        self._waiting: list[Job] = []
        self._pending = 0
        self._finished: queue.SimpleQueue[tuple[str, bytes] | BaseException] = \
            queue.SimpleQueue()
        self._found: dict[str, bytes] = {}

    def expect(self, count: int) -> None:
        """How many PDFs there may be, if no pool is working yet: no more processes than
        that (one: this process, with no pool at all)."""
        if self._pool is None:
            self.workers = max(1, min(self._limit, count))

    def __enter__(self) -> Press:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()  # every result is in, or the build is stopping
            self._pool.join()

    def start(self, jobs: Sequence[Job]) -> None:
        if self.workers == 1:
            self._waiting.extend(jobs)
            return
        if self._pool is None:
            self._pool = _context().Pool(self.workers, maxtasksperchild=TASKS_PER_WORKER)
        for job in sorted(jobs, key=lambda j: -len(getattr(j, "html", ""))):  # longest first
            self._pool.apply_async(_typeset, ((job, self.base),), callback=self._finished.put,
                                   error_callback=self._finished.put)
            self._pending += 1

    def results(self, arrived: Callable[[str, bytes], None] | None = None
                ) -> dict[str, bytes]:
        """Every PDF started so far, by name, once all are finished; `arrived` hears each
        as it comes, to work on it while the rest are typeset."""
        for job in self._waiting:
            self._found[job.name] = job.typeset(self.base)
            self._arrived(job.name, arrived)
        self._waiting = []
        while self._pending:
            finished = self._finished.get()
            self._pending -= 1
            if isinstance(finished, BaseException):
                raise finished
            self._found[finished[0]] = finished[1]
            self._arrived(finished[0], arrived)
        return dict(self._found)

    def _arrived(self, name: str, arrived: Callable[[str, bytes], None] | None) -> None:
        self.done(name)
        if arrived is not None:
            arrived(name, self._found[name])

    def run(self, job: Job) -> bytes:
        """One more PDF, waited for."""
        self.start([job])
        return self.results()[job.name]


def warm_up() -> None:
    """Start the server the typesetting processes fork from now, so that it imports
    WeasyPrint while the build prepares and renders, not once the first PDF is wanted."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def _context() -> Any:
    # Workers fork from a server that has imported WeasyPrint once, so a fresh worker starts
    # in milliseconds, and each is replaced after a few PDFs (fork itself cannot recycle
    # workers; concurrent.futures' recycling can hang on Python 3.11).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint", "reportgen.publish.pdf"])
    return context


def write_pdfs(jobs: Sequence[Job], base: Path, workers: int | None = None,
               done: Callable[[str], None] = lambda name: None) -> dict[str, bytes]:
    """Every job's PDF, on up to `workers` processes (default: every core)."""
    with Press(base, workers, done) as press:
        press.expect(len(jobs))
        press.start(jobs)
        found = press.results()
    return {job.name: found[job.name] for job in jobs}


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
