"""The corporate pack, council.pdf: its front matter (cover, contents with pack page numbers,
council-wide summary) typeset alone, then joined page for page to the reports' PDFs and
numbered (publish/join.py). Counted from the PDFs already in the folder, the front matter
(and the page numbers, where the last pack's will not do) are typeset before the reports,
and typeset again only if the reports' pages come out otherwise."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportgen.publish.attachments import PdfAttachment
from reportgen.publish.cache import engine_version
from reportgen.publish.digests import digest
from reportgen.publish.join import (
    Joining,
    Opened,
    Source,
    Stamp,
    last_stamp,
    opened,
    page_count,
)
from reportgen.publish.pdf import FrontJob, Press, StampJob


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
    attachments: tuple[PdfAttachment, ...] = ()  # embedded as the parts are joined
    last: bytes | None = None

    def front(self, counts: Sequence[int], last: tuple[str, int] | None) -> FrontJob:
        """The front matter for parts of `counts` pages, first laid out as long as the
        front matter `last` stamped (the numbers rarely change its length)."""
        return FrontJob(f"{self.name} (front matter)", self.html, self.page_css,
                        tuple(part.anchor for part in self.parts), tuple(counts),
                        last[1] if last else 0)


def read_ahead(job: PackJob) -> dict[str, tuple[Opened, int]]:
    """The parts already typeset (those with their PDF), opened and read through, by
    anchor: the build does this while the others are typeset."""
    return {part.anchor: opened(part, read=True) for part in job.parts if part.pdf}


def foreseen(job: PackJob, counts: Sequence[int], hint: bytes | None) -> list[FrontJob | StampJob]:
    """What can be typeset while the reports are: the front matter for parts of `counts`
    pages and, if `hint` (a pack found in the folder, whatever made it) tells how long the
    front matter is and the last pack's page numbers will not do, the page numbers."""
    found = last_stamp(hint)
    front = job.front(counts, found)
    if found is None:
        return [front]
    total = found[1] + sum(counts)
    last = last_stamp(job.last)
    if last is not None and last[0] == _stamp_key(job, total):
        return [front]
    return [front, _stamps(job, total)]


def write_pack(job: PackJob, base: Path, press: Press | None = None,
               ready: Mapping[FrontJob | StampJob, bytes] | None = None,
               read: Mapping[str, tuple[Opened, int]] | None = None) -> bytes:
    """The pack: its front matter (one of `ready` if it was typeset for these page counts)
    with the pack page each part starts at in its contents, joined to the parts (those
    `read` ahead where they are the same bytes) and stamped with page numbers; anything
    still to typeset goes to `press` (default: this process)."""
    press = press or Press(base, 1)
    ahead = read or {}
    parts, counts = zip(*(
        ahead[part.anchor] if part.anchor in ahead and ahead[part.anchor][0].body == part.pdf
        else opened(part) for part in job.parts), strict=True)
    last = last_stamp(job.last)
    wanted = job.front(counts, last)
    front, stamps = (ready or {}).get(wanted), dict[int, bytes]()
    waiting: list[FrontJob | StampJob] = []
    if front is None:
        # its length, from a front matter typeset for other counts or from the last pack
        length = next((page_count(pdf) for made, pdf in (ready or {}).items()
                       if made.name == wanted.name), last[1] if last else None)
        wanted = replace(wanted, guess=length or 0)
        total = (length or 0) + sum(counts)
        waiting = [wanted]
        if length is not None and (last is None or last[0] != _stamp_key(job, total)):
            waiting.append(_stamps(job, total))  # the page numbers typeset beside it
        press.start(waiting)
    joining = Joining(parts)  # while the front matter is typeset
    if waiting:
        done = press.results()
        front = done[wanted.name]
        if len(waiting) > 1:
            stamps[total] = done[waiting[1].name]
    assert front is not None
    front_pages = page_count(front)
    pages = front_pages + sum(counts)
    key = _stamp_key(job, pages)
    if last is not None and last[0] == key:  # the same numbers: the last pack's stamps
        return joining.finish(Source("", "", front), Stamp(key, front_pages, None), job.last,
                              job.attachments)
    numbers = stamps.get(pages) or (ready or {}).get(_stamps(job, pages)) or press.run(
        _stamps(job, pages))
    return joining.finish(Source("", "", front), Stamp(key, front_pages, numbers),
                          attachments=job.attachments)


def _stamps(job: PackJob, pages: int) -> StampJob:
    return StampJob(f"{job.name} (page numbers)", pages, job.stamp_css, job.lang)


def _stamp_key(job: PackJob, pages: int) -> str:
    """What a pack's page numbers are made from: a pack as long can reuse them."""
    return digest("stamp", engine_version(), job.stamp_css, job.lang, str(pages))
