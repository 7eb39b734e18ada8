"""A local HTTP server for the web tests: 127.0.0.1, an ephemeral port, a thread; no internet.

Each route plays one kind of server a policy URL may lead to: a real site's page, a redirect, a loop,
a slow or dribbling server, an oversized body, the wrong content type, an error status.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .pages import policy_text, site_page

SEEN_AGENTS: list[str] = []


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, target: str, status: int = 302) -> None:
        self._send(status, b"", None, {"Location": target})

    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/site":
            self._send(200, site_page().encode())
        elif path == "/site-divs":
            self._send(200, site_page(semantic=False).encode())
        elif path == "/bare.txt":
            self._send(200, policy_text().encode(), "text/plain; charset=utf-8")
        elif path == "/policy.md":
            self._send(200, ("# Privacy Policy\n\n" + policy_text()).encode(), "text/markdown")
        elif path == "/old":
            self._redirect("/moved", 301)
        elif path == "/moved":
            self._redirect(f"http://127.0.0.1:{self.server.server_address[1]}/site", 307)
        elif path == "/loop-a":
            self._redirect("/loop-b")
        elif path == "/loop-b":
            self._redirect("/loop-a")
        elif path.startswith("/hop/"):
            self._redirect(f"/hop/{int(path[5:]) + 1}")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/policy.txt")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, site_page().encode())
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(60):
                    self.wfile.write(b"We collect data. ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/big":  # no Content-Length: the size is known only by reading
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"We collect data. " * 1000)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.close_connection = True
        elif path == "/policy.pdf":
            self._send(200, b"%PDF-1.4 ...", "application/pdf")
        elif path == "/latin1":
            body = "<p>Nous collectons votre adresse électronique pour vous écrire.</p>".encode("latin-1")
            self._send(200, body, "text/html; charset=ISO-8859-1")
        elif path == "/meta-charset":
            body = "<meta charset='windows-1252'><p>We won’t sell your data.</p>".encode("cp1252")
            self._send(200, body, "text/html")
        elif path == "/bad-utf8":
            self._send(200, b"<p>We collect \xff data.</p>", "text/html; charset=utf-8")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        elif path == "/500":
            self._send(500, b"<p>oops</p>")
        else:
            self._send(404, b"<p>not found</p>")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (timeout, size limit) breaks the pipe: expected, and not for stderr."""


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The base URL of the local server (``http://127.0.0.1:PORT``)."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def refused_url() -> str:
    """A URL on a port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/privacy"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests honours *_proxy variables (as it should for users); the local server is reached directly."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
