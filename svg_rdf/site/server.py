"""Site: an HTTP front for `svg-rdf serve` — the site, Linked Data IRIs, and SPARQL.

Our IRIs dereference as "Cool URIs for the Semantic Web" describe: `/entity/<slug>`,
`/source/<stem>` and `/dataset` answer 303 See Other to the document that describes the
thing, in the format the `Accept` header prefers (HTML, Turtle, N-Triples, JSON-LD; q
values honoured; 406 when none is acceptable); statement, reference and value IRIs, to
their entity's document or page anchor (svg_rdf.site.nodes). The site's files and the
downloads are served from memory; every other request (the SPARQL endpoint `/query`,
Oxigraph's page at `/`) is passed to the Oxigraph server behind. Only 127.0.0.1 is served.

Any web page in the user's browser can send requests here, so the front answers only its
own Host names and refuses federated queries and updates (svg_rdf.site.guard); it bounds
what one client can hold: a request body (MAX_BODY), a silent client (CLIENT_TIMEOUT), the
connections served at once (MAX_CONNECTIONS, then 503), and streams answers through
instead of holding them. A query's time is bounded by the Oxigraph server's own timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import re
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from svg_rdf.errors import EndpointError
from svg_rdf.export.writer import OutputFile
from svg_rdf.site.guard import allowed_host, refusal
from svg_rdf.site.html import SITE
from svg_rdf.site.negotiation import OFFERS, negotiate
from svg_rdf.site.nodes import NODE_PATH, read_table
from svg_rdf.wire import header_number

LOOPBACK = "127.0.0.1"
MAX_BODY = 1 << 20  # a query or a form: 1 MiB
CLIENT_TIMEOUT = 30.0  # seconds a client may stay silent mid-request
MAX_CONNECTIONS = 64
BLOCK = 1 << 16
UPSTREAM_SLACK = 10.0  # the front waits this much longer than Oxigraph's query timeout

_RESOURCE = re.compile(r"^/(entity|source)/([a-z0-9][a-z0-9_-]*)$")  # as redirects.RESOURCES
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
_NOT_PASSED_BACK = {"server", "date"}  # the front sends its own
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("Referrer-Policy", "no-referrer"),
)


@dataclass(frozen=True)
class Document:
    data: bytes
    media_type: str
    etag: str


class SiteApp:
    """What the front answers: files by path, IRIs by negotiation, the rest proxied."""

    def __init__(
        self,
        files: Sequence[OutputFile],
        *,
        sparql_port: int | None,
        allowed_hosts: tuple[str, ...] = (),
        query_timeout: float = 60.0,
    ) -> None:
        self.allowed_hosts = allowed_hosts
        self.query_timeout = query_timeout
        self.documents: dict[str, Document] = {}
        for file in files:
            media = file.media_type
            if media == "text/turtle":
                media = "text/turtle; charset=utf-8"
            etag = '"' + hashlib.sha256(file.data).hexdigest()[:32] + '"'
            self.documents["/" + file.name] = Document(file.data, media, etag)
        self.sparql_port = sparql_port
        table = self.documents.get(f"/{SITE}/nodes.tsv")
        self.nodes = read_table(table.data) if table is not None else {}

    def document_for(self, path: str, suffix: str) -> str | None:
        """The address of the document describing the thing at `path`, if we have one:
        for a statement, reference or value, its entity's document, or for HTML the
        statement's place on the entity's page."""
        match = _RESOURCE.match(path)
        node = self.nodes.get(path[1:])
        if node is not None:
            candidate = f"/{SITE}/entity/{node.slug}.{suffix}"
            if candidate not in self.documents:
                return None
            return candidate + f"#{node.fragment}" if suffix == "html" else candidate
        if match:
            candidate = f"/{SITE}/{match[1]}/{match[2]}.{suffix}"
        elif path == "/dataset":
            candidate = f"/{SITE}/dataset.{suffix}"
        else:
            return None
        return candidate if candidate in self.documents else None

    def is_thing(self, path: str) -> bool:
        return self.document_for(path, "html") is not None


def _ours(path: str) -> bool:
    return path == "/dataset" or NODE_PATH.match(path[1:]) is not None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = CLIENT_TIMEOUT  # a socket timeout: a half-sent request frees its thread

    def version_string(self) -> str:
        return "svg-rdf"

    def parse_request(self) -> bool:
        """The request line and headers, then the Host check (DNS rebinding)."""
        if not super().parse_request():
            return False
        port = self.server.server_address[1]
        if allowed_host(self.headers.get("Host"), port, self.server.app.allowed_hosts):
            return True
        self.close_connection = True
        self._send_plain(
            HTTPStatus.MISDIRECTED_REQUEST,
            f"this server answers only Host {LOOPBACK}:{port} or localhost:{port}\n",
            head=self.command == "HEAD",
        )
        return False

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: `svg-rdf serve` prints nothing per request."""

    # -- dispatch --------------------------------------------------------------------
    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_POST(self) -> None:
        self._proxy()

    def do_PUT(self) -> None:
        self._proxy()

    def do_DELETE(self) -> None:
        self._proxy()

    def do_OPTIONS(self) -> None:
        self._proxy()

    def _answer(self, *, head: bool) -> None:
        app = self.server.app
        path = urlsplit(self.path).path
        if app.is_thing(path):
            self._see_other(path)
            return
        if path == f"/{SITE}" or path == f"/{SITE}/":
            self._redirect(HTTPStatus.FOUND, f"/{SITE}/index.html")
            return
        document = app.documents.get(path)
        if document is not None:
            self._send_document(document, head=head)
            return
        if path.startswith(f"/{SITE}/") or _RESOURCE.match(path) or _ours(path):
            self._send_plain(HTTPStatus.NOT_FOUND, f"no document at {path}\n", head=head)
            return
        self._proxy()

    # -- answers ---------------------------------------------------------------------
    def _see_other(self, path: str) -> None:
        app = self.server.app
        suffix = negotiate(self.headers.get("Accept"))
        target = app.document_for(path, suffix) if suffix else None
        if target is None:
            offered = ", ".join(media for media, _ in OFFERS)
            self._send_plain(
                HTTPStatus.NOT_ACCEPTABLE,
                f"{path} is described in: {offered}\n",
                head=self.command == "HEAD",
                vary=True,
            )
            return
        self._redirect(HTTPStatus.SEE_OTHER, target, vary=True)

    def _redirect(self, status: HTTPStatus, location: str, *, vary: bool = False) -> None:
        body = f"See {location}\n".encode()
        self.send_response(status)
        self.send_header("Location", location)
        if vary:
            self.send_header("Vary", "Accept")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_document(self, document: Document, *, head: bool) -> None:
        if self.headers.get("If-None-Match") == document.etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", document.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", document.media_type)
        self.send_header("Content-Length", str(len(document.data)))
        self.send_header("ETag", document.etag)
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(document.data)

    def _send_plain(self, status: HTTPStatus, text: str, *, head: bool, vary: bool = False) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if vary:
            self.send_header("Vary", "Accept")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _request_body(self) -> bytes | None:
        """The body (b"" when none), or None after answering 400 or 413."""
        text = self.headers.get("Content-Length")
        length = header_number(text)
        if (text is not None and length is None) or self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._send_plain(
                HTTPStatus.BAD_REQUEST, "send the body with a Content-Length\n", head=False
            )
            return None
        if length is not None and length > MAX_BODY:
            self.close_connection = True
            self._send_plain(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"a request body may hold at most {MAX_BODY} bytes\n",
                head=False,
            )
            return None
        return self.rfile.read(length) if length else b""

    def _proxy(self) -> None:
        head = self.command == "HEAD"
        body = self._request_body()
        if body is None:
            return
        port = self.server.app.sparql_port
        if port is None:
            self._send_plain(HTTPStatus.NOT_FOUND, f"no document at {self.path}\n", head=head)
            return
        why = refusal(urlsplit(self.path).query, self.headers.get("Content-Type"), body)
        if why is not None:
            self._send_plain(HTTPStatus.FORBIDDEN, why + "\n", head=head)
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if body:
            headers["Content-Length"] = str(len(body))
        timeout = self.server.app.query_timeout + UPSTREAM_SLACK
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
        try:
            try:
                # Oxigraph answers HEAD with Content-Length 0: ask GET, send no body
                method = "GET" if head else self.command
                connection.request(method, self.path, body=body or None, headers=headers)
                response = connection.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                self._send_plain(
                    HTTPStatus.BAD_GATEWAY,
                    f"the SPARQL endpoint did not answer: {exc}\n",
                    head=head,
                )
                return
            self._pass_back(response, head=head)
        finally:
            connection.close()  # a client that left also ends Oxigraph's answer

    def _pass_back(self, response: http.client.HTTPResponse, *, head: bool) -> None:
        """Stream Oxigraph's answer to the client, a block at a time."""
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in _HOP_BY_HOP | _NOT_PASSED_BACK:
                self.send_header(name, value)
        length = response.getheader("Content-Length")
        chunked = length is None and not head
        if length is not None:
            self.send_header("Content-Length", length)
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if head:
            return
        try:
            while block := response.read(BLOCK):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException):
            self.close_connection = True  # the client left, or Oxigraph stopped mid-answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, port: int, app: SiteApp) -> None:
        self.app = app
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__((LOOPBACK, port), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread per connection, at most MAX_CONNECTIONS; past that, 503 at once."""
        if not self._slots.acquire(blocking=False):
            body = b"too many connections; try again\n"
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                    b"Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that sent garbage or left is no news for the terminal; anything
        else is a bug and keeps its traceback."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class SiteServer:
    """The front server on 127.0.0.1:`port`, run in a background thread."""

    def __init__(
        self,
        files: Sequence[OutputFile],
        *,
        port: int,
        sparql_port: int | None = None,
        allowed_hosts: tuple[str, ...] = (),
        query_timeout: float = 60.0,
    ) -> None:
        self.app = SiteApp(
            files,
            sparql_port=sparql_port,
            allowed_hosts=allowed_hosts,
            query_timeout=query_timeout,
        )
        self.port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> None:
        """Bind and serve; raises EndpointError when the port cannot be bound."""
        try:
            self._server = _Server(self.port, self.app)
        except OSError as exc:
            raise EndpointError(
                f"cannot serve on port {self.port} of {LOOPBACK}: {exc.strerror}",
                fix="stop what uses it, or choose another with --port",
            ) from None
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="svg-rdf-site", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None


def documents_of(files: Sequence[OutputFile]) -> Mapping[str, OutputFile]:
    """The files by the path they are served at (for tests and tools)."""
    return {"/" + file.name: file for file in files}
