"""`svg_rdf.load`: what `svg-rdf load` does, the compiled graph published into a named
graph of a SPARQL store by a Graph Store Protocol PUT (a graph past 50,000 triples: the
graph emptied, then POSTs of pieces), then verified (svg_rdf.endpoint sends and
verifies). A graph that violates the shapes is refused (ViolationError, nothing
sent); only the compiled graph as N-Triples is rendered.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.errors import ArgumentError, ViolationError

if TYPE_CHECKING:
    from svg_rdf.endpoint import servers
    from svg_rdf.endpoint.load import LoadResult
    from svg_rdf.endpoint.transport import Progress
    from svg_rdf.export.writer import OutputFile
    from svg_rdf.project import Project
    from svg_rdf.settings import Settings


def conforming_ntriples(
    project: Project, base_iri: str | None, *, refusal: str, settings: Settings | None = None
) -> OutputFile:
    """The compiled graph as verified N-Triples (no report or QuickStatements plan is made);
    raises ViolationError (saying `refusal`) when the graph violates the shapes. `settings`
    are the project's, when the caller has read them."""
    from svg_rdf import outputs, pipeline

    compiled = pipeline.compile_project(project, settings, base_iri=base_iri)
    if not compiled.report.passes:
        raise ViolationError(compiled.report, refusal)
    return outputs.graph_file(compiled, "ntriples")


def endpoint_of(
    server: str | None,
    url: str | None,
    dataset: str | None,
    gsp_url: str | None,
    query_url: str | None,
) -> servers.Endpoint:
    """A known server kind at `url`, or any server's two service URLs. Raises
    ArgumentError (a ValueError) for another combination, ConfigurationError for an
    unknown kind or a bad URL."""
    from svg_rdf.endpoint import servers

    if server is not None:
        if url is None or gsp_url is not None or query_url is not None:
            raise ArgumentError(
                "server needs url, and no gsp_url or query_url",
                options="--server needs --url, and no --gsp-url or --query-url",
            )
        return servers.endpoint_for(server, url, dataset=dataset)
    if gsp_url is None or query_url is None or url is not None or dataset is not None:
        raise ArgumentError(
            "give server and url (and dataset), or gsp_url and query_url",
            options="give --server KIND --url URL [--dataset NAME], or --gsp-url and --query-url",
        )
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
    read_progress: Progress | None = None,
) -> LoadResult:
    """What `svg-rdf load` does: compile the graph, refuse it when it violates the shapes,
    replace the named graph `graph` (default: the dataset IRI) with it by a Graph Store
    Protocol PUT (past svg_rdf.endpoint.load.PIECE_TRIPLES triples: a PUT of nothing,
    then a POST a piece), then verify with SPARQL that the store holds exactly the
    triples sent.

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
    them), then streamed, in memory bounded whatever its size (svg_rdf.endpoint.load);
    `read_progress(read, size)` is told the bytes parsed before anything is sent.

    Returns what was loaded and verified. Raises ArgumentError (a ValueError) for another
    combination of server, url, dataset, gsp_url and query_url, ValueError for a user
    without a password;
    ConfigurationError for an unknown server kind, a bad URL or graph IRI; ViolationError
    (nothing sent) when the graph violates the shapes; EndpointError when the graph has a
    blank node (nothing sent: a store renames them, so the load could not be verified), or
    the store fails, refuses, or does not hold exactly the graph afterwards (saying what it
    holds, or that the graph is partial when a piece failed); ParseError for a `file`
    that is not valid N-Triples; SvgRdfError for bad data files.
    """
    from svg_rdf.endpoint import gsp, servers
    from svg_rdf.endpoint.credentials import Credentials, find_credentials
    from svg_rdf.endpoint.load import load_file, load_graph
    from svg_rdf.endpoint.transport import Timeouts
    from svg_rdf.graph.vocab import OurNamespaces
    from svg_rdf.settings import load_settings

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
        from svg_rdf.api.check import check

        path = Path(file)
        checked = check([path], project=project, input_format="ntriples")
        if checked.fails():
            raise ViolationError(checked.report, "nothing was sent", f"run svg-rdf check {path}")
        return load_file(
            client,
            graph,
            path,
            progress=progress,
            verify_progress=verify_progress,
            read_progress=read_progress,
        )
    nt = conforming_ntriples(project, base_iri, refusal="nothing was sent", settings=settings)
    return load_graph(
        client,
        graph,
        nt.data,
        expected=nt.expected,
        progress=progress,
        verify_progress=verify_progress,
    )
