"""Transport: one HTTP request with connect and read timeouts, the body streamed with progress.

Standard library only (http.client). A body is bytes, or a file streamed a chunk at a
time (its Content-Length is the file's size; each attempt reads it again from the start),
so a body of any size is sent without holding it. Every request has a connect timeout and
a deadline for the whole request (sending the body and reading the whole answer): a server
that trickles its answer a byte at a time cannot hold a request past it. Redirects are not
followed. A request that gets no HTTP answer raises `TransportError`, whose message says
what happened without naming the URL (the caller knows it and names it).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from svg_rdf.errors import SvgRdfError
from svg_rdf.wire import header_number

Progress = Callable[[int, int], None]
"""Called with (bytes sent so far, bytes to send) as a request body goes out (and by
verify with triples looked up so far, triples to look up)."""
Body = bytes | Path
"""A request body: its bytes, or a file sent as it is read."""

CHUNK_SIZE = 64 * 1024
MAX_ANSWER = 256 * 1024 * 1024  # an answer svg-rdf reads: a batch of triples, a count
MAX_ERROR_BODY = 64 * 1024  # of an error answer, only its start is shown


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for a connection, and for the whole request once connected."""

    connect: float = 10.0
    request: float = 300.0


@dataclass(frozen=True)
class Response:
    """An HTTP answer, read completely."""

    status: int
    reason: str
    headers: Message = field(repr=False)
    body: bytes = field(repr=False)

    def header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return None if value is None else str(value)

    def header_values(self, name: str) -> list[str]:
        return [str(value) for value in self.headers.get_all(name) or []]

    def text_summary(self, limit: int = 160) -> str:
        """The start of the body as one line of text (servers explain errors there)."""
        text = " ".join(self.body[: limit * 4].decode("utf-8", "replace").split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


class TransportError(Exception):
    """A request got no HTTP answer: refused, timed out, or cut off."""

    def __init__(self, reason: str, *, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


def _connection(url: str, timeouts: Timeouts) -> tuple[http.client.HTTPConnection, str]:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    selector = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        return (
            http.client.HTTPSConnection(
                host, parts.port, timeout=timeouts.connect, context=ssl.create_default_context()
            ),
            selector,
        )
    return http.client.HTTPConnection(host, parts.port, timeout=timeouts.connect), selector


def _connect(connection: http.client.HTTPConnection, timeouts: Timeouts) -> None:
    try:
        connection.connect()
    except ConnectionRefusedError:
        raise TransportError(
            "connection refused",
            fix="check that the server is running and listening at this address",
        ) from None
    except TimeoutError:
        raise TransportError(
            f"no connection within {timeouts.connect:g} s",
            fix="check the address and that the server is reachable; raise --connect-timeout",
        ) from None
    except socket.gaierror:
        raise TransportError(
            f"cannot resolve the host name {connection.host!r}", fix="check the URL's host name"
        ) from None
    except ssl.SSLError as exc:
        raise TransportError(
            f"the TLS handshake failed ({exc.reason})",
            fix="check the server's certificate, or the URL's scheme",
        ) from None
    except OSError as exc:
        raise TransportError(
            f"cannot connect ({exc.strerror or type(exc).__name__})",
            fix="check the address and that the server is reachable",
        ) from None
    if connection.sock is not None:
        # Longer than the deadline: the deadline's watchdog ends a silent server too.
        connection.sock.settimeout(timeouts.request + 1.0)


def _early_answer(connection: http.client.HTTPConnection) -> Response | None:
    """The answer a server may have sent before it stopped reading our body, if any."""
    try:
        if connection.sock is not None:
            connection.sock.settimeout(1.0)
        return _read(connection.getresponse())
    except (OSError, http.client.HTTPException):
        return None


def _read(answer: http.client.HTTPResponse) -> Response:
    """The answer, its body bounded: an error's is cut at MAX_ERROR_BODY (only its start
    is ever shown); any other larger than MAX_ANSWER is refused before it is read, or
    when it grows past it, so a server cannot make svg-rdf hold what it claims."""
    try:
        limit = MAX_ERROR_BODY if answer.status >= 400 else MAX_ANSWER
        declared = header_number(answer.getheader("Content-Length"))
        if answer.status < 400 and declared is not None and declared > MAX_ANSWER:
            raise TransportError(
                f"the server announced an answer of {declared} bytes, more than the "
                f"{MAX_ANSWER // (1024 * 1024)} MiB svg-rdf reads",
                fix="check that the URL is the SPARQL or Graph Store endpoint",
            )
        parts: list[bytes] = []
        size = 0
        while size <= limit and (block := answer.read(min(CHUNK_SIZE, limit + 1 - size))):
            parts.append(block)
            size += len(block)
        if size > limit and answer.status < 400:
            raise TransportError(
                f"the answer grew past the {MAX_ANSWER // (1024 * 1024)} MiB svg-rdf reads",
                fix="check that the URL is the SPARQL or Graph Store endpoint",
            )
        return Response(answer.status, answer.reason, answer.headers, b"".join(parts)[:limit])
    finally:
        answer.close()  # the socket too, when the rest of a body is left unread


def send(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    body: Body | None = None,
    timeouts: Timeouts,
    progress: Progress | None = None,
) -> Response:
    """Send one request and read the whole answer, whatever its status.

    Raises TransportError when no HTTP answer arrives: refused, connect or read timeout,
    connection closed before or while answering; SvgRdfError when a body file cannot be
    read to its end.
    """
    connection, selector = _connection(url, timeouts)
    expired = threading.Event()

    def expire() -> None:
        # Past the deadline: shut the socket down, so a read blocked on a server that
        # trickles (each byte in time for a per-read timeout) returns at once.
        expired.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    watchdog: threading.Timer | None = None
    try:
        _connect(connection, timeouts)
        watchdog = threading.Timer(timeouts.request, expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            response = _exchange(connection, selector, method, headers, body, timeouts, progress)
        except Exception:
            if expired.is_set():
                raise _past_deadline(timeouts) from None
            raise
        finally:
            watchdog.cancel()
        if expired.is_set():  # an answer cut short by the deadline is no answer
            raise _past_deadline(timeouts)
        return response
    finally:
        connection.close()


def _past_deadline(timeouts: Timeouts) -> TransportError:
    return TransportError(
        f"no complete answer within {timeouts.request:g} s (the deadline for the whole request)",
        fix="the server may be overloaded, stuck or slow; raise --timeout or try later",
    )


def _exchange(
    connection: http.client.HTTPConnection,
    selector: str,
    method: str,
    headers: Mapping[str, str],
    body: Body | None,
    timeouts: Timeouts,
    progress: Progress | None,
) -> Response:
    """Send the request on an open connection and read the whole answer."""
    with contextlib.ExitStack() as stack:
        total, chunks = _body(body, stack)
        return _send_and_read(
            connection,
            selector,
            method,
            headers,
            body is not None,
            total,
            chunks,
            timeouts,
            progress,
        )


def _body(
    body: Body | None, stack: contextlib.ExitStack
) -> tuple[int, Iterator[bytes | memoryview]]:
    """The body's size and its chunks; a file is opened here and read as it is sent."""
    if not isinstance(body, Path):
        data = memoryview(body if body is not None else b"")
        return len(data), (data[at : at + CHUNK_SIZE] for at in range(0, len(data), CHUNK_SIZE))
    try:
        stream = stack.enter_context(body.open("rb"))
        total = os.fstat(stream.fileno()).st_size
    except OSError as exc:
        raise unreadable(body, exc) from None

    def chunks() -> Iterator[bytes]:
        left = total
        while left:
            try:
                chunk = stream.read(min(CHUNK_SIZE, left))
            except OSError as exc:
                raise unreadable(body, exc) from None
            if not chunk:
                raise SvgRdfError(
                    f"the file shrank while it was sent ({total - left} of {total} bytes)",
                    path=body,
                    fix="leave the file unchanged while it is loaded, then rerun",
                )
            left -= len(chunk)
            yield chunk

    return total, chunks()


def unreadable(path: Path, exc: OSError) -> SvgRdfError:
    return SvgRdfError(
        f"cannot read the file to send ({exc.strerror or type(exc).__name__})",
        path=path,
        fix="check that the file is readable and unchanged, then rerun",
    )


def _send_and_read(
    connection: http.client.HTTPConnection,
    selector: str,
    method: str,
    headers: Mapping[str, str],
    has_body: bool,
    total: int,
    chunks: Iterator[bytes | memoryview],
    timeouts: Timeouts,
    progress: Progress | None,
) -> Response:
    connection.putrequest(method, selector, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    if has_body:
        connection.putheader("Content-Length", str(total))
    connection.putheader("Connection", "close")
    sent = 0
    try:
        connection.endheaders()
        if progress is not None and total:
            progress(0, total)
        for chunk in chunks:  # a file's read errors are SvgRdfError, not OSError
            connection.send(chunk)
            sent += len(chunk)
            if progress is not None:
                progress(sent, total)
    except TimeoutError:
        raise TransportError(
            f"the server stopped reading after {sent} of {total} bytes "
            f"(silent for {timeouts.request:g} s)",
            fix="the server may be overloaded or stuck; raise --timeout or try later",
        ) from None
    except OSError:
        early = _early_answer(connection)
        if early is not None:
            return early
        raise TransportError(
            f"the connection was closed after {sent} of {total} bytes were sent",
            fix="the server may have stopped or crashed; check it is running, then rerun",
        ) from None
    try:
        return _read(connection.getresponse())
    except TimeoutError:
        raise TransportError(
            f"no answer within {timeouts.request:g} s",
            fix="the server may be overloaded or stuck; raise --timeout or try later",
        ) from None
    except (http.client.RemoteDisconnected, ConnectionResetError):
        raise TransportError(
            "the server closed the connection without answering",
            fix="the server may have stopped or crashed; check it is running, then rerun",
        ) from None
    except http.client.IncompleteRead:
        raise TransportError(
            "the answer was cut off",
            fix="the server may have stopped or crashed; check it is running, then rerun",
        ) from None
    except (OSError, http.client.HTTPException) as exc:
        raise TransportError(
            f"the answer could not be read ({type(exc).__name__})",
            fix="the server may have stopped or crashed; check it is running, then rerun",
        ) from None
