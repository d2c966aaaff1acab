"""Site: an HTTP front for `svg-rdf serve` — the site, Linked Data IRIs, and SPARQL.

Our IRIs dereference as "Cool URIs for the Semantic Web" describe: `/entity/<slug>`,
`/source/<stem>` and `/dataset` answer 303 See Other to the document that describes the
thing, in the format the `Accept` header prefers (HTML, Turtle, N-Triples, JSON-LD; q
values honoured; 406 when none is acceptable). The site's files and the downloads are
served from memory; every other request (the SPARQL endpoint `/query`, Oxigraph's page at
`/`) is passed to the Oxigraph server behind. Only 127.0.0.1 is served.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from svg_rdf.errors import EndpointError
from svg_rdf.export.writer import OutputFile
from svg_rdf.site.html import SITE

LOOPBACK = "127.0.0.1"

# media type -> document suffix, in the server's order of preference for ties
OFFERS = (
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
)
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
}
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("Referrer-Policy", "no-referrer"),
)


@dataclass(frozen=True)
class Accepted:
    media_type: str
    quality: float
    order: int


def parse_accept(header: str | None) -> list[Accepted]:
    """The media ranges of an Accept header with their q values (malformed ones skipped)."""
    if header is None or not header.strip():
        return [Accepted("*/*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not re.match(r"^[a-z0-9!#$&^_.+*-]+/[a-z0-9!#$&^_.+*-]+$", media):
            continue
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append(Accepted(media, quality, order))
    return ranges


def negotiate(header: str | None) -> str | None:
    """The document suffix the Accept header prefers, or None when nothing offered fits.

    Each offer gets the q of the most specific range matching it (type/subtype over
    type/* over */*); the highest q wins, ties go to the server's order (HTML first).
    """
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen = None
    for position, (media, suffix) in enumerate(OFFERS):
        kind = media.split("/")[0]
        match: tuple[int, float] | None = None
        for accepted in ranges:
            if accepted.media_type == media:
                specificity = 3
            elif accepted.media_type == f"{kind}/*":
                specificity = 2
            elif accepted.media_type == "*/*":
                specificity = 1
            else:
                continue
            if match is None or specificity > match[0]:
                match = (specificity, accepted.quality)
        if match is None or match[1] <= 0:
            continue
        score = (match[1], -position)
        if best is None or score > best:
            best, chosen = score, suffix
    return chosen


@dataclass(frozen=True)
class Document:
    data: bytes
    media_type: str
    etag: str


class SiteApp:
    """What the front answers: files by path, IRIs by negotiation, the rest proxied."""

    def __init__(self, files: Sequence[OutputFile], *, sparql_port: int | None) -> None:
        self.documents: dict[str, Document] = {}
        for file in files:
            media = file.media_type
            if media == "text/turtle":
                media = "text/turtle; charset=utf-8"
            etag = '"' + hashlib.sha256(file.data).hexdigest()[:32] + '"'
            self.documents["/" + file.name] = Document(file.data, media, etag)
        self.sparql_port = sparql_port

    def document_for(self, path: str, suffix: str) -> str | None:
        """The path of the document describing the thing at `path`, if we have one."""
        match = _RESOURCE.match(path)
        if match:
            candidate = f"/{SITE}/{match[1]}/{match[2]}.{suffix}"
        elif path == "/dataset":
            candidate = f"/{SITE}/dataset.{suffix}"
        else:
            return None
        return candidate if candidate in self.documents else None

    def is_thing(self, path: str) -> bool:
        return self.document_for(path, "html") is not None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "svg-rdf"

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
        if path.startswith(f"/{SITE}/") or _RESOURCE.match(path) or path == "/dataset":
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

    def _proxy(self) -> None:
        port = self.server.app.sparql_port
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else None
        if port is None:
            self._send_plain(
                HTTPStatus.NOT_FOUND, f"no document at {self.path}\n", head=self.command == "HEAD"
            )
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=300)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self._send_plain(
                HTTPStatus.BAD_GATEWAY,
                f"the SPARQL endpoint did not answer: {exc}\n",
                head=self.command == "HEAD",
            )
            return
        finally:
            connection.close()
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, port: int, app: SiteApp) -> None:
        self.app = app
        super().__init__((LOOPBACK, port), _Handler)


class SiteServer:
    """The front server on 127.0.0.1:`port`, run in a background thread."""

    def __init__(
        self, files: Sequence[OutputFile], *, port: int, sparql_port: int | None = None
    ) -> None:
        self.app = SiteApp(files, sparql_port=sparql_port)
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
