"""`svg-rdf serve`: a local read-only SPARQL endpoint over the built graph (Oxigraph server)."""

from __future__ import annotations

import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

from svg_rdf.cli.common import handle_errors, project_option
from svg_rdf.cli.published import conforming_ntriples

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _stop_signals() -> Iterator[None]:
    """Make Ctrl-C (SIGINT) and SIGTERM raise KeyboardInterrupt, even where SIGINT was
    ignored (a shell starts background jobs that way), so the server is stopped cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signal: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, interrupt) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
@click.option(
    "--base-iri",
    default=None,
    help="Base IRI of our resources (default: base_iri in seeds/dataset.toml).",
)
@handle_errors
def serve(project_dir: Path, port: int, data_file: Path | None, base_iri: str | None) -> None:
    """Serve the built graph read-only at http://127.0.0.1:PORT/ until Ctrl-C.

    Starts the Oxigraph server (from the `oxigraph` package) over a temporary store holding
    the graph in its default graph. Open the URL for Oxigraph's query page, or send SPARQL
    to URL/query. Only 127.0.0.1 is served; nothing can be written.
    """
    from svg_rdf.endpoint.oxigraph import (
        LOOPBACK,
        OxigraphServer,
        load_store,
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
    with tempfile.TemporaryDirectory(prefix="svg-rdf-serve-") as temporary:
        folder = Path(temporary)
        if data_file is None:
            built = conforming_ntriples(project, base_iri, refusal="nothing to serve")
            data_file = folder / built.name
            data_file.write_bytes(built.data)
            what = f"{len(built.expected or ())} triples"
        else:
            what = str(data_file)
        load_store(folder / "store", data_file, executable=executable)
        server = OxigraphServer(folder / "store", port=port, read_only=True, executable=executable)
        with _stop_signals():
            try:
                server.start()
                click.echo(f"serving {what} read-only at {server.url}/")
                click.echo(f"SPARQL endpoint: {server.url}/query; press Ctrl-C to stop")
                code = server.wait()
                raise EndpointError(
                    f"the Oxigraph server stopped by itself (exit {code}): "
                    f"{server.last_message() or 'no message'}",
                    path=server.url,
                    fix="rerun svg-rdf serve",
                )
            except KeyboardInterrupt:
                pass
            finally:
                server.stop()
    click.echo("stopped")
