"""`svg-rdf serve` cannot be turned against its host (issue 24, items 1, 2 and 12).

A web page in the user's browser can send requests to 127.0.0.1, so: no request leaves
the machine on a query's behalf (SERVICE is refused; a listener on another local port
proves nothing arrives), only the server's own Host names are answered (DNS rebinding),
updates are refused, and one client cannot hold the server (body size, silent clients,
connections at once, a query's time). Malformed requests get an answer, not a traceback
on the terminal.
"""

from __future__ import annotations

import csv
import http.client
import io
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from svg_rdf.site.guard import allowed_host, federates, refusal
from svg_rdf.site.server import MAX_CONNECTIONS
from tests.endpoint_data import ROOT
from tests.site_support import serving

FEDERATED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * { \\U00000073ervice <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "PREFIX ex: <http://e/>\nSELECT * { ?s ex:a\\# SERVICE <http://127.0.0.1:9/> {} }",
    "PREFIX ex: <http://e/>\nSELECT * { ?s ex:a\\' SERVICE <http://127.0.0.1:9/> {} ex:b\\' }",
    "SELECT * { FILTER(1<2)SERVICE<http://127.0.0.1:9/>{?s ?p ?o} }",
    "SELECT * { BIND('x' AS ?a) SERVICE ?endpoint { ?s ?p ?o } }",
]
LOCAL = [
    "SELECT ?service WHERE { ?service ?p ?o }",
    "PREFIX ex: <http://e/>\nSELECT * { ?s ex:service ?o }",
    "PREFIX service: <http://e/>\nSELECT * { ?s service:x ?o }",
    'SELECT * { ?s ?p "SERVICE <http://127.0.0.1:9/>" }',
    "SELECT * { ?s ?p '''a\nservice\nb''' }",
    "# SERVICE <http://127.0.0.1:9/> is refused\nSELECT * { ?s ?p ?o }",
    "SELECT * { ?s ?p <http://e/SERVICE> }",
    "SELECT * { ?s ?p ?o FILTER(?o < 3 || ?o > 4) }",
]


@pytest.mark.parametrize("query", FEDERATED)
def test_every_spelling_of_service_is_found(query: str) -> None:
    assert federates(query)


@pytest.mark.parametrize("query", LOCAL)
def test_the_word_elsewhere_is_no_service(query: str) -> None:
    assert not federates(query)


def test_refusal_reads_the_url_the_form_and_a_sparql_body() -> None:
    query = FEDERATED[0]
    assert refusal(urllib.parse.urlencode({"query": query}), None, b"")
    form = urllib.parse.urlencode({"query": query}).encode()
    assert refusal("", "application/x-www-form-urlencoded; charset=utf-8", form)
    assert refusal("", "application/sparql-query", query.encode())
    assert refusal("", "application/sparql-update", b"LOAD <http://127.0.0.1:9/x>")
    assert refusal(urllib.parse.urlencode({"update": "CLEAR ALL"}), None, b"")
    assert refusal(urllib.parse.urlencode({"query": LOCAL[0]}), None, b"") is None


@pytest.mark.parametrize(
    ("host", "extra", "answered"),
    [
        ("127.0.0.1:8000", (), True),
        ("LOCALHOST:8000", (), True),
        ("[::1]:8000", (), True),
        ("127.0.0.1:8001", (), False),
        ("127.0.0.1", (), False),
        ("evil.example:8000", (), False),
        ("localhost.evil.example:8000", (), False),
        (None, (), False),
        ("data.example.org:8000", ("data.example.org",), True),
        ("data.example.org", ("data.example.org:80",), False),
        ("data.example.org:80", ("data.example.org:80",), True),
    ],
)
def test_only_our_own_host_names_are_answered(
    host: str | None, extra: tuple[str, ...], answered: bool
) -> None:
    assert allowed_host(host, 8000, extra) is answered


class Listener:
    """A TCP port on 127.0.0.1 that records whether anything connected to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[int, list[str]]]:
    """`svg-rdf serve --data output/svg-rdf.nt` with a short query timeout; yields its port
    and, after the module, lets tests read what it printed on stderr."""
    data = str(ROOT / "output" / "svg-rdf.nt")
    with serving("--data", data, "--query-timeout", "2", "--allow-host", "proxy.test") as (
        process,
        _url,
        port,
    ):
        yield port, []
        process.terminate()
        _out, err = process.communicate(timeout=30)
        assert "Traceback" not in err, err


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response, response.read()
    finally:
        connection.close()


def test_service_never_leaves_the_machine(served: tuple[int, list[str]]) -> None:
    port, _ = served
    listener = Listener()
    try:
        endpoint = f"http://127.0.0.1:{listener.port}/sparql"
        query = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
        forms = [
            ("GET", "/query?" + urllib.parse.urlencode({"query": query}), None, {}),
            (
                "POST",
                "/query",
                urllib.parse.urlencode({"query": query}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"},
            ),
            ("POST", "/query", query.encode(), {"Content-Type": "application/sparql-query"}),
        ]
        for method, path, body, headers in forms:
            status, _response, text = request(port, method, path, body=body, headers=headers)
            assert status == 403, (method, status, text)
            assert b"SERVICE" in text and b"127.0.0.1" not in text
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        listener.close()


def test_updates_are_refused(served: tuple[int, list[str]]) -> None:
    port, _ = served
    body = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    status, _, text = request(
        port,
        "POST",
        "/update",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403 and b"read-only" in text


def test_a_rebinding_host_is_refused(served: tuple[int, list[str]]) -> None:
    port, _ = served
    query = "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    for host, expected in [
        ("evil.example", 421),
        (f"evil.example:{port}", 421),
        (f"localhost:{port}", 200),
        (f"127.0.0.1:{port}", 200),
        (f"proxy.test:{port}", 200),
    ]:
        status, _, _ = request(port, "GET", query, headers={"Host": host, "Accept": "text/csv"})
        assert status == expected, host


def test_malformed_requests_get_an_answer(served: tuple[int, list[str]]) -> None:
    port, _ = served
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(
            f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Length: abc\r\n\r\n".encode()
        )
        assert raw.recv(4096).startswith(b"HTTP/1.1 400")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        # '²' is a digit to str.isdigit() but not to int(): 400, not a traceback
        raw.sendall(
            f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()
            + "Content-Length: \u00b2\r\n\r\n".encode("latin-1")
        )
        assert raw.recv(4096).startswith(b"HTTP/1.1 400")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(
            f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/sparql-query\r\nContent-Length: {2 << 20}\r\n\r\n"
            "SELECT".encode()
        )  # the front answers before reading a body it would refuse
        assert raw.recv(4096).startswith(b"HTTP/1.1 413")
    for _ in range(5):  # clients that leave mid-request
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            raw.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")


def test_head_is_get_without_the_body_and_names_one_server(
    served: tuple[int, list[str]],
) -> None:
    port, _ = served
    status, response, body = request(port, "GET", "/")
    assert status == 200 and body
    status, head, nothing = request(port, "HEAD", "/")
    assert (status, nothing) == (200, b"")
    assert head.getheader("Content-Length") == str(len(body))
    assert head.msg.get_all("Server") == ["svg-rdf"]
    assert response.msg.get_all("Server") == ["svg-rdf"]


def test_a_long_answer_is_streamed_whole(served: tuple[int, list[str]]) -> None:
    port, _ = served
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    status, _, body = request(
        port,
        "GET",
        "/query?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/n-triples, text/csv"},
    )
    assert status == 200
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    triples = (ROOT / "output" / "svg-rdf.nt").read_text(encoding="utf-8").count("\n")
    assert len(rows) == triples + 1  # the header row


def test_a_query_that_runs_too_long_is_stopped(served: tuple[int, list[str]]) -> None:
    port, _ = served
    endless = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    status, _, _ = request(
        port,
        "GET",
        "/query?" + urllib.parse.urlencode({"query": endless}),
        headers={"Accept": "text/csv"},
        timeout=60,
    )
    assert status >= 400
    assert time.monotonic() - started < 30
    simple = "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    started = time.monotonic()
    assert request(port, "GET", simple, headers={"Accept": "text/csv"})[0] == 200
    assert time.monotonic() - started < 5


def test_connections_beyond_the_cap_get_503_and_the_server_recovers(
    served: tuple[int, list[str]],
) -> None:
    port, _ = served
    held = []
    try:
        for _ in range(MAX_CONNECTIONS):  # half-sent requests, each holding a thread
            raw = socket.create_connection(("127.0.0.1", port), timeout=10)
            raw.sendall(b"POST /query HTTP/1.1\r\n")
            held.append(raw)
        time.sleep(0.5)
        extra = socket.create_connection(("127.0.0.1", port), timeout=10)
        with extra:
            extra.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            assert extra.recv(4096).startswith(b"HTTP/1.1 503")
    finally:
        for raw in held:
            raw.close()
    time.sleep(0.5)
    simple = "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    assert request(port, "GET", simple, headers={"Accept": "text/csv"})[0] == 200


def test_a_query_timeout_is_whole_seconds_as_oxigraph_takes_it() -> None:
    from click.testing import CliRunner

    from svg_rdf.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--project", str(ROOT), "--query-timeout", "1.5"])
    assert result.exit_code == 2 and "'1.5' is not a valid integer" in result.output


def test_a_query_past_the_memory_limit_is_answered_and_serve_goes_on() -> None:
    """`--query-memory`: the query that needs more gets 502, the terminal says what
    happened, and the next query is answered by the restarted server."""
    data = str(ROOT / "output" / "svg-rdf.nt")
    exploding = "SELECT * { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c LIMIT 1"
    count = "/query?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    with serving("--data", data, "--query-memory", "1024") as (process, _url, port):
        status, _, _ = request(
            port,
            "POST",
            "/query",
            body=exploding.encode(),
            headers={"Host": f"127.0.0.1:{port}", "Content-Type": "application/sparql-query"},
        )
        assert status == 502
        deadline = time.monotonic() + 30
        while True:  # restarted within seconds; 502 until then
            status, _, body = request(
                port, "GET", count, headers={"Host": f"127.0.0.1:{port}", "Accept": "text/csv"}
            )
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        triples = (ROOT / "output" / "svg-rdf.nt").read_bytes().count(b"\n")  # one a line
        assert (status, body) == (200, f"n\r\n{triples}\r\n".encode())
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert err.splitlines()[0] == (
        "a query needed more than 1024 MiB (--query-memory) and stopped the SPARQL server; "
        "it was started again"
    )
