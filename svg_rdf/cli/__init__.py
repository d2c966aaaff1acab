"""CLI: the click commands; the only package that imports click.

Each command parses its options, makes one library call, prints, and picks the exit
code: 0 success, 1 the data violates the shapes, 2 the command could not run (bad input,
missing file, usage), 3 an endpoint failed. Library modules are imported inside the
commands so `svg-rdf --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from svg_rdf.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR, EXIT_ENDPOINT = 0, 1, 2, 3


def fail(message: str, code: int = EXIT_ERROR) -> None:
    """Print one line on stderr and exit with `code`."""
    click.echo(" ".join(message.split("\n")), err=True)
    sys.exit(code)


def handle_errors(command: F) -> F:
    """Turn every expected SvgRdfError into one line on stderr and its exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from svg_rdf.errors import EndpointError, SvgRdfError

        try:
            return command(*args, **kwargs)
        except EndpointError as exc:
            fail(str(exc), EXIT_ENDPOINT)
        except SvgRdfError as exc:
            fail(str(exc), EXIT_ERROR)
        except KeyboardInterrupt:
            fail("interrupted; output/ was left as it was", 130)

    return wrapper  # type: ignore[return-value]


project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project folder (it holds seeds/, ontology/, shapes/ and output/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svg-rdf")
def cli() -> None:
    """Turn encyclopedia texts into a Wikibase-model knowledge graph with verified quotes."""


from svg_rdf.cli import build as _build  # noqa: E402  (registers the commands)
from svg_rdf.cli import check as _check  # noqa: E402
from svg_rdf.cli import export as _export  # noqa: E402
from svg_rdf.cli import load as _load  # noqa: E402
from svg_rdf.cli import query as _query  # noqa: E402
from svg_rdf.cli import reconcile as _reconcile  # noqa: E402
from svg_rdf.cli import reports as _reports  # noqa: E402
from svg_rdf.cli import serve as _serve  # noqa: E402
from svg_rdf.cli import start as _start  # noqa: E402
from svg_rdf.cli import wikidata_diff as _wikidata_diff  # noqa: E402

__all__ = [
    "_build",
    "_check",
    "_export",
    "_load",
    "_query",
    "_reconcile",
    "_reports",
    "_serve",
    "_start",
    "_wikidata_diff",
    "cli",
    "main",
]


def main() -> None:
    cli(prog_name="svg-rdf")
