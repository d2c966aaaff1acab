"""A big graph sent in pieces: cut at line ends, the graph emptied first, one POST a piece
retried on its own, a failure naming the partial graph, the verification still exact.

Against the fake store of test_endpoint_gsp (an in-memory pyoxigraph behind a loopback
HTTP server, which refuses or drops a chosen POST); the real Oxigraph and Virtuoso runs
are in test_endpoint_load_big.py.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from svg_rdf.endpoint import gsp, load
from svg_rdf.endpoint import pieces as pieces_module
from svg_rdf.endpoint.pieces import pieces
from svg_rdf.endpoint.servers import endpoint_for
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.errors import EndpointError, ParseError
from tests.endpoint_data import ROOT
from tests.test_endpoint_gsp import GRAPH, client_for, fake_store, subjects_with
from tests.test_endpoint_stream import run_load_file

PATIENT = gsp.Policy(Timeouts(connect=2.0, request=5.0), retries=0, backoff=0.0)


def triples_of(data: bytes) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def posted(server: object) -> list[bytes]:
    return [
        request.body
        for request in server.requests  # type: ignore[attr-defined]
        if request.method == "POST" and request.path == "/store"
    ]


# Cutting -------------------------------------------------------------------------------

LINE = st.sampled_from(
    [
        b'<http://example.org/s> <http://example.org/p> "a" .\n',
        b'<http://example.org/s> <http://example.org/p> "b\\nc" . # a comment\n',
        b"# only a comment\n",
        b"\n",
        b'  <http://example.org/t> <http://example.org/p> "d" .\r\n',
        b'<http://example.org/u> <http://example.org/p> "e" .\r',  # CR only: legal
        b"# a comment\r",
        b"\r",
    ]
)


@given(
    st.lists(LINE, max_size=40),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=1, max_value=60),
)
def test_pieces_are_whole_lines_of_at_most_n_triples(
    lines: list[bytes], size: int, read: int
) -> None:
    data = b"".join(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pieces_module, "READ", read)  # CRLF split between two reads too
        cut = list(pieces(data, size))
    assert all(0 < piece.triples <= size for piece in cut)
    assert all(piece.data.endswith((b"\n", b"\r")) for piece in cut)
    assert all(data[p.start : p.start + len(p.data)] == p.data for p in cut)
    assert sum(piece.triples for piece in cut) == sum(
        len(triples_of(line)) for line in lines if triples_of(line)
    )
    # the pieces add up to the file, but for lines with no triple after the last one
    joined = b"".join(piece.data for piece in cut)
    assert data.startswith(joined) and not triples_of(data[len(joined) :])
    assert [piece.first for piece in cut] == [size * n for n in range(len(cut))]
    for piece in cut:
        assert len([q for q in ox.parse(piece.data, format=ox.RdfFormat.N_TRIPLES)]) == (
            piece.triples
        )


def test_a_file_with_cr_only_line_ends_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(1, 5).replace(b"\n", b"\r"))
    cut = list(pieces(path, 2))
    assert [piece.triples for piece in cut] == [2, 2, 1]
    assert b"".join(piece.data for piece in cut) == path.read_bytes()
    assert all(triples_of(piece.data) for piece in cut)


def test_a_last_line_without_a_line_end_is_sent(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(1, 3) + b'<http://example.org/z> <http://example.org/p> "z" .')
    cut = list(pieces(path, 2))
    assert [piece.triples for piece in cut] == [2, 2]
    assert cut[-1].data.endswith(b'"z" .')


# Loading in pieces ---------------------------------------------------------------------


def test_a_big_graph_is_emptied_then_posted_piece_by_piece(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(5, 5))  # 25 triples
    told: list[tuple[int, int]] = []
    with fake_store() as server:
        result = load.load_file(
            client_for(server.url, policy=PATIENT),
            GRAPH,
            path,
            piece_triples=10,
            progress=lambda *done: told.append(done),
        )
        stored = [r.method for r in server.requests if r.path == "/store"]
    assert (result.triples, result.pieces, result.attempts) == (25, 3, 1)
    assert stored == ["PUT", "POST", "POST", "POST"]
    put = next(r for r in server.requests if r.method == "PUT")
    assert put.body == b""  # the graph emptied: a PUT of no triples
    bodies = posted(server)
    assert [len(triples_of(body)) for body in bodies] == [10, 10, 5]
    assert b"".join(bodies) == path.read_bytes()
    size = path.stat().st_size
    assert told[-1] == (size, size)
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    assert {total for _, total in told} == {size}


def test_a_graph_that_fits_in_a_piece_is_one_put(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(5, 2))
    with fake_store() as server:
        result = load.load_file(
            client_for(server.url, policy=PATIENT), GRAPH, path, piece_triples=10
        )
    assert result.pieces == 1
    assert [(r.method, r.body) for r in server.requests if r.path == "/store"] == [
        ("PUT", path.read_bytes())
    ]


def test_the_project_graph_is_one_put() -> None:
    """Our own graph (8,400 triples) stays below a piece: one PUT, replaced atomically."""
    triples = len(triples_of((ROOT / "output" / "svg-rdf.nt").read_bytes()))
    assert triples < load.PIECE_TRIPLES


def test_oxigraph_pieces_use_its_bulk_loader(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(2, 3))
    with fake_store() as server:
        client = gsp.Client(endpoint_for("oxigraph", server.url), policy=PATIENT)
        load.load_file(client, GRAPH, path, piece_triples=4)
    graph = "graph=http%3A%2F%2Fexample.org%2Fg%23a%26b%3Dc"
    targets = [(r.method, r.target) for r in server.requests if r.path == "/store"]
    assert targets == [
        ("PUT", f"/store?{graph}"),  # emptying the graph stays one transaction
        ("POST", f"/store?{graph}&no_transaction"),
        ("POST", f"/store?{graph}&no_transaction"),
    ]


def test_blank_nodes_are_refused_before_any_piece_is_sent(tmp_path: Path) -> None:
    """`_:b1` in two POSTs is two nodes (labels are scoped to a document; Oxigraph and
    Virtuoso both count 2): such a graph could neither be cut nor verified."""
    lines = subjects_with(1, 20).splitlines(keepends=True)
    lines[1] = b'_:b1 <http://example.org/p> "first piece" .\n'
    lines[15] = b'_:b1 <http://example.org/p> "second piece" .\n'
    path = tmp_path / "graph.nt"
    path.write_bytes(b"".join(lines))
    with fake_store() as server, pytest.raises(ParseError) as caught:
        load.load_file(client_for(server.url, policy=PATIENT), GRAPH, path, piece_triples=10)
    assert "blank node" in str(caught.value) and "nothing was sent" in str(caught.value)
    assert server.requests == []


# Failures ------------------------------------------------------------------------------


def test_one_refused_piece_is_retried_alone(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(5, 5))
    sleeps: list[float] = []
    policy = gsp.Policy(Timeouts(connect=2.0, request=5.0), retries=2, backoff=0.5)
    with fake_store(faults={2: 503}) as server:
        result = load.load_file(
            client_for(server.url, policy=policy, sleeps=sleeps), GRAPH, path, piece_triples=10
        )
    bodies = posted(server)
    assert (result.triples, result.pieces, result.attempts) == (25, 3, 2)
    assert len(bodies) == 4 and bodies[1] == bodies[2]  # piece 2 twice, no other again
    assert sleeps == [0.5]


def test_a_piece_stored_but_unanswered_is_sent_again_harmlessly(tmp_path: Path) -> None:
    """The answer lost after the store took the piece: the retry adds the same triples to
    a set, so the graph still holds exactly the file."""
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(5, 5))
    policy = gsp.Policy(Timeouts(connect=2.0, request=5.0), retries=1, backoff=0.0)
    with fake_store(faults={2: "stored-reset"}) as server:
        result = load.load_file(
            client_for(server.url, policy=policy), GRAPH, path, piece_triples=10
        )
    assert (result.triples, result.attempts) == (25, 2)
    assert len(posted(server)) == 4


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (400, "POST of graph <http://example.org/g#a&b=c> failed: HTTP 400"),
        ("reset", "POST of graph <http://example.org/g#a&b=c> failed: the server closed"),
    ],
)
def test_a_piece_failing_midway_says_the_graph_is_partial(
    tmp_path: Path, fault: int | str, said: str
) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(subjects_with(5, 5))
    with fake_store(faults={2: fault}) as server, pytest.raises(EndpointError) as caught:
        load.load_file(client_for(server.url, policy=PATIENT), GRAPH, path, piece_triples=10)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(f"{server.url}/store: {said}")
    assert (
        f"graph <{GRAPH}> is partial: it was emptied, then 10 of the 25 triples were stored "
        "(1 pieces of at most 10) before piece 2 (triples 11 to 20) failed"
    ) in text
    assert text.endswith("rerun svg-rdf load: it empties the graph and sends every piece again")
    assert len(posted(server)) == 2  # nothing sent after the failed piece
    assert [r.path for r in server.requests].count("/query") == 0  # and no verdict


def test_cli_a_partial_load_exits_3_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "PIECE_TRIPLES", 1000)
    path = ROOT / "output" / "svg-rdf.nt"
    with fake_store(faults={3: 500}) as server:
        code, out, err = run_load_file(server.url, path)
    assert (code, out) == (3, "")
    assert err.count("\n") == 1 and "is partial: it was emptied, then 2000 of the " in err
    assert "before piece 3 (triples 2001 to 3000) failed" in err


def test_cli_says_how_many_pieces_it_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "PIECE_TRIPLES", 1000)
    path = ROOT / "output" / "svg-rdf.nt"
    triples = len(triples_of(path.read_bytes()))
    with fake_store() as server:
        code, out, err = run_load_file(server.url, path)
    assert (code, err) == (0, "")
    assert f" in {-(-triples // 1000)} pieces (one POST each)\n" in out
    assert f"the graph holds exactly the {triples} triples sent" in out
