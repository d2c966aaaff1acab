"""`svg-rdf load --server virtuoso` against a real Virtuoso 7 started on 127.0.0.1.

Load and verify, load twice, a wrong password (exit 3, one line, never the password), a
graph name with `#`, `&` and non-ASCII letters, and the server killed mid-load. Skipped
with the reason where Virtuoso is not installed; failed instead when CI=true.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.endpoint import gsp, verify
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.load import load_graph
from svg_rdf.endpoint.servers import endpoint_for
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.endpoint.virtuoso import DBA, VirtuosoServer
from svg_rdf.errors import EndpointError
from tests.endpoint_data import ROOT, cached_compile, ntriples
from tests.stores import start_virtuoso, virtuoso

__all__ = ["virtuoso"]  # the fixture, imported for pytest

POLICY = gsp.Policy(Timeouts(connect=5.0, request=60.0), retries=0, backoff=0.0)
OLD = b'<http://example.org/old> <http://example.org/p> "the old graph" .\n'
HOSTILE_GRAPH = "http://example.org/graphs/svg#v1&lang=ru/Добровольцы-志愿队"


def client(url: str) -> gsp.Client:
    return gsp.Client(
        endpoint_for("virtuoso", url), credentials=Credentials(*DBA, "test"), policy=POLICY
    )


def held(url: str, graph: str) -> set[ox.Triple]:
    return verify.read_triples(client(url), graph)


def parsed(data: bytes) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def load(url: str, *extra: str, password: str = DBA[1]) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        ["load", "--project", str(ROOT), "--server", "virtuoso", "--url", url, *extra],
        env={"SVG_RDF_USER": DBA[0], "SVG_RDF_PASSWORD": password, "NETRC": "/nonexistent"},
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)


def test_load_verifies_and_loading_twice_gives_the_same_graph(virtuoso: VirtuosoServer) -> None:
    graph = "urn:svg-rdf:test:twice"
    gsp.put_graph(client(virtuoso.url), graph, OLD)
    expected = ntriples().expected
    assert expected
    code, out, err = load(virtuoso.url, "--graph", graph)
    assert (code, err) == (0, "")
    assert f"loaded {len(expected)} triples" in out
    assert f"verified at {virtuoso.url}/sparql: the graph holds exactly" in out
    assert held(virtuoso.url, graph) == expected
    code, out, err = load(virtuoso.url, "--graph", graph)
    assert (code, err) == (0, "")
    assert verify.count_triples(client(virtuoso.url), graph) == len(expected)
    assert held(virtuoso.url, graph) == expected


def test_wrong_password_one_line_exit_3_never_the_password(virtuoso: VirtuosoServer) -> None:
    graph = "urn:svg-rdf:test:password"
    gsp.put_graph(client(virtuoso.url), graph, OLD)
    code, out, err = load(virtuoso.url, "--graph", graph, password="not-the-Pa55word")
    assert code == 3 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(
        f"{virtuoso.url}/sparql-graph-crud-auth: PUT of graph <{graph}> failed: HTTP 401"
    )
    assert "refused the credentials from SVG_RDF_USER/SVG_RDF_PASSWORD" in err
    assert "Pa55word" not in err and "Traceback" not in err
    assert held(virtuoso.url, graph) == parsed(OLD)


def test_graph_name_with_hash_ampersand_and_unicode(virtuoso: VirtuosoServer) -> None:
    code, out, err = load(virtuoso.url, "--graph", HOSTILE_GRAPH)
    assert (code, err) == (0, "")
    assert f"graph <{HOSTILE_GRAPH}>" in out
    listed = gsp.select(
        client(virtuoso.url),
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
        '"http://example.org/graphs/")) }',
        "listing graphs",
    )
    # Unencoded, the name would have been cut at '#' or '&', or its letters mangled.
    assert {row["g"]["value"] for row in listed} == {HOSTILE_GRAPH}
    assert held(virtuoso.url, HOSTILE_GRAPH) == ntriples().expected


def test_a_graph_past_the_packaged_result_cap_is_verified(virtuoso: VirtuosoServer) -> None:
    """Virtuoso as packaged cuts every answer at ResultSetMaxRows (10,000) rows without an
    error: a whole-graph read-back of 25,000 triples sees 10,001 of them. Verification
    asks by subject in batches and verifies exactly, with the cap as packaged."""
    graph = "urn:svg-rdf:test:past-the-cap"
    data = b"".join(
        f'<urn:s:{s}> <urn:p:{p}> "{s}.{p}" .\n'.encode() for s in range(2_500) for p in range(10)
    )
    result = load_graph(client(virtuoso.url), graph, data)
    assert (result.triples, result.bytes) == (25_000, len(data))
    assert verify.count_triples(client(virtuoso.url), graph) == 25_000
    assert len(verify.read_triples(client(virtuoso.url), graph)) < 25_000  # the cap is on
    swapped = data.replace(b'"7.3"', b'"7.3 changed"')
    gsp.put_graph(client(virtuoso.url), graph, swapped)
    with pytest.raises(EndpointError) as caught:
        verify.verify_graph(client(virtuoso.url), graph, parsed(data))
    assert '1 triples missing (e.g. <urn:s:7> <urn:p:3> "7.3")' in str(caught.value)
    assert '1 unexpected (e.g. <urn:s:7> <urn:p:3> "7.3 changed")' in str(caught.value)


def test_a_subject_past_the_cap_is_named_with_the_fix(virtuoso: VirtuosoServer) -> None:
    graph = "urn:svg-rdf:test:one-large-subject"
    data = b"".join(f'<urn:s:big> <urn:p> "{i}" .\n'.encode() for i in range(12_000))
    with pytest.raises(EndpointError) as caught:
        load_graph(client(virtuoso.url), graph, data)
    message = str(caught.value)
    cut = re.search(r"the server cut its answer for <urn:s:big> at (\d+) triples", message)
    assert cut is not None and 10_000 <= int(cut.group(1)) < 12_000
    assert "raise the server's cap on result rows (Virtuoso: ResultSetMaxRows" in message


def test_server_killed_mid_load_keeps_the_old_graph(tmp_path: Path) -> None:
    """SIGKILL while the body is half sent: the failure is one line naming what the store
    held afterwards (here: nothing can be asked), and after a restart the old graph is
    intact and a rerun completes."""
    graph = "urn:svg-rdf:test:killed"
    server = start_virtuoso(tmp_path / "virtuoso")
    try:
        gsp.put_graph(client(server.url), graph, OLD)
        big = b"".join(
            f'<urn:s:{i}> <urn:p> "value {i} {"x" * 60}" .\n'.encode() for i in range(100_000)
        )
        killed = []

        def crash(sent: int, total: int) -> None:
            if sent > total // 2 and not killed:
                server.kill()
                killed.append(sent)

        with pytest.raises(EndpointError) as failure:
            # one PUT (the path of a graph up to a piece), not pieces of 50,000
            load_graph(client(server.url), graph, big, progress=crash, piece_triples=100_000)
        assert killed
        message = str(failure.value)
        assert "\n" not in message
        assert f"PUT of graph <{graph}> failed" in message
        assert "could not check what the graph now holds" in message
        server.start()
        assert held(server.url, graph) == parsed(OLD)
        code, _, err = load(server.url, "--graph", graph)
        assert (code, err) == (0, "")
        assert held(server.url, graph) == ntriples().expected
    finally:
        server.stop()
