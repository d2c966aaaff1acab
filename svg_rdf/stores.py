"""Stores: the compiled graph published into a SPARQL store (`load`) or served read-only
(`serve`); what those commands do, public as svg_rdf.load and svg_rdf.serve.

Both refuse a graph that violates the shapes (ViolationError, nothing sent or served).
`load` needs only the compiled graph as N-Triples; `serve` builds every file of output/
in memory for the Linked Data site, writing nothing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from svg_rdf import checking, pipeline
from svg_rdf.endpoint import gsp, servers
from svg_rdf.endpoint.credentials import Credentials, find_credentials
from svg_rdf.endpoint.lifecycle import temporary_folder
from svg_rdf.endpoint.load import LoadResult, load_file, load_graph
from svg_rdf.endpoint.oxigraph import (
    LOOPBACK,
    OxigraphServer,
    load_store,
    oxigraph_executable,
    port_is_free,
)
from svg_rdf.endpoint.process import BROWSER_BLOCKED_PORTS, browser_blocked_port
from svg_rdf.endpoint.transport import Progress, Timeouts
from svg_rdf.errors import EndpointError, SvgRdfError, ViolationError
from svg_rdf.export.writer import OutputFile
from svg_rdf.graph.vocab import OurNamespaces
from svg_rdf.project import Project
from svg_rdf.settings import Settings, load_settings
from svg_rdf.site.server import SiteServer

QUERY_TIMEOUT = 60.0  # seconds one SPARQL query of `serve` may run
QUERY_MEMORY = 8192  # MiB of address space the SPARQL server of `serve` may use


def conforming_ntriples(
    project: Project, base_iri: str | None, *, refusal: str, settings: Settings | None = None
) -> OutputFile:
    """The compiled graph as verified N-Triples (no report or QuickStatements plan is made);
    raises ViolationError (saying `refusal`) when the graph violates the shapes. `settings`
    are the project's, when the caller has read them."""
    compiled = pipeline.compile_project(project, settings, base_iri=base_iri)
    if not compiled.report.passes:
        raise ViolationError(compiled.report, refusal)
    return pipeline.graph_file(compiled, "ntriples")


def endpoint_of(
    server: str | None,
    url: str | None,
    dataset: str | None,
    gsp_url: str | None,
    query_url: str | None,
) -> servers.Endpoint:
    """A known server kind at `url`, or any server's two service URLs. Raises ValueError
    for another combination, ConfigurationError for an unknown kind or a bad URL."""
    if server is not None:
        if url is None or gsp_url is not None or query_url is not None:
            raise ValueError("server needs url, and no gsp_url or query_url")
        return servers.endpoint_for(server, url, dataset=dataset)
    if gsp_url is None or query_url is None or url is not None or dataset is not None:
        raise ValueError("give server and url (and dataset), or gsp_url and query_url")
    return servers.custom_endpoint(gsp_url, query_url)


def load(
    project: Project,
    *,
    server: str | None = None,
    url: str | None = None,
    dataset: str | None = None,
    gsp_url: str | None = None,
    query_url: str | None = None,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    connect_timeout: float = 10.0,
    timeout: float = 300.0,
    retries: int = 3,
    base_iri: str | None = None,
    progress: Progress | None = None,
    file: str | os.PathLike[str] | None = None,
    verify_progress: Progress | None = None,
) -> LoadResult:
    """What `svg-rdf load` does: compile the graph, refuse it when it violates the shapes,
    replace the named graph `graph` (default: the dataset IRI) with it by a Graph Store
    Protocol PUT, then verify with SPARQL that the store holds exactly the triples sent.

    The store is `server` ("oxigraph", "fuseki", "virtuoso", "graphdb") at `url` (with
    `dataset`, the Fuseki dataset or GraphDB repository), or any server's `gsp_url` and
    `query_url`. Credentials are `user` and `password`, else SVG_RDF_USER and
    SVG_RDF_PASSWORD or a netrc file (NETRC or ~/.netrc), never a URL's; they go only to
    the store's own host and port, and no message shows the password. `timeout` bounds
    each whole request, `retries` counts further attempts after a failure worth retrying;
    `progress(sent, total)` is told the bytes sent, `verify_progress(done, total)` the
    triples verified. Loading twice gives the same state.

    With `file`, an N-Triples file is loaded instead of the compiled graph: checked with
    the project's shapes first (as `svg-rdf check FILE`; nothing sent when it violates
    them), then streamed, in memory bounded whatever its size (svg_rdf.endpoint.load).

    Returns what was loaded and verified. Raises ValueError for another combination of
    server, url, dataset, gsp_url and query_url, or a user without a password;
    ConfigurationError for an unknown server kind, a bad URL or graph IRI; ViolationError
    (nothing sent) when the graph violates the shapes; EndpointError when the graph has a
    blank node (nothing sent: a store renames them, so the load could not be verified), or
    the store fails, refuses, or does not hold exactly the graph afterwards (saying what it
    holds); ParseError for a `file` that is not valid N-Triples; SvgRdfError for bad data
    files.
    """
    endpoint = endpoint_of(server, url, dataset, gsp_url, query_url)
    settings = None
    if graph is None:
        settings = load_settings(project)  # read once: the compile below takes them
        graph = str(OurNamespaces.of(settings.with_base(base_iri)).dataset)
    graph = servers.check_graph_iri(graph)
    if (user is None) != (password is None):
        raise ValueError("give both user and password, or neither")
    credentials = (
        find_credentials(endpoint.gsp_url)
        if user is None or password is None
        else Credentials(user, password, "the user and password arguments")
    )
    client = gsp.Client(
        endpoint,
        credentials=credentials,
        policy=gsp.Policy(Timeouts(connect_timeout, timeout), retries),
    )
    if file is not None:
        path = Path(file)
        checked = checking.check([path], project, input_format="ntriples")
        if checked.fails():
            raise ViolationError(checked.report, "nothing was sent", f"run svg-rdf check {path}")
        return load_file(client, graph, path, progress=progress, verify_progress=verify_progress)
    nt = conforming_ntriples(project, base_iri, refusal="nothing was sent", settings=settings)
    return load_graph(
        client,
        graph,
        nt.data,
        expected=nt.expected,
        progress=progress,
        verify_progress=verify_progress,
    )


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
            built = pipeline.build(project, base_iri=base_iri, write=False)
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
