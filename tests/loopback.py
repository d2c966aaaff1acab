"""Small HTTP servers on 127.0.0.1 for endpoint tests: ones that fail on purpose, and a proxy.

Every server listens on a free loopback port, handles each connection in a daemon thread,
and on exit closes every socket and joins its threads (bounded waits everywhere).
"""

from __future__ import annotations

import base64
import http.client
import socket
import struct
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

WAIT = 10.0  # the longest any helper waits for anything


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""

    @property
    def query(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.target).query)

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.target).path


def read_head(connection: socket.socket) -> tuple[Request, bytes]:
    """The request line and headers, and whatever part of the body came with them."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the end of the headers")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Request(method, target, headers), rest


def read_body(
    connection: socket.socket, request: Request, start: bytes, limit: int | None = None
) -> bytes:
    """The body (Content-Length bytes), or only its first `limit` bytes."""
    length = int(request.headers.get("content-length", "0"))
    wanted = length if limit is None else min(length, limit)
    body = start
    while len(body) < wanted:
        chunk = connection.recv(min(65536, wanted - len(body)))
        if not chunk:
            break
        body += chunk
    return body[:wanted]


def read_request(connection: socket.socket) -> Request:
    request, start = read_head(connection)
    request.body = read_body(connection, request, start)
    return request


def answer(
    connection: socket.socket, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    reason = http.client.responses.get(status, "Status")
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


def reset(connection: socket.socket) -> None:
    """Close with a TCP reset, as a killed process's connections end."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


Handler = Callable[[socket.socket, "LoopbackServer"], None]


@dataclass
class LoopbackServer:
    """A TCP server on a free 127.0.0.1 port that runs `handler` for each connection."""

    handler: Handler
    requests: list[Request] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(WAIT)
            with self._lock:
                self._connections.append(connection)
            thread = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            self.handler(connection, self)
        except OSError:
            pass  # the client went away: that is what several tests do on purpose
        finally:
            connection.close()

    def __enter__(self) -> LoopbackServer:
        self._acceptor.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self._acceptor.join(WAIT)
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                connection.close()
        for thread in self._threads:
            thread.join(WAIT)


# Handlers -----------------------------------------------------------------------------


def stall(connection: socket.socket, server: LoopbackServer) -> None:
    """Accept the request and never answer (until the test ends)."""
    server.record(read_request(connection))
    server.stopping.wait(WAIT * 3)


def trickle(interval: float) -> Handler:
    """Read the request, then answer one byte every `interval` seconds (a slow loris)."""

    def handle(connection: socket.socket, server: LoopbackServer) -> None:
        server.record(read_request(connection))
        body = b"x" * 1000
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        for byte in head + body:
            if server.stopping.wait(interval):
                return
            connection.sendall(bytes([byte]))

    return handle


def status(code: int, text: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    """Read the whole request, answer with `code`."""

    def handle(connection: socket.socket, server: LoopbackServer) -> None:
        server.record(read_request(connection))
        answer(connection, code, text, headers)

    return handle


def statuses(*codes: int) -> Handler:
    """Answer the n-th request with the n-th code (the last one repeats)."""
    lock = threading.Lock()
    seen = [0]

    def handle(connection: socket.socket, server: LoopbackServer) -> None:
        request = read_request(connection)
        with lock:
            index = min(seen[0], len(codes) - 1)
            seen[0] += 1
        server.record(request)
        answer(connection, codes[index], f"answer {index + 1}".encode())

    return handle


def cut_after(received: int) -> Handler:
    """Read the headers and `received` bytes of the body, then die (connection reset)."""

    def handle(connection: socket.socket, server: LoopbackServer) -> None:
        request, start = read_head(connection)
        request.body = read_body(connection, request, start, limit=received)
        server.record(request)
        reset(connection)

    return handle


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "authorization"}


def proxy(
    upstream: str,
    *,
    password: tuple[str, str] | None = None,
    cut_first: int | None = None,
    cut_after_bytes: int = 0,
    on_cut: Callable[[], None] | None = None,
    mute_puts: int = 0,
    cut_method: str = "PUT",
    cut_skip: int = 0,
) -> Handler:
    """Forward requests to `upstream` (a real server).

    mute_puts: forward the first `mute_puts` PUTs whole, then never pass the answer on (a
    server that stores the graph and stalls before answering).
    password: answer 401 unless the request carries this user's Basic credentials.
    cut_first: for the first `cut_first` PUTs, forward the headers and `cut_after_bytes`
    bytes of the body, call `on_cut`, then reset both connections (a server dying
    mid-upload, as the client and the real server each see it).
    cut_method, cut_skip: cut Graph Store requests of this method (a POST of a piece)
    instead, after forwarding the first `cut_skip` of them whole.
    """
    lock = threading.Lock()
    cuts = [0]
    skipped = [0]
    muted = [0]
    target = urllib.parse.urlsplit(upstream)

    def handle(connection: socket.socket, server: LoopbackServer) -> None:
        request, start = read_head(connection)
        with lock:
            cut = (
                cut_first is not None
                and request.method == cut_method
                and "graph=" in request.target
                and cuts[0] < cut_first
            )
            if cut and skipped[0] < cut_skip:
                skipped[0] += 1
                cut = False
            if cut:
                cuts[0] += 1
        if cut:
            body = read_body(connection, request, start, limit=cut_after_bytes)
            server.record(request)
            upstream_socket = socket.create_connection((target.hostname, target.port), timeout=WAIT)
            try:
                head = [f"{request.method} {request.target} HTTP/1.1", f"Host: {target.netloc}"]
                head += [
                    f"{name}: {value}"
                    for name, value in request.headers.items()
                    if name not in HOP_BY_HOP
                ]
                upstream_socket.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
                if on_cut is not None:
                    on_cut()
            finally:
                reset(upstream_socket)
            reset(connection)
            return
        request.body = read_body(connection, request, start)
        server.record(request)
        if password is not None and request.headers.get("authorization") != basic(*password):
            answer(connection, 401, b"bad credentials", {"WWW-Authenticate": 'Basic realm="test"'})
            return
        forward = http.client.HTTPConnection(target.hostname or "", target.port, timeout=WAIT)
        try:
            headers = {
                name: value for name, value in request.headers.items() if name not in HOP_BY_HOP
            }
            forward.request(request.method, request.target, body=request.body, headers=headers)
            response = forward.getresponse()
            data = response.read()
            with lock:
                mute = request.method == "PUT" and muted[0] < mute_puts
                if mute:
                    muted[0] += 1
            if mute:
                server.stopping.wait(WAIT * 3)
                return
            passed = {
                name: value
                for name, value in response.getheaders()
                if name.lower() not in HOP_BY_HOP | {"content-length"}
            }
            answer(connection, response.status, data, passed)
        finally:
            forward.close()

    return handle


def refused_url() -> str:
    """A loopback URL where nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
