"""`svg_rdf.serve`: what `svg-rdf serve` does without blocking, the built graph (or an RDF
file) served read-only by Oxigraph on 127.0.0.1 with the Linked Data site in front, and
`Serving`, the running servers it returns. A graph that violates the shapes is refused
(ViolationError, nothing served); nothing is written but a temporary store.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.errors import EndpointError, SvgRdfError, ViolationError

if TYPE_CHECKING:
    from svg_rdf.endpoint.oxigraph import OxigraphServer
    from svg_rdf.export.writer import OutputFile
    from svg_rdf.project import Project
    from svg_rdf.site.server import SiteServer

QUERY_TIMEOUT = 60.0  # seconds one SPARQL query of `serve` may run
QUERY_MEMORY = 8192  # MiB of address space the SPARQL server of `serve` may use


class Serving:
    """A read-only Oxigraph server on 127.0.0.1 over one graph, and in front of it the
    Linked Data site when the graph was built (not read from a file). Started by `serve`;
    `stop()` (or leaving a `with` block) stops both and removes the temporary store."""

    def __init__(
        self,
        stack: contextlib.ExitStack,
        server: OxigraphServer,
        front: SiteServer,
        *,
        triples: int | None,
        data: Path | None,
    ) -> None:
        self._stack = stack
        self.server = server
        self.front = front  # what `url` answers: the site (if built), and the SPARQL guard
        self.site = front if data is None else None
        self.triples = triples  # how many triples were built, or None for a served file
        self.data = data  # the file served, or None for the built graph

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT: the front (Oxigraph itself is not reachable from outside
        the front: it listens on another port that only the front uses)."""
        return self.front.url

    @property
    def sparql_url(self) -> str:
        """The SPARQL query service (GET or POST, the SPARQL 1.1 Protocol)."""
        return f"{self.url}/query"

    def running(self) -> bool:
        """Whether the Oxigraph server is still running."""
        return self.server.running()

    def wait(self, timeout: float | None = None) -> int | None:
        """Block until the Oxigraph server exits by itself (or `timeout` seconds pass):
        its exit code, or None when it is still running (or was stopped)."""
        return self.server.wait(timeout)

    def last_message(self) -> str:
        """The last line the Oxigraph server logged (to explain an unexpected exit)."""
        return self.server.last_message()

    def ran_out_of_memory(self) -> bool:
        """Whether the Oxigraph server stopped because a query needed more memory than
        `query_memory` allows (then `restart()` serves again)."""
        return not self.server.running() and self.server.ran_out_of_memory()

    def restart(self) -> None:
        """Start the Oxigraph server again over the same store, on the same port (the
        front keeps answering; queries get 502 until it is up). Raises EndpointError when
        it does not start."""
        self.server.restart()

    def stop(self) -> None:
        """Stop the site and the server and remove the temporary store; safe to repeat."""
        self._stack.close()

    def __enter__(self) -> Serving:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.stop()


def serve(
    project: Project,
    *,
    port: int | None = None,
    data: str | os.PathLike[str] | None = None,
    base_iri: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
    query_timeout: float = QUERY_TIMEOUT,
    query_memory: int | None = QUERY_MEMORY,
) -> Serving:
    """What `svg-rdf serve` does, without blocking: build the graph in memory (nothing is
    written) or read the RDF file `data`, load it into a temporary store and start a
    read-only Oxigraph server on 127.0.0.1. For a built graph the Linked Data site answers
    in front (`url`/site/, and entity, source and dataset IRIs by content negotiation).

    Returns the running `Serving`: `url`, `sparql_url` (SPARQL 1.1 Protocol, read-only),
    `wait()` to block until the server exits by itself, `stop()` (or a `with` block) to
    stop everything and remove the store. `port` (default: a free one) is the port of
    `url`. The front answers Host 127.0.0.1:PORT and localhost:PORT, and the names in
    `allowed_hosts` ("name" or "name:port"); it refuses SERVICE and updates; a query
    runs at most `query_timeout` seconds, and the Oxigraph server may use at most
    `query_memory` MiB of address space (None: no limit): a query that needs more stops it,
    and `Serving.restart()` starts it again (the store is kept). Raises ViolationError
    (nothing served) when the graph violates the shapes; EndpointError when the port is
    taken, the `oxigraph` program is missing, or the server does not start; SvgRdfError
    for bad data files or a missing `data` file. On any failure, or Ctrl-C while
    starting, nothing is left running or on disk.
    """
    from svg_rdf.api.build import build
    from svg_rdf.endpoint.lifecycle import temporary_folder
    from svg_rdf.endpoint.oxigraph import (
        LOOPBACK,
        OxigraphServer,
        load_store,
        oxigraph_executable,
        port_is_free,
    )
    from svg_rdf.endpoint.process import BROWSER_BLOCKED_PORTS, browser_blocked_port
    from svg_rdf.site.server import SiteServer

    executable = oxigraph_executable()
    if port is not None and not port_is_free(port):
        raise EndpointError(
            f"port {port} on {LOOPBACK} is already in use",
            fix="stop what uses it, or choose another with --port",
        )
    served = None if data is None else Path(data)
    if served is not None and not served.is_file():
        raise SvgRdfError("file not found", path=served, fix="name an RDF file to serve")
    stack = contextlib.ExitStack()
    # From here on this call owns a folder and then servers: whatever interrupts it
    # (Ctrl-C included) must give them back.
    try:
        folder = stack.enter_context(temporary_folder())
        files: tuple[OutputFile, ...] = ()
        triples: int | None = None
        data_file = served
        if data_file is None:
            built = build(project, base_iri=base_iri, write=False)
            if not built.report.passes:
                raise ViolationError(built.report, "nothing to serve")
            graph = next(f for f in built.files if f.name.endswith(".nt") and "/" not in f.name)
            data_file = folder / graph.name
            data_file.write_bytes(graph.data)
            triples = len(graph.expected or ())
            files = tuple(built.files)
        # The front answers on `port` (the site, when built) and guards SPARQL to Oxigraph.
        # Oxigraph itself neither checks Host nor refuses SERVICE, so it listens on a port
        # every browser refuses to fetch from: no web page can reach it past the front.
        oxigraph_port = browser_blocked_port()
        if oxigraph_port is None:
            raise EndpointError(
                "every port browsers refuse to fetch from is taken on "
                f"{LOOPBACK} ({', '.join(map(str, BROWSER_BLOCKED_PORTS))}); the SPARQL "
                "server behind the front needs one",
                fix="stop another svg-rdf serve, or what else listens on those ports",
            )
        front = SiteServer(
            files,
            port=0 if port is None else port,
            sparql_port=oxigraph_port,
            allowed_hosts=allowed_hosts,
            query_timeout=query_timeout,
        )
        load_store(folder / "store", data_file, executable=executable)
        server = OxigraphServer(
            folder / "store",
            port=oxigraph_port,
            read_only=True,
            executable=executable,
            query_timeout=query_timeout,
            memory_limit=None if query_memory is None else query_memory << 20,
        )
        stack.callback(server.stop)
        server.start()
        stack.callback(front.stop)
        front.start()
    except BaseException:
        stack.close()
        raise
    return Serving(stack, server, front, triples=triples, data=served)
