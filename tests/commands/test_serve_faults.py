"""The preview against hostile pages and careless browsers: another site's name that leads
here (DNS rebinding), tabs closed mid-answer, bursts of connections, a vast file."""

from __future__ import annotations

import http.client
import socket
import struct
import time
from pathlib import Path

import pytest

from reportgen.commands.serve import LISTEN_QUEUE, Server

from .conftest import preview
from .test_serve import NARRATIVE, fetch, key_of


def get(server: Server, path: str, host: str | None) -> tuple[int, bytes]:
    """A GET with the Host header a browser would send for `host` (None: no header)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.httpd.server_port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/children.html", "/kpis.csv", "/figures.json", "/"])
def test_a_page_under_another_name_gets_nothing(server: Server, path: str) -> None:
    port = server.httpd.server_port
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", None):
        status, body = get(server, path, host)
        assert status == 403, host
        assert b"CS-LAC" not in body and b"Children" not in body
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        status, body = get(server, path, host)
        assert status == 200, host


def test_the_one_name_allowed_from_afar_is_served(example: Path) -> None:
    with preview(example, allow_remote="reports.glanmor.example") as running:
        port = running.httpd.server_port
        assert get(running, "/kpis.csv", f"reports.glanmor.example:{port}")[0] == 200
        assert get(running, "/kpis.csv", f"other.glanmor.example:{port}")[0] == 403


def _abort(sock: socket.socket) -> None:
    """Close as a browser does when its tab is closed: at once, with a reset."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_closed_tabs_leave_the_terminal_quiet(server: Server, example: Path,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    port = server.httpd.server_port
    key = key_of(fetch(server.url + "children.html"))
    waiting = []
    for _ in range(3):  # three tabs, each with its reload request waiting for a change
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(f"GET /__reload?page=/children.html&key={key} HTTP/1.1\r\n"
                     f"Host: 127.0.0.1:{port}\r\n\r\n".encode())
        waiting.append(sock)
    for _ in range(3):  # and three closed while a page is on its way
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(f"GET /children.pdf HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        _abort(sock)
    time.sleep(0.5)  # the requests have arrived and wait
    for sock in waiting:
        _abort(sock)
    narrative = example / NARRATIVE
    narrative.write_text(narrative.read_text() + "\nSaved again.\n")
    server.preview.refresh()  # (the watcher may have seen the save first)
    assert "Saved again." in fetch(server.url + "children.html")  # still serving
    time.sleep(0.5)  # the waiting answers have been tried on the closed sockets
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ConnectionResetError" not in err \
        and "BrokenPipeError" not in err, err


def test_a_burst_of_connections_is_queued_not_dropped(server: Server) -> None:
    assert server.httpd.request_queue_size == LISTEN_QUEUE >= 128
    port = server.httpd.server_port
    socks = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(200)]
    try:
        for sock in socks:
            sock.sendall(f"GET /__missing HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        answers = [sock.recv(12) for sock in socks]
    finally:
        for sock in socks:
            sock.close()
    assert answers == [b"HTTP/1.0 404"] * 200


def test_a_3_gb_file_in_the_quarter_does_not_stop_the_preview(example: Path) -> None:
    huge = example / "data/quarters/2017Q3/huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: costs no disk space, but reads as 3 GB
    with preview(example) as running:
        page = fetch(running.url + "children.html")
    assert "data/quarters/2017Q3/huge.csv" in page
    assert "over the 50 MB a project file of this kind may be" in page
