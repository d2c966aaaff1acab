"""Load: PUT a graph's N-Triples into a store, then verify the store holds exactly them.

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
from svg_rdf.endpoint.gsp import Client, NoAnswerError, put_graph
from svg_rdf.endpoint.servers import Endpoint
from svg_rdf.endpoint.transport import Body, Progress
from svg_rdf.endpoint.verify import holdings, verify_graph
from svg_rdf.errors import EndpointError


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


def load_graph(
    client: Client,
    graph: str,
    data: bytes,
    *,
    expected: Collection[ox.Triple] | None = None,
    progress: Progress | None = None,
    verify_progress: Progress | None = None,
) -> LoadResult:
    """PUT the N-Triples `data` into `graph`, then verify the endpoint holds exactly it.

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
    return _load(client, graph, data, len(data), InMemory(expected), progress, verify_progress)


def load_file(
    client: Client,
    graph: str,
    path: Path,
    *,
    progress: Progress | None = None,
    verify_progress: Progress | None = None,
) -> LoadResult:
    """PUT the N-Triples file `path` into `graph`, then verify the endpoint holds exactly
    its triples, in memory bounded whatever the file's size.

    The file is parsed strictly before anything is sent. Raises ParseError (path:line:col;
    nothing sent) for invalid N-Triples or a blank node; SvgRdfError for a file that cannot
    be read or held; EndpointError when the load or its verification fails.
    """
    with expected_file(path) as expected:
        size = path.stat().st_size
        return _load(client, graph, path, size, expected, progress, verify_progress)


def _load(
    client: Client,
    graph: str,
    body: Body,
    size: int,
    expected: Expected,
    progress: Progress | None,
    verify_progress: Progress | None,
) -> LoadResult:
    start = time.perf_counter()
    try:
        attempts = put_graph(client, graph, body, progress=progress)
    except NoAnswerError as failure:
        # The server may have stored the whole body before the answer was lost: say what
        # the graph holds now instead of guessing.
        raise EndpointError(
            f"{failure.message}; {holdings(client, graph, expected)}",
            path=failure.path,
            fix=failure.fix,
        ) from None
    uploaded = time.perf_counter()
    verify_seconds = verify_graph(client, graph, expected, progress=verify_progress)
    return LoadResult(
        client.endpoint,
        graph,
        len(expected),
        size,
        attempts,
        uploaded - start,
        verify_seconds,
    )
