"""The corporate pack joined page for page from PDFs already typeset, as one PDF/UA-1 file.

Each source (the pack's front matter, then every directorate's report) is a tagged PDF of
its own. Its pages are copied, and its structure tree is placed under one new Document root
as a Part; the keys of its parent tree, and the /StructParents of its pages and
/StructParent of its annotations, move up by the keys the sources before it used, so every
marked item still finds its element. Every report uses the same ids, so links by name are
turned into explicit page targets in their own part, and the front matter's links to a
part (named by the part's anchor) go to the part's first page. Each page gets its pack page
number, stamped from a PDF of numbered blank pages as an artifact, and the page labels
count the same way. Each stamp carries the key it was made for (as page-piece data, which
viewers ignore), so the next join of as many pages can take them from the last pack instead
of typesetting them again."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, Object, OutlineItem, Pdf, String

from reportgen.publish.attachments import PdfAttachment, embed

PIECE = "/Reportgen"  # the stamps' page-piece data


@dataclass(frozen=True)
class Source:
    """One typeset PDF to join: its bookmark title (empty: its own bookmarks stay at the
    top), and the anchor the front matter's contents link to it by."""

    title: str
    anchor: str
    pdf: bytes


@dataclass(frozen=True)
class Opened:
    """A source already opened (to count its pages: it is read once); the join closes it."""

    title: str
    anchor: str
    pdf: Pdf
    body: bytes = b""  # what it was opened from


def page_count(pdf: bytes) -> int:
    with Pdf.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)


def pages_if_pdf(pdf: bytes | None) -> int | None:
    """The page count of what may be a PDF (a file found in the output folder), or None."""
    try:
        return page_count(pdf) if pdf else None
    except pikepdf.PdfError:
        return None


def opened(source: Source, read: bool = False) -> tuple[Opened, int]:
    """The source opened, and its page count; `read`: every object read now (the join reads
    them all anyway: done ahead, while the build waits for the reports being typeset)."""
    pdf = Pdf.open(io.BytesIO(source.pdf))
    if read:
        for _ in pdf.objects:
            pass
    return Opened(source.title, source.anchor, pdf, source.pdf), len(pdf.pages)


@dataclass(frozen=True)
class Stamp:
    """The pack page numbers: page i of `pdf` (untagged), or the stamp on page i of the
    last pack when `pdf` is None, laid over page i as an artifact; `key` names what they
    were made from, and `front` counts the front matter's pages (both kept in the pack)."""

    key: str
    front: int
    pdf: bytes | None


def last_stamp(pack: bytes | None) -> tuple[str, int] | None:
    """The key the stamps of the last pack were made for, and its front matter's page count,
    if every page of it was stamped by a join with the same key (else None)."""
    if pack is None:
        return None
    try:
        with Pdf.open(io.BytesIO(pack)) as opened:
            marks = {_mark(page.obj, n) for n, page in enumerate(opened.pages)}
            return marks.pop() if len(marks) == 1 else None
    except pikepdf.PdfError:
        return None


def _mark(page: Object, index: int) -> tuple[str, int] | None:
    """What a page's pack page number was made for, if a join stamped it."""
    form = _stamp_form(page, index)
    data = form.get("/PieceInfo", Dictionary()).get(PIECE) if form is not None else None
    private = data.get("/Private") if isinstance(data, Dictionary) else None
    if not isinstance(private, Dictionary) or not {"/Key", "/Front"} <= set(private.keys()):
        return None
    return str(private.Key), int(private.Front)


def _stamp_form(page: Object, index: int) -> Object | None:
    """The form a join drew the pack page number of page `index` with (pages may share
    their resources, so each page's is named by its index)."""
    return page.get("/Resources", Dictionary()).get("/XObject", Dictionary()).get(
        _stamp_name(index))


def _stamp_name(index: int) -> Name:
    return Name(f"/PackPage{index + 1}")


def join(sources: Sequence[Source | Opened], stamp: Stamp | None = None,
         last: bytes | None = None, attachments: Sequence[PdfAttachment] = ()) -> bytes:
    """The sources as one tagged PDF, with the first source's title, language and metadata,
    the pack page numbers of `stamp` (from `last`, the last pack, when its pdf is None)
    over every page, and `attachments` embedded."""
    return Joining(sources[1:]).finish(sources[0], stamp, last, attachments)


@dataclass
class _Joined:
    """A source in the pack: the PDF it came from, its pages, the parts of the structure
    tree and the bookmarks it brought, and its parent tree by its own keys."""

    pdf: Pdf
    anchor: str
    pages: list[Dictionary]
    parts: list[Object]
    outline: list[OutlineItem]
    entries: list[tuple[int, Object]]
    keys: int  # how many keys it uses


class Joining:
    """A pack being joined: its parts first, in order (while its front matter may still be
    typeset), then the front matter, placed before them, then saved. Always in that order,
    so the same pack is the same bytes however its PDFs came to be ready."""

    def __init__(self, parts: Sequence[Source | Opened]) -> None:
        self.out = Pdf.new()
        self.document = self.out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.roles = Dictionary()
        self.links: list[tuple[Object, str]] = []  # the front matter's links to a part
        self.joined = [self._add(part, None) for part in parts]

    def _add(self, source: Source | Opened, anchors: list[str] | None) -> _Joined:
        """The source's pages (the front matter's, with the parts' `anchors`, before the
        rest), structure, links and bookmarks."""
        src = source.pdf if isinstance(source, Opened) else opened(source)[0].pdf
        out, count = self.out, len(src.pages)
        at = 0 if anchors is not None else len(out.pages)
        with warnings.catch_warnings():  # named destinations are made explicit below
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            if at == len(out.pages):
                out.pages.extend(src.pages)
            else:
                for offset, page in enumerate(src.pages):
                    out.pages.insert(at + offset, page)
        copied: list[Dictionary] = [page.obj for page in out.pages[at:at + count]]
        pages: dict[Any, Object] = {old.objgen: new for old, new in zip(
            src.pages, copied, strict=True)}
        dests = _destinations(src, pages)
        for anchor in anchors or ():  # the front matter's entry for a part goes to the part
            dests.pop(anchor, None)
        for obj in copied:
            for annot in obj.get("/Annots", Array()):
                _explicit(annot, dests, self.links if anchors is not None else None)
        parts, entries, keys = _graft(out, src, self.document, self.roles)
        items = [_copied(item, pages) for item in src.open_outline().root]
        if source.title:
            top = OutlineItem(source.title, _top_of(copied[0]))
            # one cover heading above the sections: its sections go under the part
            top.children.extend(items[0].children if len(items) == 1 else items)
            items = [top]
        return _Joined(src, source.anchor, copied, parts, items, entries, keys)

    def finish(self, front: Source | Opened, stamp: Stamp | None = None,
               last: bytes | None = None, attachments: Sequence[PdfAttachment] = ()) -> bytes:
        """The pack with `front` first (it names the pack), numbered by `stamp` (see
        `join`), with `attachments`, saved."""
        joined = [self._add(front, [j.anchor for j in self.joined]), *self.joined]
        out = self.out
        starts = {j.anchor: j.pages[0] for j in joined}
        for annot, anchor in self.links:
            if anchor in starts:
                annot.Dest = _top_of(starts[anchor])
        self.document.K = Array([part for j in joined for part in j.parts])
        with out.open_outline() as outline:
            outline.root.extend(item for j in joined for item in j.outline)
        # each source's keys into the parent tree move up past the sources before it
        nums, offset = Array(), 0
        for j in joined:
            for page in j.pages:
                _renumber(page, offset)
            for key, value in j.entries:
                nums.append(key + offset)
                nums.append(value)
            offset += j.keys
        tree = out.make_indirect(Dictionary(Type=Name.StructTreeRoot,
                                            K=Array([self.document])))
        self.document.P = tree
        tree.ParentTree = out.make_indirect(Dictionary(Nums=nums))
        tree.ParentTreeNextKey = offset
        if self.roles:
            tree.RoleMap = self.roles
        out.Root.StructTreeRoot = tree
        _catalog(out, joined[0].pdf)
        if stamp is not None:
            _stamp(out, stamp, last)
        embed(out, attachments)  # here, not after: saving the pack twice cost as much as a join
        buffer = io.BytesIO()
        # streams are copied as compressed, not decoded and compressed again
        out.save(buffer, deterministic_id=True, min_version=joined[0].pdf.pdf_version,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none)
        for j in joined:
            j.pdf.close()
        return buffer.getvalue()


def _renumber(page: Dictionary, offset: int) -> None:
    """The page's and its annotations' keys into the parent tree, moved up by `offset`."""
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annot in page.get("/Annots", Array()):
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + offset


def _destinations(src: Pdf, pages: dict[Any, Object]) -> dict[str, Array]:
    """The source's named destinations, as explicit targets on the copied pages."""
    names = src.Root.get("/Names", Dictionary()).get("/Dests")
    found: dict[str, Array] = {}
    if names is None:
        return found
    for name, dest in NameTree(names).items():
        target = dest.get("/D") if isinstance(dest, Dictionary) else dest
        if isinstance(target, Array) and len(target) and target[0].objgen in pages:
            found[name] = Array([pages[target[0].objgen], *list(target)[1:]])
    return found


def _explicit(annot: Object, dests: dict[str, Array],
              links: list[tuple[Object, str]] | None) -> None:
    """A link by name made a link to an explicit place in its own part."""
    action = annot.get("/A")
    if isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
        name = action.get("/D")
        if isinstance(name, String) and str(name) in dests:
            action.D = dests[str(name)]
        return
    name = annot.get("/Dest")
    if not isinstance(name, String):
        return
    if str(name) in dests:
        annot.Dest = dests[str(name)]
    elif links is not None:  # the front matter's contents: resolved once every part is in
        links.append((annot, str(name)))


def _graft(out: Pdf, src: Pdf, document: Dictionary,
           roles: Dictionary) -> tuple[list[Object], list[tuple[int, Object]], int]:
    """The source's structure tree copied as Parts of `document` (for the caller to put in
    place), its parent tree's entries copied with their own keys, and how many keys it
    uses (the caller moves them up past the sources before it)."""
    root = src.Root.StructTreeRoot
    kids = root.K if isinstance(root.K, Array) else Array([root.K])
    lang = src.Root.get("/Lang")
    parts = []
    for kid in kids:
        if "/P" in kid:
            del kid["/P"]  # its old root stays behind
        part = out.copy_foreign(kid)
        part.P = document
        if part.get("/S") == Name.Document:
            part.S = Name.Part
        if lang is not None and "/Lang" not in part:
            part.Lang = lang
        parts.append(part)
    entries = []
    for key, value in _numbers(root.ParentTree):
        # one copy of a page's whole array, not one call per element (thousands a report)
        entries.append((key, out.copy_foreign(
            value if value.is_indirect else src.make_indirect(value))))
    for name, role in root.get("/RoleMap", Dictionary()).items():
        roles[name] = role
    used = max((key + 1 for key, _ in entries), default=0)
    return parts, entries, max(used, int(root.get("/ParentTreeNextKey", 0)))


def _numbers(node: Object) -> Iterator[tuple[int, Object]]:
    """A number tree's entries, in order."""
    if "/Nums" in node:
        entries = node.Nums
        for index in range(0, len(entries), 2):
            yield int(entries[index]), entries[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from _numbers(kid)


def _copied(item: OutlineItem, pages: dict[Any, Object]) -> OutlineItem:
    """A source's bookmark, pointing at the copied page."""
    dest = item.destination
    target: Array | None = None
    if isinstance(dest, Array) and len(dest) and dest[0].objgen in pages:
        target = Array([pages[dest[0].objgen], *list(dest)[1:]])
    copy = OutlineItem(item.title, target)
    copy.is_closed = item.is_closed
    copy.children.extend(_copied(child, pages) for child in item.children)
    return copy


def _top_of(page: Object) -> Array:
    return Array([page, Name.XYZ, 0, page.MediaBox[3], 0])


def _catalog(out: Pdf, first: Pdf) -> None:
    """The pack's title, language and metadata: its front matter's, which names the pack."""
    for key in ("/Lang", "/Metadata"):
        if key in first.Root:
            out.Root[key] = out.copy_foreign(first.Root[key]) if first.Root[key].is_indirect \
                else first.Root[key]
    out.Root.MarkInfo = Dictionary(Marked=True)
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    out.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    for key, value in first.docinfo.items():
        out.docinfo[key] = value
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfuaid:part"] = "1"


def _stamp(out: Pdf, stamp: Stamp, last: bytes | None) -> None:
    """Each page's number drawn over it, marked as an artifact (a page number is not
    content a screen reader should read in the text)."""
    with Pdf.open(io.BytesIO(stamp.pdf if stamp.pdf is not None else last or b"")) as numbers:
        forms = ([page.as_form_xobject() for page in numbers.pages] if stamp.pdf is not None
                 else [_stamp_form(page.obj, n) for n, page in enumerate(numbers.pages)])
        for index, (page, number) in enumerate(zip(out.pages, forms, strict=True)):
            assert number is not None  # last_stamp found one on every page
            form = out.copy_foreign(number)
            form.write(form.read_bytes())  # as the writer will filter it, wherever it came from
            form.PieceInfo = Dictionary({PIECE: Dictionary(
                LastModified=String("D:20000101000000Z"),  # fixed: builds are repeatable
                Private=Dictionary(Key=String(stamp.key), Front=stamp.front))})
            # named by the page, not at random: the same pack is the same bytes
            name = page.add_resource(form, Name.XObject, _stamp_name(index))
            page.contents_add(out.make_stream(b"q\n"), prepend=True)
            page.contents_add(out.make_stream(
                b"\nQ\n/Artifact BMC\nq\n" + name.unparse() + b" Do\nQ\nEMC\n"))
