"""A big file (200,000 triples) loaded into a real Oxigraph server and a real Virtuoso 7
the way a 10M-triple one is: the expected triples held in a store on disk, the graph
emptied and sent in pieces (load.PIECE_TRIPLES triples, one POST each), the verification exact
(Virtuoso with its packaged cap of 10,000 rows an answer), and a changed triple named.
Skipped where Virtuoso is missing, failed when CI=true.

Virtuoso 7.2.5 as packaged left a single 200,000-triple PUT unanswered here in 2 of 2
runs (its log: "Monitor: Locks are held for a long time"), so this test loaded only
40,000 into it until loads went in pieces (docs/stores.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svg_rdf.endpoint import expected as expected_module
from svg_rdf.endpoint import gsp, verify
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.expected import OnDisk, expected_file
from svg_rdf.endpoint.load import PIECE_TRIPLES, load_file
from svg_rdf.endpoint.oxigraph import OxigraphServer
from svg_rdf.endpoint.servers import endpoint_for
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.endpoint.virtuoso import DBA, VirtuosoServer
from svg_rdf.errors import EndpointError
from tests.loopback import LoopbackServer, proxy
from tests.stores import oxigraph_server, virtuoso

__all__ = ["oxigraph_server", "virtuoso"]  # the fixtures, imported for pytest

TRIPLES = 200_000
POLICY = gsp.Policy(Timeouts(connect=5.0, request=600.0), retries=0, backoff=0.0)


def client(kind: str, url: str) -> gsp.Client:
    credentials = Credentials(*DBA, "test") if kind == "virtuoso" else None
    return gsp.Client(endpoint_for(kind, url), credentials=credentials, policy=POLICY)


def big_file(folder: Path, triples: int) -> Path:
    """`triples` triples, 5 a subject, the subjects interleaved (not in order)."""
    path = folder / "big.nt"
    with path.open("w", encoding="utf-8") as stream:
        for p in range(5):
            stream.writelines(f'<urn:s:{s}> <urn:p:{p}> "{s}.{p}" .\n' for s in range(triples // 5))
    return path


def load_and_change(kind: str, url: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expected_module, "IN_MEMORY_BYTES", 1024)  # on disk, as at 10M
    path = big_file(folder, TRIPLES)
    graph = f"urn:svg-rdf:test:big-{kind}"
    told: list[tuple[int, int]] = []
    result = load_file(
        client(kind, url), graph, path, verify_progress=lambda *done: told.append(done)
    )
    assert (result.triples, result.bytes) == (TRIPLES, path.stat().st_size)
    assert result.pieces == TRIPLES // PIECE_TRIPLES
    assert told[-1] == (TRIPLES, TRIPLES)
    assert verify.count_triples(client(kind, url), graph) == TRIPLES

    changed = path.with_name(f"changed-{kind}.nt")
    changed.write_bytes(path.read_bytes().replace(b'"7234.3"', b'"7234.3 changed"'))
    assert load_file(client(kind, url), graph, changed).pieces > 1  # the graph replaced
    with expected_file(path) as expected, pytest.raises(EndpointError) as caught:
        assert isinstance(expected, OnDisk)
        verify.verify_graph(client(kind, url), graph, expected)
    message = str(caught.value)
    assert f"graph <{graph}> differs from what was sent" in message
    assert '1 triples missing (e.g. <urn:s:7234> <urn:p:3> "7234.3")' in message
    assert '1 unexpected (e.g. <urn:s:7234> <urn:p:3> "7234.3 changed")' in message


def test_oxigraph_loads_a_big_file_exactly(
    oxigraph_server: OxigraphServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_and_change("oxigraph", oxigraph_server.url, tmp_path, monkeypatch)


def test_virtuoso_loads_a_big_file_exactly_past_its_cap(
    virtuoso: VirtuosoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 times the 10,000 rows Virtuoso as packaged puts in one answer."""
    load_and_change("virtuoso", virtuoso.url, tmp_path, monkeypatch)


def test_oxigraph_a_piece_cut_off_leaves_a_partial_graph_a_rerun_completes(
    oxigraph_server: OxigraphServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection to the real server cut 1 MB (some 28,000 triples) into the second
    piece: the error says the graph is partial and the store holds the first piece (and,
    with Oxigraph's bulk loader, maybe part of the second); a rerun replaces it whole."""
    monkeypatch.setattr(expected_module, "IN_MEMORY_BYTES", 1024)
    path = big_file(tmp_path, TRIPLES)
    graph = "urn:svg-rdf:test:big-cut"
    cutting = proxy(
        oxigraph_server.url, cut_first=1, cut_after_bytes=1_000_000, cut_method="POST", cut_skip=1
    )
    with LoopbackServer(cutting) as cut, pytest.raises(EndpointError) as caught:
        load_file(client("oxigraph", cut.url), graph, path)
    text = str(caught.value)
    assert "\n" not in text and f"POST of graph <{graph}> failed" in text
    piece = PIECE_TRIPLES
    assert (
        f"graph <{graph}> is partial: it was emptied, then {piece} of the {TRIPLES} triples "
        f"were stored (1 pieces of at most {piece}) before piece 2 (triples {piece + 1} to "
        f"{2 * piece}) failed"
    ) in text
    held = verify.count_triples(client("oxigraph", oxigraph_server.url), graph)
    assert piece <= held < 2 * piece
    result = load_file(client("oxigraph", oxigraph_server.url), graph, path)
    assert (result.triples, result.pieces) == (TRIPLES, TRIPLES // piece)
