"""`svg-rdf serve`: a local read-only SPARQL endpoint over the built graph (Oxigraph server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, base_iri_option, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from pathlib import Path


@click.command(cls=Command)
@project_option
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=7878,
    show_default=True,
    help="The port on 127.0.0.1 to serve at.",
)
@click.option(
    "--data",
    "data_file",
    type=PathType(exists=True, dir_okay=False),
    help="Serve this RDF file (e.g. output/svg-rdf.nt) instead of building the graph.",
)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Answer this Host name too (a proxy's name); by default only 127.0.0.1:PORT and "
    "localhost:PORT are answered, against DNS rebinding. Repeatable.",
)
@click.option(
    "--query-timeout",
    type=click.IntRange(1, 3600),  # Oxigraph's --timeout-s takes whole seconds
    default=60,
    show_default=True,
    help="Seconds one SPARQL query may run.",
)
@click.option(
    "--query-memory",
    type=click.IntRange(256, 1 << 20),
    default=8192,
    show_default=True,
    help="MiB of memory the SPARQL server may use; a query needing more stops it, and it "
    "is restarted.",
)
@base_iri_option
def serve(
    project_dir: Path,
    port: int,
    data_file: Path | None,
    allowed_hosts: tuple[str, ...],
    query_timeout: int,
    query_memory: int,
    base_iri: str | None,
) -> int | None:
    """Serve the built graph read-only at http://127.0.0.1:PORT/ until Ctrl-C.

    Stopped by a signal, it exits as shells report one: 130 after Ctrl-C (SIGINT), 143
    after SIGTERM, 129 after SIGHUP.

    Starts the Oxigraph server (from the `oxigraph` package) over a temporary store holding
    the graph in its default graph. Open the URL for Oxigraph's query page, or send SPARQL
    to URL/query. Unless --data is given, the Linked Data site is served too (URL/site/),
    and the IRIs URL/entity/SLUG, URL/source/STEM and URL/dataset answer 303 See Other to
    their HTML, Turtle, N-Triples or JSON-LD document by content negotiation. Only
    127.0.0.1 is served; nothing can be written; SERVICE (federated) queries are refused,
    so the server sends no request anywhere.
    """
    import svg_rdf
    from svg_rdf.endpoint.lifecycle import Stopped, stop_signals
    from svg_rdf.errors import EndpointError

    project = svg_rdf.open_project(project_dir)
    # From the start the command owns a folder and then servers: a signal must stop both.
    with stop_signals():
        try:
            with svg_rdf.serve(
                project,
                port=port,
                data=data_file,
                base_iri=base_iri,
                allowed_hosts=allowed_hosts,
                query_timeout=query_timeout,
                query_memory=query_memory,
            ) as serving:
                what = f"{serving.triples} triples" if serving.data is None else str(data_file)
                click.echo(f"serving {what} read-only at {serving.url}/")
                click.echo(f"SPARQL endpoint: {serving.sparql_url}; press Ctrl-C to stop")
                if serving.site is not None:
                    click.echo(
                        f"Linked Data: {serving.url}/site/index.html; IRIs under "
                        f"{serving.url}/entity/ answer by content negotiation"
                    )
                code = serving.wait()
                while serving.ran_out_of_memory():
                    click.echo(
                        f"a query needed more than {query_memory} MiB (--query-memory) and "
                        "stopped the SPARQL server; it was started again",
                        err=True,
                    )
                    serving.restart()
                    code = serving.wait()
                raise EndpointError(
                    f"the Oxigraph server stopped by itself (exit {code}): "
                    f"{serving.last_message() or 'no message'}",
                    path=serving.server.url,
                    fix="rerun svg-rdf serve",
                )
        except Stopped as stop:
            click.echo("stopped")
            return stop.code  # as a shell reports the signal
    click.echo("stopped")
    return None
