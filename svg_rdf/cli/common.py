"""CLI helpers shared by the commands: exit codes, one-line errors, the --project option."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

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
