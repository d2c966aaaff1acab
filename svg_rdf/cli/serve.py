"""`svg-rdf serve`: a local read-only SPARQL endpoint over the built graph (Oxigraph server)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import base_iri_option, handle_errors, project_option
from svg_rdf.cli.published import conforming_build
from svg_rdf.endpoint.lifecycle import stop_signals, temporary_folder

if TYPE_CHECKING:
    from svg_rdf.project import Project


@click.command()
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
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Serve this RDF file (e.g. output/svg-rdf.nt) instead of building the graph.",
)
@base_iri_option
@handle_errors
def serve(project_dir: Path, port: int, data_file: Path | None, base_iri: str | None) -> None:
    """Serve the built graph read-only at http://127.0.0.1:PORT/ until Ctrl-C.

    Starts the Oxigraph server (from the `oxigraph` package) over a temporary store holding
    the graph in its default graph. Open the URL for Oxigraph's query page, or send SPARQL
    to URL/query. Unless --data is given, the Linked Data site is served too (URL/site/),
    and the IRIs URL/entity/SLUG, URL/source/STEM and URL/dataset answer 303 See Other to
    their HTML, Turtle, N-Triples or JSON-LD document by content negotiation. Only
    127.0.0.1 is served; nothing can be written.
    """
    from svg_rdf.endpoint.oxigraph import (
        LOOPBACK,
        oxigraph_executable,
        port_is_free,
    )
    from svg_rdf.errors import EndpointError
    from svg_rdf.project import Project

    project = Project.at(project_dir)
    executable = oxigraph_executable()
    if not port_is_free(port):
        raise EndpointError(
            f"port {port} on {LOOPBACK} is already in use",
            fix="stop what uses it, or choose another with --port",
        )
    # From here on the command owns a folder and then a server: a signal must stop both.
    with stop_signals():
        try:
            with temporary_folder() as folder:
                _serve_from(folder, project, port, data_file, base_iri, executable)
        except KeyboardInterrupt:
            pass
    click.echo("stopped")


def _serve_from(
    folder: Path,
    project: Project,
    port: int,
    data_file: Path | None,
    base_iri: str | None,
    executable: Path,
) -> None:
    """Fill a store in `folder` and serve it until a stop signal (KeyboardInterrupt)."""
    from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port, load_store
    from svg_rdf.errors import EndpointError
    from svg_rdf.site.server import SiteServer

    site: SiteServer | None = None
    oxigraph_port = port
    if data_file is None:
        # the site's front answers on PORT and passes SPARQL to Oxigraph behind it
        everything = conforming_build(project, base_iri, refusal="nothing to serve")
        built = next(f for f in everything.files if f.name.endswith(".nt") and "/" not in f.name)
        data_file = folder / built.name
        data_file.write_bytes(built.data)
        what = f"{len(built.expected or ())} triples"
        oxigraph_port = free_port()
        site = SiteServer(everything.files, port=port, sparql_port=oxigraph_port)
    else:
        what = str(data_file)
    load_store(folder / "store", data_file, executable=executable)
    server = OxigraphServer(
        folder / "store", port=oxigraph_port, read_only=True, executable=executable
    )
    try:
        server.start()
        if site is not None:
            site.start()
        url = server.url if site is None else site.url
        click.echo(f"serving {what} read-only at {url}/")
        click.echo(f"SPARQL endpoint: {url}/query; press Ctrl-C to stop")
        if site is not None:
            click.echo(
                f"Linked Data: {url}/site/index.html; IRIs under {url}/entity/ "
                "answer by content negotiation"
            )
        code = server.wait()
        raise EndpointError(
            f"the Oxigraph server stopped by itself (exit {code}): "
            f"{server.last_message() or 'no message'}",
            path=server.url,
            fix="rerun svg-rdf serve",
        )
    finally:
        if site is not None:
            site.stop()
        server.stop()
