"""The live preview, driven for real over HTTP on a loopback port."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.commands.serve import Server, concerns, is_loopback, with_reload
from reportgen.errors import UsageError

from .conftest import preview

NARRATIVE = Path("narratives/2017Q3/children.md")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def key_of(page: str) -> str:
    found = re.search(r"var key='([^']+)'", page)
    assert found, "the served page has no reload script"
    return found[1]


class Reloads:
    """A browser's reload request, waiting in the background like the injected script."""

    def __init__(self, server: Server, page: str, key: str) -> None:
        self.answer = ""
        self._thread = threading.Thread(target=self._ask, args=(server.url, page, key))
        self._thread.start()

    def _ask(self, url: str, page: str, key: str) -> None:
        self.answer = fetch(f"{url}__reload?page={page}&key={key}")

    def wait(self) -> str:
        self._thread.join(timeout=30)
        return self.answer


def edit(server: Server, text: str, page: str = "/children.html") -> str:
    """Save the narrative as an author would; the page as it is after the reload signal."""
    before = fetch(server.url + page.lstrip("/"))
    waiting = Reloads(server, page, key_of(before))
    (server.preview.root / NARRATIVE).write_text(text, encoding="utf-8")
    assert waiting.wait() == "reload"
    return fetch(server.url + page.lstrip("/"))


def test_edit_break_and_fix_a_narrative(server: Server) -> None:
    path = server.preview.root / NARRATIVE
    original = path.read_text(encoding="utf-8")
    page = fetch(server.url + "children.html")
    assert "Children" in page and "Adolescent Resource Centre opened in April" in page

    page = edit(server, original.replace("opened in April", "opened in early May"))
    assert "Adolescent Resource Centre opened in early May" in page

    broken = original.replace('{{ kpi("CS-EH-01") }} families', '{{ kpi("CS-EH-01" }} families')
    page = edit(server, broken)
    assert "cannot be shown yet" in page
    line = broken.splitlines().index(
        next(x for x in broken.splitlines() if 'kpi("CS-EH-01" }}' in x)) + 1
    assert f"<code>narratives/2017Q3/children.md:{line}</code>" in page
    assert "expression syntax error" in page

    page = edit(server, original)
    assert "Adolescent Resource Centre opened in April" in page
    assert "cannot be shown yet" not in page


def test_other_pages_keep_their_key_when_one_narrative_changes(server: Server) -> None:
    adults = key_of(fetch(server.url + "adults.html"))
    rendered = server.preview.cache["/adults.html"]
    path = server.preview.root / NARRATIVE
    edit(server, path.read_text(encoding="utf-8") + "\nA new closing sentence.\n")
    assert key_of(fetch(server.url + "adults.html")) == adults
    assert server.preview.cache["/adults.html"] is rendered  # not rendered again
    assert concerns("/adults.html", "narratives/2017Q3/adults.md")
    assert not concerns("/adults.html", "narratives/2017Q3/children.md")
    assert concerns("/index.html", "narratives/2017Q3/children.md")


def test_index_links_and_pdf_on_demand(server: Server) -> None:
    index = fetch(server.url)
    assert 'href="children.pdf"' in index and 'href="children.html"' in index
    with urllib.request.urlopen(server.url + "children.pdf", timeout=60) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read().startswith(b"%PDF-")
    assert fetch(server.url + "kpis.csv").startswith("quarter,directorate,kpi,")


def test_nothing_is_written_and_unknown_pages_are_404(server: Server) -> None:
    fetch(server.url + "children.html")
    with pytest.raises(urllib.error.HTTPError) as raised:
        fetch(server.url + "nobody.html")
    assert raised.value.code == 404
    raised.value.close()
    assert not (server.preview.root / "output").exists()


def test_reload_script_only_in_served_pages() -> None:
    page = with_reload("<html><body><p>x</p></body></html>", "abc-1")
    assert page.index("/__reload") < page.index("</body>")
    templates = Path(__file__).resolve().parents[2] / "reportgen" / "render" / "templates"
    assert not any("__reload" in p.read_text(encoding="utf-8") for p in templates.rglob("*.*"))


def test_loopback_only_unless_asked(example: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    with pytest.raises(UsageError, match="--allow-remote"):
        Server(example, "2017Q3", host="0.0.0.0", port=0)
    result = CliRunner().invoke(main, ["serve", "2017Q3", "-C", str(example),
                                       "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0" in result.stderr


def test_warnings_are_shown_to_the_author_on_served_pages_only(example: Path) -> None:
    (example / "narratives/2017Q3/adults.md").unlink()
    with preview(example) as running:
        page = fetch(running.url + "adults.html")
        children = fetch(running.url + "children.html")
    box = page[page.index('<aside class="reportgen-preview-warnings"'):]
    assert "Preview: 1 warning" in box
    assert "<code>narratives/2017Q3/adults.md</code> Adult Services has no narrative" in box
    assert "reportgen-preview-warnings" not in children


def test_a_template_mistake_is_shown_and_the_server_keeps_going(server: Server) -> None:
    root = server.preview.root
    before = fetch(server.url + "children.html")
    waiting = Reloads(server, "/children.html", key_of(before))
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "custom.css").write_text("{% if %}\n", encoding="utf-8")
    assert waiting.wait() == "reload"
    page = fetch(server.url + "children.html")
    assert "<code>templates/custom.css:1</code> <strong>error</strong>: template error:" in page
    (root / "templates" / "custom.css").unlink()
    waiting = Reloads(server, "/children.html", key_of(page))
    assert waiting.wait() == "reload"
    assert "cannot be shown yet" not in fetch(server.url + "children.html")


def test_a_port_in_use_is_a_usage_error(example: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "2017Q3", "-C", str(example),
                                           "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert result.stderr.endswith("choose another port with --port\n")


def test_a_contradicted_figure_is_marked_and_warned_of_first(example: Path) -> None:
    narrative = example / NARRATIVE
    text = narrative.read_text(encoding="utf-8")
    typed = 'rose to 790 at the end of December'
    narrative.write_text(text.replace('rose to {{ kpi("CS-LAC-01") }} at the end of December',
                                      typed), encoding="utf-8")
    with preview(example) as running:
        page = fetch(running.url + "children.html")
    box = page.index('<aside class="reportgen-preview-warnings"')
    assert box < page.index('<h2 id="summary"') and box < page.index('<header class="cover"')
    warning = page[box:page.index("</aside>", box)]
    assert "790" in warning and "the data says 803" in warning
    assert 'href="#reportgen-mark-1"' in warning  # the warning leads to the sentence
    # the figure is marked where it stands, with a note saying what the data says
    marked = re.search(r'rose to <mark id="reportgen-mark-1"[^>]*>790</mark>'
                       r'<span class="reportgen-preview-note"[^>]*>([^<]*)</span>', page)
    assert marked, "the typed figure is not marked in its sentence"
    assert "the data says 803" in marked[1] and 'kpi(&quot;CS-LAC-01&quot;)' in marked[1]
    assert page.count("<mark") == 1


def test_the_corporate_pack_is_served_on_demand(server: Server) -> None:
    index = fetch(server.url)
    assert 'href="council.pdf"' in index
    with urllib.request.urlopen(server.url + "council.pdf", timeout=120) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read().startswith(b"%PDF-")
    assert not (server.preview.root / "output").exists()
