"""`svg-rdf load` against the real Oxigraph server, started on a free loopback port.

Load, load again (same count, same content), a graph IRI with `#` and `&`, a bad password
(a loopback proxy in front of the server that wants Basic credentials), and uploads cut
off mid-way, including by killing the server: the old graph survives, a rerun completes.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.endpoint import gsp, verify
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.load import load_graph
from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port, load_store
from svg_rdf.endpoint.servers import endpoint_for
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.errors import EndpointError
from tests.endpoint_data import DEFAULT_GRAPH, ROOT, cached_compile, ntriples
from tests.loopback import LoopbackServer, proxy

HASH_GRAPH = "http://example.org/graphs/svg#v1&lang=en"
OLD = b'<http://example.org/old> <http://example.org/p> "the old graph" .\n'
POLICY = gsp.Policy(Timeouts(connect=5.0, request=30.0), retries=0, backoff=0.0)


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path / "store", port=free_port()) as server:
        yield server


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SVG_RDF_USER", raising=False)
    monkeypatch.delenv("SVG_RDF_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(ROOT / "tests" / "no-such-netrc"))


def client(url: str, credentials: Credentials | None = None) -> gsp.Client:
    return gsp.Client(endpoint_for("oxigraph", url), credentials=credentials, policy=POLICY)


def held(url: str, graph: str) -> set[ox.Triple]:
    return verify.read_triples(client(url), graph)


def graphs(url: str) -> set[str]:
    """The names of the server's non-empty named graphs."""
    answer = gsp.select(
        client(url), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "listing graphs"
    )
    return {row["g"]["value"] for row in answer}


def load(url: str, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        ["load", "--project", str(ROOT), "--server", "oxigraph", "--url", url, *extra],
    )
    return result.exit_code, result.stdout, result.stderr


def test_load_twice_gives_the_same_graph(oxigraph: OxigraphServer) -> None:
    expected = ntriples().expected
    assert expected
    code, out, err = load(oxigraph.url)  # a real build, as users run it
    assert (code, err) == (0, "")
    assert f"loaded {len(expected)} triples" in out
    assert f"graph <{DEFAULT_GRAPH}>" in out
    assert f"verified at {oxigraph.url}/query" in out
    first = held(oxigraph.url, DEFAULT_GRAPH)
    assert first == expected

    code, out, err = load(oxigraph.url)
    assert (code, err) == (0, "")
    assert verify.count_triples(client(oxigraph.url), DEFAULT_GRAPH) == len(expected)
    assert held(oxigraph.url, DEFAULT_GRAPH) == first
    assert graphs(oxigraph.url) == {DEFAULT_GRAPH}


def test_load_replaces_what_the_graph_held(
    oxigraph: OxigraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    gsp.put_graph(client(oxigraph.url), DEFAULT_GRAPH, OLD)
    code, _, err = load(oxigraph.url)
    assert (code, err) == (0, "")
    assert held(oxigraph.url, DEFAULT_GRAPH) == ntriples().expected


def test_graph_iri_with_hash_and_ampersand(
    oxigraph: OxigraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    code, out, err = load(oxigraph.url, "--graph", HASH_GRAPH)
    assert (code, err) == (0, "")
    assert f"graph <{HASH_GRAPH}>" in out
    # Unencoded, the server would have cut the IRI at '#' or '&' and named another graph.
    assert graphs(oxigraph.url) == {HASH_GRAPH}
    assert held(oxigraph.url, HASH_GRAPH) == ntriples().expected


def test_gsp_url_and_query_url_for_any_server(
    oxigraph: OxigraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    result = CliRunner().invoke(
        cli,
        [
            "load",
            "--project",
            str(ROOT),
            "--gsp-url",
            f"{oxigraph.url}/store",
            "--query-url",
            f"{oxigraph.url}/query",
            "--graph",
            "urn:svg:custom",
        ],
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert held(oxigraph.url, "urn:svg:custom") == ntriples().expected


@pytest.fixture
def guarded(oxigraph: OxigraphServer) -> Iterator[str]:
    """The Oxigraph server behind a proxy that wants alice's Basic password."""
    with LoopbackServer(proxy(oxigraph.url, password=("alice", "right"))) as server:
        yield server.url


def test_bad_password(
    oxigraph: OxigraphServer, guarded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    gsp.put_graph(client(oxigraph.url), DEFAULT_GRAPH, OLD)
    monkeypatch.setenv("SVG_RDF_USER", "alice")
    monkeypatch.setenv("SVG_RDF_PASSWORD", "wrong-pa55word")
    code, out, err = load(guarded)
    assert code == 3 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"{guarded}/store: PUT of graph <{DEFAULT_GRAPH}> failed: HTTP 401")
    assert "refused the credentials from SVG_RDF_USER/SVG_RDF_PASSWORD" in err
    assert "wrong-pa55word" not in err
    assert held(oxigraph.url, DEFAULT_GRAPH) == {
        quad.triple for quad in ox.parse(OLD, format=ox.RdfFormat.N_TRIPLES)
    }

    monkeypatch.setenv("SVG_RDF_PASSWORD", "right")
    code, out, err = load(guarded)
    assert (code, err) == (0, "")
    assert f"verified at {guarded}/query" in out
    assert held(oxigraph.url, DEFAULT_GRAPH) == ntriples().expected


def test_password_from_netrc(
    oxigraph: OxigraphServer, guarded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login alice password right\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    code, _, err = load(guarded)
    assert (code, err) == (0, "")


def test_upload_cut_off_keeps_the_old_graph_and_a_rerun_completes(
    oxigraph: OxigraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    gsp.put_graph(client(oxigraph.url), DEFAULT_GRAPH, OLD)
    old = held(oxigraph.url, DEFAULT_GRAPH)
    with LoopbackServer(proxy(oxigraph.url, cut_first=1, cut_after_bytes=50_000)) as cutting:
        code, out, err = load(cutting.url, "--retries", "0")
        assert code == 3 and out == "" and err.count("\n") == 1
        assert f"{cutting.url}/store: PUT of graph <{DEFAULT_GRAPH}> failed" in err
        assert held(oxigraph.url, DEFAULT_GRAPH) == old
        code, _, err = load(cutting.url, "--retries", "0")
    assert (code, err) == (0, "")
    assert held(oxigraph.url, DEFAULT_GRAPH) == ntriples().expected


def test_a_retry_completes_a_cut_off_upload(oxigraph: OxigraphServer) -> None:
    data = ntriples()
    with LoopbackServer(proxy(oxigraph.url, cut_first=1, cut_after_bytes=10_000)) as cutting:
        patient = gsp.Client(
            endpoint_for("oxigraph", cutting.url),
            policy=gsp.Policy(POLICY.timeouts, retries=2, backoff=0.01),
        )
        result = load_graph(patient, DEFAULT_GRAPH, data.data, expected=data.expected)
    assert result.attempts == 2
    assert held(oxigraph.url, DEFAULT_GRAPH) == data.expected


def test_server_killed_mid_upload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    location = tmp_path / "store"
    server = OxigraphServer(location, port=free_port())
    with server:
        gsp.put_graph(client(server.url), DEFAULT_GRAPH, OLD)
        killed = threading.Event()

        def crash() -> None:
            server.kill()  # SIGKILL while the server holds half the upload
            killed.set()

        with LoopbackServer(
            proxy(server.url, cut_first=1, cut_after_bytes=80_000, on_cut=crash)
        ) as cutting:
            code, out, err = load(cutting.url, "--retries", "0")
        assert killed.is_set()
    assert code == 3 and out == "" and err.count("\n") == 1
    assert f"{cutting.url}/store: PUT of graph <{DEFAULT_GRAPH}> failed" in err

    with OxigraphServer(location, port=free_port()) as restarted:
        assert held(restarted.url, DEFAULT_GRAPH) == {
            quad.triple for quad in ox.parse(OLD, format=ox.RdfFormat.N_TRIPLES)
        }
        code, _, err = load(restarted.url)
        assert (code, err) == (0, "")
        assert held(restarted.url, DEFAULT_GRAPH) == ntriples().expected


def test_read_only_server_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    data = tmp_path / "data.nt"
    data.write_bytes(OLD)
    load_store(tmp_path / "store", data)
    with OxigraphServer(tmp_path / "store", port=free_port(), read_only=True) as server:
        code, _, err = load(server.url)
    assert code == 3
    assert "HTTP 403 Forbidden (the server says: The server is read-only)" in err


def test_verification_sees_a_graph_changed_behind_our_back(oxigraph: OxigraphServer) -> None:
    """A server that keeps an extra triple (here: added after the PUT) fails verification."""
    data = ntriples()
    gsp.put_graph(client(oxigraph.url), DEFAULT_GRAPH, data.data)
    extra = b'<http://example.org/intruder> <http://example.org/p> "x" .\n'
    post = gsp.Client(endpoint_for("oxigraph", oxigraph.url), policy=POLICY)
    response, _ = post.request(
        "POST",
        post.endpoint.graph_url(DEFAULT_GRAPH),
        what="adding",
        headers={"Content-Type": "application/n-triples"},
        body=extra,
    )
    assert response.status in (200, 204)
    with pytest.raises(EndpointError, match=r"holds \d+ triples after the load, but \d+ were sent"):
        verify.verify_graph(client(oxigraph.url), DEFAULT_GRAPH, data.expected or ())


def test_a_timeout_after_the_server_stored_the_graph_says_so(oxigraph: OxigraphServer) -> None:
    """Issue 15, item 8: the PUT reached the store, its answer never came. The failure says
    what the graph now holds (the new graph), not that the old one was kept."""
    data = ntriples()
    gsp.put_graph(client(oxigraph.url), DEFAULT_GRAPH, OLD)
    with LoopbackServer(proxy(oxigraph.url, mute_puts=1)) as muted:
        quick = gsp.Client(
            endpoint_for("oxigraph", muted.url),
            policy=gsp.Policy(Timeouts(connect=2.0, request=2.0), retries=0),
        )
        with pytest.raises(EndpointError) as caught:
            load_graph(quick, DEFAULT_GRAPH, data.data, expected=data.expected)
    message = str(caught.value)
    assert "no complete answer within 2 s" in message
    assert (
        f"the graph now holds exactly the {len(data.expected or ())} triples sent "
        "(the server completed the load)" in message
    )
    assert held(oxigraph.url, DEFAULT_GRAPH) == data.expected


def test_a_server_paused_mid_upload(tmp_path: Path) -> None:
    """Issue 15, item 8: SIGSTOP with half the body sent. The client's deadline passes, the
    check cannot be answered either, and the message says so; once the server resumes,
    the old graph is intact (the body never arrived whole)."""
    data = ntriples()
    with OxigraphServer(tmp_path / "store", port=free_port()) as server:
        gsp.put_graph(client(server.url), DEFAULT_GRAPH, OLD)
        assert server.process is not None
        pid = server.process.pid
        paused: list[int] = []

        def pause(sent: int, total: int) -> None:
            if sent > total // 2 and not paused:
                os.kill(pid, signal.SIGSTOP)
                paused.append(sent)

        quick = gsp.Client(
            endpoint_for("oxigraph", server.url),
            policy=gsp.Policy(Timeouts(connect=1.0, request=1.5), retries=0),
        )
        big = data.data * 1 + b"".join(
            f'<urn:s:{i}> <urn:p> "{"x" * 80}" .\n'.encode() for i in range(60_000)
        )
        try:
            with pytest.raises(EndpointError) as caught:
                # one PUT (the path of a graph up to a piece), not pieces of 50,000
                load_graph(quick, DEFAULT_GRAPH, big, progress=pause, piece_triples=100_000)
        finally:
            os.kill(pid, signal.SIGCONT)
        assert paused
        message = str(caught.value)
        assert "\n" not in message
        assert "PUT of graph" in message and "no complete answer within 1.5 s" in message
        assert "could not check what the graph now holds" in message
        assert held(server.url, DEFAULT_GRAPH) == {
            quad.triple for quad in ox.parse(OLD, format=ox.RdfFormat.N_TRIPLES)
        }
