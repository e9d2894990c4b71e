"""Live preview for narrative authors: a quarter's reports served from memory, re-prepared
when a file is saved, and the open page reloaded.

Nothing is written to output/: pages are rendered on request and kept by a digest of the
files they depend on, so an edit to one directorate's narrative re-renders that report
only. The reload script is put into served pages here, never into a template, so no
published file carries it."""

from __future__ import annotations

import html
import ipaddress
import re
import socket
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from reportgen.commands.build import check, pack_job
from reportgen.commands.preview_marks import contradictions, warnings_box, with_marks
from reportgen.errors import Problem, ReportError, UsageError
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.config import quarter_inputs
from reportgen.narrative.drift import Finding
from reportgen.paths import NARRATIVE_DIR, OUTPUT_DIR, output_name
from reportgen.prepare.prepared import Prepared
from reportgen.publish.digests import digest, input_bytes, sha256
from reportgen.publish.exports import exports
from reportgen.publish.manifest import display_path
from reportgen.publish.pack import write_pack
from reportgen.publish.pdf import PdfJob, write_pdf, write_pdfs
from reportgen.render.theme import Theme, render_index, render_report
from reportgen.safe.sanitise import visible

FORMATS = ("html", "pdf")
LINKED = ("html", "pdf", "pack")  # what the served pages link to: council.pdf is made on demand
POLL_SECONDS = 25.0  # a reload request is answered "wait" after this, and the page asks again
RELOAD = "/__reload"


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")  # what a browser on this machine sends
LISTEN_QUEUE = 128  # connections waiting to be accepted: a page opens several at once
CLOSED_TAB = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(port: int, remote: str | None = None) -> frozenset[str]:
    """The Host headers the preview answers: this machine's names with the port, and the
    one name `--allow-remote` gives (with or without the port). Any other name is a page
    that rebound its own name to this machine (DNS rebinding) to read the drafts."""
    names = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    if remote:  # as the officer typed it: a name, an address, or either with the port
        names |= {remote.lower(), f"{remote.lower()}:{port}"}
    return frozenset(names)


@dataclass(frozen=True)
class Page:
    """One response: its bytes, type and status, and the key the page reloads on."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: HTTPStatus = HTTPStatus.OK
    key: str = ""


@dataclass
class State:
    """One preparation of the quarter: what it made, the problems, and the file digests."""

    prepared: Prepared | None
    problems: tuple[Problem, ...]
    digests: dict[str, str]
    theme: Theme  # made once per preparation: the project's templates may have changed
    generation: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def digests(root: Path, quarter: str) -> dict[str, str]:
    """A hash of every input of the quarter (the logo and sources included), by path."""
    # read bounded, as the build reads them: a refused file hashes as a marker, and the
    # preparation that follows reports it
    return {display_path(root, path): sha256(input_bytes(root, path))
            for path in quarter_inputs(root, quarter)}


class Preview:
    """A quarter's reports, prepared again on each change and rendered on request."""

    def __init__(self, root: Path, quarter: str, prepare: bool = True) -> None:
        self.root, self.quarter = root, quarter
        self._lock = threading.Condition()
        # pages by path, each kept while its key (the digest of what it depends on) holds,
        # across preparations: editing one narrative leaves the other reports as they were
        self.cache: dict[str, Page] = {}
        self.state = self._prepare(0) if prepare else State(
            None, (), {}, Theme(root), -1)

    def _prepare(self, generation: int) -> State:
        files = digests(self.root, self.quarter)
        try:
            # check() also compiles the project's templates: a template mistake is listed too
            prepared, problems = check(self.root, self.quarter, render=False)
        except ReportError as exc:
            return State(None, tuple(exc.problems), files, Theme(self.root), generation)
        return State(prepared, tuple(problems.sorted()), files, Theme(self.root), generation)

    def refresh(self, force: bool = False) -> bool:
        """Prepare the quarter again; True when any input's content changed (or `force`)."""
        with self._lock:
            generation = self.state.generation + 1
        state = self._prepare(generation)
        with self._lock:
            changed = state.digests != self.state.digests or \
                [str(p) for p in state.problems] != [str(p) for p in self.state.problems]
            if not changed and not force:
                return False
            self.state = state
            self._lock.notify_all()
        return True

    def key(self, path: str, state: State | None = None) -> str:
        """What a page depends on, as one digest: a report ignores other narratives."""
        state = state or self.state
        if state.errors:
            return "error-" + digest(*(str(p) for p in state.problems))[:16]
        parts = [f"{name}={digest}" for name, digest in sorted(state.digests.items())
                 if concerns(path, name)]
        return digest(path, *parts, *(str(p) for p in state.problems
                                      if concerns(path, p.location.path)))[:16]

    def wait_for_change(self, path: str, key: str, timeout: float = POLL_SECONDS) -> bool:
        """Block until the page at `path` would differ from the one with `key`."""
        with self._lock:
            return self._lock.wait_for(lambda: self.key(path) != key, timeout)

    def page(self, path: str) -> Page:
        """The response for a path: a report, the index, a PDF, an export, or an error page."""
        with self._lock:
            state = self.state
        key = self.key(path, state)
        with self._lock:
            cached = self.cache.get(path)
        if cached is not None and cached.key == key:
            return cached
        page = self._make(path, state, key)
        with self._lock:
            self.cache[path] = page
        return page

    def _make(self, path: str, state: State, key: str) -> Page:
        if state.errors or state.prepared is None:
            return Page(error_page(self.quarter, state.errors or list(state.problems), key),
                        key=key)
        try:
            return self._render(path, state.prepared, state, key)
        except ReportError as exc:
            return Page(error_page(self.quarter, exc.problems, key), key=key)

    def _render(self, path: str, prepared: Prepared, state: State, key: str) -> Page:
        theme = state.theme
        name = path.lstrip("/") or "index.html"
        stem, _, rest = name.partition(".")
        language, _, suffix = rest.rpartition(".")
        language = language or SOURCE_LANGUAGE
        if language not in prepared.languages:
            return not_found(path)
        if stem == "index" and suffix == "html":
            index = render_index(theme, prepared, LINKED, language)
            return Page(with_reload(index, key).encode(), key=key)
        if name in ("kpis.csv", "budget.csv", "figures.json"):
            kind = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
            return Page(exports(prepared.results)[name], kind, key=key)
        if stem == "council" and suffix == "pdf":  # the reports typeset, then joined
            reports = [(output_name(d.id, language, "pdf"),
                        render_report(theme, prepared, d.id, language))
                       for d in prepared.directorates]
            typeset = write_pdfs([PdfJob(name, report.html, report.page_css)
                                  for name, report in reports], self.root)  # on every core
            pack = write_pack(pack_job(prepared, theme, typeset, language), self.root)
            return Page(pack, "application/pdf", key=key)
        if stem not in {d.id for d in prepared.directorates} or suffix not in FORMATS:
            return not_found(path)
        report = render_report(theme, prepared, stem, language, page=suffix == "pdf")
        if suffix == "pdf":
            return Page(write_pdf(report.html, self.root, report.page_css), "application/pdf",
                        key=key)
        notes = [p for p in state.problems if concerns(path, p.location.path)]
        narrative = prepared.narrative(stem, language)
        found = contradictions(prepared, narrative) if language == SOURCE_LANGUAGE else []
        page = with_marks(report.html, narrative, found)
        return Page(with_reload(with_warnings(page, notes, found), key).encode(), key=key)


def concerns(page: str, file: str) -> bool:
    """Whether a file (or a problem in it) can change a page: another directorate's
    narrative cannot change this one's report, though it can change the index."""
    stem = page.rsplit("/", 1)[-1].split(".", 1)[0]
    if stem in ("", "index", "council") or not file.startswith(NARRATIVE_DIR.as_posix() + "/"):
        return True
    return file.rsplit("/", 1)[-1].split(".", 1)[0] == stem


def reload_script(key: str) -> str:
    """Asks the server, again and again, whether this page changed; reloads when it did."""
    return (
        "<script>/* reportgen serve: live reload (never in published files) */\n"
        "(function(){var key=" + _js(key) + ";\n"
        "function poll(){fetch('" + RELOAD + "?page='+encodeURIComponent(location.pathname)"
        "+'&key='+key).then(function(r){return r.text();}).then(function(t){"
        "if(t==='reload'){location.reload();}else{poll();}})"
        ".catch(function(){setTimeout(poll,1000);});}\npoll();})();</script>\n")


def _js(text: str) -> str:
    return "'" + "".join(c for c in text if c.isalnum() or c == "-") + "'"


def with_reload(page: str, key: str) -> str:
    """The page with the reload script just before </body>."""
    script = reload_script(key)
    at = page.rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def with_warnings(page: str, problems: list[Problem],
                  marked: Sequence[Finding] = ()) -> str:
    """The page with its warnings in a box first, above the report, for the author (served
    pages only); a warning whose figure is `marked` in the text links to it."""
    if not problems:
        return page
    box = warnings_box(problems, marked)
    opening = re.search(r"<body[^>]*>\n?", page)
    return box + page if opening is None else page[:opening.end()] + box + page[opening.end():]


def error_page(quarter: str, problems: Iterable[Problem], key: str) -> bytes:
    """A readable page listing each problem at its file and line; it reloads when fixed."""
    problems = list(problems)
    items = "".join(
        f'<li class="{p.severity}"><code>{html.escape(visible(str(p.location)))}</code> '
        f"<strong>{p.severity}</strong>: {html.escape(visible(p.message))}"
        + (f"<br><span>{html.escape(visible(p.hint))}</span>" if p.hint else "") + "</li>\n"
        for p in problems)
    count = len(problems)
    body = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{quarter}: problems to fix</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5;color:#1b1b1b}h1{color:#a4002a}li{margin:.75rem 0}"
        "code{background:#f3f3f3;padding:.1rem .3rem}li span{color:#444}\n</style>\n"
        "</head>\n<body>\n"
        f"<h1>The {quarter} reports cannot be shown yet</h1>\n"
        f"<p>{count} problem{'s' if count != 1 else ''} to fix. Save the file and this page "
        "reloads by itself.</p>\n"
        f'<ol class="problems">\n{items}</ol>\n</body>\n</html>\n')
    return with_reload(body, key).encode()


def not_found(path: str) -> Page:
    text = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not "
            f"found</title></head><body><p>Nothing at {html.escape(path)}. "
            '<a href="/">The index</a> lists every report.</p></body></html>\n')
    return Page(text.encode(), status=HTTPStatus.NOT_FOUND)


def misdirected(host: str, port: int) -> Page:
    """The answer to a request for another name: a page elsewhere that made its own name
    lead here must not read the drafts, so it gets only where the preview is."""
    text = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not "
            f"here</title></head><body><p>This preview answers only at "
            f"http://127.0.0.1:{port}/ (or localhost), not at {html.escape(host or 'no name')}. "
            "To open it from another machine, start it with --allow-remote and that "
            "machine's name for this one.</p></body></html>\n")
    return Page(text.encode(), status=HTTPStatus.FORBIDDEN)


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server: a long listen queue, and a closed tab is not an error."""

    request_queue_size = LISTEN_QUEUE
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], CLOSED_TAB):
            return  # the browser went away mid-answer (a closed tab, a reload): nothing to say
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


def _handler(preview: Preview, remote: str | None = None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """GET only: pages, PDFs and exports from memory, and the reload long-poll."""

        server_version = "reportgen-serve"

        def do_GET(self) -> None:
            port = int(getattr(self.server, "server_port", 0))
            host = (self.headers.get("Host") or "").strip().lower()
            if host not in allowed_hosts(port, remote):
                self._send(misdirected(host, port))
                return
            url = urlsplit(self.path)
            if url.path == RELOAD:
                query = parse_qs(url.query)
                wanted, key = query.get("page", ["/"])[0], query.get("key", [""])[0]
                changed = preview.wait_for_change(wanted, key)
                self._send(Page(b"reload" if changed else b"wait", "text/plain"))
                return
            try:
                page = preview.page(url.path)
            except Exception as exc:  # a bug of ours: said so in the browser and the terminal
                traceback.print_exc()
                text = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                        f"reportgen failed</title></head><body><h1>reportgen failed</h1><p>"
                        f"{html.escape(repr(exc))}</p><p>This is a bug in reportgen, not in "
                        "your files; the terminal shows the details.</p></body></html>\n")
                page = Page(text.encode(), status=HTTPStatus.INTERNAL_SERVER_ERROR)
            self._send(page)

        def _send(self, page: Page) -> None:
            try:
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(page.body)
            except CLOSED_TAB:  # the tab was closed while it waited: nobody to answer
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows what changed, not every request."""

    return Handler


def watched(root: Path) -> Callable[[object, str], bool]:
    """A watchfiles filter: project files, not output/, hidden files or editors' temp files."""
    output = (root / OUTPUT_DIR).resolve()

    def accept(_change: object, path: str) -> bool:
        found = Path(path).resolve()
        if found.is_relative_to(output):
            return False
        try:
            parts = found.relative_to(root.resolve()).parts
        except ValueError:
            return False
        name = parts[-1] if parts else ""
        return not any(p.startswith(".") for p in parts) and not name.startswith("~") \
            and not name.endswith(("~", ".swp", ".tmp"))

    return accept


class Server:
    """The preview's HTTP server and file watcher, started and stopped together."""

    def __init__(self, root: Path, quarter: str, host: str = "127.0.0.1", port: int = 8000,
                 allow_remote: str | None = None,
                 on_change: Callable[[State], None] | None = None) -> None:
        if not allow_remote and not is_loopback(host):
            raise UsageError(f"refusing to serve on {host}: the preview shows draft reports, "
                             "so it listens on this machine only (127.0.0.1); pass "
                             "--allow-remote NAME, the name other machines use for this one, "
                             "to let them see it")
        self.preview = Preview(root, quarter, prepare=False)
        # listen first: a port in use is said at once, before the quarter is prepared
        kind = PreviewServer6 if ":" in host else PreviewServer
        self.httpd = kind((host, port), _handler(self.preview, allow_remote))
        self.remote = allow_remote
        self.preview.refresh(force=True)
        self.on_change = on_change
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = str(self.httpd.server_address[0]), self.httpd.server_port
        if self.remote and not is_loopback(host):
            return f"http://{self.remote}:{port}/"  # the one name it answers from afar
        return f"http://{'[::1]' if host == '::1' else host}:{port}/"

    def start(self) -> None:
        """Serve and watch in background threads."""
        for target in (self.httpd.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _watch(self) -> None:
        from watchfiles import watch

        root = self.preview.root
        for _changes in watch(root, watch_filter=watched(root), stop_event=self._stop,
                              debounce=50, step=20, raise_interrupt=False):
            try:
                if self.preview.refresh() and self.on_change is not None:
                    self.on_change(self.preview.state)
            except Exception:  # a bug of ours: shown, and the preview keeps watching
                traceback.print_exc()

    def stop(self) -> None:
        """Stop watching and serving, and close the port."""
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        with self.preview._lock:
            self.preview._lock.notify_all()
