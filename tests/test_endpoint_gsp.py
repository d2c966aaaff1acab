"""Loading over the Graph Store Protocol against small loopback servers that fail on purpose.

Each fault (endpoint down, a server that never answers, HTTP 401/403/500, a server dying
mid-upload) must give one EndpointError naming the service and the graph, and through the
CLI one stderr line and exit code 3. Tests with a real Oxigraph server are in
test_endpoint_oxigraph.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import socket
import sys
import threading
import time
import urllib.parse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.endpoint import gsp, load, verify
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.servers import Endpoint
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.errors import EndpointError
from tests.endpoint_data import DEFAULT_GRAPH, ROOT, cached_compile, ntriples, one_violation
from tests.loopback import (
    LoopbackServer,
    answer,
    cut_after,
    read_head,
    read_request,
    refused_url,
    reset,
    stall,
    status,
    statuses,
    trickle,
)

GRAPH = "http://example.org/g#a&b=c"
DATA = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
QUICK = gsp.Policy(Timeouts(connect=2.0, request=0.5), retries=0, backoff=0.0)


def client_for(
    url: str,
    *,
    policy: gsp.Policy = QUICK,
    credentials: Credentials | None = None,
    auth: str = "preemptive",
    sleeps: list[float] | None = None,
) -> gsp.Client:
    endpoint = Endpoint(f"{url}/store", f"{url}/query", auth)  # type: ignore[arg-type]
    recorded = sleeps if sleeps is not None else []
    return gsp.Client(endpoint, credentials=credentials, policy=policy, sleep=recorded.append)


def assert_one_line_naming(error: EndpointError, url: str, graph: str = GRAPH) -> str:
    text = str(error)
    assert "\n" not in text
    assert text.startswith(f"{url}/store: ")
    assert f"<{graph}>" in text
    return text


# The request itself ------------------------------------------------------------------


def test_put_sends_ntriples_to_the_percent_encoded_graph() -> None:
    with LoopbackServer(status(201)) as server:
        attempts = gsp.put_graph(client_for(server.url), GRAPH, DATA)
    assert attempts == 1
    [request] = server.requests
    assert request.method == "PUT"
    assert request.target == "/store?graph=http%3A%2F%2Fexample.org%2Fg%23a%26b%3Dc"
    assert request.query == {"graph": [GRAPH]}
    assert request.headers["content-type"] == "application/n-triples"
    assert request.headers["content-length"] == str(len(DATA))
    assert request.body == DATA
    assert "authorization" not in request.headers


def test_progress_reports_every_byte_sent() -> None:
    data = DATA * 5000  # several chunks
    calls: list[tuple[int, int]] = []
    with LoopbackServer(status(204)) as server:
        gsp.put_graph(
            client_for(server.url), GRAPH, data, progress=lambda s, t: calls.append((s, t))
        )
    assert calls[0] == (0, len(data))
    assert calls[-1] == (len(data), len(data))
    sent = [s for s, _ in calls]
    assert sent == sorted(sent) and len(calls) > 3


# Faults --------------------------------------------------------------------------------


def test_endpoint_down() -> None:
    url = refused_url()
    with pytest.raises(EndpointError) as caught:
        gsp.put_graph(client_for(url), GRAPH, DATA)
    text = assert_one_line_naming(caught.value, url)
    assert "connection refused" in text and "check that the server is running" in text


def test_server_that_accepts_and_never_answers() -> None:
    with LoopbackServer(stall) as server:
        start = time.monotonic()
        with pytest.raises(EndpointError) as caught:
            gsp.put_graph(client_for(server.url), GRAPH, DATA)
        elapsed = time.monotonic() - start
    text = assert_one_line_naming(caught.value, server.url)
    assert "no complete answer within 0.5 s" in text
    assert elapsed < 5


def test_a_trickling_server_cannot_hold_the_request_past_its_deadline() -> None:
    """Issue 15, item 7: one byte every 0.2 s never trips a per-read timeout of 0.5 s; the
    deadline is for the whole request."""
    with LoopbackServer(trickle(0.2)) as server:
        start = time.monotonic()
        with pytest.raises(EndpointError) as caught:
            gsp.put_graph(client_for(server.url), GRAPH, DATA)
        elapsed = time.monotonic() - start
    text = assert_one_line_naming(caught.value, server.url)
    assert "no complete answer within 0.5 s (the deadline for the whole request)" in text
    assert elapsed < 2


@pytest.mark.usefixtures("quick_build")
def test_cli_timeout_is_a_deadline_for_the_request() -> None:
    cached_compile()  # compile before the clock starts
    with LoopbackServer(trickle(0.3)) as server:
        start = time.monotonic()
        code, out, err = run_load(server.url, "--graph", GRAPH, "--timeout", "1")
        elapsed = time.monotonic() - start
    assert (code, out) == (3, "")
    assert "no complete answer within 1 s" in err and err.count("\n") == 1
    assert elapsed < 6


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (401, "HTTP 401 Unauthorized"),
        (403, "HTTP 403 Forbidden"),
        (500, "HTTP 500 Internal Server Error"),
    ],
)
def test_http_errors(code: int, says: str) -> None:
    server = LoopbackServer(status(code, b"no way\nat all"))
    with server, pytest.raises(EndpointError) as caught:
        gsp.put_graph(client_for(server.url), GRAPH, DATA)
    text = assert_one_line_naming(caught.value, server.url)
    assert says in text and "(the server says: no way at all)" in text


def test_server_dying_mid_upload() -> None:
    data = DATA * 100_000  # 7 MB: more than the socket buffers hold
    with LoopbackServer(cut_after(10_000)) as server, pytest.raises(EndpointError) as caught:
        gsp.put_graph(client_for(server.url), GRAPH, data)
    text = assert_one_line_naming(caught.value, server.url)
    assert re.search(r"closed after \d+ of 7\d{6} bytes|closed the connection", text)
    assert len(server.requests[0].body) == 10_000


def test_an_answer_sent_before_the_body_was_read_is_reported() -> None:
    """A server may refuse at once (e.g. 413) and drop the rest: its answer is the message."""

    def refuse_early(connection: socket.socket, server: LoopbackServer) -> None:
        request, _ = read_head(connection)
        server.record(request)
        answer(connection, 413, b"too large")
        time.sleep(0.3)
        reset(connection)

    server = LoopbackServer(refuse_early)
    with server, pytest.raises(EndpointError) as caught:
        gsp.put_graph(client_for(server.url), GRAPH, DATA * 300_000)
    text = assert_one_line_naming(caught.value, server.url)
    assert "HTTP 413 Request Entity Too Large (the server says: too large)" in text
    assert "raise the server's upload limit" in text


# Retries -------------------------------------------------------------------------------


def test_retries_are_bounded_with_exponential_backoff() -> None:
    url = refused_url()
    sleeps: list[float] = []
    policy = gsp.Policy(Timeouts(1.0, 1.0), retries=3, backoff=0.25)
    with pytest.raises(EndpointError, match=r"connection refused \(after 4 attempts\)"):
        gsp.put_graph(client_for(url, policy=policy, sleeps=sleeps), GRAPH, DATA)
    assert sleeps == [0.25, 0.5, 1.0]


def test_backoff_is_capped() -> None:
    sleeps: list[float] = []
    policy = gsp.Policy(Timeouts(1.0, 1.0), retries=8, backoff=1.0)
    with pytest.raises(EndpointError):
        gsp.put_graph(client_for(refused_url(), policy=policy, sleeps=sleeps), GRAPH, DATA)
    assert sleeps == [1, 2, 4, 8, 16, 30, 30, 30]


def test_a_transient_500_is_retried_and_the_load_completes() -> None:
    sleeps: list[float] = []
    policy = gsp.Policy(QUICK.timeouts, retries=2, backoff=0.01)
    with LoopbackServer(statuses(503, 500, 201)) as server:
        attempts = gsp.put_graph(client_for(server.url, policy=policy, sleeps=sleeps), GRAPH, DATA)
    assert attempts == 3 and sleeps == [0.01, 0.02]
    assert [request.body for request in server.requests] == [DATA] * 3


@pytest.mark.parametrize("code", [400, 401, 403, 404, 415])
def test_client_errors_are_not_retried(code: int) -> None:
    policy = gsp.Policy(QUICK.timeouts, retries=3, backoff=0.0)
    server = LoopbackServer(status(code))
    with server, pytest.raises(EndpointError, match=f"HTTP {code}"):
        gsp.put_graph(client_for(server.url, policy=policy), GRAPH, DATA)
    assert len(server.requests) == 1


def test_a_redirect_is_not_followed() -> None:
    with (
        LoopbackServer(status(301, headers={"Location": "http://127.0.0.1:1/elsewhere"})) as server,
        pytest.raises(EndpointError, match=r"redirects to http://127.0.0.1:1/elsewhere"),
    ):
        gsp.put_graph(client_for(server.url), GRAPH, DATA)
    assert len(server.requests) == 1


# Credentials ---------------------------------------------------------------------------

ALICE = Credentials("alice", "s3cret", "SVG_RDF_USER/SVG_RDF_PASSWORD")


def test_basic_credentials_are_sent_up_front() -> None:
    with LoopbackServer(status(201)) as server:
        gsp.put_graph(client_for(server.url, credentials=ALICE), GRAPH, DATA)
    assert server.requests[0].headers["authorization"] == "Basic YWxpY2U6czNjcmV0"


def test_refused_credentials_never_appear_in_the_message() -> None:
    echo = b"bad password s3cret for Basic YWxpY2U6czNjcmV0"
    server = LoopbackServer(status(401, echo, {"WWW-Authenticate": 'Basic realm="x"'}))
    with server, pytest.raises(EndpointError) as caught:
        gsp.put_graph(client_for(server.url, credentials=ALICE), GRAPH, DATA)
    text = str(caught.value)
    assert "s3cret" not in text and "YWxpY2U6czNjcmV0" not in text
    assert "refused the credentials from SVG_RDF_USER/SVG_RDF_PASSWORD" in text
    assert len(server.requests) == 1  # the same Basic credentials are not sent twice


def test_credentials_go_only_to_the_gsp_server() -> None:
    endpoint_server = LoopbackServer(status(200, b"{}"))
    with LoopbackServer(status(201)) as gsp_server, endpoint_server as other:
        endpoint = Endpoint(f"{gsp_server.url}/store", f"{other.url}/query")
        client = gsp.Client(endpoint, credentials=ALICE, policy=QUICK)
        gsp.put_graph(client, GRAPH, DATA)
        with pytest.raises(EndpointError):
            verify.count_triples(client, GRAPH)
    assert "authorization" in gsp_server.requests[0].headers
    assert "authorization" not in other.requests[0].headers


REALM, NONCE = "SPARQL", "6e1df3edb51389debbe9648a9edd9baa"


def digest_server(user: str, password: str) -> LoopbackServer:
    """A server that wants HTTP Digest (RFC 2617, MD5, qop=auth), as Virtuoso does."""

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def handle(connection: socket.socket, server: LoopbackServer) -> None:
        request = read_request(connection)
        server.record(request)
        header = request.headers.get("authorization", "")
        fields = {
            key: quoted or bare
            for key, quoted, bare in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', header)
        }
        if header.startswith("Digest ") and fields.get("username") == user:
            ha1 = md5(f"{user}:{REALM}:{password}")
            ha2 = md5(f"{request.method}:{fields['uri']}")
            expected = md5(f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
            if fields.get("response") == expected and fields["uri"] == request.target:
                answer(connection, 201)
                return
        challenge = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm="MD5"'
        answer(connection, 401, b"who are you", {"WWW-Authenticate": challenge})

    return LoopbackServer(handle)


def test_digest_challenge_is_answered_without_sending_the_password() -> None:
    with digest_server("dba", "s3cret") as server:
        credentials = Credentials("dba", "s3cret", "env")
        gsp.put_graph(
            client_for(server.url, credentials=credentials, auth="challenge"), GRAPH, DATA
        )
    first, second = server.requests
    # The challenge comes from a body-less HEAD: the graph is uploaded once, not twice.
    assert first.method == "HEAD" and first.body == b""
    assert "authorization" not in first.headers
    assert second.method == "PUT"
    assert second.headers["authorization"].startswith("Digest ")
    for request in server.requests:
        assert "s3cret" not in str(request.headers)
        assert Credentials("dba", "s3cret", "").basic_authorization() not in str(request.headers)
    assert second.body == DATA


def test_a_wrong_digest_password_is_refused() -> None:
    with digest_server("dba", "right") as server:
        credentials = Credentials("dba", "wrong", "env")
        with pytest.raises(EndpointError, match="HTTP 401") as caught:
            gsp.put_graph(
                client_for(server.url, credentials=credentials, auth="challenge"), GRAPH, DATA
            )
    assert "wrong" not in str(caught.value)
    assert len(server.requests) == 2


# Verification --------------------------------------------------------------------------


def fake_store(
    *,
    count: int | None = None,
    answer_with: bytes | None = None,
    max_rows: int | None = None,
    faults: dict[int, int | str] | None = None,
) -> LoopbackServer:
    """A GSP + SPARQL service answering from an in-memory pyoxigraph store (PUT replaces a
    graph, POST adds to it). It can lie about the count or the content, or cut every
    answer at `max_rows` triples without saying so, as Virtuoso's ResultSetMaxRows does.
    `faults` names the n-th POST to the store (from 1) it fails: with an HTTP status
    (nothing stored), "reset" (the connection dropped, nothing stored) or "stored-reset"
    (the triples stored, then the connection dropped before the answer)."""
    store = ox.Store()
    lock = threading.Lock()
    posts = [0]

    def handle(connection: socket.socket, server: LoopbackServer) -> None:
        request = read_request(connection)
        server.record(request)
        if request.method in ("PUT", "POST") and request.path == "/store":
            graph = ox.NamedNode(request.query["graph"][0])
            with lock:
                if request.method == "POST":
                    posts[0] += 1
                fault = (faults or {}).get(posts[0]) if request.method == "POST" else None
                if isinstance(fault, int):
                    answer(connection, fault, b"refused on purpose")
                    return
                if fault == "reset":
                    reset(connection)
                    return
                if request.method == "PUT":
                    store.remove_graph(graph)
                store.load(request.body, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            if fault == "stored-reset":
                reset(connection)
                return
            answer(connection, 201)
            return
        if request.method == "POST" and request.path == "/query":
            sparql = urllib.parse.parse_qs(request.body.decode())["query"][0]
            with lock:
                results = store.query(sparql)
            if isinstance(results, ox.QuerySolutions):
                n = int(next(iter(results))["triples"].value) if count is None else count
                body = json.dumps({"results": {"bindings": [{"triples": {"value": str(n)}}]}})
                headers = {"Content-Type": "application/sparql-results+json"}
                answer(connection, 200, body.encode(), headers)
                return
            assert isinstance(results, ox.QueryTriples)
            triples = sorted(results, key=str)[:max_rows]
            held = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            body = held if answer_with is None else answer_with
            answer(connection, 200, body, {"Content-Type": "application/n-triples"})
            return
        answer(connection, 404)

    return LoopbackServer(handle)


def subjects_with(triples_each: int, subjects: int, offset: int = 0) -> bytes:
    """N-Triples of `subjects` subjects with `triples_each` triples each."""
    return "".join(
        f'<http://example.org/s{s}> <http://example.org/p{p}> "{s}.{p}" .\n'
        for s in range(offset, offset + subjects)
        for p in range(triples_each)
    ).encode()


def queries(server: LoopbackServer) -> list[str]:
    return [
        urllib.parse.parse_qs(request.body.decode())["query"][0]
        for request in server.requests
        if request.method == "POST"
    ]


def test_a_load_is_verified_by_count_and_content() -> None:
    with fake_store() as server:
        result = load.load_graph(client_for(server.url), GRAPH, DATA)
    assert (result.triples, result.bytes, result.attempts) == (1, len(DATA), 1)
    assert [request.method for request in server.requests] == ["PUT", "POST", "POST"]
    count_query, read_query = queries(server)
    assert f"GRAPH <{GRAPH}>" in count_query
    assert "VALUES ?s { <http://example.org/s> }" in read_query


def test_a_count_mismatch_is_an_error() -> None:
    with fake_store(count=7) as server, pytest.raises(EndpointError) as caught:
        load.load_graph(client_for(server.url), GRAPH, DATA)
    text = str(caught.value)
    assert text.startswith(f"{server.url}/query: graph <{GRAPH}> holds 7 triples")
    assert "but 1 were sent" in text


def test_different_content_is_an_error() -> None:
    other = b'<http://example.org/s> <http://example.org/p> "changed" .\n'
    server = fake_store(answer_with=other)
    with server, pytest.raises(EndpointError) as caught:
        load.load_graph(client_for(server.url), GRAPH, DATA)
    assert "differs from what was sent: 1 triples missing (e.g. <http://example.org/s> " in str(
        caught.value
    )
    assert '1 unexpected (e.g. <http://example.org/s> <http://example.org/p> "changed")' in str(
        caught.value
    )


def test_others_with_subjects_never_sent_are_found_by_the_count() -> None:
    sent = subjects_with(3, 4)
    with fake_store() as server:
        held = sent.replace(
            b"<http://example.org/s2> <http://example.org/p1>", b"<urn:x:z> <urn:x:y>"
        )
        gsp.put_graph(client_for(server.url), GRAPH, held)
        expected = {quad.triple for quad in ox.parse(sent, format=ox.RdfFormat.N_TRIPLES)}
        with pytest.raises(EndpointError) as caught:
            verify.verify_graph(client_for(server.url), GRAPH, expected)
    message = str(caught.value)
    assert (
        '1 triples missing (e.g. <http://example.org/s2> <http://example.org/p1> "2.1")' in message
    )
    assert "1 unexpected (with subjects that were not sent)" in message


def test_verification_reads_back_in_batches_of_subjects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify, "BATCH_TRIPLES", 10)
    data = subjects_with(3, 12)  # 36 triples: batches of 3 subjects (9 triples)
    with fake_store() as server:
        load.load_graph(client_for(server.url), GRAPH, data)
    reads = [query for query in queries(server) if query.startswith("CONSTRUCT")]
    assert len(reads) == 4
    assert all(query.count("<http://example.org/s") == 3 for query in reads)


def test_a_capped_answer_is_asked_again_in_halves() -> None:
    """Virtuoso's packaged ResultSetMaxRows cuts answers at 10,000 rows without an error; a
    whole-graph read-back would then miss triples the store holds."""
    data = subjects_with(5, 40)  # 200 triples in one batch, answers cut at 30
    with fake_store(max_rows=30) as server:
        result = load.load_graph(client_for(server.url), GRAPH, data)
    assert result.triples == 200
    reads = [query for query in queries(server) if query.startswith("CONSTRUCT")]
    assert len(reads) < 40  # halving, not a query per subject
    assert not any(query.count("<http://example.org/s") > 40 for query in reads)


def test_a_subject_larger_than_the_cap_is_reported_with_the_fix() -> None:
    data = subjects_with(50, 1)
    with fake_store(max_rows=30) as server, pytest.raises(EndpointError) as caught:
        load.load_graph(client_for(server.url), GRAPH, data)
    message = str(caught.value)
    assert "the server cut its answer for <http://example.org/s0> at 30 triples" in message
    assert "ResultSetMaxRows" in message
    assert "\n" not in message


def test_a_graph_with_a_blank_node_is_not_sent() -> None:
    data = b'_:b1 <http://example.org/p> "x" .\n'
    with fake_store() as server, pytest.raises(EndpointError) as caught:
        load.load_graph(client_for(server.url), GRAPH, data)
    assert "a store renames blank nodes; nothing was sent" in str(caught.value)
    assert server.requests == []


def test_a_query_service_that_does_not_speak_sparql_json() -> None:
    with (
        LoopbackServer(status(200, b"<html>hello</html>", {"Content-Type": "text/html"})) as server,
        pytest.raises(EndpointError, match="not SPARQL JSON results"),
    ):
        verify.count_triples(client_for(server.url), GRAPH)


# Through the CLI: one line on stderr, exit code 3 ----------------------------------------


@pytest.fixture
def quick_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    monkeypatch.delenv("SVG_RDF_USER", raising=False)
    monkeypatch.delenv("SVG_RDF_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(ROOT / "tests" / "no-such-netrc"))


def run_load(url: str, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        [
            "load",
            "--project",
            str(ROOT),
            "--server",
            "oxigraph",
            "--url",
            url,
            "--connect-timeout",
            "2",
            "--timeout",
            "0.5",
            "--retries",
            "0",
            *extra,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("quick_build")
@pytest.mark.parametrize(
    ("handler", "says"),
    [
        (None, "connection refused"),
        (stall, "no complete answer within 0.5 s"),
        (status(401), "HTTP 401 Unauthorized"),
        (status(403), "HTTP 403 Forbidden"),
        (status(500), "HTTP 500 Internal Server Error"),
        (cut_after(1000), "closed"),
    ],
    ids=["down", "silent", "401", "403", "500", "dies-mid-upload"],
)
def test_cli_faults_exit_3_with_one_line(handler: object, says: str) -> None:
    if handler is None:
        code, out, err = run_load(refused_url())
        url = None
    else:
        with LoopbackServer(handler) as server:  # type: ignore[arg-type]
            code, out, err = run_load(server.url, "--graph", GRAPH)
        url = server.url
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1 and says in err
    if url is not None:
        assert err.startswith(f"{url}/store: PUT of graph <{GRAPH}> failed")
    else:
        assert f"PUT of graph <{DEFAULT_GRAPH}> failed" in err


@pytest.mark.usefixtures("quick_build")
def test_cli_rerun_completes_after_a_fault() -> None:
    with fake_store() as server:
        failing = LoopbackServer(status(500))
        with failing:
            code, _, _ = run_load(failing.url)
        assert code == 3
        code, out, err = run_load(server.url)
    assert (code, err) == (0, "")
    assert f"loaded {len(ntriples().expected or ())} triples" in out
    assert "verified" in out


@pytest.mark.usefixtures("quick_build")
def test_cli_password_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVG_RDF_USER", "alice")
    monkeypatch.setenv("SVG_RDF_PASSWORD", "s3cret")
    with LoopbackServer(status(401, b"s3cret is wrong")) as server:
        code, out, err = run_load(server.url)
    assert code == 3
    assert "s3cret" not in out + err and "YWxpY2U6czNjcmV0" not in out + err


@pytest.mark.parametrize(
    ("arguments", "code", "says"),
    [
        (["--url", "http://h"], 2, "give --server KIND --url URL"),
        (["--server", "oxigraph"], 2, "--server needs --url"),
        (["--gsp-url", "http://h/store"], 2, "or --gsp-url and --query-url"),
        (["--server", "fuseki", "--url", "http://h"], 2, "needs --dataset"),
        (["--server", "oxigraph", "--url", "http://u:s3cret@h"], 2, "credentials in the URL"),
        (["--server", "oxigraph", "--url", "http://h", "--graph", "g"], 2, "not an absolute IRI"),
    ],
)
def test_cli_usage_errors(arguments: list[str], code: int, says: str) -> None:
    result = CliRunner().invoke(cli, ["load", "--project", str(ROOT), *arguments])
    assert result.exit_code == code
    assert says in result.stderr and "s3cret" not in result.stderr


def test_cli_has_no_password_option() -> None:
    result = CliRunner().invoke(cli, ["load", "--help"])
    assert result.exit_code == 0
    assert "--password" not in result.stdout and "--user" not in result.stdout
    assert "SVG_RDF_PASSWORD" in result.stdout


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from svg_rdf.cli.common import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(1000, "sending") as update:
        assert update is not None
        for sent in (0, 600, 0, 400, 1000):  # a retry starts over at 0
            update(sent, 1000)
    shown = terminal.getvalue()
    assert "sending" in shown and "100%" in shown


def test_no_progress_bar_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from svg_rdf.cli.common import progress_bar

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_bar(1000, "sending") as update:
        assert update is None


def test_a_graph_that_violates_the_shapes_is_not_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    failing = replace(cached_compile(), report=one_violation())
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", lambda *_a, **_k: failing)
    with LoopbackServer(status(201)) as server:
        code, out, err = run_load(server.url)
    assert (code, out) == (1, "")
    assert err == (
        "the graph violates the shapes (1 violations); nothing was sent; "
        "run svg-rdf build to see them\n"
    )
    assert server.requests == []


# A server that lies or floods (issue 24, item 7) -------------------------------------


def claims_100_gb(connection: socket.socket, server: LoopbackServer) -> None:
    server.record(read_request(connection))
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        b"Content-Length: 107374182400\r\nConnection: close\r\n\r\nstart"
    )


def floods_an_error(connection: socket.socket, server: LoopbackServer) -> None:
    server.record(read_request(connection))
    connection.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 104857600\r\n\r\n")
    block = b"e" * 65536
    with contextlib.suppress(OSError):
        for _ in range(1600):  # 100 MiB, unless the client stops reading first
            connection.sendall(block)


def test_a_claimed_100_gb_answer_is_one_line_not_a_memory_error() -> None:
    with LoopbackServer(claims_100_gb) as server, pytest.raises(EndpointError) as caught:
        gsp.put_graph(client_for(server.url), GRAPH, DATA)
    text = assert_one_line_naming(caught.value, server.url)
    assert "announced an answer of 107374182400 bytes" in text


def test_only_the_start_of_a_huge_error_body_is_read() -> None:
    policy = gsp.Policy(Timeouts(connect=2.0, request=20.0), retries=0, backoff=0.0)
    with LoopbackServer(floods_an_error) as server, pytest.raises(EndpointError) as caught:
        gsp.put_graph(client_for(server.url, policy=policy), GRAPH, DATA)
    text = assert_one_line_naming(caught.value, server.url)
    assert "HTTP 500" in text and len(text) < 1000
