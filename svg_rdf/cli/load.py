"""`svg-rdf load`: publish the built graph into a named graph of a SPARQL endpoint (GSP PUT)."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, base_iri_option, progress_bar, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from pathlib import Path

    from svg_rdf.endpoint.transport import Progress

SERVER_CHOICES = ["oxigraph", "fuseki", "virtuoso", "graphdb"]


@click.command(cls=Command)
@project_option
@click.option(
    "--server",
    type=click.Choice(SERVER_CHOICES),
    help="The kind of server at --url; it decides the service addresses.",
)
@click.option("--url", metavar="URL", help="The server's base URL, e.g. http://127.0.0.1:7878.")
@click.option(
    "--dataset",
    metavar="NAME",
    help="The Fuseki dataset or GraphDB repository (with --server fuseki or graphdb).",
)
@click.option(
    "--gsp-url",
    metavar="URL",
    help="Any other server: its Graph Store Protocol service (use with --query-url).",
)
@click.option(
    "--query-url",
    metavar="URL",
    help="Any other server: its SPARQL query service (use with --gsp-url).",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="The named graph to replace (default: the dataset IRI, <base IRI>dataset).",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for a connection.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=300.0,
    show_default=True,
    help="Seconds each request may take once connected: sending and the whole answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=3,
    show_default=True,
    help="Further attempts after a failure worth retrying (exponential backoff from 1 s).",
)
@click.option(
    "--file",
    "file",
    type=PathType(dir_okay=False),
    help="Load this N-Triples file instead of the built graph (checked with the shapes "
    "first; streamed, so its size is not bounded by memory).",
)
@base_iri_option
def load(
    project_dir: Path,
    server: str | None,
    url: str | None,
    dataset: str | None,
    gsp_url: str | None,
    query_url: str | None,
    graph_iri: str | None,
    connect_timeout: float,
    timeout: float,
    retries: int,
    base_iri: str | None,
    file: Path | None,
) -> None:
    """Load the built graph into a named graph of a SPARQL endpoint, replacing it.

    Builds and validates the graph in memory (nothing is sent unless it conforms), sends
    it with a Graph Store Protocol PUT (loading twice gives the same state; a graph of
    more than 50,000 triples empties the graph, then goes in pieces, one POST each),
    then checks with SPARQL that the endpoint holds exactly the triples sent. With --file, an
    N-Triples file of any size is checked with the shapes, then loaded the same way.
    Credentials come from SVG_RDF_USER and SVG_RDF_PASSWORD, or from a netrc file (NETRC
    or ~/.netrc).
    Exit codes: 0 loaded and verified, 1 the graph violates the shapes, 2 bad input,
    3 the endpoint failed.
    """
    import svg_rdf
    from svg_rdf.endpoint import servers

    with ExitStack() as bars:
        shown: dict[str, Progress | None] = {}

        def bar(label: str) -> Progress:
            def progress(done: int, total: int) -> None:
                if label not in shown:  # the size is known once the graph is compiled
                    bars.close()  # the bar before ends: one bar on the terminal at a time
                    shown[label] = bars.enter_context(progress_bar(total, label))
                update = shown[label]
                if update is not None:
                    update(done, total)

            return progress

        result = svg_rdf.load(
            svg_rdf.open_project(project_dir),
            server=server,
            url=url,
            dataset=dataset,
            gsp_url=gsp_url,
            query_url=query_url,
            graph=graph_iri,
            connect_timeout=connect_timeout,
            timeout=timeout,
            retries=retries,
            base_iri=base_iri,
            progress=bar("sending") if sys.stderr.isatty() else None,
            file=file,
            verify_progress=bar("verifying") if sys.stderr.isatty() else None,
            read_progress=bar("reading") if sys.stderr.isatty() else None,
        )
    endpoint = result.endpoint
    click.echo(
        f"loaded {result.triples} triples ({result.bytes} bytes) into graph <{result.graph}> "
        f"at {servers.display_url(endpoint.gsp_url)} in {result.upload_seconds:.2f} s"
        + (f" ({result.attempts} attempts)" if result.attempts > 1 else "")
        + (f" in {result.pieces} pieces (one POST each)" if result.pieces > 1 else "")
    )
    click.echo(
        f"verified at {servers.display_url(endpoint.query_url)}: the graph holds exactly "
        f"the {result.triples} triples sent ({result.verify_seconds:.2f} s)"
    )
