"""Load: send a graph's N-Triples to a store, then verify the store holds exactly them.

A graph of at most `PIECE_TRIPLES` triples (the project's own, 8,400 of them) is sent as
one Graph Store Protocol PUT: it replaces the graph in one transaction, so a failure leaves
the graph as it was. A bigger one is sent in pieces (pieces.py): the graph is emptied by
a PUT of no triples, then each piece is added by a POST (retried on its own; sending a
piece twice is harmless, a graph being a set), so neither the store nor svg-rdf holds more
than a piece at a time. A failure after the first piece leaves the graph partial, and the
error says so with how many triples were sent. Either way the verification afterwards is
exact, and a load is reported only when it passed.

`load_graph` sends bytes already in memory (the project's graph); `load_file` streams an
N-Triples file of any size: parsed strictly first (nothing is sent when it is invalid),
its triples held once (on disk past expected.IN_MEMORY_BYTES), its bytes read from the
file as they are sent.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.endpoint.expected import Expected, InMemory, expected_file, unverifiable
from svg_rdf.endpoint.gsp import Client, NoAnswerError, graph_label, post_graph, put_graph
from svg_rdf.endpoint.pieces import pieces
from svg_rdf.endpoint.servers import Endpoint
from svg_rdf.endpoint.transport import Body, Progress
from svg_rdf.endpoint.verify import holdings, verify_graph
from svg_rdf.errors import EndpointError

PIECE_TRIPLES = 50_000
"""Triples a POST carries at most, and the size up to which a graph goes in one PUT.
Measured at 1M triples with pieces of 10,000 to 250,000 (docs/stores.md): the times
differ less than the machine's noise on both stores; at 250,000 the loading process
needs 236 MiB against 178, and Virtuoso, which left single PUTs of 200,000 unanswered,
holds each transaction shortest at the smaller sizes. 50,000 was the fastest on Virtuoso
over two sweeps in opposite orders (28 s for 1M, against 30 to 35 s)."""


@dataclass(frozen=True)
class LoadResult:
    """What a verified load did: the endpoint and named graph, the triples and bytes sent,
    the attempts it took, and the seconds spent uploading and verifying."""

    endpoint: Endpoint
    graph: str
    triples: int
    bytes: int
    attempts: int
    upload_seconds: float
    verify_seconds: float
    pieces: int = 1


def load_graph(
    client: Client,
    graph: str,
    data: bytes,
    *,
    expected: Collection[ox.Triple] | None = None,
    progress: Progress | None = None,
    verify_progress: Progress | None = None,
    piece_triples: int | None = None,
) -> LoadResult:
    """Replace `graph` with the N-Triples `data` (one PUT up to `piece_triples` triples,
    else pieces of that many; default PIECE_TRIPLES), then verify the endpoint holds
    exactly it.

    `expected` is the set of triples `data` holds (parsed from `data` when not given).
    `progress(bytes sent, bytes)` and `verify_progress(triples verified, triples)` are told
    as the upload and the verification go. Raises EndpointError when the data has a blank
    node (nothing is sent: a store renames blank nodes, so the load could not be
    verified), or the load or its verification fails.
    """
    if expected is None:
        expected = {quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    blank = unverifiable(expected)
    if blank is not None:
        raise client.error(
            client.endpoint.gsp_url,
            f"cannot verify {blank} once loaded: a store renames blank nodes; nothing was sent",
            "give every node an IRI",
        )
    sending = _Sending(client, graph, data, len(data), piece_triples, progress)
    return _load(sending, InMemory(expected), verify_progress)


def load_file(
    client: Client,
    graph: str,
    path: Path,
    *,
    progress: Progress | None = None,
    verify_progress: Progress | None = None,
    piece_triples: int | None = None,
    read_progress: Progress | None = None,
) -> LoadResult:
    """Replace `graph` with the N-Triples file `path` (one PUT up to `piece_triples`
    triples, else pieces of that many; default PIECE_TRIPLES), then verify the endpoint
    holds exactly its triples, in memory bounded whatever the file's size.
    `read_progress(bytes read, size)` is told as the file is parsed, before anything is
    sent.

    The file is parsed strictly before anything is sent. Raises ParseError (path:line:col;
    nothing sent) for invalid N-Triples or a blank node; SvgRdfError for a file that cannot
    be read or held; EndpointError when the load or its verification fails.
    """
    with expected_file(path, progress=read_progress) as expected:
        sending = _Sending(client, graph, path, path.stat().st_size, piece_triples, progress)
        return _load(sending, expected, verify_progress)


@dataclass(frozen=True)
class _Sending:
    client: Client
    graph: str
    body: Body
    size: int
    piece_triples: int | None
    progress: Progress | None

    @property
    def piece(self) -> int:
        return PIECE_TRIPLES if self.piece_triples is None else self.piece_triples


def _load(sending: _Sending, expected: Expected, verify_progress: Progress | None) -> LoadResult:
    client, graph = sending.client, sending.graph
    start = time.perf_counter()
    if len(expected) <= sending.piece:
        attempts, count = _put(sending, expected), 1
    else:
        attempts, count = _send_pieces(sending, len(expected))
    uploaded = time.perf_counter()
    verify_seconds = verify_graph(client, graph, expected, progress=verify_progress)
    return LoadResult(
        client.endpoint,
        graph,
        len(expected),
        sending.size,
        attempts,
        uploaded - start,
        verify_seconds,
        count,
    )


def _put(sending: _Sending, expected: Expected) -> int:
    client, graph = sending.client, sending.graph
    try:
        return put_graph(client, graph, sending.body, progress=sending.progress)
    except NoAnswerError as failure:
        # The server may have stored the whole body before the answer was lost: say what
        # the graph holds now instead of guessing.
        raise EndpointError(
            f"{failure.message}; {holdings(client, graph, expected)}",
            path=failure.path,
            fix=failure.fix,
        ) from None


def _send_pieces(sending: _Sending, total: int) -> tuple[int, int]:
    """Empty the graph, then POST it piece by piece; the most attempts one request took,
    and the number of pieces. Raises EndpointError saying the graph is partial."""
    client, graph, progress = sending.client, sending.graph, sending.progress
    attempts = put_graph(client, graph, b"")
    sent = count = 0
    for piece in pieces(sending.body, sending.piece):

        def told(done: int, _: int, at: int = piece.start) -> None:
            if progress is not None:
                progress(at + done, sending.size)

        try:
            attempts = max(attempts, post_graph(client, graph, piece.data, progress=told))
        except EndpointError as failure:
            raise EndpointError(
                f"{failure.message}; {graph_label(graph)} is partial: it was emptied, then "
                f"{sent} of the {total} triples were stored ({count} pieces of at most "
                f"{sending.piece}) before piece {count + 1} (triples "
                f"{piece.first + 1} to {piece.first + piece.triples}) failed",
                path=failure.path,
                fix=f"{failure.fix}; rerun svg-rdf load: it empties the graph and sends "
                "every piece again",
            ) from None
        sent += piece.triples
        count += 1
    if progress is not None:
        progress(sending.size, sending.size)
    return attempts, count
