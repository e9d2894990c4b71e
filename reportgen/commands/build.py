"""The build, top-down: prepare (load → compute → narratives → check) → render HTML → PDF →
exports and manifest → publish. Stages return their problems; only this module stops."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path

from reportgen.commands.progress import Reporter
from reportgen.errors import Location, Problem, Problems, ReportError, UsageError
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.config import Directorate, named_files, quarter_inputs
from reportgen.paths import OUTPUT_DIR, inputs, narrative_file, output_name
from reportgen.prepare.approvals import approvals
from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared
from reportgen.publish.attachments import PdfAttachment
from reportgen.publish.cache import (
    as_left,
    changed_inputs,
    input_hashes,
    inputs_key,
    intact,
    kept,
    on_disk,
    pack_key,
    pdf_key,
    store,
    stored,
)
from reportgen.publish.exports import exports, figures_csv
from reportgen.publish.join import Opened, Source, opened, pages_if_pdf
from reportgen.publish.manifest import MANIFEST, Previous, manifest, previous_build
from reportgen.publish.pack import PackJob, foreseen, read_ahead, write_pack
from reportgen.publish.pdf import FrontJob, PdfJob, Press, StampJob, warm_up
from reportgen.publish.records import record, write_record
from reportgen.publish.writing import publish, recover
from reportgen.render.context import pack_parts
from reportgen.render.theme import (
    Theme,
    builtin_digest,
    render_index,
    render_pack,
    render_report,
    template_errors,
)

FORMATS = ("html", "pdf", "pack")  # pack: council.pdf, the corporate pack


@dataclass
class BuildResult:
    """What a build wrote, and the warnings it found on the way."""

    quarter: str
    folder: Path
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # outputs already as they should be
    earlier_warnings: list[str] = field(default_factory=list)  # when nothing was rebuilt


def check(root: Path, quarter: str, render: bool = False) -> tuple[Prepared | None, Problems]:
    """Every problem in the project for a quarter, without writing anything.

    With `render`, every report is also rendered to HTML in memory, so that a template
    mistake that only shows when it runs is found too."""
    prepared = prepare(root, quarter)
    if not isinstance(prepared, Prepared):
        return None, Problems(prepared)
    theme = Theme(root)
    problems = Problems(list(prepared.problems))
    problems.extend(_template_problems(theme))
    if render and not problems.errors:
        for directorate in prepared.directorates:
            for language in prepared.languages:
                problems.extend(_attempt(root, partial(render_report, theme, prepared,
                                                       directorate.id, language, page=False)))
        for language in prepared.languages:
            problems.extend(_attempt(root, partial(render_index, theme, prepared, FORMATS,
                                                   language)))
    return prepared, Problems(problems.sorted())


def _template_problems(theme: Theme) -> list[Problem]:
    """Syntax mistakes in the project's own templates, found without rendering them."""
    found: list[Problem] = []
    for name in theme.project_templates():
        found.extend(_attempt(theme.root, partial(theme.env(SOURCE_LANGUAGE).get_template, name)))
    return found


def _attempt(root: Path, action: Callable[[], object]) -> list[Problem]:
    """The problems an action ran into, as a list: a template mistake does not stop a check."""
    try:
        with template_errors(root):
            action()
    except ReportError as exc:
        return exc.problems
    return []


def build(root: Path, quarter: str, directorates: Collection[str] | None = None,
          formats: Collection[str] = FORMATS, publish_only_approved: bool = False,
          reporter: Reporter | None = None, jobs: int | None = None,
          force: bool = False) -> BuildResult:
    """Validate, then build what changed since the last build into output/<quarter>/;
    `force` builds everything, `jobs` sets how many processes typeset PDFs."""
    reporter = reporter or Reporter()
    _check_formats(formats)
    folder = root / OUTPUT_DIR / quarter
    recover(folder)  # an interrupted build's hand-over finished, before its files are read
    previous = Previous() if force else previous_build(folder)
    settings = (",".join(sorted(formats)), ",".join(sorted(directorates or ())),
                str(publish_only_approved), builtin_digest())
    hashes = input_hashes(root, quarter_inputs(root, quarter))
    key = inputs_key(hashes, *settings)
    if key == previous.build_key and intact(previous, folder):
        reporter.step(f"{quarter} is up to date")
        return BuildResult(quarter, folder, [], [], kept=sorted(previous.hashes),
                           earlier_warnings=list(previous.warnings))
    several = not directorates or len(directorates) > 1
    pool = bool({"pdf", "pack"} & set(formats)) and jobs != 1 and several
    if pool:
        warm_up()  # several PDFs to typeset on a pool: its server starts while we prepare
    theme = Theme(root)
    files: dict[str, bytes] = {}
    with Press(root, jobs, lambda name: reporter.step(f"Wrote {name}")
               if name.endswith(".pdf") else None) as press:
        edited = _edited(root, quarter, hashes, previous) \
            if pool and not directorates else []
        early = _early(root, quarter, edited, theme, formats, previous, folder, press)
        reporter.step(f"Checking {quarter}")
        prepared, chosen, problems = _checked(root, quarter, directorates,
                                              publish_only_approved)
        pdfs, typeset, packs = _make(prepared, theme, chosen, formats, previous, folder,
                                     press, early, reporter, files, reuse=not force)
    if "pdf" not in formats:  # the reports were typeset only to be joined into the pack
        typeset = {job.name: typeset[job.name] for job in packs}
    files.update(typeset)
    reporter.step("Writing the manifest")
    files[MANIFEST] = manifest(
        root, str(prepared.quarter), inputs(root, prepared.quarter, named_files(
            root, prepared.project.config)), files,
        keys={name: key for name, key in _keys(pdfs, packs).items() if name in files},
        build_key=key,
        warnings=[str(w) for w in problems.warnings], approvals=approvals(prepared))
    unchanged = {name for name, body in files.items() if on_disk(folder / name) == body}
    written = publish(folder, files, f"{OUTPUT_DIR}/{prepared.quarter}", unchanged)
    if publish_only_approved:  # the record a later report's revisions are found against
        written.append(write_record(root, str(prepared.quarter), record(
            prepared.results, files[MANIFEST], date.today(), {d.id for d in chosen})))
    return BuildResult(str(prepared.quarter), folder, written, problems.warnings,
                       kept=sorted(set(files) - {path.name for path in written}))


def _checked(root: Path, quarter: str, directorates: Collection[str] | None,
             publish: bool) -> tuple[Prepared, list[Directorate], Problems]:
    """The quarter prepared and checked; stops with every error there is."""
    prepared = prepare(root, quarter, directorates or ())
    if not isinstance(prepared, Prepared):
        raise ReportError(prepared)
    chosen = _choose(prepared, directorates)
    problems = Problems(list(prepared.problems))
    problems.extend(_template_problems(Theme(root)))
    if publish:
        problems = problems.for_publishing()
        problems.extend(_drafts(prepared, chosen,
                                {p.location.path for p in problems.errors}))
    problems.raise_if_errors()
    return prepared, chosen, problems


def _check_formats(formats: Collection[str]) -> None:
    if not formats:
        raise UsageError("no output format given: use --format html, pdf, pack or a list "
                         "such as html,pdf")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise UsageError(f"unknown format '{sorted(unknown)[0]}': choose from html, pdf, pack")


def pack_job(prepared: Prepared, theme: Theme, typeset: dict[str, bytes],
             language: str, last: bytes | None = None) -> PackJob:
    """The corporate pack in one language, from the reports' PDFs (`typeset`, by name: a
    report not there yet is an empty part, filled in once typeset); `last` is the last
    build's pack, whose page numbers it may reuse."""
    front = render_pack(theme, prepared, language)
    return PackJob(output_name("council", language, "pdf"), front.html, front.page_css,
                   front.stamp_css, language, _parts(prepared, language, typeset),
                   _figures(prepared, output_name("council", language, "pdf")[:-4], None), last)


def _parts(prepared: Prepared, language: str, typeset: dict[str, bytes]) -> tuple[Source, ...]:
    """Every directorate's report as a part of the pack, in order."""
    return tuple(Source(part.name, part.anchor,
                        typeset.get(output_name(d.id, language, "pdf"), b""))
                 for d, part in zip(prepared.directorates, pack_parts(prepared, language),
                                    strict=True))


def _foresee(prepared: Prepared, packs: list[PackJob], previous: Previous, folder: Path,
             press: Press) -> list[FrontJob | StampJob]:
    """Each pack's front matter (and page numbers, where they cannot be reused), started
    before the reports, numbered from the page counts of the PDFs in the folder (an edit
    rarely changes them; if it does, they are typeset again once counted). With none, the
    front matter still tells how long it is, so the page numbers can be typeset beside it
    at the end."""
    if not packs or (press.workers == 1 and not previous.hashes):
        return []
    started: list[FrontJob | StampJob] = []
    for job in packs:
        parts = [pages_if_pdf(on_disk(folder / output_name(d.id, job.lang, "pdf"))) or 1
                 for d in prepared.directorates]  # 1: not known yet
        started += foreseen(job, parts, on_disk(folder / job.name))
    press.start(started)
    return started


def _figures(prepared: Prepared, stem: str, directorate: str | None) -> tuple[PdfAttachment]:
    """The figures a report (the pack: every directorate's) shows, as published, to embed
    in its PDF as CSV: a reader can take them from the PDF alone."""
    end = prepared.quarter.end
    which = "this report" if directorate else "this pack"
    return (PdfAttachment(
        f"{stem}-figures-{prepared.quarter}.csv", figures_csv(prepared.results, directorate),
        f"The figures in {which} as published, {prepared.quarter}: a CSV table with one "
        "row per indicator. Confidential figures are [c], provisional ones [p] and revised "
        "ones [r], in the symbol column.", datetime(end.year, end.month, end.day)),)


def _keys(pdfs: list[PdfJob], packs: list[PackJob]) -> dict[str, str]:
    return {job.name: _key(job) for job in pdfs} | {job.name: _key(job) for job in packs}


def _key(job: PdfJob | PackJob) -> str:
    """Everything that can change a PDF's bytes: a pack's are its front matter and parts."""
    if isinstance(job, PackJob):
        return pack_key(job.html + "".join(a.body.decode() for a in job.attachments),
                        job.page_css, job.stamp_css, [p.pdf for p in job.parts])
    return pdf_key(job.html + "".join(a.body.decode() for a in job.attachments), job.page_css)


def _make(prepared: Prepared, theme: Theme, chosen: list[Directorate],
          formats: Collection[str], previous: Previous, folder: Path, press: Press,
          early: dict[str, tuple[str, str]], reporter: Reporter, files: dict[str, bytes],
          reuse: bool = True) -> tuple[list[PdfJob], dict[str, bytes], list[PackJob]]:
    """Every chosen report in `files` as HTML, the index and the exports; every report's
    PDF (kept from the last build where its key is unchanged or, with `reuse`, from the
    store of those typeset lately; taken from those typeset `early` where it renders the
    same; else typeset, starting as soon as it is rendered)
    and, with every directorate chosen, the corporate pack in each language, joined from
    them."""
    pack = "pack" in formats and len(chosen) == len(prepared.directorates)
    wanted = {"pdf"} & set(formats) or pack
    reports = len(chosen) * len(prepared.languages) if wanted else 0
    press.expect(reports + pack * len(prepared.languages))
    pdfs: list[PdfJob] = []
    typeset: dict[str, bytes] = {}
    keys: dict[str, str] = {}  # each report PDF's, by name
    packs = [pack_job(prepared, theme, {}, language,
                      as_left(previous, folder, output_name("council", language, "pdf")))
             for language in prepared.languages] if pack else []
    fronts = _foresee(prepared, packs, previous, folder, press)  # first: they need no report
    for directorate in chosen:
        for language in prepared.languages:
            which = f" ({language})" if len(prepared.languages) > 1 else ""
            reporter.step(f"Rendering {directorate.name}{which}")
            page = render_report(theme, prepared, directorate.id, language,
                                 page=bool(wanted), formats=formats)
            name = output_name(directorate.id, language, "html")
            files[name] = page.html.encode()
            if not wanted:
                continue
            job = PdfJob(name.removesuffix(".html") + ".pdf", page.html, page.page_css,
                         _figures(prepared, name.removesuffix(".html"), directorate.id))
            pdfs.append(job)
            key = keys[job.name] = _key(job)
            body = kept(previous, folder, job.name, key) or (
                stored(prepared.project.root, key) if reuse else None)
            if body is not None:
                typeset[job.name] = body
            elif early.get(job.name, ("",))[0] != key:  # not typeset ahead as it is
                early.pop(job.name, None)
                press.start([job])  # typeset while the next is rendered
    todo = [job for job in pdfs if job.name not in typeset]
    if todo:
        reporter.step(f"Typesetting {len(todo)} PDF{'s' if len(todo) != 1 else ''}"
                      + (f" ({len(typeset)} unchanged)" if typeset else ""))
    reporter.step("Writing index and exports")  # while the PDFs are typeset
    for language in prepared.languages:
        index = render_index(theme, prepared, tuple(formats), language)
        files[output_name("index", language, "html")] = index.encode()
    files.update(exports(prepared.results))
    # the first pack's parts read while the rest are typeset: those kept from the last build
    # now, the others as they come (one pack's only: they are held until it is joined)
    read = read_ahead(replace(packs[0], parts=_parts(prepared, packs[0].lang, typeset))) \
        if packs and todo else {}
    places = {output_name(d.id, packs[0].lang, "pdf"): part for d, part in zip(
        prepared.directorates, pack_parts(prepared, packs[0].lang), strict=True)} \
        if packs and todo else {}

    def arrived(name: str, pdf: bytes) -> None:
        if name in places:
            read[places[name].anchor] = opened(
                Source(places[name].name, places[name].anchor, pdf), read=True)

    done = press.results(arrived)
    ready = {front: done.pop(front.name) for front in fronts}
    for name, (_, started) in early.items():  # typeset ahead, and rendered the same
        done[name] = done.pop(started)
    typeset.update({job.name: done[job.name] for job in todo})
    store(prepared.project.root, {keys[job.name]: typeset[job.name] for job in todo})
    packs = [replace(job, parts=_parts(prepared, job.lang, typeset)) for job in packs]
    typeset.update(_join(packs, previous, folder, press, ready, read, reporter))
    return pdfs, typeset, packs


def _edited(root: Path, quarter: str, hashes: dict[str, str], previous: Previous) -> list[str]:
    """The directorates (by id) whose narrative is all that changed since the last build:
    their reports can be typeset before the rest of the quarter is read and checked."""
    changed = changed_inputs(root, hashes, previous) if previous.inputs else set()
    ids = set()
    for path in changed:
        folder, _, name = path.rpartition("/")
        if folder != narrative_file(quarter, "x").parent.as_posix() or not name.endswith(".md"):
            return []  # data, the catalogue, the config or a template: every report changes
        ids.add(name.split(".")[0])
    return sorted(ids)


def _early(root: Path, quarter: str, ids: list[str], theme: Theme, formats: Collection[str],
           previous: Previous, folder: Path, press: Press) -> dict[str, tuple[str, str]]:
    """The reports of the directorates `ids` started on the press ahead of the build, from
    those directorates alone (a quarter with errors is left to the build to report): by
    output name, the key each was typeset from and the name it was started under. The build
    takes one only if its report renders the same once the whole quarter is read."""
    started: dict[str, tuple[str, str]] = {}
    if not ids or press.workers == 1:
        return started
    try:
        early = prepare(root, quarter, ids)
        if not isinstance(early, Prepared) or Problems(list(early.problems)).errors or \
                not set(ids) <= {d.id for d in early.directorates}:
            return started
        for directorate in ids:
            for language in early.languages:
                page = render_report(theme, early, directorate, language, page=True,
                                     formats=formats)
                name = output_name(directorate, language, "pdf")
                job = PdfJob(f"{name} (ahead)", page.html, page.page_css,
                             _figures(early, name.removesuffix(".pdf"), directorate))
                key = _key(job)
                if kept(previous, folder, name, key) is None and stored(root, key) is None:
                    press.start([job])
                    started[name] = (key, job.name)
    except ReportError:
        pass  # the build finds it again, and says where
    return started


def _join(packs: list[PackJob], previous: Previous, folder: Path, press: Press,
          ready: dict[FrontJob | StampJob, bytes], read: dict[str, tuple[Opened, int]],
          reporter: Reporter) -> dict[str, bytes]:
    """Each corporate pack: kept from the last build where its key is unchanged, else its
    front matter (`ready` if typeset already for these page counts) joined to its parts
    (the first pack's `read` ahead)."""
    found = {}
    for job in packs:
        body = kept(previous, folder, job.name, _key(job))
        if body is None:
            reporter.step(f"Joining {job.name}")
            body = write_pack(job, press.base, press, ready,
                              read if job is packs[0] else None)
            reporter.step(f"Wrote {job.name}")
        found[job.name] = body
    return found


def _choose(prepared: Prepared, wanted: Collection[str] | None) -> list[Directorate]:
    if not wanted:
        return list(prepared.directorates)
    known = {d.id: d for d in prepared.directorates}
    for directorate in wanted:
        if directorate not in known:
            raise UsageError(f"unknown directorate '{directorate}': choose from "
                             + ", ".join(known))
    return [known[d] for d in wanted]


def _drafts(prepared: Prepared, chosen: list[Directorate],
            broken: Collection[str] = ()) -> list[Problem]:
    """--publish refuses a report whose narrative is missing or not approved; a narrative
    that could not be read (in `broken`, the files with errors) has its own error."""
    problems = Problems()
    for directorate in chosen:
        narrative = prepared.narrative(directorate.id)
        if narrative is None or narrative.draft:
            where = narrative.path if narrative else narrative_file(
                prepared.quarter, directorate.id).as_posix()
            if narrative is None and where in broken:
                continue
            problems.error(Location(where, 1 if narrative else None),
                           f"{directorate.name} narrative is not approved; "
                           "--publish refuses drafts",
                           "set 'status: approved' with approved_by and approved_on "
                           "once signed off")
    return problems.items
