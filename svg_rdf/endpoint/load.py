"""Load: PUT a graph's N-Triples into a store, then verify the store holds exactly them."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

import pyoxigraph as ox

from svg_rdf.endpoint.gsp import Client, NoAnswerError, put_graph
from svg_rdf.endpoint.servers import Endpoint
from svg_rdf.endpoint.transport import Progress
from svg_rdf.endpoint.verify import holdings, unverifiable, verify_graph
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
) -> LoadResult:
    """PUT the N-Triples `data` into `graph`, then verify the endpoint holds exactly it.

    `expected` is the set of triples `data` holds (parsed from `data` when not given).
    Raises EndpointError when the data has a blank node (nothing is sent: a store renames
    blank nodes, so the load could not be verified), or the load or its verification fails.
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
    start = time.perf_counter()
    try:
        attempts = put_graph(client, graph, data, progress=progress)
    except NoAnswerError as failure:
        # The server may have stored the whole body before the answer was lost: say what
        # the graph holds now instead of guessing.
        raise EndpointError(
            f"{failure.message}; {holdings(client, graph, expected)}",
            path=failure.path,
            fix=failure.fix,
        ) from None
    uploaded = time.perf_counter()
    verify_seconds = verify_graph(client, graph, expected)
    return LoadResult(
        client.endpoint,
        graph,
        len(expected),
        len(data),
        attempts,
        uploaded - start,
        verify_seconds,
    )
